# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader

from ansible_collections.arin.regrws.plugins.inventory.ipam_export import InventoryModule

DEFAULTS = dict(format='auto', group='customers', parents=[], netbox_customers={}, netbox_field_prefix='arin_',
                netbox_statuses=['active'])

CSV = '''customer,org_handle,prefix,type,net_name,street_address,city,region,postal_code,country,private,abuse_poc,comments
Example Bakery,,192.0.2.64/26,,BAKERY-V4,12 Sample Road|Unit 2,Anytown,VA,22000,US,,ABUSE1-ARIN,Head office|Floor 1
Example Bakery,,2001:db8:1000::/48,,BAKERY-V6,12 Sample Road|Unit 2,Anytown,VA,22000,US,,,
,WIDGETS-1,198.51.100.128/25,reallocate,WIDGETS-POOL,,,,,,,,
Example Florist,,192.0.2.128/26,,FLORIST-V4,7 Garden Lane,Springfield,VA,22150,US,yes,,
'''

NETBOX = {
    'count': 3, 'next': None, 'previous': None,
    'results': [
        {'id': 1, 'url': 'https://netbox.example.net/api/ipam/prefixes/1/', 'display': '192.0.2.64/26',
         'family': {'value': 4, 'label': 'IPv4'}, 'prefix': '192.0.2.64/26', 'vrf': None,
         'tenant': {'id': 7, 'url': 'https://netbox.example.net/api/tenancy/tenants/7/', 'display': 'Example Bakery',
                    'name': 'Example Bakery', 'slug': 'bakery'},
         'vlan': None, 'status': {'value': 'active', 'label': 'Active'}, 'role': None, 'is_pool': False,
         'mark_utilized': False, 'description': 'Bakery head office', 'comments': '', 'tags': [],
         'custom_fields': {'arin_net_name': 'BAKERY-V4', 'arin_abuse_poc': 'ABUSE1-ARIN'},
         'created': '2026-11-01T10:00:00Z', 'last_updated': '2026-11-01T10:00:00Z'},
        {'id': 2, 'prefix': '198.51.100.128/25', 'family': {'value': 4, 'label': 'IPv4'},
         'tenant': {'id': 8, 'name': 'Widgets', 'slug': 'widgets'}, 'status': {'value': 'active', 'label': 'Active'},
         'description': 'WIDGETS-POOL', 'custom_fields': {'arin_type': 'reallocate'}},
        {'id': 3, 'prefix': '192.0.2.192/26', 'family': {'value': 4, 'label': 'IPv4'},
         'tenant': {'id': 7, 'name': 'Example Bakery', 'slug': 'bakery'},
         'status': {'value': 'reserved', 'label': 'Reserved'}, 'description': 'not yet', 'custom_fields': {}},
    ],
}

BAKERY = dict(name='Example Bakery', street_address=['12 Sample Road'], city='Anytown', region='VA',
              postal_code='22000', country='US')


class FakeDisplay(object):
    def __init__(self, warnings):
        self.warnings = warnings

    def warning(self, message):
        self.warnings.append(message)


def inventory_from(tmp_path, export_name, export_text, warnings=None, **options):
    (tmp_path / export_name).write_text(export_text)
    config = dict(DEFAULTS, plugin='arin.regrws.ipam_export', path=export_name)
    config.update(options)
    (tmp_path / 'customers.ipam.yml').write_text(json.dumps(config))
    inventory = InventoryData()
    plugin = InventoryModule()
    if warnings is not None:
        plugin.display = FakeDisplay(warnings)
    assert plugin.verify_file(str(tmp_path / 'customers.ipam.yml'))
    assert not plugin.verify_file(str(tmp_path / export_name))
    # The options as Ansible would read them from the config file (the docs define their defaults).
    plugin._read_config_data = lambda path: config
    plugin.get_option = config.get
    plugin.parse(inventory, DataLoader(), str(tmp_path / 'customers.ipam.yml'), cache=False)
    return inventory


