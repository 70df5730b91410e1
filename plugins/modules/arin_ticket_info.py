#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: arin_ticket_info
short_description: Read ARIN tickets, their messages, and download attachments
version_added: 0.1.0
description:
  - Reads one ticket (its summary, or with every message), or lists the tickets of the key's web user by type and
    status.
  - Reads one message of a ticket and can download one of its attachments to a file on the controller.
  - Never writes to ARIN. The only thing it may write is the downloaded file (O(dest)).
author:
  - arin.regrws contributors (@arin-regrws)
extends_documentation_fragment:
  - arin.regrws.regrws
  - arin.regrws.regrws.ATTRIBUTES
  - arin.regrws.regrws.INFO_MODULE
options:
  ticket_no:
    description:
      - Number of the ticket to read, for example V(20240115-X17).
      - Without it, the module lists tickets filtered by O(ticket_type) and O(ticket_status).
    type: str
  messages:
    description:
      - Also read every message of each ticket (subject, text, category, attachment names and IDs).
      - The module reads a ticket with its messages inline; when ARIN refuses that because the attachments are too
        large (HTTP 413), it reads the message references and then each message. When a message has attachments,
        one more read fetches their IDs.
      - Messages come oldest first, ordered by creation date and then by message ID. ARIN lists them newest first
        and its message IDs have gaps, so the module never relies on either.
    type: bool
    default: false
  ticket_type:
    description:
      - List only tickets of this type, for example V(ORG_CREATE), V(NET_DELETE_REQUEST) or V(QUESTION).
      - Defaults to V(ANY), every type. Not used with O(ticket_no).
    type: str
  ticket_status:
    description:
      - List only tickets in this status. V(ANY) is every status, V(ANY_OPEN) every status but CLOSED.
      - Defaults to V(ANY_OPEN). Not used with O(ticket_no).
    type: str
    choices: [ANY, ANY_OPEN, PENDING_CONFIRMATION, PENDING_REVIEW, PENDING_CUSTOMER_REVIEW, ASSIGNED, IN_PROGRESS,
              WAIT_LIST, RESOLVED, CLOSED, APPROVED]
  message_id:
    description:
      - Read this message of ticket O(ticket_no) (RV(message)) instead of the ticket.
    type: int
  attachment_id:
    description:
      - ID of the attachment of message O(message_id) to download to O(dest).
    type: str
  attachment_filename:
    description:
      - File name of the attachment of message O(message_id) to download to O(dest), when its ID is not known.
    type: str
  dest:
    description:
      - Where to save the attachment chosen by O(attachment_id) or O(attachment_filename), on the controller. When
        O(dest) is a directory, the file keeps the attachment's name.
      - The content goes to the file only, never into the result. When the file already holds the same content, it
        is left alone and the task reports no change.
      - In check mode the file is not written; the task reports whether it would change.
    type: path
notes:
  - Reg-RWS shows every ticket of the key's web user, including those opened on ARIN Online.
  - ARIN deletes report tickets and their attachments some time after closing them; reading them then fails with
    HTTP 404.
seealso:
  - module: arin.regrws.arin_ticket
'''

EXAMPLES = r'''
- name: List our open org requests
  arin.regrws.arin_ticket_info:
    environment: production
    ticket_type: ORG_CREATE
    ticket_status: ANY_OPEN
  register: org_requests

- name: Read a ticket with its messages
  arin.regrws.arin_ticket_info:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    ticket_no: 20240115-X17
    messages: true
  register: ticket

- name: Download the first attachment of the newest message that has one (messages come oldest first)
  arin.regrws.arin_ticket_info:
    api_key: "{{ vault_arin_api_key }}"
    environment: production
    ticket_no: 20240115-X17
    message_id: "{{ (ticket.tickets[0].messages | selectattr('attachments') | last).message_id }}"
    attachment_id: "{{ (ticket.tickets[0].messages | selectattr('attachments') | last).attachments[0].attachment_id }}"
    dest: /var/tmp/arin/
'''

RETURN = r'''
endpoint:
  description:
    - The Reg-RWS base URL the task talked to, from O(base_url), O(environment) or their environment variables.
      It never carries the key.
  returned: always, except when the task fails on its options before choosing a service
  type: str
  sample: https://reg.ote.arin.net/rest
tickets:
  description:
    - The ticket read, or the tickets listed, with their messages when O(messages=true).
    - Messages are listed oldest first (by creation date, then message ID), whatever order ARIN answered in.
    - The fields are those M(arin.regrws.arin_ticket) returns.
  returned: unless O(message_id) is given
  type: list
  elements: dict
  sample:
    - ticket_no: 20240115-X17
      type: QUESTION
      status: RESOLVED
      resolution: ANSWERED
      created_date: "2024-01-15T10:02:11-05:00"
      updated_date: "2024-01-16T08:30:00-05:00"
      resolved_date: "2024-01-16T08:30:00-05:00"
      closed_date: null
      shared: false
      org_handle: null
      messages:
        - message_id: 2
          subject: Question
          text: [line one, line two]
          category: NONE
          created_date: "2024-01-16T08:30:00-05:00"
          attachments:
            - filename: notes.txt
              attachment_id: 3f2a9c0e51d84b7a9e6c0d1b2a3f4e5d
