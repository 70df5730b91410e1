# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection-wide checks of `make test`, one test each.

Each test runs one tool against the collection tree that `make tree` lays out in
build/ansible_collections/arin/regrws, and fails with the tool's own output.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
TREE = os.path.join(ROOT, 'build', 'ansible_collections', 'arin', 'regrws')
VENV_BIN = os.path.dirname(sys.executable)
CORES = {
    # core version: (virtual environment, controller Python)
    '2.16': ('.venv-2.16', '3.11'),
    '2.19': ('.venv', '3.11'),
    '2.21': ('.venv-2.21', '3.13'),
}


def run(command, cwd=TREE, env=None, timeout=1800):
    merged = dict(os.environ)
    merged['PATH'] = VENV_BIN + os.pathsep + merged.get('PATH', '')
    merged.update(env or {})
    done = subprocess.run(command, cwd=cwd, env=merged, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=timeout, universal_newlines=True, check=False)
    if done.returncode != 0:
        tail = '\n'.join(done.stdout.splitlines()[-150:])
        pytest.fail('%s exited %d:\n%s' % (' '.join(command), done.returncode, tail), pytrace=False)
    return done.stdout


def core_bin(version):
    venv, dummy = CORES[version]
    path = os.path.join(ROOT, venv, 'bin')
    if not os.path.exists(os.path.join(path, 'ansible-test')):
        pytest.skip('no ansible-core %s environment on this machine (%s has no ansible-test): its Python is missing'
                    % (version, venv))
    return path


def modules():
    folder = os.path.join(TREE, 'plugins', 'modules')
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith('.py') and name != '__init__.py')


@pytest.mark.parametrize('version', sorted(CORES))
def test_sanity(version):
    path = core_bin(version)
    env = {'PATH': path + os.pathsep + os.environ['PATH']}
    run([os.path.join(path, 'ansible-test'), 'sanity', '--color', 'no', '--python', CORES[version][1]], env=env)


@pytest.mark.parametrize('version', ['2.16', '2.21'])
def test_units_on_other_cores(version):
    """The unit suite also runs in-process under ansible-core 2.19 (this session); here the floor and the newest."""
    path = core_bin(version)
    run([os.path.join(path, 'python'), '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--import-mode=importlib',
         'tests/unit'], env={'PYTHONPATH': os.path.dirname(os.path.dirname(os.path.dirname(TREE)))})


def test_integration():
    env = {'PATH': VENV_BIN + os.pathsep + os.environ['PATH']}
    run([os.path.join(VENV_BIN, 'ansible-test'), 'integration', '--color', 'no', '--local', '--python', '3.11'],
        env=env)


def test_ansible_lint():
    # The integration targets share the setup_regrws_sim role; the syntax check must find it.
    run([os.path.join(VENV_BIN, 'ansible-lint'), '--offline', '--profile', 'production'],
        env={'ANSIBLE_LINT_NODEPS': '1',
             'ANSIBLE_ROLES_PATH': os.path.join(TREE, 'tests', 'integration', 'targets')})


def test_docs_lint():
    run([os.path.join(VENV_BIN, 'antsibull-docs'), 'lint-collection-docs', '--plugin-docs', '.'])


def test_docs_lint_reassignment_suboptions_match_the_single_module():
    # The reassignments[] suboptions are generated from arin_net_reassign's docs (tools/ is not in the tree).
    run([sys.executable, os.path.join(ROOT, 'tools', 'reassignment_docs.py'), '--check'], cwd=ROOT)


def test_docs_every_module_returns_its_endpoint():
    """The engine adds ``endpoint`` to every result (never the key); each module documents it."""
    import ast
    import yaml
    undocumented = []
    for name in modules():
        with open(os.path.join(TREE, 'plugins', 'modules', name + '.py')) as handle:
            tree = ast.parse(handle.read())
        text = [node.value.value for node in tree.body if isinstance(node, ast.Assign)
                and [getattr(target, 'id', None) for target in node.targets] == ['RETURN']]
        returned = yaml.safe_load(text[0] if text else '') or {}
        if 'never carries the key' not in ' '.join(returned.get('endpoint', {}).get('description', [])):
            undocumented.append(name)
    assert not undocumented, 'RETURN does not document endpoint: %s' % undocumented


def test_changelog_lint():
    run([os.path.join(VENV_BIN, 'antsibull-changelog'), 'lint'])


def test_build_install_and_document_every_module():
    with tempfile.TemporaryDirectory() as work:
        env = {'ANSIBLE_COLLECTIONS_PATH': work}
        run([os.path.join(VENV_BIN, 'ansible-galaxy'), 'collection', 'build', '--output-path', work], env=env)
        tarball = os.path.join(work, 'arin-regrws-%s.tar.gz' % _version())
        assert os.path.exists(tarball)
        listing = subprocess.check_output(['tar', '-tzf', tarball], universal_newlines=True).split()
        assert not [name for name in listing if name.startswith(('simulator/', 'tests/output', '.ci/'))]
        run([os.path.join(VENV_BIN, 'ansible-galaxy'), 'collection', 'install', '-p', work, tarball], env=env)
        for name in modules():
            text = run([os.path.join(VENV_BIN, 'ansible-doc'), 'arin.regrws.%s' % name], cwd=work, env=env)
            assert 'arin.regrws.%s' % name in text.replace('\n', ' ') or name in text


def test_every_module_is_in_the_action_group_and_documents_it():
    import yaml
    with open(os.path.join(TREE, 'meta', 'runtime.yml')) as handle:
        group = yaml.safe_load(handle)['action_groups']['regrws']
    assert sorted(group) == modules()
    for name in modules():
        with open(os.path.join(TREE, 'plugins', 'modules', name + '.py')) as handle:
            assert 'arin.regrws.regrws.ATTRIBUTES' in handle.read(), name


def _version():
    import yaml
    with open(os.path.join(TREE, 'galaxy.yml')) as handle:
        return yaml.safe_load(handle)['version']
