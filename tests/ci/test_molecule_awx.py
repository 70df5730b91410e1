# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The roles' molecule scenarios, and the AWX/AAP credential path through ansible-runner.

Both run against the collection tree that `make tree` lays out in
build/ansible_collections/arin/regrws, and against the Reg-RWS simulator: molecule's
prepare.yml starts one per scenario; the ansible-runner test starts its own.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import re
import stat
import subprocess
import sys
import tempfile
import time

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
TREE = os.path.join(ROOT, 'build', 'ansible_collections', 'arin', 'regrws')
COLLECTIONS = os.path.dirname(os.path.dirname(os.path.dirname(TREE)))
VENV_BIN = os.path.dirname(sys.executable)
SCENARIOS = ['customer_onboarding', 'customer_offboarding']
# The operator key of the simulator's default seed.
KEY = 'API-1111-2222-3333-4444'


def _plain_env(**extra):
    """The test's environment with the venv first on PATH, no colours, and no ARIN settings."""
    env = dict(os.environ)
    env['PATH'] = VENV_BIN + os.pathsep + env.get('PATH', '')
    for name in ('ARIN_API_KEY', 'ARIN_BASE_URL', 'ARIN_ENVIRONMENT', 'ARIN_API_KEY_TRANSPORT'):
        env.pop(name, None)
    env.update({'NO_COLOR': '1', 'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_FORCE_COLOR': '0', 'PY_COLORS': '0'})
    env.update(extra)
    return env


@pytest.mark.parametrize('scenario', SCENARIOS)
def test_molecule(scenario):
    # Molecule 26 finds the scenarios of a collection in extensions/molecule/ (the tree
    # has a galaxy.yml) and installs the collection itself into ANSIBLE_HOME/collections,
    # where ansible-playbook then finds it. A private ANSIBLE_HOME keeps that install and
    # molecule's ephemeral directories apart from any other run on the machine, and
    # ANSIBLE_COLLECTIONS_PATH is dropped so that the scenario uses what molecule installed.
    # HOME is private too: the scenarios keep their journal of creates beside their simulator
    # (config.yml), never in ~/.ansible/arin_regrws, which must not appear.
    with tempfile.TemporaryDirectory() as home:
        env = _plain_env(ANSIBLE_HOME=os.path.join(home, 'ansible'), HOME=home)
        env.pop('ANSIBLE_COLLECTIONS_PATH', None)
        env.pop('ARIN_CREATE_JOURNAL', None)
        done = subprocess.run([os.path.join(VENV_BIN, 'molecule'), 'test', '-s', scenario], cwd=TREE, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                              timeout=1200, check=False)
        assert not os.path.exists(os.path.join(home, '.ansible', 'arin_regrws'))
    if done.returncode != 0:
        tail = '\n'.join(done.stdout.splitlines()[-200:])
        pytest.fail('molecule test -s %s exited %d:\n%s' % (scenario, done.returncode, tail), pytrace=False)
    # The sequence ran every step, the check step twice (before converge and after idempotence).
    for step, times in (('prepare', 1), ('check', 2), ('converge', 1), ('idempotence', 1), ('verify', 1)):
        ran = re.findall(r'\[%s > %s\] Executed: Successful' % (scenario, step), done.stdout)
        assert len(ran) == times, '%s ran %d times, not %d' % (step, len(ran), times)


class Simulator(object):
    """A Reg-RWS simulator with the default seed on a free loopback port."""

    def __init__(self, work):
        self.output = os.path.join(work, 'regrws_sim.out')
        with open(self.output, 'w') as handle:
            self.process = subprocess.Popen([sys.executable, '-m', 'regrws_sim', 'serve', '--host', '127.0.0.1',
                                             '--port', '0'], stdin=subprocess.DEVNULL, stdout=handle,
                                            stderr=subprocess.STDOUT)
        self.url = None
        deadline = time.time() + 30
        while self.url is None:
            with open(self.output) as handle:
                found = re.search(r'^listening on (\S+)$', handle.read(), re.M)
            if found:
                self.url = found.group(1)
            elif self.process.poll() is not None or time.time() > deadline:
                self.stop()
                with open(self.output) as handle:
                    pytest.fail('the simulator did not start:\n' + handle.read(), pytrace=False)
            else:
                time.sleep(0.05)

    def requests(self):
        import json
        from urllib.request import urlopen
        with urlopen(self.url + '/__sim__/requests') as answer:
            return json.loads(answer.read().decode('utf-8'))['requests']

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def _inventory_nets():
    import yaml
    with open(os.path.join(TREE, 'playbooks', 'inventory', 'customers.yml')) as handle:
        inventory = yaml.safe_load(handle)
    nets = []
    for group in inventory.values():
        for host in (group.get('hosts') or {}).values():
            for net in host['customer_onboarding_nets']:
                nets.append((net['prefix'], net.get('type', 'reassign')))
    return nets


def _files_holding(folder, text):
    """Every file under folder whose bytes contain text, as paths relative to folder."""
    needle = text.encode('utf-8')
    found = []
    for parent, dummy, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            if os.path.islink(path):
                continue
            with open(path, 'rb') as handle:
                if needle in handle.read():
                    found.append(os.path.relpath(path, folder))
    return sorted(found)


