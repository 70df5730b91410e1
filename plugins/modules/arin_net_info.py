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
      - One of O(handles), O(prefix), O(start_address) and O(parents) is required.
    type: list
    elements: str
    aliases: [handle]
  parents:
    description:
      - Parent nets (handles or prefixes of direct allocations or reallocations, as
        O(arin.regrws.arin_net_reassignments#module:parents) takes them). RV(nets) are then the reassignments and
        reallocations registered directly under them, the nets M(arin.regrws.arin_net_reassignments) prunes under
        the same parents; nets further down (registered under those) are not listed.
      - RV(parents) returns the parent nets and RV(tickets) the open reassign, reallocate and removal tickets that
        concern them.
    type: list
    elements: str
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
  - With O(parents), each parent given as a prefix is one request (netsByIpRange), and as a handle two (the net,
    then netsByIpRange); the open tickets are one more request for the list and one per open reassign,
    reallocate or removal ticket. ARIN's tickets name neither range nor net, so a ticket is tied to one by the
    line the collection's modules put in each request they send (C(Range <start> - <end>), C(Net <handle>)); a
    ticket without such a line is returned with RV(tickets[].prefix) and RV(tickets[].net_handle) empty.
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

- name: Every reassignment and reallocation under our allocations, and the requests ARIN is still working on
  arin.regrws.arin_net_info:
    environment: production
    parents: [NET-192-0-2-0-1, 2001:db8::/32]
  register: held
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
  description:
    - The nets found, in the shape M(arin.regrws.arin_net) returns.
    - With O(parents), the nets registered directly under each parent, parent by parent.
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
parents:
  description: The parent nets, in the order of O(parents) (a parent given twice once), in the shape of RV(nets).
  returned: with O(parents)
  type: list
  elements: dict
tickets:
  description:
    - The open reassign, reallocate and removal tickets (every status but RESOLVED and CLOSED) that concern the
      parents, in the fields M(arin.regrws.arin_ticket) returns, with the range or net each names.
    - A ticket that names no range or net (one opened on ARIN Online, for example) is listed too; one that names a
      range outside the parents, or a net not listed under them, is not.
  returned: with O(parents)
  type: list
  elements: dict
  contains:
    prefix:
      description: The range a reassign or reallocate request asks for, when its message names it.
      type: str
      sample: 192.0.2.192/26
    net_handle:
      description: The net a removal request is about, when its message names it.
      type: str
      sample: NET-192-0-2-128-1
  sample:
    - ticket_no: 20261127-X12
      type: IPV4_SIMPLE_REASSIGN
      status: PENDING_REVIEW
      resolution: null
      created_date: "2026-11-27T10:05:00-05:00"
      updated_date: null
      resolved_date: null
      closed_date: null
      shared: null
      org_handle: null
      prefix: 192.0.2.192/26
      net_handle: null
'''

from ansible_collections.arin.regrws.plugins.module_utils._argspec import ArgumentSpec
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils import _nets
from ansible_collections.arin.regrws.plugins.module_utils._nets import NET
from ansible_collections.arin.regrws.plugins.module_utils._reassign import read_parent
from ansible_collections.arin.regrws.plugins.module_utils._views import TICKET


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


def by_parents(module):
    """The nets registered directly under each parent, read as arin_net_reassignments reads them for prune."""
    api = module.api
    parents, nets = [], []
    for spec in module.params['parents']:
        parent = read_parent(api, spec)
        if parent.handle.upper() in [other.handle.upper() for other in parents]:
            continue
        parents.append(parent)
        nets.extend(net for dummy, net in parent.children())
    handles = set(net['handle'].upper() for net in nets)
    tickets = []
    for summary, ticket in _nets.OpenTickets(api).every(_nets.NET_TICKET):
        rng, handle = _nets.marked(ticket)
        if rng is not None and not any(parent.covers(rng) for parent in parents):
            continue
        if handle is not None and handle.upper() not in handles:
            continue
        tickets.append(dict(TICKET.read(ticket or summary), prefix=str(rng) if rng is not None else None,
                            net_handle=handle))
    return {'changed': False, 'parents': [NET.read(parent.net) for parent in parents],
            'nets': [NET.read(net) for net in nets], 'tickets': tickets, 'missing': []}


def run(module):
    if module.params['parents']:
        return by_parents(module)
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
            parents=dict(type='list', elements='str'),
        ),
        required_one_of=[('handles', 'prefix', 'start_address', 'parents')],
        mutually_exclusive=[('handles', 'prefix', 'start_address', 'parents'), ('handles', 'end_address'),
                            ('prefix', 'end_address'), ('parents', 'end_address')],
        required_together=[('start_address', 'end_address')],
    )).run(run)


if __name__ == '__main__':
    main()
