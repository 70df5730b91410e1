# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""Input checks that mirror ARIN's business rules, so bad input fails before any request."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError

EMAIL = re.compile(r'^[^@\s/]+@[^@\s/]+\.[^@\s/]+$')
COUNTRY = re.compile(r'^[A-Za-z]{2}$')
NEEDS_REGION = ('US', 'CA')


def _values(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in _values(item)]
    if isinstance(value, dict):
        return [v for item in value.values() for v in _values(item)]
    return [value] if isinstance(value, str) else []


def ascii_only(desired, allow_accents=('comments',)):
    """ARIN takes ASCII everywhere; comments may also carry accented (Latin-1) letters."""
    for name, value in sorted(desired.items()):
        for text in _values(value):
            limit = 0x100 if name in allow_accents else 0x80
            bad = [ch for ch in text if ord(ch) >= limit]
            if bad:
                raise InputError('%s contains %r, which ARIN does not accept there%s'
                                 % (name, bad[0], '' if name in allow_accents else ' (ASCII only)'))


def address(desired, creating):
    country = desired.get('country')
    if country is not None and not COUNTRY.match(country):
        raise InputError('country must be an ISO 3166-1 alpha-2 code such as US or CA, not %r' % country)
    if creating:
        missing = [name for name in ('street_address', 'city', 'country') if not desired.get(name)]
        if country and country.upper() in NEEDS_REGION:
            missing += [name for name in ('region', 'postal_code') if not desired.get(name)]
        if missing:
            raise InputError('creating a record needs %s%s' % (
                ', '.join(missing), ' (ARIN requires region and postal_code in the US and Canada)'
                if set(missing) & set(['region', 'postal_code']) else ''))


def emails(values):
    for value in values or []:
        if not EMAIL.match(value.strip()):
            raise InputError('%r is not an e-mail address' % value)


def required(desired, names, what):
    missing = [name for name in names if desired.get(name) in (None, '', [])]
    if missing:
        raise InputError('%s needs %s' % (what, ', '.join(missing)))


TICKET_NO = re.compile(r'^\d{8}-X\d+$')


def ticket_no(value):
    """ARIN ticket numbers look like 20240115-X17; anything else cannot name a ticket."""
    if not TICKET_NO.match(value or ''):
        raise InputError('ticket_no %r is not an ARIN ticket number (YYYYMMDD-X<n>, for example 20240115-X17)'
                         % (value,))


def org_poc_links(links):
    """ARIN's rule for the full link set of an org: exactly one Admin, at least one Tech and one Abuse."""
    count = dict((function, sum(1 for link in links if link['function'] == function)) for function in ('AD', 'T', 'AB'))
    problems = []
    if count['AD'] != 1:
        problems.append('exactly one Admin (AD) link, not %d' % count['AD'])
    for function, name in (('T', 'Tech'), ('AB', 'Abuse')):
        if not count[function]:
            problems.append('at least one %s (%s) link' % (name, function))
    if problems:
        raise InputError('poc_links must hold %s: ARIN requires it of every org' % ' and '.join(problems))
