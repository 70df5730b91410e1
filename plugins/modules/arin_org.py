#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_org
short_description: Manage an ARIN organization (org) record, or request a new one
version_added: 0.1.0
description:
  - With O(handle), keeps the fields of an existing org at ARIN as the task declares them, or deletes the org. The
    module reads the org, compares the fields the task sets with what ARIN holds, and writes only when they differ.
    Fields the task leaves out are left as they are.
  - Without O(handle), submits a request to create an org. ARIN does not create the org on the spot. It answers with
    a ticket (type C(ORG_CREATE), status C(PENDING_REVIEW)) that ARIN staff review, and the answer carries no org
    handle. The module returns that ticket in RV(ticket) and can wait for the review (O(wait)).
  - With O(parent_net_handle) and without O(handle), creates a recipient org on the spot with the 2011 Create
    Recipient ORG call (C(POST /rest/net/{parent}/org)), which answers the org with its new handle. ARIN withdrew that
    call in 2020; against ARIN today the task fails with a message saying so (see the notes).
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
  - arin.regrws.address
  - arin.regrws.journal
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: partial
    details:
      - With O(handle). Without it, a second run submits no request while the first request's ticket is open,
        unless O(force=true).
options:
  handle:
    description:
      - Handle of the org to manage, for example V(EXNET-1).
      - When the handle does not exist at ARIN the module fails. Omit it to request a new org.
      - Required with O(state=absent).
    type: str
  state:
    description:
      - V(present) keeps the org as declared (or requests it when O(handle) is omitted), V(absent) deletes it.
      - ARIN refuses to delete an org that still holds nets or ASNs (HTTP 409 C(E_NOT_REMOVEABLE)); remove or return
        those resources first.
    type: str
    choices: [present, absent]
    default: present
  org_name:
    description:
      - The legal name of the organization. Required to request an org.
      - It cannot change once the org exists; a change fails before any write. A legal name change is a separate
        request to ARIN staff.
    type: str
  dba_name:
    description:
      - The name the organization does business as. Cannot change once the org exists.
    type: str
  tax_id:
    description:
      - Tax identification number.
      - The value is compared with ARIN's but never shown. An empty string removes it. It does not appear in diffs, in the returned record or in
        logs, so a change of the tax ID alone shows as changed with identical diff sides.
    type: str
  org_url:
    description:
      - The org's RWhois referral server as ARIN stores it (a C(host:port) such as V(rwhois.example.net:4321)), not a
        website.
      - An empty string removes it.
    type: str
  poc_links:
    description:
      - The complete set of POC links. When given, it replaces the org's links at ARIN, because ARIN replaces every
        link when an org is modified with links.
      - An org needs exactly one Admin (V(AD)), at least one Tech (V(T)) and at least one Abuse (V(AB)) link; the
        module checks that before any request.
      - Required to request an org. To manage one link among others, use M(arin.regrws.arin_org_poc) instead.
    type: list
    elements: dict
    suboptions:
      function:
        description:
          - V(AD) Admin, V(AB) Abuse, V(N) NOC, V(T) Tech, V(R) Routing, V(D) DNS.
        type: str
        required: true
        choices: [AD, AB, N, T, R, D]
      handle:
        description:
          - Handle of the POC. Compared without regard to case.
        type: str
        required: true
  accept_reassignments:
    description:
      - Whether the org accepts reassignments and reallocations of address space from other organizations.
      - ARIN treats an org that never set it as accepting them.
    type: bool
  parent_net_handle:
    description:
      - Create the org at once as the recipient of a reassignment from this net, with the 2011 Create Recipient ORG call,
        instead of submitting an org-create request. Only without O(handle).
      - ARIN withdrew that call in 2020, when it stopped allowing orgs to be created as part of a reassignment. Where
        the server does not offer it (HTTP 404 or 405), the task fails, creating nothing, with a message to request
        the org instead (the same task without O(parent_net_handle)). Servers that still offer it, such as the
        Reg-RWS simulator in legacy mode, answer the new org.
      - ARIN cannot search orgs by name, so the create is kept in O(create_journal) with the handle ARIN returned,
        keyed by the parent net and O(org_name), so later runs of the task on the same host manage that org instead
        of creating another. To manage it from elsewhere, set O(handle) to the handle in RV(org) and drop
        O(parent_net_handle).
    type: str
  force:
    description:
      - Submit an org-create request even when another one is still open (see the notes).
    type: bool
    default: false
  wait:
    description:
      - After submitting an org-create request (or finding the open one), wait until ARIN resolves or closes the
        ticket. ARIN staff review can take days, so this is mostly useful against ARIN's test environment.
      - The task fails when O(wait_timeout) passes first, or when the ticket is resolved other than C(ACCEPTED).
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait with O(wait=true).
    type: int
    default: 600
  wait_interval:
    description:
      - Seconds between two reads of the ticket with O(wait=true).
    type: int
    default: 30