def host_vars(inventory, name):
    return inventory.get_host(name).vars


def test_csv_rows_grouped_by_customer(tmp_path):
    inventory = inventory_from(tmp_path, 'export.csv', CSV, parents=['192.0.2.0/24'])
    assert sorted(inventory.groups['customers'].hosts, key=str) == [
        inventory.get_host('example_bakery'), inventory.get_host('example_florist'), inventory.get_host('widgets_1')]
    bakery = host_vars(inventory, 'example_bakery')
    assert bakery['customer_onboarding_customer'] == dict(
        name='Example Bakery', street_address=['12 Sample Road', 'Unit 2'], city='Anytown', region='VA',
        postal_code='22000', country='US')
    assert bakery['customer_onboarding_nets'] == [
        dict(prefix='192.0.2.64/26', net_name='BAKERY-V4', abuse_poc='ABUSE1-ARIN', comments=['Head office', 'Floor 1']),
        dict(prefix='2001:db8:1000::/48', net_name='BAKERY-V6')]
    assert bakery['customer_onboarding_parents'] == ['192.0.2.0/24']
    widgets = host_vars(inventory, 'widgets_1')
    assert widgets['customer_onboarding_org_handle'] == 'WIDGETS-1' and widgets['customer_onboarding_customer'] is None
    assert widgets['customer_onboarding_nets'][0]['type'] == 'reallocate'
    assert host_vars(inventory, 'example_florist')['customer_onboarding_customer']['private'] is True


@pytest.mark.parametrize('row, message', [
    ('Example Bakery,,192.0.2.0/26,,,,,,,,,,', 'export.csv:6: net_name is empty for 192.0.2.0/26'),
    ('Example Bakery,X-1,192.0.2.0/26,,N,,,,,,,,', 'export.csv:6: give exactly one of customer and org_handle'),
    ('Example Bakery,,192.0.2.0/26,swip,N,,,,,,,,', "export.csv:6: type 'swip' is not"),
    ('Example Bakery,,192.0.2.0/26,,N,1 Other Road,Anytown,VA,22000,US,,,',
     "export.csv:6: street_address of Example Bakery is ['1 Other Road'] here but ['12 Sample Road', 'Unit 2'] at"),
    ('Example Florist,,192.0.2.0/26,,N,7 Garden Lane,Springfield,VA,22150,US,maybe,,', "private 'maybe'"),
])
def test_csv_errors_name_file_and_line(tmp_path, row, message):
    with pytest.raises(AnsibleParserError) as caught:
        inventory_from(tmp_path, 'export.csv', CSV + row + '\n')
    assert message in str(caught.value)


def test_yaml_rows_and_item_errors(tmp_path):
    text = ('- {customer: Example Bakery, prefix: 192.0.2.64/26, net_name: BAKERY-V4, street_address: [12 Sample Road],'
            ' city: Anytown, region: VA, postal_code: 22000, country: US}\n- {customer: Example Bakery, net_name: X}\n')
    with pytest.raises(AnsibleParserError) as caught:
        inventory_from(tmp_path, 'export.yml', text)
    assert 'export.yml item 2: prefix is empty' in str(caught.value)
    inventory = inventory_from(tmp_path, 'export.yml', text.splitlines()[0] + '\n')
    assert host_vars(inventory, 'example_bakery')['customer_onboarding_customer'] == BAKERY


def test_netbox_prefixes(tmp_path):
    inventory = inventory_from(tmp_path, 'prefixes.json', json.dumps(NETBOX), format='netbox',
                               netbox_customers={'bakery': BAKERY, 'widgets': {'org_handle': 'WIDGETS-1'}})
    assert sorted(str(host) for host in inventory.groups['customers'].hosts) == ['bakery', 'widgets']
    bakery = host_vars(inventory, 'bakery')
    assert bakery['customer_onboarding_customer'] == BAKERY
    # The reserved prefix is not registered at ARIN.
    assert bakery['customer_onboarding_nets'] == [dict(prefix='192.0.2.64/26', net_name='BAKERY-V4',
                                                       abuse_poc='ABUSE1-ARIN')]
    widgets = host_vars(inventory, 'widgets')
    assert widgets['customer_onboarding_org_handle'] == 'WIDGETS-1'
    assert widgets['customer_onboarding_nets'] == [dict(prefix='198.51.100.128/25', net_name='WIDGETS-POOL',
                                                        type='reallocate')]