@pytest.mark.parametrize('injector', ['file', 'environment'])
def test_onboarding_through_ansible_runner_with_an_injected_key(tmp_path, monkeypatch, injector):
    """The way AWX/AAP runs a job: ansible-runner, with the credential injected by the credential type.

    The key reaches the job the way the credential type of docs/docsite/rst/awx.rst
    injects it: as a file named by ARIN_API_KEY_FILE (the recommended injector) or as
    ARIN_API_KEY in the environment; never in the inventory or extra vars. Then every
    file runner left in its private data directory is searched for the key: with the
    file injector no artifact may hold it.

    What runner keeps on disk, decided after reading ansible-runner 2.4:
    - envvars passed to run() are written to env/envvars unless suppress_env_files=True.
      AWX runs jobs with that option, and so does this test, which then asserts that the
      file does not exist.
    - artifacts/<ident>/command always records the command line, working directory and
      the complete environment of ansible-playbook (mode 0600), so it holds the key;
      runner has no option to leave it out. That file is the input of the run, not its
      output: in AWX it lives in the job's private data directory on the execution
      node, which is removed when the job ends, while the credential itself stays
      encrypted in AWX's database and is injected again at each run. The test asserts
      that this is the only file holding the key, and that only its owner can read it.
    - What a job leaves behind and AWX shows and stores (the stdout, the job events, the
      status and rc files) must not hold the key, also at -vvvv: asserted below.
    """
    import ansible_runner

    for name in ('ARIN_API_KEY', 'ARIN_BASE_URL', 'ARIN_ENVIRONMENT', 'ARIN_API_KEY_TRANSPORT'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('PATH', VENV_BIN + os.pathsep + os.environ.get('PATH', ''))
    monkeypatch.setenv('ANSIBLE_NOCOLOR', '1')
    inventory = os.path.join(TREE, 'playbooks', 'inventory', 'customers.yml')
    with open(inventory) as handle:
        assert KEY not in handle.read()
    nets = _inventory_nets()
    assert nets

    sim = Simulator(str(tmp_path))
    try:
        # What the credential type of docs/docsite/rst/awx.rst injects, less
        # ARIN_ENVIRONMENT: ARIN_BASE_URL overrides it, and leaving it out means that no
        # mistake here can send a request towards ARIN's real hosts.
        envvars = {
            'ARIN_BASE_URL': sim.url + '/rest',
            'ANSIBLE_COLLECTIONS_PATH': COLLECTIONS,
            # The journal on storage of the job's own, as docs/docsite/rst/awx.rst says: never ~/.ansible.
            'ARIN_CREATE_JOURNAL': str(tmp_path / 'journal' / 'pending_creates.json'),
        }
        if injector == 'file':
            # Outside runner's private data directory, like AWX's credential files.
            credential = tmp_path / 'credential'
            credential.mkdir()
            (credential / 'api_key').write_text(KEY)
            envvars['ARIN_API_KEY_FILE'] = str(credential / 'api_key')
        else:
            envvars['ARIN_API_KEY'] = KEY
        runs = {}
        # First run at -vvvv, the most talkative output, while it registers every net;
        # the second run at the default verbosity must change nothing.
        for ident, verbosity in (('onboard', 4), ('rerun', 0)):
            private = tmp_path / ident
            private.mkdir()
            before = len(sim.requests())
            result = ansible_runner.run(
                private_data_dir=str(private),
                project_dir=os.path.join(TREE, 'playbooks'),
                playbook='onboard_customers.yml',
                inventory=inventory,
                envvars=dict(envvars),
                suppress_env_files=True,
                ident=ident,
                verbosity=verbosity,
                quiet=True,
            )
            stdout = result.stdout.read()
            assert result.status == 'successful', stdout[-5000:]
            assert result.rc == 0
            runs[ident] = (private, result, stdout, sim.requests()[before:])
    finally:
        sim.stop()

    # The first run registered every net of the example inventory, with the key from the
    # environment sent in the Authorization header.
    private, result, stdout, log = runs['onboard']
    assert 'ESTABLISH LOCAL CONNECTION' in stdout  # -vvvv was in effect
    writes = [entry for entry in log if entry['method'] != 'GET']
    registered = [entry for entry in writes if re.search(r'/rest/net/[^/;?]+/(reassign|reallocate)$', entry['path'])]
    assert len(registered) == len(nets), [(entry['method'], entry['path']) for entry in writes]
    assert all(entry['status'] == 200 for entry in registered), registered
    assert sorted(entry['path'].rsplit('/', 1)[1] for entry in registered) == sorted(kind for dummy, kind in nets)
    assert log and all(entry['auth'] == 'header' for entry in log)
    assert not [entry for entry in log if entry['status'] in (400, 401) and 'E_AUTHENTICATION' in entry['response_body']]
    assert sum(result.stats['changed'].values()) > 0

    # The second run read and wrote nothing.
    private2, result2, stdout2, log2 = runs['rerun']
    assert [entry for entry in log2 if entry['method'] != 'GET'] == []
    assert sum(result2.stats.get('changed', {}).values()) == 0, stdout2[-5000:]

    for ident, (folder, result, stdout, log) in sorted(runs.items()):
        assert not os.path.exists(os.path.join(str(folder), 'env', 'envvars'))
        assert KEY not in stdout
        assert os.listdir(os.path.join(str(folder), 'artifacts', ident, 'job_events'))
        command = os.path.join('artifacts', ident, 'command')
        if injector == 'file':
            assert _files_holding(str(folder), KEY) == [], ident
        else:
            assert _files_holding(str(folder), KEY) == [command], ident
            assert stat.S_IMODE(os.stat(os.path.join(str(folder), command)).st_mode) == 0o600