message:
  description: The message O(message_id), with the names and IDs of its attachments.
  returned: when O(message_id) is given
  type: dict
  sample:
    message_id: 2
    subject: Question
    text: [line one, line two]
    category: NONE
    created_date: "2024-01-16T08:30:00-05:00"
    attachments:
      - filename: notes.txt
        attachment_id: 3f2a9c0e51d84b7a9e6c0d1b2a3f4e5d
attachment:
  description: The downloaded attachment; its content is in the file only.
  returned: when O(dest) is given
  type: dict
  contains:
    path:
      description: The file written (or that would be written, in check mode).
      type: str
      sample: /var/tmp/arin/notes.txt
    filename:
      description: The attachment's name at ARIN.
      type: str
      sample: notes.txt
    size:
      description: Size in bytes.
      type: int
      sample: 16
    checksum:
      description: SHA-1 of the content.
      type: str
      sample: 4a0c3e0b2b3bd6d3e0a6b0a18c5f7f2a1e4b9d11
  sample:
    path: /var/tmp/arin/notes.txt
    filename: notes.txt
    size: 16
    checksum: 4a0c3e0b2b3bd6d3e0a6b0a18c5f7f2a1e4b9d11
'''

import re

from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError
from ansible_collections.arin.regrws.plugins.module_utils._argspec import ArgumentSpec
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.plugins.module_utils import _checks, _tickets
from ansible_collections.arin.regrws.plugins.module_utils._views import (
    MESSAGE, TICKET, TICKET_STATUSES, TICKET_WITH_MESSAGES,
)


def read_ticket(module, ticket_no):
    if module.params['messages']:
        return TICKET_WITH_MESSAGES.read(_tickets.read_messages(module.api, ticket_no, attachment_ids=True))
    return TICKET.read(module.api.get_ticket_summary(ticket_no))


def download(module, ticket_no, message):
    p = module.params
    for ref in message.get('attachment_references') or []:
        if ref.get('attachment_id') == p['attachment_id'] or (
                p['attachment_filename'] is not None and ref.get('attachment_filename') == p['attachment_filename']):
            break
    else:
        raise InputError('message %s of ticket/%s has no attachment %s' % (
            p['message_id'], ticket_no, p['attachment_id'] or p['attachment_filename']))
    response = module.api.get_attachment(ticket_no, p['message_id'], ref['attachment_id'])
    filename = _tickets.safe_filename(ref.get('attachment_filename'), None) or _tickets.attachment_filename(
        response.headers, ref['attachment_id'])
    return _tickets.save_attachment(module.ansible, response.body, p['dest'], filename, module.check_mode)


def run(module):
    p = module.params
    if p['ticket_no'] is not None:
        _checks.ticket_no(p['ticket_no'])
    if p['ticket_type'] is not None and not re.match(r'^[A-Z0-9_]+$', p['ticket_type']):
        raise InputError('ticket_type %r is not an ARIN ticket type (upper-case, such as ORG_CREATE or ANY)'
                         % p['ticket_type'])
    if p['dest'] is not None:
        if p['attachment_id'] is None and p['attachment_filename'] is None:
            raise InputError('dest needs attachment_id or attachment_filename to choose the attachment')
        _tickets.check_dest(p['dest'])

    if p['message_id'] is not None:
        message = module.api.get_message(p['ticket_no'], p['message_id'])
        result = dict(changed=False, message=MESSAGE.read(message))
        if p['dest'] is not None:
            result['attachment'], result['changed'] = download(module, p['ticket_no'], message)
        return result
    if p['ticket_no'] is not None:
        return dict(changed=False, tickets=[read_ticket(module, p['ticket_no'])])
    listed = module.api.list_tickets(p['ticket_type'] or 'ANY', p['ticket_status'] or 'ANY_OPEN')
    return dict(changed=False, tickets=[read_ticket(module, t['ticket_no']) if p['messages'] else TICKET.read(t)
                                        for t in listed])


def main():
    ArinModule(ArgumentSpec(
        dict(
            ticket_no=dict(type='str'),
            messages=dict(type='bool', default=False),
            ticket_type=dict(type='str'),
            ticket_status=dict(type='str', choices=['ANY', 'ANY_OPEN'] + list(TICKET_STATUSES)),
            message_id=dict(type='int'),
            attachment_id=dict(type='str'),
            attachment_filename=dict(type='str'),
            dest=dict(type='path'),
        ),
        mutually_exclusive=[('ticket_no', 'ticket_type'), ('ticket_no', 'ticket_status'),
                            ('attachment_id', 'attachment_filename'), ('message_id', 'messages')],
        required_by={'message_id': ('ticket_no',), 'dest': ('message_id',), 'attachment_id': ('dest',),
                     'attachment_filename': ('dest',)},
    )).run(run)


if __name__ == '__main__':
    main()