WIDGETS = {'widgets': {'org_handle': 'WIDGETS-1'}}


def test_netbox_answer_found_by_shape(tmp_path):
    inventory = inventory_from(tmp_path, 'prefixes.json', json.dumps(NETBOX), netbox_customers=WIDGETS)
    assert host_vars(inventory, 'bakery')['customer_onboarding_customer'] == dict(name='Example Bakery')


def test_netbox_item_without_prefix(tmp_path):
    broken = dict(NETBOX, results=NETBOX['results'] + [{'id': 4, 'status': {'value': 'active'}}])
    with pytest.raises(AnsibleParserError) as caught:
        inventory_from(tmp_path, 'prefixes.json', json.dumps(broken), format='netbox')
    assert 'prefixes.json item 4: a NetBox prefix needs "prefix"' in str(caught.value)


def test_netbox_lookup_output(tmp_path):
    wrapped = [{'key': prefix['id'], 'value': prefix} for prefix in NETBOX['results']]
    inventory = inventory_from(tmp_path, 'prefixes.json', json.dumps(wrapped), format='netbox', netbox_customers=WIDGETS)
    assert host_vars(inventory, 'widgets')['customer_onboarding_nets'][0]['prefix'] == '198.51.100.128/25'


def test_netbox_complete_answer_is_not_partial(tmp_path):
    inventory = inventory_from(tmp_path, 'prefixes.json', json.dumps(NETBOX), format='netbox', netbox_customers=WIDGETS)
    assert 'arin_regrws_export_partial' not in inventory.groups['customers'].vars


@pytest.mark.parametrize('paging, shown', [
    (dict(count=1500, next='https://netbox.example.net/api/ipam/prefixes/?limit=1000&offset=1000'),
     '(3 of 1500 prefixes, next https://netbox.example.net/api/ipam/prefixes/?limit=1000&offset=1000)'),
    (dict(count=1500, next=None), '(3 of 1500 prefixes)'),
    (dict(count=None, next='https://netbox.example.net/api/ipam/prefixes/?offset=3'), '(3 of more prefixes, next '),
])
def test_netbox_paged_answer_is_partial(tmp_path, paging, shown):
    warnings = []
    inventory = inventory_from(tmp_path, 'prefixes.json', json.dumps(dict(NETBOX, **paging)), warnings,
                               format='netbox', netbox_customers=WIDGETS)
    partial = inventory.groups['customers'].vars['arin_regrws_export_partial']
    assert 'prefixes.json is one page of a NetBox answer ' + shown in partial
    assert partial.endswith('export with limit=0 or join the pages')
    assert warnings == [partial]
    # The rows it holds are still read.
    assert sorted(str(host) for host in inventory.groups['customers'].hosts) == ['bakery', 'widgets']


def test_netbox_prefix_without_tenant_is_reported(tmp_path):
    warnings = []
    orphan = {'id': 4, 'prefix': '192.0.2.0/26', 'tenant': None, 'status': {'value': 'active'},
              'description': 'NO-TENANT'}
    reserved = {'id': 5, 'prefix': '192.0.2.128/26', 'status': {'value': 'reserved'}, 'description': 'LATER'}
    more = [dict(orphan, id=6 + index, prefix='198.51.100.%d/29' % (index * 8), vrf={'id': 3, 'name': 'blue'})
            for index in range(5)]
    data = dict(NETBOX, count=10, results=NETBOX['results'] + [orphan, reserved] + more)
    inventory = inventory_from(tmp_path, 'prefixes.json', json.dumps(data), warnings, format='netbox',
                               netbox_customers=WIDGETS)
    partial = inventory.groups['customers'].vars['arin_regrws_export_partial']
    # A reserved prefix is left out on purpose (netbox_statuses); an active one without a tenant is not.
    assert partial.endswith('prefixes.json: 6 active prefix(es) without a tenant skipped: item 4 (192.0.2.0/26), '
                            'item 6 in VRF blue (198.51.100.0/29), item 7 in VRF blue (198.51.100.8/29), '
                            'item 8 in VRF blue (198.51.100.16/29), item 9 in VRF blue (198.51.100.24/29), ...')
    assert warnings == [partial]


