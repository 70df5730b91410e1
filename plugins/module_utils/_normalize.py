# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""Canonical forms: how a decoded payload looks in the user's shape, and how two values compare.

A View declares, per resource, which payload keys the user manages and under which
option names. The same View renders diff before/after and the returned object, and
decides equality on canonical values (sorted, case-folded where ARIN folds case,
server-owned noise removed), so a record that matches never shows as changed.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

from ansible_collections.arin.regrws.plugins.module_utils._payloads import Document


def _clean(value):
    if value is None:
        return None
    value = value.strip()
    return value or None


class Attr(object):
    """One user-facing field stored under ``key`` of the payload dict."""

    def __init__(self, name, key=None):
        self.name = name
        self.key = key or name

    def read(self, doc):
        return _clean(doc.get(self.key))

    def write(self, doc, value):
        doc[self.key] = value

    def canon(self, value):
        return value


class Upper(Attr):
    def read(self, doc):
        value = _clean(doc.get(self.key))
        return value.upper() if value else None

    def canon(self, value):
        return value.upper() if value else None


class Flag(Attr):
    def __init__(self, name, key=None, default=False):
        super(Flag, self).__init__(name, key)
        self.default = default

    def read(self, doc):
        value = doc.get(self.key)
        return self.default if value is None else bool(value)


class Number(Attr):
    """An integer field (message IDs, IP versions)."""

    def read(self, doc):
        value = doc.get(self.key)
        return value if isinstance(value, int) or value is None else Attr.read(self, doc)


class MaybeFlag(Attr):
    """A boolean ARIN may leave out (None then, not False)."""

    def read(self, doc):
        value = doc.get(self.key)
        return None if value is None else bool(value)


def trim_lines(lines):
    """Multi-line text as compared: trailing spaces and trailing blank lines dropped."""
    kept = [line.rstrip() for line in lines or []]
    while kept and not kept[-1]:
        kept.pop()
    return kept


class Lines(Attr):
    """Multi-line text: ARIN keeps lines, we compare them without trailing blanks."""

    def read(self, doc):
        return trim_lines(doc.get(self.key))

    def write(self, doc, value):
        doc[self.key] = list(value) if value else None

    def canon(self, value):
        # The same trimming on both sides, or a trailing blank line would differ forever.
        return trim_lines(value)


class Emails(Attr):
    """E-mail addresses: a set, compared case-insensitively."""

    def read(self, doc):
        return sorted(doc.get(self.key) or [], key=lambda e: e.lower())

    def canon(self, value):
        return sorted(set(e.strip().lower() for e in value or []))


class Country(Attr):
    """ISO 3166-1 alpha-2 code; ARIN's name/code3/e164 are server-side detail."""

    def read(self, doc):
        country = doc.get(self.key) or {}
        code = _clean(country.get('code2'))
        return code.upper() if code else None

    def write(self, doc, value):
        doc[self.key] = {'code2': value.upper()} if value else None

    def canon(self, value):
        return value.upper() if value else None


def phone_view(phone):
    """A phone in the user's shape: ``{type, number, extension}``."""
    return {
        'type': ((phone.get('type') or {}).get('code') or '').upper() or None,
        'number': _clean(phone.get('number')),
        'extension': _clean(phone.get('extension')),
    }


def phone_payload(phone):
    return {'type': {'code': phone['type']}, 'number': phone['number'], 'extension': phone.get('extension') or None}


def phone_key(phone):
    return (phone['type'], phone['number'])


class Phones(Attr):
    def read(self, doc):
        return sorted((phone_view(p) for p in doc.get(self.key) or []), key=phone_key)

    def write(self, doc, value):
        doc[self.key] = [phone_payload(p) for p in value]

    def canon(self, value):
        return sorted((p['type'].upper(), p['number'].strip(), _clean(p.get('extension'))) for p in value or [])


class PocLinks(Attr):
    """POC links as ``{function, handle}``; order is not significant, handle case is not either."""

    def read(self, doc):
        links = [{'function': link.get('function'), 'handle': link.get('handle')} for link in doc.get(self.key) or []]
        return sorted(links, key=lambda link: (link['function'] or '', (link['handle'] or '').upper()))

    def write(self, doc, value):
        doc[self.key] = [{'function': link['function'], 'handle': link['handle']} for link in value]

    def canon(self, value):
        return sorted(set((link['function'], link['handle'].upper()) for link in value or []))


class View(object):
    """The user's shape of one resource."""

    def __init__(self, kind, attrs, identity='handle', hidden=()):
        self.kind = kind
        self.attrs = attrs
        self.by_name = dict((a.name, a) for a in attrs)
        self.identity = identity
        self.hidden = frozenset(hidden)

    def read(self, doc):
        """The whole record in the user's shape (what modules return)."""
        if not doc:
            return {}
        # Sensitive fields (hidden) are compared but never shown.
        return dict((a.name, a.read(doc)) for a in self.attrs if a.name not in self.hidden)

    def managed(self, doc):
        """Only the fields a user manages: the diff's before/after (``{}`` = does not exist)."""
        view = self.read(doc)
        return dict((k, v) for k, v in view.items() if k not in ('handle', 'registration_date'))

    def header(self, doc_or_handle):
        handle = doc_or_handle if isinstance(doc_or_handle, str) else (doc_or_handle or {}).get(self.identity)
        return '%s/%s' % (self.kind, handle or '(new)')

    def differences(self, doc, desired):
        """Names of the desired fields whose canonical value differs from the record's."""
        changed = []
        for name, value in desired.items():
            attr = self.by_name[name]
            if attr.canon(attr.read(doc or {})) != attr.canon(value):
                changed.append(name)
        return sorted(changed)

    def apply(self, doc, desired):
        """A copy of ``doc`` with the desired fields written; keeps the XML it came from."""
        data = copy.deepcopy(dict(doc or {}))
        for name, value in desired.items():
            self.by_name[name].write(data, value)
        source = doc.source if isinstance(doc, Document) else None
        return Document(getattr(doc, 'tag', self.kind), data, source=source)
