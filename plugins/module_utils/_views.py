# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""The user's shape of each Reg-RWS record: option names, canonical forms, immutables."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.arin.regrws.plugins.module_utils._normalize import (
    Attr, Country, Emails, Flag, Lines, MaybeFlag, Number, Phones, PocLinks, Upper, View,
)

# Fields shared by every record with a postal address (POC, org, customer).
ADDRESS = [
    Lines('street_address'),
    Attr('city'),
    Upper('region', 'iso3166_2'),
    Attr('postal_code'),
    Country('country', 'iso3166_1'),
    Lines('comments', 'comment'),
]

POC = View('poc', [
    Attr('handle'),
    Upper('contact_type'),
    Attr('first_name'),
    Attr('middle_name'),
    Attr('last_name'),
    Attr('company_name'),
] + ADDRESS + [
    Emails('emails'),
    Phones('phones'),
    Attr('registration_date'),
])
POC_IMMUTABLE = ('contact_type', 'first_name', 'middle_name', 'last_name')
POC_PHONES = View('poc', [Attr('handle'), Phones('phones')])
POC_EMAILS = View('poc', [Attr('handle'), Emails('emails')])

# Orgs: the tax ID is compared but never shown (diff, result, logs).
ORG = View('org', [
    Attr('handle'),
    Attr('org_name'),
    Attr('dba_name'),
    Attr('tax_id'),
    Attr('org_url'),
    PocLinks('poc_links'),
    Flag('accept_reassignments', default=True),
] + ADDRESS + [
    Attr('registration_date'),
], hidden=('tax_id',))
ORG_IMMUTABLE = ('org_name', 'dba_name')
ORG_POC_LINKS = View('org', [Attr('handle'), PocLinks('poc_links')])
POC_FUNCTIONS = ('AD', 'AB', 'N', 'T', 'R', 'D')

# Customers: parent_org_handle is filled by ARIN and never sent by a module.
CUSTOMER = View('customer', [
    Attr('handle'),
    Attr('customer_name'),
] + ADDRESS + [
    Flag('private', 'private_customer'),
    Attr('parent_org_handle'),
    Attr('registration_date'),
])


# Tickets: ARIN owns every field; a client may only close a RESOLVED ticket and add
# messages. Attachment data never appears in a view: only names and IDs.
class Attachments(Attr):
    """``[{filename, attachment_id}]`` from attachment references, or from inline attachments
    (which carry no ID); the data itself is never read."""

    def read(self, doc):
        refs = doc.get('attachment_references')
        if refs:
            return [{'filename': ref.get('attachment_filename'), 'attachment_id': ref.get('attachment_id')}
                    for ref in refs]
        return [{'filename': item.get('filename'), 'attachment_id': None} for item in doc.get('attachments') or []]

    def canon(self, value):
        return sorted(item['filename'] or '' for item in value or [])


MESSAGE = View('message', [
    Number('message_id'),
    Attr('subject'),
    Lines('text'),
    Upper('category'),
    Attr('created_date'),
    Attachments('attachments'),
], identity='message_id')
MESSAGE_CATEGORIES = ('NONE', 'JUSTIFICATION')


class Messages(Attr):
    """The messages of a ticket read in full, in the shape of MESSAGE."""

    def read(self, doc):
        return [MESSAGE.read(message) for message in doc.get(self.key) or []]


TICKET = View('ticket', [
    Attr('ticket_no'),
    Upper('type', 'web_ticket_type'),
    Upper('status', 'web_ticket_status'),
    Upper('resolution', 'web_ticket_resolution'),
    Attr('created_date'),
    Attr('updated_date'),
    Attr('resolved_date'),
    Attr('closed_date'),
    MaybeFlag('shared'),
    Attr('org_handle'),
], identity='ticket_no')
TICKET_WITH_MESSAGES = View('ticket', TICKET.attrs + [Messages('messages')], identity='ticket_no')
TICKET_STATUSES = ('PENDING_CONFIRMATION', 'PENDING_REVIEW', 'PENDING_CUSTOMER_REVIEW', 'ASSIGNED', 'IN_PROGRESS',
                   'WAIT_LIST', 'RESOLVED', 'CLOSED', 'APPROVED')