notes:
  - "Natural key: O(handle). ARIN assigns org handles and offers no search by name, and the ticket of an org-create
    request does not name the org it creates. Once the request is approved, find the handle in ARIN Online or in
    ARIN's e-mail, and set O(handle) in the task."
  - "A run without O(handle) submits a request each time it runs, unless one is still open. Before submitting, the
    module lists the key's C(ORG_CREATE) tickets that are not closed. When there is one, it submits nothing, returns
    the most recent one in RV(ticket), and warns. Since a ticket does not say which org it is for, set O(force=true)
    to request a second, different org while one is open. Close the ticket (M(arin.regrws.arin_ticket)) once the
    handle is in the task."
  - An org-create request is for an organization that receives resources directly from ARIN. A downstream customer
    of yours gets no org from you; see M(arin.regrws.arin_customer).
  - The key's user must be linked to the Admin or a Tech POC of the new org to manage it afterwards.
  - "Create Recipient ORG (O(parent_net_handle)) was part of Reg-RWS in 2011. ARIN removed it from its documentation
    and stopped allowing orgs to be created as part of a reassignment in April 2020; today's way to a new org is the
    org-create request. The option exists for servers that still offer the call (older deployments, the simulator's
    legacy mode). It makes one request and never lists tickets."
  - ARIN does not allow O(org_name) or O(dba_name) to change. The module fails before any write when a task asks for
    that.
seealso:
  - module: arin.regrws.arin_org_info
  - module: arin.regrws.arin_org_poc
  - module: arin.regrws.arin_poc
  - module: arin.regrws.arin_customer
'''

EXAMPLES = r'''
- name: Request an org for a new subsidiary (reviewed by ARIN staff)
  arin.regrws.arin_org:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    org_name: Example Labs Inc
    street_address:
      - 200 Example Way
    city: Anytown
    region: VA
    postal_code: "22000"
    country: US
    tax_id: "{{ vault_example_labs_tax_id }}"
    poc_links:
      - {function: AD, handle: ADMIN1-ARIN}
      - {function: T, handle: NOC1-ARIN}
      - {function: AB, handle: ABUSE1-ARIN}
  register: request

- name: Show the ticket to follow
  ansible.builtin.debug:
    msg: "ARIN ticket {{ request.ticket.ticket_no }} is {{ request.ticket.status }}"

- name: Create a recipient org on the spot (the 2011 call; only where the server still offers it)
  arin.regrws.arin_org:
    api_key: "{{ vault_arin_api_key }}"
    environment: test
    parent_net_handle: NET-192-0-2-0-1
    org_name: Example Recipient Inc
    street_address:
      - 300 Example Way
    city: Anytown
    region: VA
    postal_code: "22000"
    country: US
    poc_links:
      - {function: AD, handle: ADMIN1-ARIN}
      - {function: T, handle: NOC1-ARIN}
      - {function: AB, handle: ABUSE1-ARIN}
  register: recipient

- name: Keep our org's address, RWhois server and links as declared (key from the ARIN_API_KEY environment variable)
  arin.regrws.arin_org:
    environment: production
    handle: EXNET-1
    street_address:
      - 100 Example Way
      - Suite 5
    city: Anytown
    region: VA
    postal_code: "22000"
    country: US
    org_url: rwhois.example.net:4321
    accept_reassignments: true
    poc_links:
      - {function: AD, handle: ADMIN1-ARIN}
      - {function: T, handle: NOC1-ARIN}
      - {function: N, handle: NOC1-ARIN}
      - {function: AB, handle: ABUSE1-ARIN}

- name: Delete an org that holds no resources any more
  arin.regrws.arin_org:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    handle: OLDNET-1
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
org:
  description:
    - The org as ARIN holds it after the task; in check mode, as it would be. The tax ID is never included.
    - Empty after a deletion. After an org-create request, the org as requested (without handle). After Create
      Recipient ORG (O(parent_net_handle)), the new org with its handle.
  returned: success
  type: dict
  sample:
    handle: EXNET-1
    org_name: Example Networks LLC
    dba_name: null
    org_url: rwhois.example.net:4321
    poc_links:
      - {function: AB, handle: ABUSE1-ARIN}
      - {function: AD, handle: ADMIN1-ARIN}
      - {function: N, handle: NOC1-ARIN}
      - {function: T, handle: NOC1-ARIN}
    accept_reassignments: true
    street_address: [100 Example Way, Suite 5]
    city: Anytown
    region: VA
    postal_code: "22000"
    country: US
    comments: []
    registration_date: "2026-11-27T10:02:11-05:00"
