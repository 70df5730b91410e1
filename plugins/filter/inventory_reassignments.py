# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
name: inventory_reassignments
short_description: Every customer host's declared nets as items of arin_net_reassignments
version_added: 0.1.0
description:
  - Takes inventory host names and C(hostvars), reads each host's C(customer_onboarding_nets),
    C(customer_onboarding_customer) and C(customer_onboarding_org_handle) once, and returns the items
    P(arin.regrws.customer_reassignments#filter) makes of them, host after host, in the order of the names.
  - Hosts without C(customer_onboarding_nets) are left out.
  - It replaces a template looping over C(hostvars), which at thousands of hosts costs more CPU than the module run.
author:
  - arin.regrws contributors (@arin-regrws)
options:
  _input:
    description: The inventory host names.
    type: list
    elements: str
    required: true
  hostvars:
    description: The C(hostvars) of the play.
    type: dict
    required: true
'''

EXAMPLES = r'''
- name: Every customer of the play in one task
  arin.regrws.arin_net_reassignments:
    reassignments: "{{ ansible_play_hosts_all | arin.regrws.inventory_reassignments(hostvars) }}"
  run_once: true
'''

RETURN = r'''
_value:
  description: Items for O(arin.regrws.arin_net_reassignments#module:reassignments), one per net.
  type: list
  elements: dict
'''

from ansible_collections.arin.regrws.plugins.filter.customer_reassignments import customer_reassignments


def inventory_reassignments(hosts, hostvars):
    """Every listed host's nets as items, host after host: one pass over hostvars, in Python."""
    items = []
    for host in hosts:
        values = hostvars[host]
        if 'customer_onboarding_nets' in values:
            items.extend(customer_reassignments(values['customer_onboarding_nets'],
                                                _get(values, 'customer_onboarding_customer'),
                                                _get(values, 'customer_onboarding_org_handle')))
    return items


def _get(values, key):
    # What "hostvars[host][key] | default(none)" gives in a template.
    return values[key] if key in values else None


class FilterModule(object):
    def filters(self):
        return {'inventory_reassignments': inventory_reassignments}
