# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""Nets: address ranges, the net view, lookups by range, removal and SWIP tickets.

Everything the net modules share lives here: turning a prefix or a start/end pair into
a range (all arithmetic through ``ipaddress``), the input rules ARIN enforces on nets,
finding the net that holds a range exactly (or the net that would be its parent), and
following the tickets ARIN may answer instead of a net.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import functools
import ipaddress
import re
import threading

from ansible_collections.arin.regrws.plugins.module_utils._api import find
from ansible_collections.arin.regrws.plugins.module_utils._errors import ApiError, InputError, WaitTimeout
from ansible_collections.arin.regrws.plugins.module_utils._normalize import Attr, Lines, Number, PocLinks, Upper, View
from ansible_collections.arin.regrws.plugins.module_utils._payloads import Document, parse_address
from ansible_collections.arin.regrws.plugins.module_utils._tickets import wait_for_status
from ansible_collections.arin.regrws.plugins.module_utils._views import TICKET

# A ticket as the net modules return it ({} when there is none).
ticket_view = TICKET.read

NET_NAME = re.compile(r'^[A-Za-z0-9 -]+$')
NET_FUNCTIONS = ('T', 'N', 'AB')
REMOVABLE = ('S', 'A')
PARENT_TYPES = ('DA', 'A')
FINAL_STATUSES = ('RESOLVED', 'CLOSED')
# Ticket types of reassign/reallocate requests (IPV4_SIMPLE_REASSIGN, IPV6_REALLOCATE, ...).
SWIP_TICKET = re.compile(r'^IPV[46]_[A-Z_]*(REASSIGN|REALLOCATE)$')
DELETE_TICKET = re.compile(r'^NET_DELETE_REQUEST$')
NET_TICKET = re.compile('%s|%s' % (SWIP_TICKET.pattern, DELETE_TICKET.pattern))
TYPE_NAMES = {'S': 'reassignment', 'A': 'reallocation', 'DA': 'direct allocation', 'AR': "the registry's own block"}


# ---------------------------------------------------------------------------
# Addresses and ranges


def parse_ip(text, what='address'):
    """An ``ipaddress`` address from user or ARIN text (zero-padded IPv4 accepted)."""
    text = (u'%s' % (text,)).strip()
    try:
        return _address(parse_address(text))
    except ValueError:
        raise InputError('%s %r is not an IPv4 or IPv6 address' % (what, text))


# Addresses are immutable, and each is met several times in a run: parse each once.
_address = functools.lru_cache(maxsize=65536)(ipaddress.ip_address)


class NetRange(object):
    """An inclusive address range and the CIDR blocks that make it up."""

    def __init__(self, first, last):
        if first.version != last.version:
            raise InputError('start_address %s and end_address %s are of different IP versions' % (first, last))
        if last < first:
            raise InputError('end_address %s comes before start_address %s' % (last, first))
        self.first = first
        self.last = last
        self.version = first.version
        self._blocks = None

    @property
    def blocks(self):
        """The CIDR blocks, worked out when first needed: most ranges are only compared."""
        if self._blocks is None:
            self._blocks = list(ipaddress.summarize_address_range(self.first, self.last))
        return self._blocks

    @classmethod
    def parse(cls, prefix=None, start=None, end=None):
        if prefix is None:
            return cls(parse_ip(start, 'start_address'), parse_ip(end, 'end_address'))
        if '/' not in prefix:
            raise InputError('prefix %r needs a prefix length, for example 192.0.2.0/26' % prefix)
        address, length = prefix.strip().split('/', 1)
        first, length = parse_ip(address, 'prefix'), length.strip()
        if length.isascii() and length.isdigit() and int(length) <= first.max_prefixlen:
            # The common case in integers: thousands of prefixes parse in milliseconds.
            host = (1 << (first.max_prefixlen - int(length))) - 1
            if not int(first) & host:
                return cls(first, type(first)(int(first) | host))
        text = '%s/%s' % (first, length)
        try:
            network = ipaddress.ip_network(text, strict=True)
        except ValueError:
            try:
                loose = ipaddress.ip_network(text, strict=False)
            except ValueError:
                raise InputError('prefix %r is not a valid CIDR prefix' % prefix)
            raise InputError('prefix %s has host bits set: the network is %s' % (prefix, loose))
        return cls(network.network_address, network.broadcast_address)

    def __eq__(self, other):
        return isinstance(other, NetRange) and (self.first, self.last) == (other.first, other.last)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self.first, self.last))

    def contains(self, other):
        return self.version == other.version and self.first <= other.first and other.last <= self.last

    def overlaps(self, other):
        return self.version == other.version and self.first <= other.last and other.first <= self.last

    @property
    def start(self):
        return self.first.compressed

    @property
    def end(self):
        return self.last.compressed

    def __str__(self):
        if len(self.blocks) == 1:
            return str(self.blocks[0])
        return '%s-%s' % (self.start, self.end)

    def net_blocks(self, net_type=None):
        """The ``netBlocks`` of a request: one block per CIDR, start address and length."""
        return [{'type': net_type, 'start_address': block.network_address.compressed,
                 'cidr_length': block.prefixlen} for block in self.blocks]


