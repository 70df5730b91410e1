#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_net_reassign
short_description: Register a reassignment or reallocation of an address range at ARIN (SWIP)
version_added: 0.1.0
description:
  - Keeps one address range registered at ARIN as a reassignment or reallocation, as the task declares it, or
    removes that registration.
  - A simple reassignment (O(type=reassign) with O(customer)) registers the range to a customer record that ARIN
    creates in the same request. A detailed reassignment (O(type=reassign) with O(org_handle)) or a reallocation
    (O(type=reallocate) with O(org_handle)) registers it to an existing org.
  - The module reads what ARIN holds for the range, compares it with the task and writes only what differs. The net
    name, comments and POC links of the net, and the details of a simple reassignment's customer, are updated in
    place.
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
  prefix:
    description:
      - The range as a CIDR prefix, for example V(192.0.2.64/26) or V(2001:db8:100::/40).
      - Host bits must be zero. One of O(prefix) and O(start_address) is required.
    type: str
  start_address:
    description:
      - First address of the range, with O(end_address), for a range that is not a single CIDR block. ARIN
        registers it as one net made of adjacent CIDR blocks.
    type: str
  end_address:
    description:
      - Last address of the range, with O(start_address).
    type: str
  parent_net_handle:
    description:
      - Handle of the net the range is registered under, for example V(NET-192-0-2-0-1).
      - When omitted, the parent is the most specific direct allocation (DA) or reallocation (A) that ARIN holds
        around the range.
      - A range outside the parent fails before any write.
    type: str
  type:
    description:
      - V(reassign) registers an end-user reassignment (net type S); V(reallocate) a reallocation (net type A)
        that the recipient org may subdivide.
    type: str
    choices: [reassign, reallocate]
    default: reassign
  org_handle:
    description:
      - The recipient org of a detailed reassignment or a reallocation. The org must already exist, have an Admin,
        a Tech and an Abuse POC, and accept reassignments.
      - Mutually exclusive with O(customer).
    type: str
  customer:
    description:
      - The recipient of a simple reassignment. On the first run ARIN creates the customer record in the same
        request as the net, so a failed request leaves no customer behind.
      - On later runs the module reads the customer through the net and updates the fields given here in place.
      - Mutually exclusive with O(org_handle).
    type: dict
    suboptions:
      name:
        description:
          - The customer's name.
        type: str
        required: true
      street_address:
        description:
          - Street address, one list item per line. Required to create the customer.
        type: list
        elements: str
      city:
        description:
          - City. Required to create the customer.
        type: str
      region:
        description:
          - State or province code (ISO 3166-2 without the country prefix). Required in the US and Canada.
        type: str
        aliases: [iso3166_2]
      postal_code:
        description:
          - Postal code. Required in the US and Canada.
        type: str
      country:
        description:
          - ISO 3166-1 alpha-2 country code. Required to create the customer.
        type: str
      comments:
        description:
          - Public comment lines of the customer record.
        type: list
        elements: str
      private:
        description:
          - Hide the customer's name and address in public Whois.
        type: bool
  net_name:
    description:
      - Name of the net, for example V(EXAMPLE-CUST-1). Letters, digits, hyphens and spaces only.
      - Required to register the range; when omitted on later runs the name is left as it is.
    type: str
  replace:
    description:
      - When ARIN holds the range for another recipient, as another type, or under another parent, the module fails
        unless this is V(true). Then it removes that net and registers the range as the task declares.
    type: bool
    default: false
  state:
    description:
      - V(present) registers the range, V(absent) removes the net that holds exactly this range.
      - A direct allocation (DA) is never removed; the module fails before any write.
    type: str
    choices: [present, absent]
    default: present
  note:
    description:
      - Text for ARIN that goes with the request, one line per line of text. With O(state=present) it is the
        justification of a new registration; with O(state=absent) a note that goes with the removal (Remove NET).
    type: str
  delete_customer:
    description:
      - With O(state=absent), or with O(replace=true), also delete the customer record of the simple reassignment
        that is removed. ARIN keeps that record otherwise.
    type: bool
    default: false
  wait:
    description:
      - When ARIN answers with a ticket instead of a net, wait until the ticket is RESOLVED or CLOSED, then read the
        net and finish the task (POC links included).
      - Without it the module returns the ticket and a later run finishes the task.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait for the ticket with O(wait=true). When it is still open then, the task fails and reports
        the ticket; the request stays queued at ARIN and is never sent again.
    type: int
    default: 600
  wait_interval:
    description:
      - Seconds between two reads of the ticket with O(wait=true).
    type: int
    default: 15
