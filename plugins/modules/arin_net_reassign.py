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
    Registering a range adds a read of the nets inside the range (an overlap fails before any write), a read of
    the open tickets (see below), the Reassign or Reallocate request, and for a simple reassignment a read of the
    new customer; POC links add one Modify NET."
  - "Tickets: ARIN's answer to a Reassign or Reallocate request may be a ticket for its staff instead of the net
    (its original rules queued large IPv4 simple reassignments that way; it has answered with the net since 2023,
    but the API keeps both answers). ARIN's tickets do not name the range, so each request carries a message with a line C(Range <start> - <end>). Before
    registering a range, the module lists the open tickets and reads each open reassign or reallocate ticket; when
    one carries that line, the module does not send the request again but reports (or waits for) that ticket.
    Tickets opened by hand in ARIN Online carry no such line and are not taken for this range."
  - "Removals use Remove NET with a message carrying a line C(Net <handle>). ARIN removes a net without nets under
    it at once; otherwise it opens a C(NET_DELETE_REQUEST) ticket, returned in RV(ticket). While such a ticket with
    that line is open, later runs report it instead of asking again."
  - A ticket resolved as anything but ACCEPTED (for example DENIED) is reported as a failure when waiting for it;
    a later run sends the request again.
  - Reassignments cannot be subdivided, and ARIN refuses a range that overlaps a net already registered under the
    same parent; the module reports both before any write.
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
      registrations and after a removal.
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

from ansible_collections.arin.regrws.plugins.module_utils._argspec import ArgumentSpec, address_argspec, wait_argspec
from ansible_collections.arin.regrws.plugins.module_utils._errors import ArinError, InputError
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils import _checks, _nets
from ansible_collections.arin.regrws.plugins.module_utils._nets import NET
from ansible_collections.arin.regrws.plugins.module_utils._views import CUSTOMER

CUSTOMER_FIELDS = ('street_address', 'city', 'region', 'postal_code', 'country', 'comments')