# --- every row is checked as arin_net_reassignments checks it -----------------------------


def shown_error(tmp_path, caught):
    # Every place in the message is a path; the export's folder is left out for reading.
    return str(caught.value).replace(str(tmp_path) + '/', '')


CAFE = 'Example Cafe,,{prefix},,{name},1 Main Street,Anytown,VA,22000,{country},,,'


@pytest.mark.parametrize('row, message', [
    (CAFE.format(prefix='192.0.2.300/28', name='CAFE-V4', country='US'),
     "export.csv:6 (192.0.2.300/28): prefix '192.0.2.300' is not an IPv4 or IPv6 address"),
    (CAFE.format(prefix='192.0.2.1/28', name='CAFE-V4', country='US'),
     'export.csv:6 (192.0.2.1/28): prefix 192.0.2.1/28 has host bits set: the network is 192.0.2.0/28'),
    (CAFE.format(prefix='192.0.2.0/28', name='CAFE_V4!', country='US'),
     "export.csv:6 (192.0.2.0/28): net_name 'CAFE_V4!': ARIN accepts only letters, digits, hyphens and spaces"),
    (CAFE.format(prefix='192.0.2.0/28', name='CAFE-V4', country='USA'),
     "export.csv:6 (192.0.2.0/28): country must be an ISO 3166-1 alpha-2 code such as US or CA, not 'USA'"),
    (CAFE.format(prefix='2001:db8:2000::/80', name='CAFE-V6', country='US'),
     'export.csv:6 (2001:db8:2000::/80): 2001:db8:2000::/80: an IPv6 simple reassignment cannot be smaller than a /64'),
    (CAFE.format(prefix='192.0.2.64/28', name='CAFE-V4', country='US'),
     'export.csv:6 (192.0.2.64/28) and export.csv:2 (192.0.2.64/26) overlap'),
    (CAFE.format(prefix='192.0.2.64/26', name='CAFE-V4', country='US'), 'export.csv:2 and export.csv:6 both declare 192.0.2.64/26'),
    ('Example Cafe,,192.0.2.0/28,,CAFE-V4,1 Main Street,Montr\u00e9al,QC,H2X 1Y4,CA,,,',
     "export.csv:6.customer.city contains '\u00e9', a character ARIN does not accept there (ASCII only)"),
    (CAFE.format(prefix='192.0.2.0/28', name='CAFE-V4', country='US') + ',extra',
     "export.csv:6: 1 field(s) more than the header has: 'extra'"),
])
def test_csv_rows_the_module_would_refuse(tmp_path, row, message):
    with pytest.raises(AnsibleParserError) as caught:
        inventory_from(tmp_path, 'export.csv', CSV + row + '\n')
    assert message in shown_error(tmp_path, caught)


def test_csv_row_the_module_takes(tmp_path):
    row = CAFE.format(prefix='192.0.2.0/28', name='CAFE V4', country='us')
    inventory = inventory_from(tmp_path, 'export.csv', CSV + row + '\n')
    assert host_vars(inventory, 'example_cafe')['customer_onboarding_nets'] == [
        dict(prefix='192.0.2.0/28', net_name='CAFE V4')]