def range_of(net):
    """The NetRange a decoded net covers (its blocks together), or None when it has none."""
    firsts, lasts = [], []
    for block in (net or {}).get('net_blocks') or []:
        first = parse_ip(block.get('start_address'), 'startAddress')
        if block.get('end_address'):
            last = parse_ip(block['end_address'], 'endAddress')
        else:
            last = ipaddress.ip_network((first, int(block.get('cidr_length'))), strict=False).broadcast_address
        firsts.append(first)
        lasts.append(last)
    if not firsts:
        return None
    return NetRange(min(firsts), max(lasts))


def net_type(net):
    blocks = (net or {}).get('net_blocks') or []
    value = (blocks[0].get('type') or '') if blocks else ''
    return value.upper() or None


def describe(net):
    kind = net_type(net)
    return 'net/%s (%s, %s)' % (net.get('handle'), TYPE_NAMES.get(kind, 'type %s' % kind), range_of(net))


# ---------------------------------------------------------------------------
# Input rules ARIN enforces on nets


def check_net_name(name):
    if name is not None and not NET_NAME.match(name):
        raise InputError('net_name %r: ARIN accepts only letters, digits, hyphens and spaces in net names' % name)


def check_simple_ipv6(rng):
    # Every block of the range is a /64 or larger exactly when both its ends fall on /64 boundaries.
    low = (1 << 64) - 1
    if rng.version == 6 and (int(rng.first) & low or ~int(rng.last) & low):
        small = [block for block in rng.blocks if block.prefixlen > 64]
        raise InputError('%s: an IPv6 simple reassignment cannot be smaller than a /64 (ARIN refuses %s)'
                         % (rng, small[0]))


# ---------------------------------------------------------------------------
# The user's shape of a net


class _NetAttr(Attr):
    """A value derived from the net's blocks; read only."""

    def __init__(self, name, derive):
        super(_NetAttr, self).__init__(name, 'net_blocks')
        self.derive = derive

    def read(self, doc):
        return self.derive(doc) if doc.get('net_blocks') else None

    def write(self, doc, value):
        raise AssertionError('%s is not writable' % self.name)


NET = View('net', [
    Attr('handle'),
    Upper('net_name'),  # ARIN stores net names upper-cased: compared and shown that way
    _NetAttr('type', net_type),
    Number('version'),
    _NetAttr('start_address', lambda doc: range_of(doc).start),
    _NetAttr('end_address', lambda doc: range_of(doc).end),
    _NetAttr('prefixes', lambda doc: [str(block) for block in range_of(doc).blocks]),
    Attr('parent_net_handle'),
    Attr('org_handle'),
    Attr('customer_handle'),
    Lines('comments', 'comment'),
    PocLinks('poc_links'),
    Attr('registration_date'),
])