ticket:
  description:
    - The ticket of the org-create request, when the task ran without O(handle). Empty in check mode when a request
      would be submitted.
    - With O(wait=true), as it was when the wait ended.
  returned: when O(handle) and O(parent_net_handle) are not given
  type: dict
  sample:
    ticket_no: 20261127-X2
    type: ORG_CREATE
    status: PENDING_REVIEW
    resolution: null
    created_date: "2026-11-27T10:05:00-05:00"
    updated_date: "2026-11-27T10:05:00-05:00"
    resolved_date: null
    closed_date: null
    shared: null
    org_handle: null
error:
  description: What went wrong, when the task failed; includes ARIN's own error payload.
  returned: failure
  type: dict
  sample:
    kind: conflict
    operation: delete org/EXNET-1
    status: 409
    code: E_NOT_REMOVEABLE
    arin_message: Org EXNET-1 still holds net NET-192-0-2-0-1.
    components: []
'''


from ansible_collections.arin.regrws.plugins.module_utils._argspec import ArgumentSpec, address_argspec, wait_argspec
from ansible_collections.arin.regrws.plugins.module_utils._journal import journal_argspec, key_of
from ansible_collections.arin.regrws.plugins.module_utils._errors import ApiError, Conflict, InputError
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule, Outcome
from ansible_collections.arin.regrws.plugins.module_utils import _checks
from ansible_collections.arin.regrws.plugins.module_utils._tickets import WaitTimeout, wait_for_status
from ansible_collections.arin.regrws.plugins.module_utils._views import ORG, ORG_IMMUTABLE, POC_FUNCTIONS, TICKET

FIELDS = ('org_name', 'dba_name', 'tax_id', 'org_url', 'poc_links', 'accept_reassignments', 'street_address', 'city',
          'region', 'postal_code', 'country', 'comments')
DONE = ('RESOLVED', 'CLOSED')


def newest(tickets):
    return sorted(tickets, key=lambda t: (t.get('created_date') or '', t.get('ticket_no') or ''))[-1]


def open_requests(module):
    """The key's ORG_CREATE tickets that are not closed (ARIN's ANY_OPEN: RESOLVED ones included)."""
    return list(module.api.list_tickets('ORG_CREATE', 'ANY_OPEN') or [])


def wait_for(module, ticket):
    """The org-create ticket once ARIN accepted it; WaitTimeout when it is still open or was not accepted."""
    p = module.params
    try:
        ticket = wait_for_status(module.api, ticket['ticket_no'], DONE, p['wait_timeout'], p['wait_interval'],
                                 ticket=ticket)
    except WaitTimeout as error:
        error.message += '; run again later (the request is not submitted twice while the ticket is open)'
        raise
    resolution = (ticket.get('web_ticket_resolution') or '').upper()
    if resolution and resolution != 'ACCEPTED':
        raise WaitTimeout('ticket/%s was %s as %s: ARIN did not create the org'
                          % (ticket['ticket_no'], ticket.get('web_ticket_status'), resolution), ticket)
    return ticket


def request_org(module, desired):
    p = module.params
    _checks.required(desired, ('org_name', 'poc_links'), 'requesting an org')
    _checks.address(desired, creating=True)
    pending = open_requests(module)
    if pending and not p['force']:
        ticket = newest(pending)
        module.warn('no org-create request was submitted: ticket/%s (ORG_CREATE, %s) is still open. ARIN tickets do '
                    'not name the org they create; once it is approved, set handle to the new org. Use force=true '
                    'to request a different org while it is open.' % (ticket['ticket_no'], ticket['web_ticket_status']))
        outcome = Outcome(False, None, None)
    else:
        planned = ORG.apply({}, desired)
        outcome = Outcome(True, None, planned)
        ticket = None
        if not module.check_mode:
            known = set(t['ticket_no'] for t in pending)

            def confirm():
                # After a lost answer, a new open ORG_CREATE ticket is the request we sent.
                new = [t for t in open_requests(module) if t['ticket_no'] not in known]
                return newest(new) if new else None

            ticket = module.write(lambda: module.api.create_org(planned), confirm,
                                  check='the open ORG_CREATE tickets of your account')
    try:
        if ticket is not None and p['wait'] and not module.check_mode:
            ticket = wait_for(module, ticket)
    except WaitTimeout as error:
        module.fail(error, changed=outcome.changed, ticket=TICKET.read(error.ticket))
    return module.result(ORG, 'org', outcome, ticket=TICKET.read(ticket))


WITHDRAWN = ('Create Recipient ORG (POST /rest/net/{parent}/org) is not offered by this server (HTTP %s): ARIN '
             'withdrew the call in 2020, when orgs could no longer be created as part of a reassignment. Request the '
             'org instead: the same task without parent_net_handle submits an org-create request (a ticket that ARIN '
             'staff review)')


def create_recipient_org(module, desired):
    """The 2011 call: the org is created at once under the parent net and answered with its handle.

    ARIN cannot search orgs by name, so the create goes through the journal of pending creates:
    a rerun of the task manages the org it created before instead of creating another."""
    parent = module.params['parent_net_handle']
    name = (desired.get('org_name') or '').strip()
    key = key_of('recipient org', parent.strip().upper(), name)
    org = module.created_earlier(key, module.api.get_org, lambda record: ORG.read(record)['org_name'] == name)
    if org is not None:
        outcome = module.update(ORG, org, desired, lambda planned: module.api.modify_org(org['handle'], planned),
                                immutable=ORG_IMMUTABLE, reread=lambda: module.api.get_org(org['handle']))
        return module.result(ORG, 'org', outcome)
    _checks.required(desired, ('org_name', 'poc_links'), 'creating a recipient org')
    _checks.address(desired, creating=True)
    try:
        outcome = module.create_once(
            ORG, desired, lambda planned: module.api.create_recipient_org(parent, planned), key,
            'the org %r created under net/%s (ARIN Online lists the orgs your account has authority over; '
            'Reg-RWS cannot search them by name)' % (name, parent), keep_handle=True)
    except ApiError as error:
        # A missing parent net is E_OBJECT_NOT_FOUND; a 404 or 405 otherwise means the call itself is gone.
        if error.status in (404, 405) and error.code != 'E_OBJECT_NOT_FOUND':
            raise InputError(WITHDRAWN % error.status, operation=error.operation)
        raise
    return module.result(ORG, 'org', outcome)


def run(module):
    p = module.params
    desired = dict((name, p[name]) for name in FIELDS if p[name] is not None)
    for name in ('dba_name', 'tax_id', 'org_url'):
        if desired.get(name) == '':
            desired[name] = None  # an empty string removes the field
    if 'poc_links' in desired:
        desired['poc_links'] = [dict(function=link['function'], handle=link['handle'].strip().upper())
                                for link in desired['poc_links']]
        _checks.org_poc_links(desired['poc_links'])
    _checks.ascii_only(dict((k, v) for k, v in desired.items() if k != 'tax_id'))
    _checks.address(desired, creating=False)

    if not p['handle'] and p['parent_net_handle']:
        return create_recipient_org(module, desired)
    if not p['handle']:
        return request_org(module, desired)

    org = module.find(lambda: module.api.get_org(p['handle']))
    reread = (lambda: module.api.get_org(org['handle'])) if org else None
    if p['state'] == 'absent':
        try:
            outcome = module.delete(org, lambda: module.api.delete_org(org['handle']), reread)
        except Conflict as error:
            error.message += (' (ARIN deletes an org only once no net or ASN is registered to it: remove, return or '
                              'transfer those first)')
            raise
    elif org is None:
        raise InputError('org/%s does not exist; ARIN assigns org handles, so omit handle to request a new org'
                         % p['handle'])
    else:
        outcome = module.update(ORG, org, desired, lambda planned: module.api.modify_org(org['handle'], planned),
                                immutable=ORG_IMMUTABLE, reread=reread)
    return module.result(ORG, 'org', outcome)


def main():
    link = dict(function=dict(type='str', required=True, choices=list(POC_FUNCTIONS)),
                handle=dict(type='str', required=True))
    options = dict(
        handle=dict(type='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        org_name=dict(type='str'),
        dba_name=dict(type='str'),
        tax_id=dict(type='str', no_log=True),
        org_url=dict(type='str'),
        poc_links=dict(type='list', elements='dict', options=link),
        accept_reassignments=dict(type='bool'),
        force=dict(type='bool', default=False),
        parent_net_handle=dict(type='str'),
    )
    options.update(address_argspec())
    options.update(wait_argspec(interval=30))
    options.update(journal_argspec())
    ArinModule(ArgumentSpec(options, required_if=[('state', 'absent', ('handle',))],
                            mutually_exclusive=[('handle', 'parent_net_handle')])).run(run)


if __name__ == '__main__':
    main()