class Run(object):
    """One run of the task: the reads, the decision and the writes."""

    def __init__(self, module):
        self.module = module
        self.api = module.api
        p = self.p = module.params
        self.rng = _nets.NetRange.parse(p['prefix'], p['start_address'], p['end_address'])
        self.kind = p['type']
        self.net_type = 'A' if self.kind == 'reallocate' else 'S'
        self.net_desired = dict((k, p[k]) for k in ('net_name', 'comments', 'poc_links') if p[k] is not None)
        self.customer_desired = None
        if p['customer'] is not None:
            c = p['customer']
            self.customer_desired = dict((k, c[k]) for k in CUSTOMER_FIELDS if c[k] is not None)
            self.customer_desired['customer_name'] = c['name']
            if c['private'] is not None:
                self.customer_desired['private'] = c['private']
        self.ticket = None
        self.changed = False
        self.before = self.after = self.planned = None
        self.customer_before = self.customer_after = self.customer_planned = None

    # -- input ---------------------------------------------------------------

    def check_input(self):
        p = self.p
        _nets.check_net_name(p['net_name'])
        _checks.ascii_only(dict((k, v) for k, v in self.net_desired.items() if k != 'poc_links'))
        if p['state'] == 'absent':
            return
        if self.kind == 'reallocate' and p['customer'] is not None:
            raise InputError('a reallocation goes to an org: give org_handle, not customer')
        if self.customer_desired is not None:
            _checks.ascii_only(self.customer_desired)
            _checks.address(self.customer_desired, creating=False)
            _nets.check_simple_ipv6(self.rng)
        if self.kind == 'reallocate' and not p['org_handle']:
            raise InputError('a reallocation needs org_handle (the recipient org)')

    def check_create_input(self):
        if not self.p['net_name']:
            raise InputError('registering %s needs net_name' % self.rng)
        if self.customer_desired is None and not self.p['org_handle']:
            raise InputError('registering %s needs a recipient: customer (simple reassignment) or org_handle'
                             % self.rng)
        if self.customer_desired is not None:
            _checks.address(self.customer_desired, creating=True)

    # -- the run ---------------------------------------------------------------

    def __call__(self):
        self.check_input()
        existing, covering = _nets.find_exact(self.api, self.rng)
        if self.p['state'] == 'absent':
            self.absent(existing)
        elif existing is None:
            self.create(covering)
        else:
            mismatch = self.mismatch(existing)
            if mismatch and not self.p['replace']:
                raise InputError('%s is held by %s: %s; set replace=true to remove it and register the range as '
                                 'declared' % (self.rng, _nets.describe(existing), '; '.join(mismatch)))
            if mismatch:
                self.replace(existing)
            else:
                self.update(existing)
        return self.result()

    def mismatch(self, net):
        p = self.p
        reasons = []
        if _nets.net_type(net) != self.net_type:
            reasons.append('it is of type %s, not %s' % (_nets.net_type(net), self.net_type))
        if p['org_handle'] and (net.get('org_handle') or '').upper() != p['org_handle'].upper():
            reasons.append('its recipient is %s, not org %s' % (
                'org %s' % net['org_handle'] if net.get('org_handle') else 'customer %s' % net.get('customer_handle'),
                p['org_handle']))
        if self.customer_desired is not None and not net.get('customer_handle'):
            reasons.append('it is not a simple reassignment (recipient org %s)' % net.get('org_handle'))
        if p['parent_net_handle'] and (net.get('parent_net_handle') or '').upper() != p['parent_net_handle'].upper():
            reasons.append('its parent is %s, not %s' % (net.get('parent_net_handle'), p['parent_net_handle']))
        return reasons

    # -- present: the net exists ---------------------------------------------------

    def update(self, net):
        module, api = self.module, self.api
        handle = net['handle']
        if self.customer_desired is not None:
            customer_handle = net['customer_handle']
            customer = api.get_customer(customer_handle)
            outcome = module.update(CUSTOMER, customer, self.customer_desired,
                                    lambda planned: api.modify_customer(customer_handle, planned),
                                    reread=lambda: api.get_customer(customer_handle))
            self.changed |= outcome.changed
            self.customer_before, self.customer_after = outcome.before, outcome.after
        outcome = module.update(NET, net, self.net_desired, lambda planned: api.modify_net(handle, planned),
                                reread=lambda: api.get_net(handle))
        self.changed |= outcome.changed
        if self.before is None:
            self.before = outcome.before
        self.after = outcome.after

    # -- present: the range is free -----------------------------------------------

    def create(self, covering):
        parent = _nets.resolve_parent(self.api, self.rng, covering, self.p['parent_net_handle'])
        overlapping = _nets.overlapping_children(self.api, self.rng, parent)
        if overlapping:
            raise InputError('%s overlaps %s under net/%s; ARIN refuses overlapping registrations (409)'
                             % (self.rng, ', '.join(_nets.describe(net) for net in overlapping), parent['handle']))
        pending = _nets.open_request(self.api, _nets.marker(self.rng))
        if pending is not None:
            # Our earlier request is still queued: never send it again.
            self.ticket = pending
            self.follow_ticket()
            return
        self.check_create_input()
        self.register(parent['handle'])

    def register(self, parent_handle):
        module, api = self.module, self.api
        body = {
            'version': self.rng.version,
            'net_blocks': self.rng.net_blocks(self.net_type),
            'parent_net_handle': parent_handle,
            'net_name': self.p['net_name'],
            'comment': self.p['comments'] or None,
            'messages': [_nets.request_message(self.kind, self.rng, self.p['note'])],
        }
        if self.customer_desired is not None:
            body['customer'] = CUSTOMER.apply({}, self.customer_desired)
        else:
            body['org_handle'] = self.p['org_handle']
        self.changed = True
        planned = dict(body, poc_links=self.p['poc_links'] or [], messages=None)
        planned_customer = dict(body.get('customer') or {}) or None
        self.planned, self.customer_planned = planned, planned_customer
        if module.check_mode:
            self.after, self.customer_after = planned, planned_customer
            return
        submit = api.reallocate if self.kind == 'reallocate' else api.reassign

        def confirm():
            net, dummy = _nets.find_exact(api, self.rng)
            if net is not None:
                return {'net': net, 'ticket': None}
            ticket = _nets.open_request(api, _nets.marker(self.rng))
            return {'net': None, 'ticket': ticket} if ticket is not None else None

        answer = module.write(lambda: submit(parent_handle, body), confirm)
        if answer.get('ticket'):
            self.ticket = answer['ticket']
            self.follow_ticket()
        else:
            self.registered(answer['net'])

    def registered(self, net):
        """Finish a new registration: POC links (forbidden on create) and the customer as ARIN holds it."""
        if net.get('customer_handle') and self.customer_desired is not None:
            self.customer_after = self.api.get_customer(net['customer_handle'])
        outcome = self.module.update(NET, net, self.net_desired,
                                     lambda planned: self.api.modify_net(net['handle'], planned),
                                     reread=lambda: self.api.get_net(net['handle']))
        self.after = outcome.after

    def follow_ticket(self):
        """Report the ticket; with wait, wait for it and finish the task once ARIN accepted it."""
        if not self.p['wait']:
            return
        self.ticket = _nets.wait_for_ticket(self.api, self.ticket, self.p['wait_timeout'], self.p['wait_interval'])
        status = self.ticket.get('web_ticket_status')
        if status not in _nets.FINAL_STATUSES:
            raise _nets.Unfinished('ticket %s for %s is still %s after %s seconds; it stays queued at ARIN and a '
                                   'later run follows it instead of sending the request again'
                                   % (self.ticket['ticket_no'], self.rng, status, self.p['wait_timeout']))
        net, dummy = _nets.find_exact(self.api, self.rng)
        if net is None:
            raise _nets.Unfinished('ticket %s for %s was %s %s and ARIN holds no net for the range'
                                   % (self.ticket['ticket_no'], self.rng, status,
                                      self.ticket.get('web_ticket_resolution')))
        if self.planned is None:
            # A ticket of an earlier run: compare the net it created like any existing net.
            self.update(net)
        else:
            self.registered(net)

    # -- replace and remove -----------------------------------------------------------

    def remove(self, net):
        """Remove ``net`` (and its customer with delete_customer); False when ARIN answered a ticket."""
        customer = None
        if self.p['delete_customer'] and net.get('customer_handle'):
            customer = _nets.find(lambda: self.api.get_customer(net['customer_handle']))
        answer = _nets.remove(self.module, net, self.p['note'])
        self.changed = not (answer or {}).get('earlier')
        self.before = net
        self.customer_before = customer
        if answer and answer.get('ticket'):
            self.ticket = answer['ticket']
            if self.p['wait']:
                self.ticket = _nets.wait_for_ticket(self.api, self.ticket, self.p['wait_timeout'],
                                                    self.p['wait_interval'])
            if self.ticket.get('web_ticket_status') not in _nets.FINAL_STATUSES:
                if customer is not None:
                    self.module.warn('customer/%s was not deleted: removing %s became ticket %s'
                                     % (customer['handle'], net['handle'], self.ticket['ticket_no']))
                return False
        if customer is not None and not self.module.check_mode:
            handle = customer['handle']
            try:
                self.module.write(lambda: self.api.delete_customer(handle),
                                  lambda: {} if _nets.find(lambda: self.api.get_customer(handle)) is None else None)
            except ArinError as error:
                raise _nets.Unfinished('net/%s was removed, but customer/%s stays at ARIN: %s'
                                       % (net['handle'], handle, error.one_line()))
        return True

    def absent(self, net):
        if net is None:
            return
        if self.p['org_handle'] and (net.get('org_handle') or '').upper() != self.p['org_handle'].upper():
            raise InputError('%s is registered to %s, not org %s; refusing to remove it'
                             % (self.rng, net.get('org_handle') or 'customer %s' % net.get('customer_handle'),
                                self.p['org_handle']))
        if self.remove(net) or self.changed:
            self.after = None
        else:
            self.after = net  # removal requested by an earlier run and still in progress

    def replace(self, net):
        _nets.check_removable(net)
        self.check_create_input()
        if not self.remove(net):
            self.module.warn('%s will be registered on a later run, once ticket %s is processed'
                             % (self.rng, self.ticket['ticket_no']))
            return
        self.register(self.p['parent_net_handle'] or net['parent_net_handle'])

    # -- result --------------------------------------------------------------------

    def result(self):
        result = {
            'changed': self.changed,
            'net': NET.read(self.after),
            'customer': CUSTOMER.read(self.customer_after),
            'ticket': _nets.ticket_view(self.ticket),
        }
        if self.module.ansible._diff:
            before, after = NET.managed(self.before), NET.managed(self.after or self.planned)
            customer_after = self.customer_after or self.customer_planned
            if self.customer_before is not None or customer_after is not None:
                if before:
                    before['customer'] = CUSTOMER.managed(self.customer_before)
                if after:
                    after['customer'] = CUSTOMER.managed(customer_after)
            result['diff'] = dict(before=before, after=after,
                                  before_header=_nets.header(self.before, self.rng),
                                  after_header=_nets.header(self.after or self.before, self.rng))
        return result


