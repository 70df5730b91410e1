# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a release publishes: the docs site, the release notes and the execution environment.

Each test works on the collection tree that `make tree` lays out in
build/ansible_collections/arin/regrws, or on a copy of it, and needs no network.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import filecmp
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from test_checks import modules, run

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
TREE = os.path.join(ROOT, 'build', 'ansible_collections', 'arin', 'regrws')
COLLECTIONS = os.path.dirname(os.path.dirname(os.path.dirname(TREE)))
VENV_BIN = os.path.dirname(sys.executable)


def roles():
    return sorted(name for name in os.listdir(os.path.join(TREE, 'roles'))
                  if os.path.exists(os.path.join(TREE, 'roles', name, 'meta', 'argument_specs.yml')))


def extra_docs():
    folder = os.path.join(TREE, 'docs', 'docsite', 'rst')
    return sorted(name[:-4] for name in os.listdir(folder) if name.endswith('.rst'))


def _galaxy():
    with open(os.path.join(TREE, 'galaxy.yml')) as handle:
        return yaml.safe_load(handle)


# -- the docs site ----------------------------------------------------------------

def test_every_docsite_page_is_in_extra_docs():
    """antsibull-docs renders every .rst of docs/docsite/rst, but only those in extra-docs.yml get a menu entry."""
    with open(os.path.join(TREE, 'docs', 'docsite', 'extra-docs.yml')) as handle:
        sections = yaml.safe_load(handle)['sections']
    listed = sorted(entry if isinstance(entry, str) else entry['ref']
                    for section in sections for entry in section['toctree'])
    missing = sorted(set(extra_docs()) - set(listed))
    assert not missing, 'add these pages of docs/docsite/rst to a toctree of docs/docsite/extra-docs.yml: %s' % missing


def test_docs_site(tmp_path):
    """`make docs` (tools/docs.sh) builds a page per module, role and guide, offline."""
    dest = str(tmp_path / 'docs')
    output = run(['bash', os.path.join(ROOT, 'tools', 'docs.sh'), dest], cwd=ROOT,
                 env={'ANSIBLE_COLLECTIONS_PATH': COLLECTIONS}, timeout=900)
    html = os.path.join(dest, 'build', 'html')
    pages = ['index'] + ['%s_module' % name for name in modules()] + ['%s_role' % name for name in roles()]
    pages += ['docsite/%s' % name for name in extra_docs()]
    for page in pages:
        path = os.path.join(html, page + '.html')
        assert os.path.exists(path), 'no %s in the site' % os.path.relpath(path, dest)
    with open(os.path.join(html, 'index.html')) as handle:
        index = handle.read()
    for page in pages[1:]:
        assert 'href="%s.html' % page in index, 'the index does not link to %s' % page
    with open(os.path.join(html, 'arin_net_reassign_module.html')) as handle:
        assert 'idempotent' in handle.read()
    # Sphinx warnings are errors, except those about other sites' docs (intersphinx
    # inventories cannot be fetched offline, so references into Ansible's docs stay text).
    warnings = [line for line in output.splitlines() if 'WARNING' in line or 'ERROR' in line]
    ours = [line for line in warnings
            if 'failed to reach any of the inventories' not in line
            and not re.search(r"undefined label: '(common_return_values|ansible_configuration_settings)'", line)]
    assert not ours, '\n'.join(ours)


def test_docs_path_is_the_one_make_help_and_the_readme_name():
    """`make docs` runs tools/docs.sh on a folder; the site's path under it is the script's, and
    `make help` and the README name that path."""
    with open(os.path.join(ROOT, 'Makefile')) as handle:
        dest = re.search(r'tools/docs\.sh (\S+)$', handle.read(), re.M).group(1)
    with open(os.path.join(ROOT, 'tools', 'docs.sh')) as handle:
        # test_docs_site checks that the script writes the site there.
        site = '%s/%s' % (dest, re.search(r'The site is in \$dest/(\S+) ', handle.read()).group(1))
    assert site == 'build/docs/build/html'
    help_text = subprocess.check_output(['make', '-s', '-C', ROOT, 'help'], universal_newlines=True)
    docs_line = [line for line in help_text.splitlines() if line.startswith('make docs ')]
    assert docs_line and docs_line[0].endswith(' ' + site), docs_line
    with open(os.path.join(ROOT, 'README.md')) as handle:
        readme = ' '.join(handle.read().split())
    named = re.findall(r'`make docs` builds the documentation site into `([^`]+)`', readme)
    assert named == [site], named


def _repository_links():
    """(file, kind, branch, path) of every link into this repository's files in a tracked file."""
    repository = re.escape(_galaxy()['repository'])
    link = re.compile(repository + r'/(blob|tree|raw)/([^/\s]+)/([^\s)\]\'"`<>#?]+)')
    tracked = subprocess.check_output(['git', 'ls-files'], cwd=ROOT, universal_newlines=True).splitlines()
    found = []
    for name in tracked:
        try:
            with open(os.path.join(ROOT, name)) as handle:
                text = handle.read()
        except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
            continue
        found.extend((name,) + match.groups() for match in link.finditer(text))
    return tracked, found


