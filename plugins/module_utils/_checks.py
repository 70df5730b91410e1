# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""Input checks that mirror ARIN's business rules, so bad input fails before any request."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

from ansible.module_utils.common.validation import (
    check_mutually_exclusive,
    check_required_one_of,
    check_required_together,
    check_type_bool,
    check_type_dict,
    check_type_float,
    check_type_int,
    check_type_list,
    check_type_str,
)

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


# Options whose text may carry accented (Latin-1) letters: ARIN's free-text comments.
ACCENTED = ('comments',)
# Options that name local files: never sent as text, so only characters no file name has are refused.
LOCAL_TYPES = set(['path'])
LOCAL_OPTIONS = ('create_journal',)  # type raw, so that a boolean given there is seen as one


def _bad_character(text, limit):
    """The first character ARIN cannot take, and why; None when the text is fine.

    XML 1.0 cannot carry NUL and the other C0 controls except tab, newline and carriage
    return, nor surrogates, U+FFFE and U+FFFF; DEL and the C1 controls are not text either.
    """
    for ch in text:
        code = ord(ch)
        if (code < 0x20 and ch not in '\t\n\r') or 0x7f <= code < 0xa0:
            return ch, 'a control character'
        if 0xd800 <= code < 0xe000 or code in (0xfffe, 0xffff):
            return ch, 'a character XML cannot carry'
        if limit and code >= limit:
            return ch, 'a character ARIN does not accept there (%s)' % (
                'ASCII only' if limit == 0x80 else 'ASCII and accented letters only')
    return None


def _walk(name, value):
    """(option path, text) for every string in an option's value, lists and dicts included."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk('%s[%d]' % (name, index), item)
    elif isinstance(value, dict):
        for key in sorted(value, key=str):
            yield from _walk('%s.%s' % (name, key), key)
            yield from _walk('%s.%s' % (name, key), value[key])


# Text every option may carry: printable ASCII, tab and line breaks.
_PLAIN = re.compile(r'[\t\n\r\x20-\x7e]*\Z')


def _plain(value):
    """True when every string in the value (dict keys included) is plain ASCII text."""
    if isinstance(value, str):
        return _PLAIN.match(value) is not None
    if isinstance(value, (list, tuple)):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(_plain(key) and _plain(item) for key, item in value.items())
    return True


def option_text(argument_spec, params, skip=('api_key',)):
    """Refuse, before any request, text ARIN cannot take in any option (nested values included).

    Every string must be XML 1.0 text; strings ARIN receives must also be ASCII, except
    comments, which may carry accented letters. The message names the option and list index.
    """
    for name in sorted(argument_spec):
        if name in skip or params.get(name) is None or _plain(params[name]):
            # Plain ASCII passes every rule below: only other text needs its path named.
            continue
        spec = argument_spec[name]
        for path, text in _walk(name, params[name]):
            accented = any(part.split('[')[0] in ACCENTED for part in path.split('.'))
            local = name in LOCAL_OPTIONS or LOCAL_TYPES & set([spec.get('type'), spec.get('elements')])
            limit = None if local else (0x100 if accented else 0x80)
            found = _bad_character(text, limit)
            if found:
                ch, why = found
                shown = '' if spec.get('no_log') else ' %r' % ch
                raise InputError('%s contains%s, %s' % (path, shown, why))


def number_ranges(argument_spec, params, ranges):
    """Refuse numeric options outside their range (``ranges``: name -> (lowest, highest))."""
    for name in sorted(argument_spec):
        value = params.get(name)
        if value is None or argument_spec[name].get('type') not in ('int', 'float'):
            continue
        lowest, highest = ranges.get(name, (0, 2 ** 63 - 1))
        if not (lowest <= value <= highest):  # NaN fails this too
            raise InputError('%s must be between %s and %s, not %s' % (name, lowest, highest, value))


def ascii_only(desired, allow_accents=ACCENTED):
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


# ---------------------------------------------------------------------------
# List items, checked by the engine

_TYPES = {
    'str': check_type_str,
    'list': check_type_list,
    'dict': check_type_dict,
    'bool': check_type_bool,
    'int': check_type_int,
    'float': check_type_float,
}
_RULES = (
    ('mutually_exclusive', check_mutually_exclusive),
    ('required_one_of', check_required_one_of),
    ('required_together', check_required_together),
)


def suboptions(where, spec, value):
    """One dict checked against a suboption spec, as AnsibleModule checks suboptions.

    A bulk module declares its list of dicts without ``options`` and checks the items here:
    ansible-core makes a dozen passes over every suboption of every item, which at thousands
    of items costs more than the requests. ``spec`` is a list option's spec (``options`` and
    the rules between them). Aliases, unknown keys, required options, types, choices,
    defaults and nested options are handled; a missing value and ``null`` mean the same.
    Returns the checked dict; the first problem is an InputError that names ``where``.
    """
    options = spec['options']
    value = _coerce(where, 'dict', value)
    names = dict((name, name) for name in options)
    for name, option in options.items():
        names.update((alias, name) for alias in option.get('aliases') or ())
    given = {}
    for key, item in value.items():
        name = names.get(key)
        if name is None:
            raise InputError('%s: unsupported option %r (known: %s)' % (where, key, ', '.join(sorted(options))))
        if item is None:
            continue
        if name in given:
            raise InputError('%s: %s is given twice, once by an alias' % (where, name))
        given[name] = item
    for rule, check in _RULES:
        if spec.get(rule):
            try:
                check(spec[rule], given)
            except TypeError as exc:
                raise InputError('%s: %s' % (where, exc))
    checked = {}
    for name, option in options.items():
        if name not in given:
            if option.get('required'):
                raise InputError('%s: %s is required' % (where, name))
            default = option.get('default')
            checked[name] = list(default) if isinstance(default, list) else default
            continue
        path = '%s.%s' % (where, name)
        kind = option.get('type', 'str')
        item = _coerce(path, kind, given[name])
        if kind == 'list':
            elements = option.get('elements')
            if elements == 'dict' and option.get('options'):
                item = [suboptions('%s[%d]' % (path, index), option, element) for index, element in enumerate(item)]
            elif elements:
                item = [_choice('%s[%d]' % (path, index), option, _coerce('%s[%d]' % (path, index), elements, element))
                        for index, element in enumerate(item)]
        elif kind == 'dict' and option.get('options'):
            item = suboptions(path, option, item)
        else:
            item = _choice(path, option, item)
        checked[name] = item
    return checked


def _coerce(where, kind, value):
    try:
        return _TYPES[kind](value)
    except (TypeError, ValueError) as exc:
        raise InputError('%s must be of type %s: %s' % (where, kind, exc))


def _choice(where, option, value):
    choices = option.get('choices')
    if choices and value not in choices:
        raise InputError('%s must be one of %s, not %r' % (where, ', '.join('%s' % choice for choice in choices), value))
    return value
