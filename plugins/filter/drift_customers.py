# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
name: drift_customers
short_description: Per customer host, the nets of an arin_net_reassignments result that differ from ARIN
version_added: 0.1.0
description:
  - Takes inventory host names, C(hostvars) and the C(nets) of an M(arin.regrws.arin_net_reassignments) result
    whose items P(arin.regrws.inventory_reassignments#filter) made from the same hosts (the module keeps the order
    of its items), and returns, per host that declares nets, C(customer) (the customer's name or the recipient org),
    C(nets) (how many it declares) and C(differ) (its nets whose C(action) is not V(unchanged)).
  - C(playbooks/drift_report.yml) uses it to build its report in one pass over the hosts.
author:
  - arin.regrws contributors (@arin-regrws)
options:
  _input:
    description: The inventory host names, as given to P(arin.regrws.inventory_reassignments#filter).
    type: list
    elements: str
    required: true
  hostvars:
    description: The C(hostvars) of the play.
    type: dict
    required: true
  plan_nets:
    description: The C(nets) of the module's result.
    type: list
    elements: dict
    required: true
'''

EXAMPLES = r'''
- name: What differs, per customer
  ansible.builtin.set_fact:
    drift: "{{ ansible_play_hosts_all | arin.regrws.drift_customers(hostvars, plan.nets) }}"
  run_once: true
'''

RETURN = r'''
_value:
  description: Per host name, C(customer), C(nets) and C(differ).
  type: dict
'''


def drift_customers(hosts, hostvars, plan_nets):
    """Per declaring host: its customer, how many nets it declares, and those of the module's
    result (which keeps the order of its items) that differ from ARIN."""
    out = {}
    offset = 0
    for host in hosts:
        values = hostvars[host]
        if 'customer_onboarding_nets' not in values:
            continue
        count = len(values['customer_onboarding_nets'] or [])
        nets = plan_nets[offset:offset + count]
        offset += count
        customer = _get(values, 'customer_onboarding_customer')
        out[host] = {
            'customer': customer['name'] if customer is not None else _get(values, 'customer_onboarding_org_handle'),
            'nets': len(nets),
            'differ': [net for net in nets if net.get('action') != 'unchanged'],
        }
    return out


def _get(values, key):
    # What "hostvars[host][key] | default(none)" gives in a template.
    return values[key] if key in values else None


class FilterModule(object):
    def filters(self):
        return {'drift_customers': drift_customers}