def header(net, rng=None):
    return 'net/%s' % ((net or {}).get('handle') or (rng and str(rng)) or '(new)')


# ---------------------------------------------------------------------------
# Lookups


def find_exact(api, rng):
    """(net holding exactly ``rng``, None) or (None, most specific net covering it, or None).

    One read: mostSpecificNet answers the net registered for the exact range when there
    is one, and otherwise the smallest net around it, which is the parent a new net gets.
    """
    net = find(lambda: api.most_specific_net(rng.start, rng.end))
    if net is not None and range_of(net) == rng:
        return net, None
    return None, net


def resolve_parent(api, rng, covering, parent_handle=None):
    """The net a new net for ``rng`` is registered under; fails with the reason when there is none.

    ``covering`` is the most specific net around the range (from find_exact). When the
    task names the parent, it is read only if the covering net is not that parent.
    """
    if covering is not None and parent_handle and covering.get('handle', '').upper() == parent_handle.upper():
        parent = covering
    elif parent_handle:
        parent = find(lambda: api.get_net(parent_handle))
        if parent is None:
            raise InputError('parent net/%s does not exist' % parent_handle)
        if not range_of(parent).contains(rng):
            raise InputError('%s is outside the parent %s (ARIN answers 409 to such a request)'
                             % (rng, describe(parent)))
        if covering is not None and covering.get('handle', '').upper() != parent['handle'].upper() \
                and range_of(parent).contains(range_of(covering)):
            raise InputError('%s lies inside %s, which is registered under the parent; remove it first'
                             % (rng, describe(covering)))
    elif covering is None:
        raise InputError('no net at ARIN covers %s, so it has no parent net to be registered under' % rng)
    else:
        parent = covering
    if net_type(parent) not in PARENT_TYPES:
        raise InputError('%s lies inside %s; only direct allocations (DA) and reallocations (A) can be '
                         'subdivided' % (rng, describe(parent)))
    return parent


def overlapping_children(api, rng, parent):
    """Nets registered inside ``rng`` (other than the parent), which would make ARIN answer 409."""
    found = find(lambda: api.nets_by_range(rng.start, rng.end)) or []
    parent_range = range_of(parent)
    return [net for net in found
            if net.get('handle', '').upper() != parent['handle'].upper()
            and range_of(net) is not None and rng.overlaps(range_of(net))
            and range_of(net) != parent_range and not range_of(net).contains(parent_range)]


# ---------------------------------------------------------------------------
# Tickets


def marker(rng):
    """The line a request carries so that its ticket can be matched to the range later."""
    return 'Range %s - %s' % (rng.start, rng.end)


def removal_marker(net):
    """The line a removal carries so that a NET_DELETE_REQUEST ticket can be matched to the net."""
    return 'Net %s' % net['handle']


_MARKED_RANGE = re.compile(r'^Range (\S+) - (\S+)$')
_MARKED_NET = re.compile(r'^Net (\S+)$')


def marked(ticket):
    """(range, net handle) the marker lines of ``ticket``'s messages name; either may be None."""
    rng = handle = None
    for message in (ticket or {}).get('messages') or []:
        for text in message.get('text') or []:
            text = text.strip()
            found = _MARKED_RANGE.match(text)
            if found and rng is None:
                try:
                    rng = NetRange.parse(start=found.group(1), end=found.group(2))
                except InputError:
                    pass
            found = _MARKED_NET.match(text)
            if found and handle is None:
                handle = found.group(1)
    return rng, handle


def request_message(kind, rng, text=None):
    lines = (text or '').splitlines()
    return {'subject': '%s %s' % (kind.capitalize(), rng), 'text': lines + [marker(rng)]}


