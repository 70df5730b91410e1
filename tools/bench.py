# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make bench`: what a module run costs, measured against the local simulator.

1. Requests per module run: for each write module, a change run and a no-change run,
   counted from the simulator's request log (the goal: a no-change run makes only the
   reads it needs).
2. Wall time of one arin_poc_info task beside an ansible.builtin.uri task making the
   same GET in the same play (median of several runs).

A measurement, not a test: it prints figures and asserts nothing about speed.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KEY = 'API-1111-2222-3333-4444'
ROUNDS = int(os.environ.get('BENCH_ROUNDS', '7'))


def start_simulator():
    proc = subprocess.Popen([sys.executable, '-m', 'regrws_sim', 'serve', '--host', '127.0.0.1', '--port', '0'],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    for line in proc.stdout:
        match = re.match(r'^listening on (\S+)', line)
        if match:
            return proc, match.group(1)
    raise SystemExit('the simulator did not start')


def control(url, path, method='GET', body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url + path, data=data, method=method,
                                     headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read() or b'null')


def env_for(url):
    env = dict(os.environ)
    env.update(ARIN_BASE_URL=url + '/rest', ARIN_API_KEY=KEY, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, 'build'),
               ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false')
    return env


def adhoc(url, module, args):
    done = subprocess.run(['ansible', 'localhost', '-c', 'local', '-m', 'arin.regrws.' + module, '-a', json.dumps(args),
                           '-e', 'ansible_python_interpreter=' + sys.executable],
                          env=env_for(url), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, check=False)
    if done.returncode != 0:
        raise SystemExit('%s failed:\n%s' % (module, done.stdout))
    return 'CHANGED' in done.stdout.split('\n', 1)[0] or '"changed": true' in done.stdout


def count(url, module, args):
    control(url, '/__sim__/requests', 'DELETE')
    changed = adhoc(url, module, args)
    log = control(url, '/__sim__/requests')['requests']
    writes = [entry['method'] for entry in log if entry['method'] != 'GET']
    return changed, len(log) - len(writes), writes


PEERING = dict(org_handle='EXNET-1', contact_type='ROLE', last_name='Example Networks Peering',
               company_name='Example Networks LLC', street_address=['100 Example Way'], city='Anytown',
               region='VA', postal_code='22000', country='US', emails=['peering@example.net'],
               phones=[dict(type='O', number='+1-555-555-0150')])

SCENARIOS = [
    ('arin_poc', 'create (lookup among 3 org POCs)', PEERING),
    ('arin_poc', 'no change, by handle', dict(handle='NOC1-ARIN', city='Anytown')),
    ('arin_poc', 'change, by handle', dict(handle='NOC1-ARIN', comments=['bench'])),
    ('arin_poc_info', 'read one', dict(handles=['NOC1-ARIN'])),
    ('arin_poc_phone', 'add', dict(handle='NOC1-ARIN', type='M', number='+1-555-555-0142')),
    ('arin_poc_phone', 'no change', dict(handle='NOC1-ARIN', type='M', number='+1-555-555-0142')),
    ('arin_poc_phone', 'change extension', dict(handle='NOC1-ARIN', type='M', number='+1-555-555-0142', extension='9')),
    ('arin_poc_email', 'add', dict(handle='NOC1-ARIN', email='bench@example.net')),
    ('arin_poc_email', 'no change', dict(handle='NOC1-ARIN', email='BENCH@example.net')),
    ('arin_org_poc', 'add link', dict(org_handle='EXNET-1', poc_handle='ADMIN1-ARIN', function='T')),
    ('arin_org_poc', 'no change', dict(org_handle='EXNET-1', poc_handle='ADMIN1-ARIN', function='T')),
]

TIMING_PLAY = '''
- name: Time arin_poc_info beside ansible.builtin.uri
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
%s
'''
TIMING_TASKS = '''
    - name: arin_poc_info
      arin.regrws.arin_poc_info:
        handles: [NOC1-ARIN]
    - name: uri
      ansible.builtin.uri:
        url: "{{ lookup('ansible.builtin.env', 'ARIN_BASE_URL') }}/poc/NOC1-ARIN"
        headers:
          Authorization: "ApiKey {{ lookup('ansible.builtin.env', 'ARIN_API_KEY') }}"
          Accept: application/xml
        return_content: true
'''


def timing(url):
    with tempfile.TemporaryDirectory() as work:
        play = os.path.join(work, 'play.yml')
        times = os.path.join(work, 'times.jsonl')
        with open(play, 'w') as handle:
            handle.write(TIMING_PLAY % (TIMING_TASKS * ROUNDS))
        env = env_for(url)
        env.update(ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, 'callback'), ANSIBLE_CALLBACKS_ENABLED='task_times',
                   TASK_TIMES_FILE=times)
        subprocess.run(['ansible-playbook', '-i', 'localhost,', play], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        samples = {}
        with open(times) as handle:
            for line in handle:
                entry = json.loads(line)
                samples.setdefault(entry['task'], []).append(entry['seconds'])
        return samples


def main():
    proc, url = start_simulator()
    try:
        print('Requests per module run (simulator request log)')
        print('%-16s %-36s %-8s %-6s %s' % ('module', 'run', 'changed', 'reads', 'writes'))
        for module, label, args in SCENARIOS:
            changed, reads, writes = count(url, module, args)
            print('%-16s %-36s %-8s %-6d %s' % (module, label, changed, reads, ' '.join(writes) or '-'))
        control(url, '/__sim__/reset', 'POST')
        started = time.monotonic()
        samples = timing(url)
        print('\nWall time per task, median of %d runs in one play (%.1f s in all):' % (ROUNDS, time.monotonic() - started))
        for task in ('arin_poc_info', 'uri'):
            values = samples[task]
            print('  %-14s median %.3f s  (min %.3f, max %.3f)' % (task, statistics.median(values), min(values),
                                                                 max(values)))
    finally:
        proc.terminate()
        proc.wait()


if __name__ == '__main__':
    main()