def test_docs_repository_links_resolve_to_tracked_files():
    """A link into the repository (the docs site's sidebar, the README, SECURITY.md) names a file or folder git tracks."""
    tracked, found = _repository_links()
    with open(os.path.join(TREE, 'docs', 'docsite', 'links.yml')) as handle:
        links = yaml.safe_load(handle)
    assert 'https://github.com/%s' % links['edit_on_github']['repository'] == _galaxy()['repository']
    assert [url for url in (entry['url'] for entry in links['extra_links']) if '/blob/' in url or '/tree/' in url]
    files = set(tracked)
    folders = set(os.path.dirname(name) for name in tracked)
    folders |= set(folder.rsplit('/', depth)[0] for folder in list(folders) for depth in range(1, folder.count('/') + 1))
    broken = ['%s: %s/%s (%s)' % (name, branch, path, kind) for name, kind, branch, path in found
              if branch != links['edit_on_github']['branch']
              or path.rstrip('/') not in (files if kind != 'tree' else folders)]
    assert not broken, 'links to files or folders the repository does not track: %s' % broken


def test_galaxy_documentation_points_at_the_published_site():
    galaxy = _galaxy()
    owner, name = re.match(r'^https://github\.com/([^/]+)/([^/]+)$', galaxy['repository']).groups()
    assert galaxy['documentation'] == 'https://%s.github.io/%s/' % (owner, name)


# -- the release notes ----------------------------------------------------------

def test_changelog_release_dry_run(tmp_path):
    """A release made in a copy: the notes have a summary, every module and role as new, and no duplicates."""
    copy = tmp_path / 'ansible_collections' / 'arin' / 'regrws'
    shutil.copytree(TREE, str(copy), ignore=shutil.ignore_patterns('.git', 'tests', '.plugin-cache.yaml'))
    with open(str(copy / 'changelogs' / 'changelog.yaml')) as handle:
        released = set((yaml.safe_load(handle) or {}).get('releases') or {})
    version = _galaxy()['version']
    if version in released:
        major, minor, patch = (int(part) for part in version.split('.'))
        version = '%d.%d.%d' % (major, minor, patch + 1)
    run([os.path.join(VENV_BIN, 'antsibull-changelog'), 'release', '--is-collection', '--version', version,
         '--date', '2026-01-01'], cwd=str(copy), env={'ANSIBLE_COLLECTIONS_PATH': str(tmp_path)})
    with open(str(copy / 'changelogs' / 'changelog.yaml')) as handle:
        release = yaml.safe_load(handle)['releases'][version]
    changes = release.get('changes', {})
    assert changes.get('release_summary'), 'no release_summary fragment for %s' % version

    new_modules = sorted(entry['name'] for entry in release.get('modules', []))
    new_roles = sorted(entry['name'] for entry in release.get('objects', {}).get('role', []))
    if not released:
        # The first release: everything is new, announced by version_added.
        assert new_modules == modules()
        assert new_roles == roles()
    # A new module or role is announced once, under New Modules / New Roles; a fragment
    # line that announces it again is a duplicate. (Lines about how a module new in this
    # release behaves are fine: before the first release, changes fold into it.)
    announced = new_modules + new_roles
    announcing = re.compile(r'\b(new|adds?|added)\b (the )?(module|role)\b', re.I)
    for section, entries in changes.items():
        if section == 'release_summary':
            continue
        for entry in entries:
            subject, dummy, text = entry.partition(' - ')
            subject = subject.replace(' role', '').strip()
            assert not (subject in announced and announcing.search(text)), \
                '%s repeats the new %s: %s' % (section, subject, entry)

    with open(str(copy / 'CHANGELOG.rst')) as handle:
        notes = handle.read()
    assert 'Release Summary' in notes and 'New Modules' in notes
    if new_roles:
        assert 'New Roles' in notes


# -- the execution environment -------------------------------------------------