notes:
  - ARIN forbids POC links on a new net, so the module adds O(poc_links) with Modify NET right after the net exists.
  - "Natural key: the exact range. The module asks ARIN for the most specific net covering the range (one request).
    When that net covers exactly the range, it is the registration to compare; otherwise it is the parent a new
    registration goes under."
  - "Requests: a run that changes nothing makes one read, plus one read of the customer for a simple reassignment.
    Registering a range adds one read of the open tickets (and one of each open reassign or reallocate ticket), the
    Reassign or Reallocate request, and O(poc_links) one Modify NET. Check mode makes the reads only, and for a new
    registration one read of the parent net by its handle (see below)."
  - "Authority in check mode: ARIN takes a Reassign or Reallocate only from a key linked to an Admin or Tech POC of
    the org holding the parent net, or to the parent's Tech POC, and documents the same authority for reading a net
    by its handle (the range lookups answer without it). Before planning a registration, check mode reads the
    parent by its handle (unless the task read it so already); when ARIN answers 401 or 403, the task fails with
    C(ARIN would refuse (403): ...) and that answer, as the real run would fail with ARIN's 403. When ARIN lets the
    key read the parent, check mode plans the registration."
  - "When ARIN refuses the range as overlapping a registered one, the module reads the range again: when ARIN now
    holds exactly the declared net (a concurrent run registered it), the task succeeds; otherwise it fails with
    ARIN's message."
  - "Partial success: when a later step fails (for example ARIN refuses a POC link after registering the net), the
    task fails, reports a change, and returns the net and customer made so far; running it again finishes the
    rest."
  - "Tickets: ARIN's answer to a Reassign or Reallocate request may be a ticket for its staff instead of the net
    (its original rules queued large IPv4 simple reassignments that way; it has answered with the net since 2023,
    but the API keeps both answers). ARIN's tickets do not name the range, so each request carries a message with a
    line C(Range <start> - <end>). Before it registers a range, the module lists the open tickets and reads each open
    reassign or reallocate ticket; when one carries that line, the request is not sent again: the module reports (or,
    with O(wait=true), waits for) that ticket, whether or not ARIN keeps the range reserved meanwhile. Tickets opened
    by hand in ARIN Online carry no such line and are not taken for this range."
  - "Removals use Remove NET with a message carrying a line C(Net <handle>). ARIN removes a net without nets under
    it at once; otherwise it opens a C(NET_DELETE_REQUEST) ticket, returned in RV(ticket). While such a ticket with
    that line is open, later runs report it instead of asking again."
  - A ticket resolved as anything but ACCEPTED (for example DENIED) is reported as a failure when waiting for it;
    a later run sends the request again.
  - Reassignments cannot be subdivided (the module reports it before any write), and ARIN refuses a range that
    overlaps a net already registered under the same parent (the task fails with ARIN's message).
  - Customers have no natural key at ARIN (there is no search), which is why the customer is created with the net
    and found through it afterwards. After O(state=absent) without O(delete_customer=true) the customer stays at
    ARIN, unattached.
seealso:
  - module: arin.regrws.arin_net
  - module: arin.regrws.arin_net_info
  - name: ARIN Reg-RWS net methods
    description: Reassign, reallocate and remove nets through Reg-RWS.
    link: https://www.arin.net/resources/registry/regrws/methods/
'''

EXAMPLES = r'''
- name: Reassign a /26 to a customer (simple reassignment), parent found from the prefix
  arin.regrws.arin_net_reassign:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    prefix: 192.0.2.64/26
    net_name: WIDGETS-CUST-1
    customer:
      name: Example Widgets Inc
      street_address:
        - 42 Sample Street
      city: Anytown
      region: VA
      postal_code: "22000"
      country: US
    poc_links:
      - function: AB
        handle: ABUSE1-ARIN
  register: swip

- name: Reallocate a /40 to a downstream ISP and wait if ARIN opens a ticket
  arin.regrws.arin_net_reassign:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    prefix: 2001:db8:100::/40
    parent_net_handle: NET6-2001-DB8-1
    type: reallocate
    org_handle: WIDGETS-1
    net_name: WIDGETS-V6
    wait: true

- name: Remove a reassignment and the customer record it leaves behind
  arin.regrws.arin_net_reassign:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    prefix: 192.0.2.64/26
    state: absent
    delete_customer: true
    note: Customer left on 2026-11-30.
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
    - The net as ARIN holds it after the task; in check mode, as it would be. Empty after a removal, and while a
      ticket for the request is open.
  returned: always
  type: dict
  sample:
    handle: NET-192-0-2-64-1
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
    poc_links:
      - function: AB
        handle: ABUSE1-ARIN
    registration_date: "2026-11-27T10:05:00-05:00"
customer:
  description:
    - The customer of a simple reassignment as ARIN holds it (as it would be in check mode); empty for other
      registrations and after a removal. After a new registration, the fields sent with it and the handle ARIN gave
      the customer (it is not read back).
  returned: always
  type: dict
  sample:
    handle: C00000001
    customer_name: Example Widgets Inc
    street_address: [42 Sample Street]
    city: Anytown
    region: VA
    postal_code: "22000"
    country: US
    comments: []
    private: false
    parent_org_handle: EXNET-1
    registration_date: "2026-11-27T10:05:00-05:00"
ticket:
  description:
    - The ticket ARIN answered instead of a net (a queued reassignment or reallocation, or a NET_DELETE_REQUEST
      for a net that has nets under it), or the open ticket of an earlier run of this task. Empty when there is none.
  returned: always
  type: dict
  sample:
    ticket_no: 20261127-X3
    type: IPV4_SIMPLE_REASSIGN
    status: PENDING_REVIEW
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
    operation: reassign from net/NET-203-0-113-0-1
    status: 403
    code: E_AUTHENTICATION
    arin_message: The API key has no authority over parent net NET-203-0-113-0-1.
'''

from ansible_collections.arin.regrws.plugins.module_utils._argspec import ArgumentSpec, wait_argspec
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils._reassign import REASSIGNMENT_RULES, reassignment_argspec, run_one


def main():
    options = reassignment_argspec()
    options.update(wait_argspec())
    ArinModule(ArgumentSpec(options, **REASSIGNMENT_RULES)).run(run_one)


if __name__ == '__main__':
    main()