class OpenTickets(object):
    """The account's open tickets, listed once per task, and the one a request of ours opened.

    ARIN's tickets name neither the range nor the net, so requests made by these modules
    carry a line in their message (see marker and removal_marker); a ticket without it
    is not taken for ours. The list is read on first use only; ``refresh`` reads it again
    (after a request of our own whose answer was lost). Safe to share between threads.
    """

    def __init__(self, api):
        self.api = api
        self.lock = threading.Lock()
        self.summaries = None
        self.read = {}

    def find(self, line, types=SWIP_TICKET, refresh=False):
        """The open ticket (of a type ``types`` matches) with a message carrying ``line``, or None."""
        with self.lock:
            for summary in self._open(types, refresh):
                ticket = self._ticket(summary['ticket_no'])
                for message in (ticket or {}).get('messages') or []:
                    if line in [text.strip() for text in message.get('text') or []]:
                        return ticket
            return None

    def every(self, types):
        """(summary, ticket) of every open ticket of a type ``types`` matches; ticket None when unreadable inline."""
        with self.lock:
            return [(summary, self._ticket(summary['ticket_no'])) for summary in self._open(types)]

    def _open(self, types, refresh=False):
        if self.summaries is None or refresh:
            self.summaries = list(self.api.list_tickets('ANY', 'ANY_OPEN') or [])
        return [summary for summary in self.summaries if types.match(summary.get('web_ticket_type') or '')
                and summary.get('web_ticket_status') not in FINAL_STATUSES]

    def _ticket(self, ticket_no):
        if ticket_no not in self.read:
            try:
                self.read[ticket_no] = self.api.get_ticket(ticket_no)
            except ApiError as error:
                if error.status != 413:
                    raise
                self.read[ticket_no] = None  # attachments too large to inline: requests from these modules carry none
        return self.read[ticket_no]


def open_request(api, line, types=SWIP_TICKET):
    """The open ticket with a message carrying ``line``, or None (see OpenTickets)."""
    return OpenTickets(api).find(line, types)


def wait_for_ticket(api, ticket, timeout, interval):
    """The ticket once RESOLVED or CLOSED, or as it last was when ``timeout`` seconds passed."""
    try:
        return wait_for_status(api, ticket['ticket_no'], FINAL_STATUSES, timeout, interval, ticket=ticket)
    except WaitTimeout as timeout_error:
        return timeout_error.ticket


def poc_links_argspec():
    return dict(type='list', elements='dict', options=dict(
        function=dict(type='str', required=True, choices=list(NET_FUNCTIONS)),
        handle=dict(type='str', required=True),
    ))


# ---------------------------------------------------------------------------
# Removal


def check_removable(net):
    kind = net_type(net)
    if kind not in REMOVABLE:
        raise InputError('%s cannot be removed through Reg-RWS: only reassignments (S) and reallocations (A) '
                         'can; ask ARIN to return a %s' % (describe(net), TYPE_NAMES.get(kind, kind)))


def remove(module, net, message=None, tickets=None):
    """Remove an S or A net with Remove NET, whose message carries ``message`` and the net's handle.

    Returns ``{'net': ..., 'ticket': None}`` when the net is gone, ``{'net': None, 'ticket':
    ...}`` when ARIN opened a NET_DELETE_REQUEST ticket (the net has nets under it), with
    ``'earlier': True`` when that ticket comes from an earlier run and nothing was sent;
    None in check mode. ``tickets`` (OpenTickets) shares one list of open tickets between removals.
    """
    check_removable(net)
    api = module.api
    handle = net['handle']
    pending = (tickets or OpenTickets(api)).find(removal_marker(net), DELETE_TICKET)
    if pending is not None:
        return {'net': None, 'ticket': pending, 'earlier': True}
    if module.check_mode:
        return None
    text = (message or '').splitlines() + [removal_marker(net)]
    data = dict(net, messages=[{'subject': 'Removal of %s' % handle, 'text': text}], message_references=None)
    body = Document('net', data, source=getattr(net, 'source', None))

    def confirm():
        return {'net': net, 'ticket': None} if find(lambda: api.get_net(handle)) is None else None

    return module.write(lambda: api.remove_net(handle, body), confirm)
