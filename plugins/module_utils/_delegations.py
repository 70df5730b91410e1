# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""Reverse DNS delegations: names from prefixes, ARIN's stored forms, and the plan of writes.

ARIN delegates IPv4 space on octet boundaries (/8, /16, /24; nothing longer than a /24)
and IPv6 space on nibble boundaries. A prefix between boundaries maps to every delegation
of the next boundary inside it: a /23 is two /24 zones, a /18 sixty-four, an IPv6 /35
two /36 zones. No prefix maps to more than 128 names (IPv4) or 8 (IPv6), so none is refused
for size.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress
import re

from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError
from ansible_collections.arin.regrws.plugins.module_utils._payloads import Document

LONGEST = {4: 24, 6: 128}
STEP = {4: 8, 6: 4}
# What ARIN's RESTful Payloads page lists as accepted (algorithm numbers; digest type -> hex digits).
ALGORITHMS = (5, 7, 8, 10, 13, 14, 15, 16)
DIGEST_DIGITS = {1: 40, 2: 64, 3: 32, 4: 96}

_LABEL = re.compile(r'^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$')
_V4_NAME = re.compile(r'^((?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){1,3})in-addr\.arpa\.?$', re.I)
_V6_NAME = re.compile(r'^((?:[0-9a-f]\.){1,32})ip6\.arpa\.?$', re.I)


# -- names -------------------------------------------------------------------


