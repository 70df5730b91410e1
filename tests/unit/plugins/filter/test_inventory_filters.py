# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError
from ansible_collections.arin.regrws.plugins.filter.customer_reassignments import customer_reassignments
from ansible_collections.arin.regrws.plugins.filter.drift_customers import drift_customers
from ansible_collections.arin.regrws.plugins.filter.inventory_reassignments import inventory_reassignments

BAKERY = {'name': 'Bakery', 'street_address': ['1 Main St'], 'city': 'Anytown', 'region': 'VA',
          'postal_code': '22000', 'country': 'US'}
HOSTVARS = {
    'bakery': {'customer_onboarding_customer': BAKERY, 'customer_onboarding_nets': [
        {'prefix': '192.0.2.0/26', 'net_name': 'BAKERY-1', 'tech_poc': 'T1-ARIN'},
        {'prefix': '192.0.2.64/26', 'net_name': 'BAKERY-2', 'nameservers': ['ns1.example.net']}]},
    'router': {'ansible_host': '198.51.100.1'},  # declares nothing
    'isp': {'customer_onboarding_org_handle': 'ISP-1', 'customer_onboarding_customer': None,
            'customer_onboarding_nets': [{'prefix': '198.51.100.0/24', 'net_name': 'ISP-1', 'type': 'reallocate'}]},
}


def test_inventory_reassignments_is_each_hosts_items_in_host_order():
    items = inventory_reassignments(['isp', 'router', 'bakery'], HOSTVARS)
    assert items == (customer_reassignments(HOSTVARS['isp']['customer_onboarding_nets'], None, 'ISP-1')
                     + customer_reassignments(HOSTVARS['bakery']['customer_onboarding_nets'], BAKERY))
    assert [item['prefix'] for item in items] == ['198.51.100.0/24', '192.0.2.0/26', '192.0.2.64/26']
    assert items[0]['org_handle'] == 'ISP-1' and items[0]['type'] == 'reallocate'
    assert items[1]['customer']['private'] is False
    assert items[1]['poc_links'] == [{'function': 'T', 'handle': 'T1-ARIN'}]


def test_inventory_reassignments_reads_only_the_hosts_given():
    assert inventory_reassignments(['router'], HOSTVARS) == []
    assert [item['prefix'] for item in inventory_reassignments(['isp'], HOSTVARS)] == ['198.51.100.0/24']


def test_a_host_with_neither_customer_nor_org_fails_clearly():
    hostvars = {'lost': {'customer_onboarding_nets': [{'prefix': '192.0.2.0/26', 'net_name': 'LOST'}]}}
    with pytest.raises(AnsibleFilterError, match='exactly one of customer and org_handle'):
        inventory_reassignments(['lost'], hostvars)


def test_drift_customers_slices_the_result_per_host():
    plan = [
        {'prefix': '198.51.100.0/24', 'action': 'unchanged', 'handle': 'NET-198-51-100-0-1'},
        {'prefix': '192.0.2.0/26', 'action': 'created', 'handle': None},
        {'prefix': '192.0.2.64/26', 'action': 'unchanged', 'handle': 'NET-192-0-2-64-1'},
        {'prefix': '10.0.0.0/24', 'action': 'removed', 'pruned': True},  # an orphan, after every item
    ]
    assert drift_customers(['isp', 'router', 'bakery'], HOSTVARS, plan) == {
        'isp': {'customer': 'ISP-1', 'nets': 1, 'differ': []},
        'bakery': {'customer': 'Bakery', 'nets': 2, 'differ': [plan[1]]},
    }
