# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""Reg-RWS operations: one method per call of ARIN's method catalogue.

Paths, matrix parameters and verbs live here and nowhere else. Every method takes and
returns decoded payloads (see _payloads); the transport does the HTTP.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.arin.regrws.plugins.module_utils._errors import NotFound
from ansible_collections.arin.regrws.plugins.module_utils._payloads import encode
from ansible_collections.arin.regrws.plugins.module_utils._transport import segment


def find(read):
    """The record ``read()`` returns, or None when ARIN says it does not exist."""
    try:
        return read()
    except NotFound:
        return None


def _flag(value):
    return 'true' if value else 'false'


class RegRws(object):
    def __init__(self, transport):
        self.transport = transport

    def _call(self, method, path, operation, payload=None, query=None):
        return self.transport.xml(method, path, query=query, payload=payload, operation=operation)

    # -- POC (P1-P8) -------------------------------------------------------

    def get_poc(self, handle):
        return self._call('GET', '/poc/%s' % segment(handle), 'read poc/%s' % handle)

    def create_poc(self, poc, make_link=True):
        return self._call('POST', '/poc;makeLink=%s' % _flag(make_link), 'create poc', encode('poc', poc))

    def modify_poc(self, handle, poc):
        return self._call('PUT', '/poc/%s' % segment(handle), 'modify poc/%s' % handle, encode('poc', poc))

    def delete_poc(self, handle):
        return self._call('DELETE', '/poc/%s' % segment(handle), 'delete poc/%s' % handle)

    def add_phone(self, handle, phone):
        return self._call('PUT', '/poc/%s/phone' % segment(handle), 'add phone to poc/%s' % handle,
                          encode('phone', phone))

    def delete_phone(self, handle, number=None, phone_type=None):
        path = '/poc/%s/phone/%s' % (segment(handle), segment(number or ''))
        if phone_type:
            path += ';type=%s' % segment(phone_type)
        return self._call('DELETE', path, 'delete phone %s from poc/%s' % (number or phone_type, handle))

    def add_email(self, handle, email):
        return self._call('POST', '/poc/%s/email/%s' % (segment(handle), segment(email)),
                          'add email to poc/%s' % handle)

    def delete_email(self, handle, email):
        return self._call('DELETE', '/poc/%s/email/%s' % (segment(handle), segment(email)),
                          'delete email from poc/%s' % handle)

    # -- Org (O1-O6) ---------------------------------------------------------

    def get_org(self, handle):
        return self._call('GET', '/org/%s' % segment(handle), 'read org/%s' % handle)

    def create_org(self, org):
        return self._call('POST', '/org', 'create org', encode('org', org))

    def modify_org(self, handle, org):
        return self._call('PUT', '/org/%s' % segment(handle), 'modify org/%s' % handle, encode('org', org))

    def delete_org(self, handle):
        return self._call('DELETE', '/org/%s' % segment(handle), 'delete org/%s' % handle)

    def add_org_poc(self, org_handle, poc_handle, function):
        return self._call('PUT', '/org/%s/poc/%s;pocFunction=%s' % (segment(org_handle), segment(poc_handle), function),
                          'link poc/%s to org/%s as %s' % (poc_handle, org_handle, function))

    def remove_org_poc(self, org_handle, poc_handle, function):
        # Always handle + function: the only selector ARIN's OT&E was seen to accept.
        return self._call('DELETE', '/org/%s/poc/%s;pocFunction=%s' % (segment(org_handle), segment(poc_handle), function),
                          'unlink poc/%s from org/%s as %s' % (poc_handle, org_handle, function))

    # -- Customer (C1-C4) ------------------------------------------------------

    def get_customer(self, handle):
        return self._call('GET', '/customer/%s' % segment(handle), 'read customer/%s' % handle)

    def modify_customer(self, handle, customer):
        return self._call('PUT', '/customer/%s' % segment(handle), 'modify customer/%s' % handle,
                          encode('customer', customer))

    def delete_customer(self, handle):
        return self._call('DELETE', '/customer/%s' % segment(handle), 'delete customer/%s' % handle)

    def create_customer(self, parent_net_handle, customer):
        return self._call('POST', '/net/%s/customer' % segment(parent_net_handle),
                          'create customer under net/%s' % parent_net_handle, encode('customer', customer))

    # -- Net (N1-N11) ------------------------------------------------------------

    def get_net(self, handle):
        return self._call('GET', '/net/%s' % segment(handle), 'read net/%s' % handle)

    def modify_net(self, handle, net):
        return self._call('PUT', '/net/%s' % segment(handle), 'modify net/%s' % handle, encode('net', net))

    def delete_net(self, handle):
        return self._call('DELETE', '/net/%s' % segment(handle), 'delete net/%s' % handle)

    def remove_net(self, handle, net):
        return self._call('PUT', '/net/%s/remove' % segment(handle), 'remove net/%s' % handle, encode('net', net))

    def reassign(self, parent_net_handle, net):
        return self._call('PUT', '/net/%s/reassign' % segment(parent_net_handle),
                          'reassign from net/%s' % parent_net_handle, encode('net', net))

    def reallocate(self, parent_net_handle, net):
        return self._call('PUT', '/net/%s/reallocate' % segment(parent_net_handle),
                          'reallocate from net/%s' % parent_net_handle, encode('net', net))

    def create_recipient_org(self, parent_net_handle, org):
        """N7, withdrawn by ARIN in 2020; kept only for the documented legacy option."""
        return self._call('POST', '/net/%s/org' % segment(parent_net_handle),
                          'create recipient org under net/%s' % parent_net_handle, encode('org', org))

    def _range(self, lookup, start, end):
        return self._call('GET', '/net/%s/%s/%s' % (lookup, segment(start), segment(end)),
                          '%s %s-%s' % (lookup, start, end))

    def parent_net(self, start, end):
        return self._range('parentNet', start, end)

    def most_specific_net(self, start, end):
        return self._range('mostSpecificNet', start, end)

    def nets_by_range(self, start, end):
        return self._range('netsByIpRange', start, end)

    # -- Tickets (T1-T9) ---------------------------------------------------------

    def get_ticket(self, ticket_no, msg_refs=False):
        return self._call('GET', '/ticket/%s' % segment(ticket_no), 'read ticket/%s' % ticket_no,
                          query={'msgRefs': _flag(msg_refs)})

    def get_ticket_summary(self, ticket_no):
        return self._call('GET', '/ticket/%s/summary' % segment(ticket_no), 'read ticket/%s summary' % ticket_no)

    def list_tickets(self, ticket_type='ANY', ticket_status='ANY', summary=True, msg_refs=False):
        path = '/ticket%s;ticketType=%s;ticketStatus=%s' % ('/summary' if summary else '', ticket_type, ticket_status)
        query = None if summary else {'msgRefs': _flag(msg_refs)}
        return self._call('GET', path, 'list tickets (%s, %s)' % (ticket_type, ticket_status), query=query)

    def modify_ticket(self, ticket_no, ticket):
        return self._call('PUT', '/ticket/%s' % segment(ticket_no), 'modify ticket/%s' % ticket_no,
                          encode('ticket', ticket), query={'msgRefs': 'true'})

    def set_ticket_status(self, ticket_no, status):
        return self._call('PUT', '/ticket/%s/ticketStatus/%s' % (segment(ticket_no), status),
                          'set ticket/%s to %s' % (ticket_no, status), query={'msgRefs': 'true'})

    def add_message(self, ticket_no, message):
        return self._call('PUT', '/ticket/%s/message' % segment(ticket_no), 'add message to ticket/%s' % ticket_no,
                          encode('message', message))

    def get_message(self, ticket_no, message_id):
        return self._call('GET', '/ticket/%s/message/%s' % (segment(ticket_no), message_id),
                          'read message %s of ticket/%s' % (message_id, ticket_no))

    def get_attachment(self, ticket_no, message_id, attachment_id):
        """Raw bytes and headers of an attachment (T9): not XML."""
        return self.transport.request(
            'GET', '/ticket/%s/message/%s/attachment/%s' % (segment(ticket_no), message_id, segment(attachment_id)),
            operation='read attachment %s of ticket/%s' % (attachment_id, ticket_no))

    # -- Delegations (D1-D5, N12) ------------------------------------------------

    def get_delegation(self, name):
        return self._call('GET', '/delegation/%s' % segment(name), 'read delegation/%s' % name)

    def modify_delegation(self, name, delegation):
        return self._call('PUT', '/delegation/%s' % segment(name), 'modify delegation/%s' % name,
                          encode('delegation', delegation))

    def add_nameserver(self, name, host):
        return self._call('POST', '/delegation/%s/nameserver/%s' % (segment(name), segment(host)),
                          'add nameserver %s to delegation/%s' % (host, name))

    def delete_nameserver(self, name, host):
        return self._call('DELETE', '/delegation/%s/nameserver/%s' % (segment(name), segment(host)),
                          'delete nameserver %s from delegation/%s' % (host, name))

    def delete_nameservers(self, name):
        return self._call('DELETE', '/delegation/%s/nameservers' % segment(name),
                          'delete the nameservers of delegation/%s' % name)

    def net_delegations(self, handle):
        return self._call('GET', '/net/%s/delegations' % segment(handle), 'list delegations of net/%s' % handle)

    # -- Hosted RPKI -----------------------------------------------------------------

    def list_roas(self, org_handle):
        return self._call('GET', '/roa/%s' % segment(org_handle), 'list the ROAs of org/%s' % org_handle)

    def list_aspas(self, org_handle):
        return self._call('GET', '/aspa/%s' % segment(org_handle), 'list the ASPAs of org/%s' % org_handle)

    def rpki_transaction(self, org_handle, transaction):
        return self._call('POST', '/rpki/%s' % segment(org_handle), 'RPKI transaction for org/%s' % org_handle,
                          encode('rpkiTransaction', transaction))
