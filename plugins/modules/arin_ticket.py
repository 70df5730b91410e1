#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_ticket
short_description: Add a message to an ARIN ticket, close it, or wait for its status
version_added: 0.1.0
description:
  - Follows an ARIN ticket (a queued org or reassignment request, a NET_DELETE_REQUEST, a question to ARIN staff)
    from a playbook.
  - Adds a message, with attachments read from files on the controller, unless the ticket already holds a message
    with the same subject and text.
  - Closes a ticket that ARIN has resolved, optionally waiting for ARIN to resolve it first.
  - Waits until a ticket reaches one of a set of statuses.
  - The steps run in this order, in one task - add the message, wait, close.
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
  - arin.regrws.journal.LOCK
attributes:
  check_mode:
    support: full
    details:
      - Waiting (O(wait), O(wait_for)) only reads from ARIN, so it happens in check mode too.
  diff_mode:
    support: full
  idempotent:
    support: full
    details:
      - A message counts as added when the ticket already holds one with the same subject and text.
options:
  ticket_no:
    description:
      - Number of the ticket, for example V(20240115-X17). ARIN returns it when a write becomes a ticket
        (C(ticket.ticket_no) in the other modules' results); M(arin.regrws.arin_ticket_info) lists tickets.
    type: str
    required: true
  subject:
    description:
      - Subject of the message to add.
      - A message is added when O(subject) or O(text) is given.
    type: str
  text:
    description:
      - Lines of the message to add.
    type: list
    elements: str
  category:
    description:
      - Category of the message. V(JUSTIFICATION) marks it as justification for a request.
    type: str
    choices: [NONE, JUSTIFICATION]
    default: NONE
  attachments:
    description:
      - Files on the controller to attach to the message; each is sent with its base name as file name.
      - Every file is read before any request, so a missing or unreadable file fails the task before anything is
        sent.
    type: list
    elements: path
  status:
    description:
      - V(closed) closes the ticket. ARIN lets a client close a ticket only once it is RESOLVED; a ticket that is
        already CLOSED is left as it is.
      - A ticket in any other status fails the task, unless O(wait=true).
    type: str
    choices: [closed]
  wait:
    description:
      - With O(status=closed), wait for ARIN to resolve the ticket (up to O(wait_timeout)) before closing it,
        instead of failing.
    type: bool
    default: false
  wait_for:
    description:
      - Wait until the ticket's status is one of these, for example V(RESOLVED) and V(CLOSED) after a request.
      - Fails when O(wait_timeout) passes first.
    type: list
    elements: str
    choices: [PENDING_CONFIRMATION, PENDING_REVIEW, PENDING_CUSTOMER_REVIEW, ASSIGNED, IN_PROGRESS, WAIT_LIST,
              RESOLVED, CLOSED, APPROVED]
  wait_timeout:
    description:
      - How many seconds to wait at most, for O(wait) and O(wait_for).
    type: int
    default: 600
  wait_interval:
    description:
      - Seconds between two reads of the ticket while waiting.
    type: int
    default: 15
notes:
  - "Natural key of a message: its subject and its text lines (trailing spaces and blank lines ignored). When the
    ticket already holds such a message, nothing is added, whatever its category and attachments; ARIN offers no
    way to change or remove a message once it is added."
  - ARIN does not accept a message on a CLOSED ticket. The module fails before any write when a new message is meant
    for a closed ticket.
  - The only status change ARIN allows a client is RESOLVED to CLOSED.
  - Right before adding a message, the module reads the ticket again, under a lock beside O(create_journal) that runs on
    the same host take in turn, so two runs of the task do not both add it. After a lost answer it reads the ticket
    back and reports whether the message is there; it never sends it again unasked.
  - To find messages, the module reads the ticket with its messages inline. When ARIN refuses that because the
    inline attachments are too large (HTTP 413), it reads the list of message references and then each message.
seealso:
  - module: arin.regrws.arin_ticket_info
'''

EXAMPLES = r'''
- name: Send the justification for a pending request, with the network plan
  arin.regrws.arin_ticket:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    ticket_no: "{{ request.ticket.ticket_no }}"
    subject: Justification for the /22
    text:
      - The attached plan shows the utilisation of our current blocks.
    category: JUSTIFICATION
    attachments:
      - files/network-plan.pdf

- name: Wait for ARIN to resolve the ticket, then close it (key from the ARIN_API_KEY environment variable)
  arin.regrws.arin_ticket:
    environment: production
    ticket_no: 20240115-X17
    status: closed
    wait: true
    wait_timeout: 3600
    wait_interval: 60

- name: Wait until the org request is no longer pending
  arin.regrws.arin_ticket:
    environment: production
    ticket_no: 20240115-X18
    wait_for: [RESOLVED, CLOSED]
  register: org_request
'''

RETURN = r'''
endpoint:
  description:
    - The Reg-RWS base URL the task talked to, from O(base_url), O(environment) or their environment variables.
      It never carries the key.
  returned: always, except when the task fails on its options before choosing a service
  type: str
  sample: https://reg.ote.arin.net/rest
ticket:
  description:
    - The ticket after the task; in check mode, as it would be.
    - RV(ticket.messages) is there when the task gave a message (the module read every message then).
  returned: success
  type: dict
  contains:
    ticket_no:
      description: The ticket number.
      type: str
      sample: 20240115-X17
    type:
      description: ARIN's ticket type, for example C(ORG_CREATE), C(NET_DELETE_REQUEST), C(QUESTION).
      type: str
      sample: QUESTION
    status:
      description: The ticket's status, for example C(PENDING_REVIEW), C(RESOLVED), C(CLOSED).
      type: str
      sample: CLOSED
    resolution:
      description: How ARIN resolved the ticket, once it has, for example C(ACCEPTED), C(DENIED), C(ANSWERED).
      type: str
      sample: ANSWERED
    created_date:
      description: When the ticket was opened (ISO 8601).
      type: str
      sample: "2024-01-15T10:02:11-05:00"
    updated_date:
      description: When the ticket last changed.
      type: str
      sample: "2024-01-17T09:00:00-05:00"
    resolved_date:
      description: When ARIN resolved the ticket.
      type: str
      sample: "2024-01-16T08:30:00-05:00"
    closed_date:
      description: When the ticket was closed.
      type: str
      sample: "2024-01-17T09:00:00-05:00"
    shared:
      description: Whether the ticket is shared with the Admin and Tech POCs of its org.
      type: bool
      sample: false
    org_handle:
      description: The org the ticket is associated with.
      type: str
      sample: EXNET-1
    messages:
      description:
        - Every message of the ticket, in the shape of RV(message), oldest first (by creation date, then message
          ID), whatever order ARIN answered in.
      type: list
      elements: dict
      returned: when O(subject) or O(text) is given
      sample:
        - message_id: 1
          subject: Question
          text: [line one, line two]
          category: NONE
          created_date: "2024-01-16T08:30:00-05:00"
          attachments:
            - filename: notes.txt
              attachment_id: null
  sample:
    ticket_no: 20240115-X17
    type: QUESTION
    status: CLOSED
    resolution: ANSWERED
    created_date: "2024-01-15T10:02:11-05:00"
    updated_date: "2024-01-17T09:00:00-05:00"
    resolved_date: "2024-01-16T08:30:00-05:00"
    closed_date: "2024-01-17T09:00:00-05:00"
    shared: false
    org_handle: EXNET-1
message:
  description:
    - The message the task added, or the one already on the ticket with the same subject and text.
    - In check mode, a message that would be added has no RV(message.message_id) yet.
  returned: when O(subject) or O(text) is given
  type: dict
  contains:
    message_id:
      description: ARIN's ID of the message within the ticket.
      type: int
      sample: 3
    subject:
      description: Subject.
      type: str
      sample: Justification for the /22
    text:
      description: Lines of the message.
      type: list
      elements: str
      sample: [The attached plan shows the utilisation of our current blocks.]
    category:
      description: V(NONE) or V(JUSTIFICATION).
      type: str
      sample: JUSTIFICATION
    created_date:
      description: When the message was added.
      type: str
      sample: "2024-01-17T09:00:00-05:00"
    attachments:
      description:
        - Names and IDs of the message's attachments; never their content.
        - The ID is null where ARIN returned the attachment inline.
      type: list
      elements: dict
      sample:
        - filename: network-plan.pdf
          attachment_id: 3f2a9c0e51d84b7a9e6c0d1b2a3f4e5d
  sample:
    message_id: 3
    subject: Justification for the /22
    text: [The attached plan shows the utilisation of our current blocks.]
    category: JUSTIFICATION
    created_date: "2024-01-17T09:00:00-05:00"
    attachments:
      - filename: network-plan.pdf
        attachment_id: 3f2a9c0e51d84b7a9e6c0d1b2a3f4e5d
error:
  description: What went wrong, when the task failed; includes ARIN's own error payload.
  returned: failure
  type: dict
  sample:
    kind: api
    operation: set ticket/20240115-X17 to CLOSED
    status: 400
    code: E_BAD_REQUEST
    arin_message: Only a RESOLVED ticket can be closed (ticket is IN_PROGRESS).
    components: []
'''

from ansible_collections.arin.regrws.plugins.module_utils._argspec import ArgumentSpec, wait_argspec
from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError
from ansible_collections.arin.regrws.plugins.module_utils._journal import journal_argspec
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils._payloads import Document
from ansible_collections.arin.regrws.plugins.module_utils._normalize import trim_lines
from ansible_collections.arin.regrws.plugins.module_utils import _checks, _tickets
from ansible_collections.arin.regrws.plugins.module_utils._views import (
    MESSAGE, MESSAGE_CATEGORIES, TICKET, TICKET_STATUSES, TICKET_WITH_MESSAGES,
)


def planned_message(p):
    """The message the task asks for, as a T4 payload (attachments read from the controller)."""
    if p['subject'] is None and p['text'] is None:
        if p['attachments']:
            raise InputError('attachments need a message: give subject or text')
        return None
    text = trim_lines(p['text'])
    _checks.ascii_only(dict(subject=p['subject'], text=text), allow_accents=())
    return dict(subject=p['subject'], text=text, category=p['category'],
                attachments=_tickets.load_attachments(p['attachments']) or None)


def state(ticket, with_messages):
    """The diff's view of a ticket: its status, and its messages when the task manages one."""
    view = dict(status=TICKET.read(ticket)['status'])
    if with_messages:
        view['messages'] = [dict((k, v) for k, v in MESSAGE.read(m).items() if k not in ('message_id', 'created_date'))
                            for m in ticket.get('messages') or []]
    return view


def send_once(module, ticket_no, wanted, ticket):
    """Add the message unless it is there by now: ``(changed, message, ticket)``.

    Runs on this host send one at a time and read the ticket again right before sending, so a
    run that waited for another one finds its message instead of adding a copy.
    """
    api = module.api

    def find():
        return _tickets.find_message(_tickets.read_messages(api, ticket_no)['messages'],
                                     wanted['subject'], wanted['text'])

    with module.journal.exclusive():
        latest = _tickets.read_messages(api, ticket_no)
        message = _tickets.find_message(latest['messages'], wanted['subject'], wanted['text'])
        if message is not None:
            return False, message, latest
        message = module.write(lambda: api.add_message(ticket_no, wanted), find,
                               check='the messages of ticket %s' % ticket_no)
    return True, message, Document('ticket', dict(latest, messages=list(latest['messages']) + [message]))


def run(module):
    p = module.params
    api, ticket_no = module.api, p['ticket_no']
    _checks.ticket_no(ticket_no)
    wanted = planned_message(p)
    waiting = dict(timeout=p['wait_timeout'], interval=p['wait_interval'])

    before = _tickets.read_messages(api, ticket_no) if wanted else api.get_ticket_summary(ticket_no)
    ticket, changed, message = before, False, None
    status = TICKET.read(ticket)['status']
    if p['status'] == 'closed' and status not in ('RESOLVED', 'CLOSED') and not p['wait']:
        raise InputError('ticket/%s is %s: ARIN lets a client close a ticket only once it is RESOLVED; '
                         'set wait to wait for that' % (ticket_no, status))

    if wanted:
        message = _tickets.find_message(before['messages'], wanted['subject'], wanted['text'])
        if message is None:
            if status == 'CLOSED':
                raise InputError('ticket/%s is CLOSED: ARIN accepts no new message on a closed ticket' % ticket_no)
            if module.check_mode:
                changed, message = True, Document('message', wanted)
                ticket = Document('ticket', dict(ticket, messages=list(ticket['messages']) + [message]))
            else:
                changed, message, ticket = send_once(module, ticket_no, wanted, ticket)

    if p['status'] == 'closed':
        if status not in ('RESOLVED', 'CLOSED'):
            current = _tickets.wait_for_status(api, ticket_no, ('RESOLVED', 'CLOSED'),
                                               ticket=before if not changed else None, **waiting)
            ticket = Document('ticket', dict(ticket, **current_fields(current)))
        if TICKET.read(ticket)['status'] == 'RESOLVED':
            changed = True
            if module.check_mode:
                closed = dict(web_ticket_status='CLOSED')
            else:
                closed = current_fields(module.write(
                    lambda: api.set_ticket_status(ticket_no, 'CLOSED'),
                    lambda: _closed(api.get_ticket_summary(ticket_no))))
            ticket = Document('ticket', dict(ticket, **closed))

    if p['wait_for']:
        current = _tickets.wait_for_status(api, ticket_no, p['wait_for'], ticket=before if not changed else None,
                                           **waiting)
        ticket = Document('ticket', dict(ticket, **current_fields(current)))

    result = dict(changed=changed, ticket=(TICKET_WITH_MESSAGES if wanted else TICKET).read(ticket))
    if wanted:
        result['message'] = MESSAGE.read(message)
    if module.ansible._diff:
        result['diff'] = dict(before=state(before, wanted), after=state(ticket, wanted),
                              before_header='ticket/%s' % ticket_no, after_header='ticket/%s' % ticket_no)
    return result


def current_fields(ticket):
    """The ticket's own fields from a fresh read, without its messages."""
    return dict((k, v) for k, v in ticket.items() if k not in ('messages', 'message_references'))


def _closed(ticket):
    return ticket if TICKET.read(ticket)['status'] == 'CLOSED' else None


def main():
    options = dict(
        ticket_no=dict(type='str', required=True),
        subject=dict(type='str'),
        text=dict(type='list', elements='str'),
        category=dict(type='str', default='NONE', choices=list(MESSAGE_CATEGORIES)),
        attachments=dict(type='list', elements='path'),
        status=dict(type='str', choices=['closed']),
        wait_for=dict(type='list', elements='str', choices=list(TICKET_STATUSES)),
    )
    options.update(wait_argspec())
    options.update(journal_argspec(retry=False))
    ArinModule(ArgumentSpec(
        options,
        required_one_of=[('subject', 'text', 'status', 'wait_for')],
        mutually_exclusive=[('status', 'wait_for')],
    )).run(run)


if __name__ == '__main__':
    main()
