# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make bench`: what a module run costs, measured against the local simulator.

1. Requests per module run: for each write module, a change run and a no-change run,
   counted from the simulator's request log (the goal: a no-change run makes only the
   reads it needs).
2. Wall time of one arin_poc_info task beside an ansible.builtin.uri task making the
   same GET in the same play (median of several runs).
3. SWIP at scale: BENCH_NETS (1,000) simple reassignments under one parent, in check
   mode, applied, and rerun without change, three ways: arin_net_reassignments in one
   task, the per-net loop of arin_net_reassign that the onboarding role used to run
   (BENCH_LOOP_NETS nets, 100, scaled up linearly to BENCH_NETS: the table says so; 0 leaves it out),
   and the floor, a plain requests script making the same requests. Each: wall time,
   CPU of the whole process tree, requests (simulator log) and the peak memory of its
   largest process. The module's CPU is also shown above an empty play, and as a multiple
   of the floor's. One more row shows what Ansible alone spends: the same items handed to
   ansible.builtin.ping, a module that does nothing with them. And the operator's path:
   the same nets as a CSV export (four nets per customer) read by the ipam_export inventory
   plugin and reconciled by playbooks/reconcile_customers.yml (check, apply, rerun), then
   playbooks/drift_report.yml on the result; the module's rows are given the very items
   that path builds, and the last lines compare the two (the goal: within 1.3x).

   BENCH_WAYS (arin,floor,reconcile) measures only the ways whose names start so.

   The plays read the items with lookup('file') | from_json, as a large IPAM export should
   be read: ansible-core 2.19 tags every value that vars_files loads with its origin, which
   at 10,000 items costs about 4 CPU-s and 130 MiB before any task runs.

A measurement, not a test: it prints figures and asserts nothing about speed.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KEY = 'API-1111-2222-3333-4444'
PLAYBOOKS = os.path.join(ROOT, 'build', 'ansible_collections', 'arin', 'regrws', 'playbooks')
ROUNDS = int(os.environ.get('BENCH_ROUNDS', '7'))