def name_of(network):
    """The delegation name of a network on a boundary, as ARIN writes it (lower case, trailing dot)."""
    if network.version == 4:
        octets = str(network.network_address).split('.')[:network.prefixlen // 8]
        return '.'.join(reversed(octets)) + '.in-addr.arpa.'
    nibbles = network.network_address.exploded.replace(':', '')[:network.prefixlen // 4]
    return '.'.join(reversed(nibbles)) + '.ip6.arpa.'


def names_for_prefix(prefix):
    """Every delegation name of a CIDR prefix, in address order; InputError if it has none."""
    try:
        network = ipaddress.ip_network(str(prefix).strip(), strict=True)
    except ValueError as exc:
        raise InputError('%s is not a CIDR prefix: %s' % (prefix, exc))
    step, longest = STEP[network.version], LONGEST[network.version]
    boundary = -(-network.prefixlen // step) * step
    if boundary > longest:
        raise InputError('%s is longer than a /%d: ARIN delegates reverse DNS for IPv4 only on /8, /16 and /24 '
                         'boundaries, so smaller blocks are served from the covering /24' % (prefix, longest))
    return [name_of(sub) for sub in network.subnets(new_prefix=boundary)]


def canonical_name(name):
    """A delegation name in ARIN's form; InputError if it is not an in-addr.arpa/ip6.arpa zone name."""
    text = (name or '').strip()
    if not (_V4_NAME.match(text) or _V6_NAME.match(text)):
        raise InputError('%r is not a reverse DNS delegation name such as 2.0.192.in-addr.arpa. '
                         'or 8.b.d.0.1.0.0.2.ip6.arpa.' % name)
    return text.lower().rstrip('.') + '.'


# -- ARIN's stored forms --------------------------------------------------------


def nameserver(host):
    """A nameserver host name as ARIN stores it: upper case, no trailing dot."""
    text = (host or '').strip().rstrip('.')
    labels = text.split('.')
    if len(text) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise InputError('%r is not a nameserver host name (a fully qualified name such as ns1.example.net)' % host)
    return text.upper()


def _number(record, key, low, high):
    value = record.get(key)
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or isinstance(value, bool) or not low <= number <= high:
        raise InputError('ds_records: %s must be a number from %d to %d, not %r' % (key, low, high, value))
    return number


def ds_record(record):
    """A DS record in the user's shape ``{key_tag, algorithm, digest_type, digest}``, checked and canonical."""
    algorithm = _number(record, 'algorithm', 0, 255)
    if algorithm not in ALGORITHMS:
        raise InputError('ds_records: ARIN accepts algorithms %s, not %d'
                         % (', '.join(str(a) for a in ALGORITHMS), algorithm))
    digest_type = _number(record, 'digest_type', 0, 255)
    if digest_type not in DIGEST_DIGITS:
        raise InputError('ds_records: ARIN accepts digest types %s, not %d'
                         % (', '.join(str(d) for d in sorted(DIGEST_DIGITS)), digest_type))
    digest = re.sub(r'\s+', '', str(record.get('digest') or '')).upper()
    if not re.match(r'^[0-9A-F]*$', digest) or len(digest) != DIGEST_DIGITS[digest_type]:
        raise InputError('ds_records: a digest of type %d is %d hexadecimal digits, not %r'
                         % (digest_type, DIGEST_DIGITS[digest_type], record.get('digest')))
    return {'key_tag': _number(record, 'key_tag', 0, 65535), 'algorithm': algorithm,
            'digest_type': digest_type, 'digest': digest}


def _ds_key(record):
    return (record['key_tag'], record['algorithm'], record['digest_type'], record['digest'])


def _ds_view(key):
    """A DS record of a payload in the user's shape."""
    return {'key_tag': key.get('key_tag'), 'algorithm': key.get('algorithm'), 'digest_type': key.get('digest_type'),
            'digest': re.sub(r'\s+', '', key.get('digest') or '').upper()}


def read(doc):
    """A delegation payload in the user's shape (sorted, so equal sets compare equal)."""
    if not doc:
        return {}
    servers = sorted(set(str(ns).strip().rstrip('.').upper() for ns in doc.get('nameservers') or [] if ns))
    keys = [_ds_view(k) for k in doc.get('delegation_keys') or []]
    return {'name': canonical_name(doc.get('name')) if doc.get('name') else None,
            'nameservers': servers, 'ds_records': sorted(keys, key=_ds_key)}


def payload(name, nameservers, ds_records, doc=None):
    """The delegation payload for Modify: the whole set of nameservers and DS records.

    Given the delegation as read (``doc``), what ARIN holds and keeps goes back as ARIN wrote
    it: a nameserver with its spelling and TTL, a DS record with its TTL and the names ARIN
    gives its algorithm and digest type; a Modify that left them out would reset them.
    """
    stored = spellings(doc)
    held = dict((_ds_key(_ds_view(key)), key) for key in (doc or {}).get('delegation_keys') or [])
    new = [dict((key, r[key]) for key in ('algorithm', 'digest', 'digest_type', 'key_tag')) for r in ds_records]
    keys = [held.get(_ds_key(r)) or fresh for r, fresh in zip(ds_records, new)]
    data = {'name': name, 'nameservers': [stored.get(host, host) for host in nameservers], 'delegation_keys': keys}
    return Document('delegation', data, source=getattr(doc, 'source', None))


# -- planning ------------------------------------------------------------------


class Step(object):
    """One write: what to call, and how a re-read shows it took effect."""

    def __init__(self, call, args, visible):
        self.call = call
        self.args = args
        self.visible = visible

    def __repr__(self):
        return '%s%r' % (self.call, self.args)


def spellings(doc):
    """ARIN's own spelling of each stored nameserver, by canonical form (a delete names it as stored)."""
    return dict((str(ns).strip().rstrip('.').upper(), ns) for ns in (doc or {}).get('nameservers') or [] if ns)


def plan(name, current, nameservers=None, ds_records=None, stored=None, doc=None):
    """The writes that bring delegation ``current`` (user shape) to the declaration.

    ``nameservers`` None or [] means no nameservers (and so no DS records); ``ds_records``
    None leaves the DS records as they are. DS changes go through one Modify carrying the
    whole set; nameserver-only changes add and remove one nameserver at a time, adds first,
    so the zone is never left with fewer servers than either set; removing every nameserver
    is one call. ``doc`` is the delegation as read, for a Modify to keep what ARIN set.
    """
    have_ns, have_ds = current.get('nameservers') or [], current.get('ds_records') or []
    want_ns = sorted(set(nameservers or []))
    want_ds = have_ds if ds_records is None else sorted(ds_records, key=_ds_key)
    if not want_ns:
        want_ds = []
    if want_ns == have_ns and want_ds == have_ds:
        return [], {'name': name, 'nameservers': want_ns, 'ds_records': want_ds}
    after = {'name': name, 'nameservers': want_ns, 'ds_records': want_ds}
    if want_ds != have_ds:
        return [Step('modify_delegation', (name, payload(name, want_ns, want_ds, doc)),
                     lambda view: view.get('nameservers') == want_ns and view.get('ds_records') == want_ds)], after
    if not want_ns:
        return [Step('delete_nameservers', (name,), lambda view: not view.get('nameservers'))], after
    steps = [Step('add_nameserver', (name, host), lambda view, host=host: host in view.get('nameservers', []))
             for host in want_ns if host not in have_ns]
    stored = stored or {}
    steps += [Step('delete_nameserver', (name, stored.get(host, host)), lambda view, host=host: host not in view.get('nameservers', []))
              for host in have_ns if host not in want_ns]
    return steps, after
