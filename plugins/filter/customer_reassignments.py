# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
name: customer_reassignments
short_description: Turn a customer's declared nets into items of arin_net_reassignments
version_added: 0.1.0
description:
  - Takes the nets of one customer as the P(arin.regrws.customer_onboarding#role) role declares them
    (C(customer_onboarding_nets)) and returns the items of O(arin.regrws.arin_net_reassignments#module:reassignments)
    that register them, each with the customer or the recipient org.
  - C(tech_poc), C(abuse_poc) and C(noc_poc) become the item's C(poc_links); a net with none of them leaves its links
    as they are.
  - The role uses it for one customer. For every customer of an inventory, P(arin.regrws.inventory_reassignments#filter)
    reads the hosts' variables once, in Python, and calls it per host.
author:
  - arin.regrws contributors (@arin-regrws)
options:
  _input:
    description: The customer's nets (C(prefix), C(net_name), and optionally C(type), C(parent_net_handle), C(comments),
      C(tech_poc), C(abuse_poc), C(noc_poc)).
    type: list
    elements: dict
    required: true
  customer:
    description:
      - The customer of simple reassignments (C(name) and address fields). Exactly one of O(customer) and O(org_handle).
      - C(private) defaults to V(false).
    type: dict
  org_handle:
    description: The recipient org of detailed reassignments and reallocations.
    type: str
'''

EXAMPLES = r'''
- name: One customer's nets
  arin.regrws.arin_net_reassignments:
    reassignments: "{{ customer_onboarding_nets | arin.regrws.customer_reassignments(customer_onboarding_customer) }}"
    parents: "{{ customer_onboarding_parents }}"
'''

RETURN = r'''
_value:
  description: Items for O(arin.regrws.arin_net_reassignments#module:reassignments), one per net, in the same order.
  type: list
  elements: dict
'''

from ansible.errors import AnsibleFilterError

LINKS = (('T', 'tech_poc'), ('AB', 'abuse_poc'), ('N', 'noc_poc'))


def customer_reassignments(nets, customer=None, org_handle=None):
    if (customer is None) == (org_handle in (None, '')):
        raise AnsibleFilterError('customer_reassignments: give exactly one of customer and org_handle')
    if customer is not None:
        customer = dict(customer)
        customer['private'] = bool(customer.get('private'))
        recipient = {'customer': customer}
    else:
        recipient = {'org_handle': org_handle}
    items = []
    for index, net in enumerate(nets or []):
        if not isinstance(net, dict) or not net.get('prefix'):
            raise AnsibleFilterError('customer_reassignments: net %d has no prefix' % index)
        links = [{'function': function, 'handle': net[key]} for function, key in LINKS if net.get(key)]
        item = dict(recipient)
        item.update(
            prefix=net['prefix'],
            parent_net_handle=net.get('parent_net_handle') or None,
            type=net.get('type') or 'reassign',
            net_name=net.get('net_name'),
            comments=net.get('comments'),
            poc_links=links or None,
        )
        items.append(item)
    return items


class FilterModule(object):
    def filters(self):
        return {'customer_reassignments': customer_reassignments}