@pytest.mark.parametrize('header, message', [
    (CSV.splitlines()[0].replace(',prefix,', ',prefx,'), "export.csv:1: unknown column 'prefx' (known: "),
    (CSV.splitlines()[0] + ',city', 'export.csv:1: column city given twice'),
])
def test_csv_header_errors_name_the_header_line(tmp_path, header, message):
    text = '\n'.join([header] + CSV.splitlines()[1:]) + '\n'
    with pytest.raises(AnsibleParserError) as caught:
        inventory_from(tmp_path, 'export.csv', text)
    assert message in shown_error(tmp_path, caught)


def test_yaml_item_the_module_would_refuse(tmp_path):
    text = '- {customer: Example Bakery, prefix: 192.0.2.64/26, net_name: BAKERY_V4, country: US}\n'
    with pytest.raises(AnsibleParserError) as caught:
        inventory_from(tmp_path, 'export.yml', text)
    assert "export.yml item 1 (192.0.2.64/26): net_name 'BAKERY_V4': ARIN accepts only" in shown_error(tmp_path, caught)


def vrf(name):
    return {'id': len(name), 'name': name, 'rd': '65000:%d' % len(name)}


def test_netbox_prefix_the_module_would_refuse_names_item_and_vrf(tmp_path):
    bad = dict(NETBOX['results'][1], id=4, prefix='198.51.100.129/25', vrf=vrf('customers'))
    data = dict(NETBOX, count=4, results=NETBOX['results'] + [bad])
    with pytest.raises(AnsibleParserError) as caught:
        inventory_from(tmp_path, 'prefixes.json', json.dumps(data), format='netbox', netbox_customers=WIDGETS)
    assert ('prefixes.json item 4 in VRF customers (198.51.100.129/25): prefix 198.51.100.129/25 has host bits set'
            in shown_error(tmp_path, caught))


@pytest.mark.parametrize('first_vrf, shown', [(None, 'prefixes.json item 1 (no VRF)'),
                                              (vrf('red'), 'prefixes.json item 1 in VRF red')])
def test_netbox_prefix_in_two_vrfs_is_reported(tmp_path, first_vrf, shown):
    first = dict(NETBOX['results'][0], vrf=first_vrf)
    again = dict(NETBOX['results'][0], id=4, vrf=vrf('blue'))
    data = dict(NETBOX, count=4, results=[first] + NETBOX['results'][1:] + [again])
    with pytest.raises(AnsibleParserError) as caught:
        inventory_from(tmp_path, 'prefixes.json', json.dumps(data), format='netbox', netbox_customers=WIDGETS)
    assert ('prefixes.json item 4 in VRF blue: 192.0.2.64/26 is also at %s; ARIN registers a prefix once, '
            'whatever the VRF' % shown) in shown_error(tmp_path, caught)


def test_netbox_prefix_twice_in_one_vrf_is_reported(tmp_path):
    again = dict(NETBOX['results'][0], id=4)
    data = dict(NETBOX, count=4, results=NETBOX['results'] + [again])
    with pytest.raises(AnsibleParserError) as caught:
        inventory_from(tmp_path, 'prefixes.json', json.dumps(data), format='netbox', netbox_customers=WIDGETS)
    assert 'prefixes.json item 1 and prefixes.json item 4 both declare 192.0.2.64/26' in shown_error(tmp_path, caught)


def test_hosts_run_on_the_playbook_python(tmp_path):
    inventory = inventory_from(tmp_path, 'export.csv', CSV)
    group_vars = inventory.groups['customers'].vars
    assert group_vars['ansible_connection'] == 'local'
    assert group_vars['ansible_python_interpreter'] == '{{ ansible_playbook_python }}'
    try:
        from ansible.template import is_trusted_as_template
    except ImportError:  # before ansible-core 2.19 every inventory string is a template
        return
    assert is_trusted_as_template(group_vars['ansible_python_interpreter'])
    # The export's own text is never a template.
    assert not is_trusted_as_template(host_vars(inventory, 'example_bakery')['customer_onboarding_nets'][0]['prefix'])