def test_execution_environment_context(tmp_path):
    """ansible-builder writes a build context that holds the tarball make builds and installs it offline."""
    work = tmp_path / 'checkout'
    work.mkdir()
    for name in ('execution-environment.yml', 'requirements.txt'):
        shutil.copy(os.path.join(ROOT, name), str(work / name))
    with open(str(work / 'execution-environment.yml')) as handle:
        definition = yaml.safe_load(handle)
    assert definition['version'] == 3
    tarball_name = 'arin-regrws-%s.tar.gz' % _galaxy()['version']
    sources = [entry['src'] for entry in definition['additional_build_files']]
    assert sources == ['dist/' + tarball_name], 'execution-environment.yml does not install galaxy.yml\'s version'

    # What `make dist` does, into the copy.
    run([os.path.join(VENV_BIN, 'ansible-galaxy'), 'collection', 'build', '--force', '--output-path',
         str(work / 'dist')])
    context = tmp_path / 'context'
    run([os.path.join(VENV_BIN, 'ansible-builder'), 'create', '-f', str(work / 'execution-environment.yml'),
         '--context', str(context), '--output-filename', 'Containerfile'], cwd=str(work))

    build = context / '_build'
    assert filecmp.cmp(str(build / 'collections' / tarball_name), str(work / 'dist' / tarball_name), shallow=False)
    with open(str(build / 'requirements.yml')) as handle:
        galaxy_requirements = yaml.safe_load(handle)
    assert galaxy_requirements['collections'] == [{'name': 'collections/' + tarball_name, 'type': 'file'}]
    with open(str(build / 'requirements.txt')) as handle:
        python_requirements = handle.read()
    assert re.search(r'^requests', python_requirements, re.M) and re.search(r'^lxml', python_requirements, re.M)
    with open(str(context / 'Containerfile')) as handle:
        containerfile = handle.read()
    assert 'ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml' in containerfile

    # The galaxy stage of the image build, without the image: install from the context.
    installed = tmp_path / 'installed'
    run([os.path.join(VENV_BIN, 'ansible-galaxy'), 'collection', 'install', '-r', 'requirements.yml',
         '--collections-path', str(installed)], cwd=str(build),
        # PYTHONPATH (build/ in `make test`) would show the tree as installed already.
        env={'ANSIBLE_COLLECTIONS_PATH': str(installed), 'PYTHONPATH': ''})
    with open(str(installed / 'ansible_collections' / 'arin' / 'regrws' / 'MANIFEST.json')) as handle:
        assert '"version": "%s"' % _galaxy()['version'] in handle.read()


# What the release tarball may hold at its top level: the collection, nothing a run left behind.
TOP_LEVEL = ('COPYING', 'FILES.json', 'LICENSES', 'MANIFEST.json', 'README.md', 'SECURITY.md', 'changelogs', 'docs',
             'extensions', 'meta', 'playbooks', 'plugins', 'requirements.txt', 'roles', 'tests')
# The name a value gets when it is taken for a path (create_journal: false made a file named False).
VALUE_NAME = re.compile(r'^(true|false|none|null|yes|no|on|off|[-+]?[0-9.]+(e[-+]?[0-9]+)?)$', re.I)


def _tarball(tmp_path, tree=TREE):
    run([os.path.join(VENV_BIN, 'ansible-galaxy'), 'collection', 'build', '--output-path', str(tmp_path)], cwd=tree)
    tarball = os.path.join(str(tmp_path), 'arin-regrws-%s.tar.gz' % _galaxy()['version'])
    return subprocess.check_output(['tar', '-tzf', tarball], universal_newlines=True).split()


def _strays(listing):
    """Entries of the tarball that are not the collection's: a value taken for a path, a journal of creates."""
    names = [(name, os.path.basename(name.rstrip('/'))) for name in listing]
    return sorted((set(name.split('/')[0] for name in listing) - set(TOP_LEVEL)) | set(
        name for name, base in names if VALUE_NAME.match(base) or 'pending_creates' in base or base.endswith('.lock')))


def test_the_tarball_leaves_out_development_files(tmp_path):
    listing = _tarball(tmp_path)
    unwanted = [name for name in listing
                if name.startswith(('tests/ci/', 'tests/output', 'dist/', '.sim/', 'build/', 'simulator/', 'tools/'))
                or name == 'execution-environment.yml']
    assert not unwanted, unwanted
    assert 'meta/execution-environment.yml' in listing
    assert 'SECURITY.md' in listing or not os.path.exists(os.path.join(TREE, 'SECURITY.md'))
    # Only the collection: the allowed top-level entries, and no file named like a value or a journal.
    assert not _strays(listing)


def test_a_journal_left_in_the_tree_stays_out_of_the_tarball(tmp_path):
    tree = tmp_path / 'arin' / 'regrws'
    shutil.copytree(TREE, str(tree), symlinks=True)
    left = ['pending_creates.json', 'pending_creates.json.lock', 'pending_creates.json.send.lock',
            '.pending_creates.k2j4x9', 'tests/unit/pending_creates.json', 'playbooks/.pending_creates.a1b2c3']
    for name in left:
        (tree / name).write_text('{}')
    listing = _tarball(tmp_path, str(tree))
    assert not _strays(listing)


@pytest.mark.parametrize('section', ['Communication', 'Support', 'Contributing', 'Code of Conduct',
                                     'Release notes and release policy'])
def test_readme_has_the_collection_checklist_sections(section):
    with open(os.path.join(ROOT, 'README.md')) as handle:
        assert re.search(r'^## %s$' % re.escape(section), handle.read(), re.M), section