def run(module):
    task = Run(module)
    try:
        return task()
    except _nets.Unfinished as error:
        # The request was made (or found queued): report it with the failure.
        module.fail(error, changed=task.changed, ticket=_nets.ticket_view(task.ticket))


def main():
    customer = dict(name=dict(type='str', required=True), private=dict(type='bool'))
    customer.update(address_argspec())
    options = dict(
        prefix=dict(type='str'),
        start_address=dict(type='str'),
        end_address=dict(type='str'),
        parent_net_handle=dict(type='str'),
        type=dict(type='str', default='reassign', choices=['reassign', 'reallocate']),
        org_handle=dict(type='str'),
        customer=dict(type='dict', options=customer),
        net_name=dict(type='str'),
        comments=dict(type='list', elements='str'),
        poc_links=_nets.poc_links_argspec(),
        replace=dict(type='bool', default=False),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        note=dict(type='str'),
        delete_customer=dict(type='bool', default=False),
    )
    options.update(wait_argspec())
    ArinModule(ArgumentSpec(
        options,
        required_one_of=[('prefix', 'start_address')],
        mutually_exclusive=[('prefix', 'start_address'), ('prefix', 'end_address'), ('customer', 'org_handle')],
        required_together=[('start_address', 'end_address')],
    )).run(run)


if __name__ == '__main__':
    main()