def start_simulator():
    proc = subprocess.Popen([sys.executable, '-m', 'regrws_sim', 'serve', '--host', '127.0.0.1', '--port', '0'],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    for line in proc.stdout:
        match = re.match(r'^listening on (\S+)', line)
        if match:
            # Keep reading its access log: a full pipe would block every request.
            threading.Thread(target=proc.stdout.read, daemon=True).start()
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


# -- 3. SWIP at scale -------------------------------------------------------------------

SCALE_NETS = int(os.environ.get('BENCH_NETS', '1000'))
LOOP_NETS = int(os.environ.get('BENCH_LOOP_NETS', '100'))
PARENT = '2001:db8::/32'  # NET6-2001-DB8-1 of the default seed: room for 65,535 /48s
CORE = 'http://www.arin.net/regrws/core/v1'
CUSTOMER = dict(street_address=['1 Bench Road'], city='Anytown', region='VA', postal_code='22000', country='US')

# Runs a command and prints, as JSON, the wall time, the CPU time of every process under it
# and the peak resident memory of the largest of them (getrusage of the waited-for children).
MEASURE = """
import json, resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, universal_newlines=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({'rc': done.returncode, 'stderr': done.stderr[-2000:], 'wall': time.monotonic() - started,
                  'cpu': usage.ru_utime + usage.ru_stime, 'rss_mib': usage.ru_maxrss / 1024.0}))
"""

# The items, read as one string and parsed once (see the module docstring).
ITEMS_VARS = """
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
    bench_items: "{{ (lookup('ansible.builtin.file', 'items.json') | from_json).bench_items }}"
"""

MODULE_PLAY = """
- name: SWIP at scale, one task
  hosts: localhost
  connection: local
  gather_facts: false%s
  tasks:
    - name: Every net in one task
      arin.regrws.arin_net_reassignments:
        reassignments: "{{ bench_items }}"
        parents: [%s]
""" % (ITEMS_VARS.rstrip('\n'), PARENT)

LOOP_PLAY = """
- name: SWIP at scale, one task per net
  hosts: localhost
  connection: local
  gather_facts: false%s
  tasks:
    - name: One net per loop item
      arin.regrws.arin_net_reassign:
        prefix: "{{ item.prefix }}"
        net_name: "{{ item.net_name }}"
        customer: "{{ item.customer }}"
      loop: "{{ bench_items }}"
""" % ITEMS_VARS.rstrip('\n')

PING_PLAY = """
- name: The items handed to a module that does nothing with them
  hosts: localhost
  connection: local
  gather_facts: false%s
  tasks:
    - name: Ping with every item
      ansible.builtin.ping:
        data: "{{ bench_items }}"
""" % ITEMS_VARS.rstrip('\n')

EMPTY_PLAY = """
- name: An empty play
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Nothing
      ansible.builtin.meta: noop
"""


PER_CUSTOMER = 4


def scale_items(count):
    """The items reconcile_customers.yml makes of the export below: the module is given the same."""
    return [dict(prefix='2001:db8:%x::/48' % (index + 1), net_name='BENCH-%d' % index, type='reassign',
                 parent_net_handle=None, comments=None, poc_links=None,
                 customer=dict(CUSTOMER, name='Bench Customer %d' % (index // PER_CUSTOMER), private=False))
            for index in range(count)]


def write_export(work, count):
    """The same nets as an IPAM's CSV export, with the ipam_export inventory config that reads it."""
    import csv
    with open(os.path.join(work, 'export.csv'), 'w', newline='') as handle:
        out = csv.writer(handle)
        out.writerow(['customer', 'prefix', 'net_name', 'street_address', 'city', 'region', 'postal_code', 'country'])
        for item in scale_items(count):
            customer = item['customer']
            out.writerow([customer['name'], item['prefix'], item['net_name'], customer['street_address'][0],
                          customer['city'], customer['region'], customer['postal_code'], customer['country']])
    with open(os.path.join(work, 'bench.ipam.yml'), 'w') as handle:
        handle.write('plugin: arin.regrws.ipam_export\npath: export.csv\nparents: ["%s"]\n' % PARENT)


def floor(url, phase, items_path):
    """The floor: the requests the module makes, from a plain script (lxml to read, strings to write)."""
    import ipaddress
    import requests
    from lxml import etree

    with open(items_path) as handle:
        items = json.load(handle)['bench_items']
    http = requests.Session()
    http.headers.update({'Accept': 'application/xml', 'Content-Type': 'application/xml',
                         'Authorization': 'ApiKey %s' % KEY})
    ns = {'a': CORE}
    parent = ipaddress.ip_network(PARENT)
    answer = http.get('%s/rest/net/netsByIpRange/%s/%s' % (url, parent.network_address, parent.broadcast_address))
    held = {}
    for net in etree.fromstring(answer.content).findall('a:net', ns):
        block = net.find('a:netBlocks/a:netBlock', ns)
        prefix = ipaddress.ip_network('%s/%s' % (block.findtext('a:startAddress', namespaces=ns),
                                                 block.findtext('a:cidrLength', namespaces=ns)), strict=False)
        held[prefix] = net
    for item in items:
        net = held.get(ipaddress.ip_network(item['prefix']))
        if net is None:
            if phase == 'apply':
                network = ipaddress.ip_network(item['prefix'])
                customer = item['customer']
                body = ('<net xmlns="%s"><version>6</version><netBlocks><netBlock><type>S</type>'
                        '<startAddress>%s</startAddress><cidrLength>%d</cidrLength></netBlock></netBlocks>'
                        '<parentNetHandle>NET6-2001-DB8-1</parentNetHandle><netName>%s</netName><customer>'
                        '<customerName>%s</customerName><iso3166-1><code2>%s</code2></iso3166-1><streetAddress>'
                        '<line number="0">%s</line></streetAddress><city>%s</city><iso3166-2>%s</iso3166-2>'
                        '<postalCode>%s</postalCode></customer></net>') % (
                    CORE, network.network_address, network.prefixlen, item['net_name'], customer['name'],
                    customer['country'], customer['street_address'][0], customer['city'], customer['region'],
                    customer['postal_code'])
                done = http.put('%s/rest/net/NET6-2001-DB8-1/reassign' % url, data=body)
                assert done.status_code == 200, done.text
                etree.fromstring(done.content)
            continue
        if net.findtext('a:netName', namespaces=ns) != item['net_name']:
            raise SystemExit('the floor only measures reads of nets as declared')
        handle = net.findtext('a:customerHandle', namespaces=ns)
        customer = etree.fromstring(http.get('%s/rest/customer/%s' % (url, handle)).content)
        if customer.findtext('a:customerName', namespaces=ns) != item['customer']['name']:
            raise SystemExit('the floor only measures reads of customers as declared')


def measure(url, work, command):
    control(url, '/__sim__/requests', 'DELETE')
    env = env_for(url)
    done = subprocess.run([sys.executable, '-c', MEASURE] + command, env=env, cwd=work, check=True,
                          stdout=subprocess.PIPE, universal_newlines=True)
    figures = json.loads(done.stdout)
    if figures['rc'] != 0:
        raise SystemExit('%s failed:\n%s' % (' '.join(command), figures['stderr']))
    answer = control(url, '/__sim__/requests')
    # The log keeps the last 10,000 requests; 'logged' counts them all (at 10,000 nets the
    # first read has left the log, so the writes are still all in it).
    figures['requests'] = answer['logged']
    figures['writes'] = len([entry for entry in answer['requests'] if entry['method'] != 'GET'])
    return figures


REPEAT = int(os.environ.get('BENCH_REPEAT', '3'))
# BENCH_WAYS=module,reconcile: only the ways whose names start so (the empty play is always measured).
WAYS = [way for way in os.environ.get('BENCH_WAYS', '').split(',') if way]


def scale():
    """Each way's phases in order on a fresh simulator, REPEAT times (the per-net loop once);
    a phase's figures are those of its run with the least CPU, the least disturbed by the machine."""
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name, text in (('module.yml', MODULE_PLAY), ('loop.yml', LOOP_PLAY), ('empty.yml', EMPTY_PLAY),
                           ('ping.yml', PING_PLAY)):
            with open(os.path.join(work, name), 'w') as handle:
                handle.write(text)
        playbook = ['ansible-playbook', '-i', 'localhost,']

        def play(name):
            return lambda phase: playbook + (['--check'] if phase == 'check' else []) + [name]

        ways = [
            ('arin_net_reassignments', SCALE_NETS, ('check', 'apply', 'rerun'), REPEAT, play('module.yml')),
            ('loop of arin_net_reassign', LOOP_NETS, ('check', 'apply', 'rerun'), 1, play('loop.yml')),
            ('floor (requests script)', SCALE_NETS, ('check', 'apply', 'rerun'), REPEAT,
             lambda phase: [sys.executable, os.path.abspath(__file__), 'floor', phase, os.path.join(work, 'items.json')]),
            ('ping, same items', SCALE_NETS, ('any',), REPEAT, play('ping.yml')),
            ('reconcile_customers (CSV)', SCALE_NETS, ('check', 'apply', 'rerun', 'drift'), REPEAT,
             lambda phase: ['ansible-playbook', '-i', 'bench.ipam.yml'] + (['--check'] if phase == 'check' else [])
             + [os.path.join(PLAYBOOKS, 'drift_report.yml' if phase == 'drift' else 'reconcile_customers.yml')]),
        ]
        empty = None
        for way, count, phases, repeat, command in ways:
            if WAYS and not any(way.startswith(prefix) for prefix in WAYS):
                continue
            if count == 0:
                continue  # BENCH_LOOP_NETS=0 leaves the loop out (at 10,000 nets it takes hours)
            with open(os.path.join(work, 'items.json'), 'w') as handle:
                json.dump({'bench_items': scale_items(count)}, handle)
            write_export(work, count)
            proc, url = start_simulator()
            try:
                if empty is None:
                    empty = min((measure(url, work, playbook + ['empty.yml']) for dummy in range(REPEAT)),
                                key=lambda figures: figures['cpu'])
                best = {}
                for dummy in range(repeat):
                    control(url, '/__sim__/reset', 'POST')
                    for phase in phases:
                        figures = measure(url, work, command(phase))
                        if phase not in best or figures['cpu'] < best[phase]['cpu']:
                            best[phase] = figures
                for phase in phases:
                    best[phase].update(way=way, phase=phase, count=count)
                    rows.append(best[phase])
            finally:
                proc.terminate()
                proc.wait()
    floor_cpu = dict((row['phase'], row['cpu']) for row in rows if row['way'].startswith('floor'))
    print('\nSWIP at scale: %d simple reassignments under %s (simulator on loopback; best of %d runs)'
          % (SCALE_NETS, PARENT, REPEAT))
    print('empty play: %.2f s wall, %.2f CPU-s, %.0f MiB' % (empty['wall'], empty['cpu'], empty['rss_mib']))
    print('%-27s %-6s %8s %8s %10s %7s %9s %8s %9s' % (
        'way', 'phase', 'wall s', 'CPU s', 'CPU-empty', 'xfloor', 'requests', 'writes', 'peak MiB'))
    for row in rows:
        factor = float(SCALE_NETS) / row['count']
        floor = row['way'].startswith('floor')
        above = (row['cpu'] if floor else row['cpu'] - empty['cpu']) * factor
        ratio = ('%.1f' % (above / floor_cpu[row['phase']])) if row['phase'] in floor_cpu and not floor else ''
        note = '' if factor == 1 else '  (%d nets measured, x%g)' % (row['count'], factor)
        print('%-27s %-6s %8.1f %8.1f %10.2f %7s %9d %8d %9.0f%s' % (
            row['way'], row['phase'], row['wall'] * factor, row['cpu'] * factor, above, ratio,
            round(row['requests'] * factor), round(row['writes'] * factor), row['rss_mib'], note))
    above = dict(((row['way'], row['phase']), row['cpu'] - empty['cpu']) for row in rows)
    print('playbook path (CSV export, ipam_export, reconcile_customers.yml) over the module given its items,'
          ' CPU above the empty play (goal: 1.3x at most):')
    for phase in ('check', 'apply', 'rerun'):
        module = above.get(('arin_net_reassignments', phase))
        path = above.get(('reconcile_customers (CSV)', phase))
        if module and path is not None:
            print('  %-6s %.2f CPU-s vs %.2f CPU-s: %.2fx' % (phase, path, module, path / module))


def main():
    if sys.argv[1:2] == ['floor']:
        url = os.environ['ARIN_BASE_URL'][:-len('/rest')]
        return floor(url, sys.argv[2], sys.argv[3])
    if sys.argv[1:2] == ['scale']:
        return scale()
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
            print('  %-14s median %.3f s  (min %.3f, max %.3f)' % (
                task, statistics.median(values), min(values), max(values)))
    finally:
        proc.terminate()
        proc.wait()
    scale()


if __name__ == '__main__':
    main()
