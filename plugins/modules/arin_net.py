#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_net
short_description: Manage the name, comments and POC links of an ARIN net, or delete it
version_added: 0.1.0
description:
  - Keeps the mutable fields of a net that already exists at ARIN (its name, public comments and Tech, NOC and Abuse
    POC links) as the task declares them, or deletes a reassigned or reallocated net.
  - The module reads the net, compares the fields the task sets and sends Modify NET only when they differ. The
    fields ARIN never lets change (version, blocks, parent, recipient, handle, registration date) are sent back
    as ARIN returned them, as ARIN requires.
  - To register a range, use M(arin.regrws.arin_net_reassign).
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
  - arin.regrws.net
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
options:
  handle:
    description:
      - Handle of the net, for example V(NET-192-0-2-0-1) or V(NET6-2001-DB8-1).
    type: str
    required: true
  net_name:
    description:
      - Name of the net. Letters, digits, hyphens and spaces only.
      - ARIN stores net names upper-cased, so the name is compared without regard to case, and results and diffs show
        it upper-cased as ARIN holds it. A task that gives V(exnet-v4) stays unchanged against C(EXNET-V4).
    type: str
  state:
    description:
      - V(present) keeps the fields as declared. V(absent) deletes the net.
      - Only reassignments (type S) and reallocations (type A) can be deleted; for any other net the module fails
        before any write.
      - A net with nets under it is not deleted at once; ARIN opens a C(NET_DELETE_REQUEST) ticket, returned in
        RV(ticket).
    type: str
    choices: [present, absent]
    default: present
  note:
    description:
      - With O(state=absent), a note for ARIN sent with the removal.
    type: str
  wait:
    description:
      - With O(state=absent), when ARIN answers with a ticket, wait until it is RESOLVED or CLOSED.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait with O(wait=true). When the ticket is still open then, the task fails and reports it.
    type: int
    default: 600
  wait_interval:
    description:
      - Seconds between two reads of the ticket with O(wait=true).
    type: int
    default: 15
notes:
  - "Natural key: the handle. Find the handle of a range with M(arin.regrws.arin_net_info)."
  - A run that changes nothing makes one request (Get NET); a change adds one Modify NET.
  - "Deletion uses Remove NET with a message carrying a line C(Net <handle>), after one read of the open tickets:
    while a C(NET_DELETE_REQUEST) ticket with that line is open, the module reports it instead of asking again."
  - Deleting a simple reassignment leaves its customer record at ARIN; M(arin.regrws.arin_net_reassign) can delete
    both.
seealso:
  - module: arin.regrws.arin_net_reassign
  - module: arin.regrws.arin_net_info
'''

EXAMPLES = r'''
- name: Name our IPv6 allocation and put our NOC and abuse desk on it
  arin.regrws.arin_net:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    handle: NET6-2001-DB8-1
    net_name: EXNET-V6-1
    comments:
      - Example Networks IPv6 allocation
    poc_links:
      - function: N
        handle: NOC1-ARIN
      - function: AB
        handle: ABUSE1-ARIN

- name: Delete a reassignment by handle
  arin.regrws.arin_net:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    handle: NET-192-0-2-64-1
    state: absent
'''

RETURN = r'''
endpoint:
  description:
    - The Reg-RWS base URL the task talked to, from O(base_url), O(environment) or their environment variables.
      It never carries the key.
  returned: always, except when the task fails on its options before choosing a service
  type: str
  sample: https://reg.ote.arin.net/rest
net:
  description:
    - The net as ARIN holds it after the task; in check mode, as it would be. Empty after a deletion.
  returned: always
  type: dict
  sample:
    handle: NET6-2001-DB8-1
    net_name: EXNET-V6-1
    type: DA
    version: 6
    start_address: "2001:db8::"
    end_address: "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"
    prefixes: ["2001:db8::/32"]
    parent_net_handle: null
    org_handle: EXNET-1
    customer_handle: null
    comments: [Example Networks IPv6 allocation]
    poc_links:
      - function: AB
        handle: ABUSE1-ARIN
      - function: N
        handle: NOC1-ARIN
    registration_date: "2026-11-27T10:00:00-05:00"
ticket:
  description: The C(NET_DELETE_REQUEST) ticket ARIN opened for a deletion; empty when there is none.
  returned: always
  type: dict
  sample:
    ticket_no: 20261127-X4
    type: NET_DELETE_REQUEST
    status: IN_PROGRESS
    resolution: null
    created_date: "2026-11-27T10:05:00-05:00"
    updated_date: "2026-11-27T10:05:00-05:00"
    resolved_date: null
    closed_date: null
error:
  description: What went wrong, when the task failed; includes ARIN's own error payload.
  returned: failure
  type: dict
  sample:
    kind: api
    operation: modify net/NET-192-0-2-0-1
    status: 400
    code: E_ENTITY_VALIDATION
    arin_message: Payload has an invalid field.
    components:
      - name: pocLinkRef
        message: Networks may only have Tech, NOC, and Abuse POCs.
'''

from ansible_collections.arin.regrws.plugins.module_utils._argspec import wait_argspec
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule, Outcome
from ansible_collections.arin.regrws.plugins.module_utils._errors import Unfinished
from ansible_collections.arin.regrws.plugins.module_utils import _checks, _nets
from ansible_collections.arin.regrws.plugins.module_utils._nets import NET


def run(module):
    p = module.params
    api = module.api
    desired = dict((k, p[k]) for k in ('net_name', 'comments', 'poc_links') if p[k] is not None)
    _nets.check_net_name(p['net_name'])
    _checks.ascii_only(dict((k, v) for k, v in desired.items() if k != 'poc_links'))
    handle = p['handle']
    ticket = None
    if p['state'] == 'absent':
        net = module.find(lambda: api.get_net(handle))
        outcome = Outcome(net is not None, net, None)
        if net is not None:
            answer = _nets.remove(module, net, p['note'])
            ticket = (answer or {}).get('ticket')
            if (answer or {}).get('earlier'):
                outcome = Outcome(False, net, net)  # removal already requested: ARIN is working on it
            if ticket and p['wait']:
                ticket = _nets.wait_for_ticket(api, ticket, p['wait_timeout'], p['wait_interval'])
                if ticket.get('web_ticket_status') not in _nets.FINAL_STATUSES:
                    module.fail(Unfinished(
                        'deleting net/%s: ticket %s is still %s after %s seconds'
                        % (handle, ticket['ticket_no'], ticket['web_ticket_status'], p['wait_timeout'])),
                        changed=True, ticket=_nets.ticket_view(ticket))
    else:
        net = api.get_net(handle)
        outcome = module.update(NET, net, desired, lambda planned: api.modify_net(handle, planned),
                                reread=lambda: api.get_net(handle))
    return module.result(NET, 'net', outcome, ticket=_nets.ticket_view(ticket))


def main():
    options = dict(
        handle=dict(type='str', required=True),
        net_name=dict(type='str'),
        comments=dict(type='list', elements='str'),
        poc_links=_nets.poc_links_argspec(),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        note=dict(type='str'),
    )
    options.update(wait_argspec())
    ArinModule(options).run(run)


if __name__ == '__main__':
    main()
