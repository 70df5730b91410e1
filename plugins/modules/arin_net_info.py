#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_net_info
short_description: Read ARIN nets by handle or by address range
version_added: 0.1.0
description:
  - Reads nets from ARIN, either by handle or by the address range they cover. Never writes.
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
  - arin.regrws.regrws.INFO_MODULE
options:
  handles:
    description:
      - Handles of the nets to read, for example V(NET-192-0-2-0-1).
      - One of O(handles), O(prefix) and O(start_address) is required.
    type: list
    elements: str
    aliases: [handle]
  prefix:
    description:
      - A range as a CIDR prefix, for example V(192.0.2.64/26). Host bits must be zero.
    type: str
  start_address:
    description:
      - First address of a range, with O(end_address).
    type: str
  end_address:
    description:
      - Last address of a range, with O(start_address).
    type: str
  lookup:
    description:
      - Which nets to return for a range.
      - V(exact) returns the net registered for exactly this range, if any.
      - V(parent) returns the net directly above the range (ARIN's parentNet lookup).
      - V(most_specific) returns the smallest net covering the range, which is the range's own net when there is
        one (ARIN's mostSpecificNet lookup).
      - V(all) returns every net ARIN relates to the range, the covering nets and those inside it (ARIN's
        netsByIpRange lookup).
    type: str
    choices: [exact, parent, most_specific, all]
    default: exact
  missing:
    description:
      - With O(handles), what to do with a handle ARIN does not know. V(fail) fails the task; V(skip) leaves it out
        of RV(nets) and lists it in RV(missing).
      - A range lookup that finds nothing returns an empty RV(nets) and does not fail.
    type: str
    choices: [fail, skip]
    default: fail
notes:
  - Each lookup is one request, and each handle one request.
  - Addresses are returned in their short form (ARIN sends zero-padded IPv4 and fully expanded IPv6).
seealso:
  - module: arin.regrws.arin_net
  - module: arin.regrws.arin_net_reassign
'''

EXAMPLES = r'''
- name: Find the net registered for a customer's prefix
  arin.regrws.arin_net_info:
    environment: production
    prefix: 192.0.2.64/26
  register: found

- name: Find the parent of a prefix before reassigning it
  arin.regrws.arin_net_info:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    prefix: 2001:db8:100::/48
    lookup: parent
  register: parent

- name: Read two nets by handle
  arin.regrws.arin_net_info:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    handles:
      - NET-192-0-2-0-1
      - NET6-2001-DB8-1
'''

RETURN = r'''
endpoint:
  description:
    - The Reg-RWS base URL the task talked to, from O(base_url), O(environment) or their environment variables.
      It never carries the key.
  returned: always, except when the task fails on its options before choosing a service
  type: str
  sample: https://reg.ote.arin.net/rest
nets:
  description: The nets found, in the shape M(arin.regrws.arin_net) returns.
  returned: always
  type: list
  elements: dict
  sample:
    - handle: NET-192-0-2-64-1
      net_name: WIDGETS-CUST-1
      type: S
      version: 4
      start_address: 192.0.2.64
      end_address: 192.0.2.127
      prefixes: [192.0.2.64/26]
      parent_net_handle: NET-192-0-2-0-1
      org_handle: null
      customer_handle: C00000001
      comments: []
      poc_links: []
      registration_date: "2026-11-27T10:05:00-05:00"
missing:
  description: Handles ARIN does not know, with O(missing=skip).
  returned: always
  type: list
  elements: str
  sample: []
'''

from ansible_collections.arin.regrws.plugins.module_utils._argspec import ArgumentSpec
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils import _nets
from ansible_collections.arin.regrws.plugins.module_utils._nets import NET


def by_range(module):
    p = module.params
    api = module.api
    rng = _nets.NetRange.parse(p['prefix'], p['start_address'], p['end_address'])
    if p['lookup'] == 'exact':
        net, dummy = _nets.find_exact(api, rng)
        found = [net] if net is not None else []
    elif p['lookup'] == 'all':
        found = _nets.find(lambda: api.nets_by_range(rng.start, rng.end)) or []
    else:
        read = api.parent_net if p['lookup'] == 'parent' else api.most_specific_net
        net = _nets.find(lambda: read(rng.start, rng.end))
        found = [net] if net is not None else []
    return {'changed': False, 'nets': [NET.read(net) for net in found], 'missing': []}


def run(module):
    if module.params['handles']:
        return module.read_many(NET, 'nets', module.params['handles'], module.api.get_net)
    return by_range(module)


def main():
    ArinModule(ArgumentSpec(
        dict(
            handles=dict(type='list', elements='str', aliases=['handle']),
            prefix=dict(type='str'),
            start_address=dict(type='str'),
            end_address=dict(type='str'),
            lookup=dict(type='str', default='exact', choices=['exact', 'parent', 'most_specific', 'all']),
            missing=dict(type='str', default='fail', choices=['fail', 'skip']),
        ),
        required_one_of=[('handles', 'prefix', 'start_address')],
        mutually_exclusive=[('handles', 'prefix', 'start_address'), ('handles', 'end_address'),
                            ('prefix', 'end_address')],
        required_together=[('start_address', 'end_address')],
    )).run(run)


if __name__ == '__main__':
    main()
