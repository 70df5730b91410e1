# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""Hosted RPKI ROAs and ASPAs: ARIN's listings as rows, declarations checked before any request, and one transaction.

A ROA at ARIN has one origin AS, a name and one or more prefixes, each with a max length.
ARIN assigns its handle, and there is no modify: a change is the delete of the handle and
the add of a new ROA, which gets a new handle. The collection therefore keys on what a ROA
authorizes, one row per origin AS, prefix and max length, never on the handle. ARIN refuses
a second ROA for the same origin AS and prefix, so a declared row whose origin AS and prefix
ARIN holds with another max length or name replaces it.

Every change of a run goes into one transaction (deletes, then adds), which ARIN applies
whole or not at all. A row removed from a ROA that carries other prefixes takes the ROA's
handle with it, so those other prefixes are added again, as one ROA of the same origin AS
and name, in the same transaction.

An ASPA has no handle: its customer AS is its identity, and its providers are a set. A change
of providers is the delete and the add of the customer AS in one transaction. ROA and ASPA
plans are sent, and a lost answer settled, by the same ``apply``.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress
import re

from ansible_collections.arin.regrws.plugins.module_utils._errors import ArinError, InputError

MAX_ASN = 4294967295
# ARIN's older ROA page: letters, digits, spaces and hyphens, at most 256 (no rule found for the transaction).
NAME = re.compile(r'^[A-Za-z0-9 -]{1,256}$')
ROW_FIELDS = ('origin_as', 'prefix', 'max_length', 'name')


# -- declarations, checked before any request ---------------------------------


def origin_as(value, name='origin_as'):
    """An AS number from 64500, '64500' or 'AS64500'."""
    text = '' if isinstance(value, bool) or value is None else str(value).strip()
    match = re.match(r'^(?:AS)?(\d{1,10})$', text, re.I)
    if not match or int(match.group(1)) > MAX_ASN:
        raise InputError('%s must be an AS number from 0 to %d such as 64500 or AS64500, not %r' % (name, MAX_ASN, value))
    return int(match.group(1))


def network(value, name='prefix'):
    try:
        return ipaddress.ip_network(str(value).strip(), strict=True)
    except ValueError as exc:
        raise InputError('%s %r is not a CIDR prefix with its host bits zero (%s)' % (name, value, exc))


def max_length(value, net):
    if value is None:
        return net.prefixlen  # ARIN's default
    if isinstance(value, bool) or not isinstance(value, int) or not net.prefixlen <= value <= net.max_prefixlen:
        raise InputError('max_length of %s must be between %d and %d, not %r' % (net, net.prefixlen, net.max_prefixlen, value))
    return value


def roa_name(value):
    if value is None:
        return None
    if not NAME.match(value):
        raise InputError('name %r must be 1 to 256 letters, digits, spaces or hyphens' % value)
    return value


def declare(params):
    """A declared row from module options (origin_as, prefix, max_length, name, state).

    With state=absent and no max_length, the row stands for the origin AS and prefix whatever
    the max length.
    """
    net = network(params['prefix'])
    absent = params.get('state') == 'absent'
    return {
        'origin_as': origin_as(params['origin_as']),
        'prefix': str(net),
        'max_length': None if absent and params.get('max_length') is None else max_length(params.get('max_length'), net),
        'name': roa_name(params.get('name')),
        'state': params.get('state') or 'present',
    }


def declare_all(items, where='roas'):
    """Declared rows of a list; an item that is bad, or a second one for an origin AS and prefix, fails by index."""
    declared, seen = [], {}
    for index, item in enumerate(items):
        label = '%s[%d]' % (where, index)
        try:
            row = declare(item)
        except InputError as error:
            raise InputError('%s: %s' % (label, error.message))
        key = pair(row)
        if key in seen:
            raise InputError('%s and %s both declare AS%d %s; ARIN holds one ROA per origin AS and prefix, so give it '
                             'once, with its max length' % (seen[key], label, key[0], key[1]))
        seen[key] = label
        declared.append(row)
    return declared


def prefixes(values, name):
    return [network(value, name) for value in values or []]


# -- ARIN's listing as rows ---------------------------------------------------


def pair(row):
    return (row['origin_as'], row['prefix'])


def key(row):
    return (row['origin_as'], row['prefix'], row['max_length'])


def sort_key(row):
    net = ipaddress.ip_network(row['prefix'])
    return (net.version, int(net.network_address), net.prefixlen, row['origin_as'], row['max_length'] or 0)


def rows_of(specs):
    """Each prefix of each ROA (a listing or a transaction's answer) as one row, sorted."""
    rows = []
    for spec in specs or []:
        for item in spec.get('prefixes') or []:
            try:
                net = ipaddress.ip_network('%s/%s' % (item.get('start_address'), item.get('cidr_length')), strict=False)
            except ValueError:
                net = None
            if net is None or not isinstance(spec.get('as_number'), int):
                raise ArinError('ARIN listed a ROA that cannot be read (origin %r, prefix %s/%s, handle %s)' % (
                    spec.get('as_number'), item.get('start_address'), item.get('cidr_length'), spec.get('roa_handle')))
            rows.append({
                'origin_as': spec.get('as_number'),
                'prefix': str(net),
                'max_length': item.get('max_length') if isinstance(item.get('max_length'), int) else net.prefixlen,
                'name': spec.get('name'),
                'handle': spec.get('roa_handle'),
                'auto_linked': bool(item.get('auto_linked')),
                'not_valid_before': spec.get('not_valid_before'),
                'not_valid_after': spec.get('not_valid_after'),
            })
    return sorted(rows, key=sort_key)


def read(api, org_handle):
    return rows_of(api.list_roas(org_handle))


def managed(row):
    return dict((name, row[name]) for name in ROW_FIELDS)


def label(row):
    return 'AS%d %s' % (row['origin_as'], row['prefix'])


def default_name(row):
    """ARIN requires a name; a declared row without one is named after what it authorizes."""
    return re.sub(r'[^A-Za-z0-9]+', '-', 'AS%d %s' % (row['origin_as'], row['prefix'])).strip('-')


def within(row, nets):
    net = ipaddress.ip_network(row['prefix'])
    return any(net.version == other.version and net.subnet_of(other) for other in nets)


# -- the plan of one transaction -------------------------------------------------


class Plan(object):
    """What one transaction does to bring ``current`` (ARIN's rows) to the declaration.

    ``declared`` rows are kept or made; ``also_remove`` holds (row, pruned) pairs to delete besides
    those the declaration names (undeclared rows under prune, other origins of an exclusive prefix).
    """

    def __init__(self, current, declared, also_remove=()):
        self.current = sorted(current, key=sort_key)
        by_pair = {}
        for row in self.current:
            by_pair.setdefault(pair(row), []).append(row)
        self.entries = []      # one per changed row
        self.unchanged = []    # declared rows ARIN already holds
        self.planned = []      # rows the transaction adds
        removed = {}           # id(row) -> its entry (None when a replacement's entry stands for it)
        replacing = {}         # id(new row) -> the handle of the ROA it replaces a row of
        for item in declared:
            existing = by_pair.get(pair(item), [])
            if item['state'] == 'absent':
                for row in existing:
                    if item['max_length'] in (None, row['max_length']):
                        removed[id(row)] = self._entry('removed', row, old=row)
                continue
            same = [row for row in existing if row['max_length'] == item['max_length']
                    and item['name'] in (None, row['name'])]
            if same:
                self.unchanged.append(same[0])
                for row in existing:
                    if row is not same[0]:
                        removed[id(row)] = self._entry('removed', row, old=row)
                continue
            new = dict(item, name=item['name'] or (existing[0]['name'] if existing else default_name(item)))
            del new['state']
            self.planned.append(new)
            if existing:
                old = existing[0]
                replacing[id(new)] = old['handle']
                changes = dict((name, [old[name], new[name]]) for name in ('max_length', 'name') if old[name] != new[name])
                self._entry('replaced', new, old=old, changes=changes)
                for row in existing:
                    removed[id(row)] = None if row is old else self._entry('removed', row, old=row)
            else:
                self._entry('added', new)
        for row, pruned in also_remove:
            if id(row) not in removed:
                removed[id(row)] = self._entry('removed', row, old=row, pruned=pruned)
        self.deleted = []
        for row in self.current:
            if id(row) in removed and row['handle'] not in self.deleted:
                self.deleted.append(row['handle'])
        # The other prefixes of a deleted ROA go back as one ROA of the same origin and name; a
        # replacement keeping that name rejoins them, so a ROA of several prefixes stays one ROA.
        self.reissued, homes = [], {}
        for handle in self.deleted:
            kept = [row for row in self.current if row['handle'] == handle and id(row) not in removed]
            if kept:
                group = [managed(row) for row in kept]
                self.reissued.append(group)
                homes[(handle, group[0]['name'])] = list(group)
                for row in kept:
                    self._entry('reissued', managed(row), old=row)
        again = set(key(row) for group in self.reissued for row in group)
        self.groups = list(homes.values())
        for row in self.planned:
            home = homes.get((replacing.get(id(row)), row['name']))
            if home is not None:
                home.append(row)
            else:
                self.groups.append([row])
        self.groups = [sorted(group, key=sort_key) for group in self.groups]
        self.unchanged = [row for row in self.unchanged if key(row) not in again]
        self.entries.sort(key=lambda entry: (sort_key(entry), entry['action'] != 'removed'))
        self.changed = bool(self.deleted or self.planned)

    def _entry(self, action, row, old=None, changes=None, pruned=False):
        entry = dict(managed(row), action=action, handle=None, old_handle=(old or {}).get('handle'),
                     changes=changes or {}, pruned=pruned)
        self.entries.append(entry)
        return entry

    # -- what is sent --------------------------------------------------------------

    def transaction(self):
        """The rpkiTransaction payload: deletes of handles, then the adds (one ROA per new row, the other
        prefixes of a deleted ROA together, with its replaced rows)."""
        adds = [{'auto_link': False, 'as_number': group[0]['origin_as'], 'name': group[0]['name'],
                 'prefixes': [self._prefix(row) for row in group]} for group in self.groups]
        # autoLink false: no route objects are made, and deleting a ROA leaves its linked route objects (unlinked).
        return {'deletes': [{'auto_link': False, 'handle': handle} for handle in self.deleted] or None,
                'adds': adds or None}

    @staticmethod
    def _prefix(row):
        net = ipaddress.ip_network(row['prefix'])
        return {'start_address': str(net.network_address), 'cidr_length': net.prefixlen, 'max_length': row['max_length']}

    def sent(self):
        """The transaction in the user's shape (the RV(transaction) return value)."""
        return {'delete': list(self.deleted),
                'add': [{'origin_as': group[0]['origin_as'], 'name': group[0]['name'],
                         'prefixes': [{'prefix': row['prefix'], 'max_length': row['max_length']} for row in group]}
                        for group in self.groups]}

    # -- what ARIN holds after it ---------------------------------------------------

    def made(self):
        """Every row the transaction adds (new and re-issued)."""
        return self.planned + [row for group in self.reissued for row in group]

    def kept(self):
        return [row for row in self.current if row['handle'] not in self.deleted]

    def planned_after(self):
        """ARIN's rows as the transaction would leave them (new ones without a handle yet)."""
        made = [dict(row, handle=None, auto_linked=False, not_valid_before=None, not_valid_after=None)
                for row in self.made()]
        return sorted(self.kept() + made, key=sort_key)

    def accounts_for(self, rows):
        """True when ``rows`` hold every added row, each with a handle."""
        found = set((key(row), row['name']) for row in rows if row.get('handle'))
        return all((key(row), row['name']) in found for row in self.made())

    def settle(self, rows):
        """After a lost answer: ``rows`` if the listing shows the transaction applied, None if it shows nothing
        of it; anything else cannot come from an atomic transaction and fails."""
        handles = set(row['handle'] for row in rows)
        before = set(row['handle'] for row in self.current)
        fresh = [row for row in rows if row['handle'] not in before]
        gone = not handles.intersection(self.deleted)
        if gone and self.accounts_for(fresh):
            return rows
        if handles.issuperset(self.deleted) and not any(self._planned(row) for row in fresh):
            return None
        raise ArinError('the ROA listing shows only part of the transaction (deleted handles: %s; added rows found: '
                        '%d of %d); ARIN applies a transaction whole or not at all, so the ROAs changed meanwhile: '
                        'look at them in ARIN Online before running the task again'
                        % (', '.join(self.deleted) or 'none', len([row for row in fresh if self._planned(row)]),
                           len(self.made())))

    def _planned(self, row):
        return any(key(row) == key(made) and row['name'] == made['name'] for made in self.made())

    what = 'ROAs'

    @staticmethod
    def read(api, org_handle):
        return read(api, org_handle)

    def answered(self, answer):
        """ARIN's rows after the transaction from its answer, or None when it does not show every add."""
        added = rows_of(answer.get('adds'))
        return sorted(self.kept() + added, key=sort_key) if self.accounts_for(added) else None

    def changes(self, after):
        """The entries, with the handle each row has after the run (None for removed rows and in check mode)."""
        handles = dict(((key(row), row['name']), row.get('handle')) for row in after)
        return [dict(entry, handle=None if entry['action'] == 'removed' else handles.get((key(entry), entry['name'])))
                for entry in self.entries]

    def summary(self):
        counts = dict((action, 0) for action in ('added', 'replaced', 'removed', 'reissued'))
        for entry in self.entries:
            counts[entry['action']] += 1
        counts['unchanged'] = len(self.unchanged)
        return counts


def lines(entries):
    """One readable line per change, for --diff."""
    out = []
    for entry in entries:
        what = '%s max %s "%s"' % (label(entry), entry['max_length'], entry['name'])
        if entry['action'] == 'added':
            out.append('+ %s\n' % what)
        elif entry['action'] == 'removed':
            out.append('- %s (ROA %s%s)\n' % (what, entry['old_handle'], ', pruned' if entry['pruned'] else ''))
        elif entry['action'] == 'replaced':
            for name, (before, after) in sorted(entry['changes'].items()):
                out.append('~ %s %s: %s -> %s (ROA %s replaced)\n'
                           % (label(entry), name, before, after, entry['old_handle']))
        else:
            out.append('~ %s: added again, its ROA %s held a changed prefix\n' % (what, entry['old_handle']))
    return ''.join(out)


# -- running ------------------------------------------------------------------------


def apply(module, org_handle, plan):
    """Send the plan's transaction once (never in check mode) and return ARIN's rows after it.

    A lost answer is settled by listing again: the rows if the transaction took, else the engine
    reports that it did not (and that running again is safe). A transaction's answer is advisory:
    when it does not account for every add, the org's ROAs (or ASPAs) are listed again.
    """
    if not plan.changed or module.check_mode:
        return plan.planned_after()
    api = module.api

    def send():
        return 'answer', api.rpki_transaction(org_handle, plan.transaction())

    def confirm():
        rows = plan.settle(plan.read(api, org_handle))
        return None if rows is None else ('listing', rows)

    kind, value = module.write(send, confirm, check='the %s of org %s' % (plan.what, org_handle))
    if kind == 'listing':
        return value
    after = plan.answered(value if hasattr(value, 'get') else {})
    return plan.read(api, org_handle) if after is None else after


# -- ASPAs ---------------------------------------------------------------------------


def declare_aspa(params):
    """A declared ASPA from module options (customer_as, providers, state): providers sorted, each once.

    The rules of RFC-derived ASPA practice are checked here (at least one provider, none twice,
    not the customer itself, AS0 only alone); which ASNs ARIN calls reserved is left to ARIN.
    """
    customer = origin_as(params['customer_as'], 'customer_as')
    absent = params.get('state') == 'absent'
    values = params.get('providers')
    if absent:
        if values:
            raise InputError('providers goes with state=present: state=absent deletes the ASPA of AS%d whatever its '
                             'providers' % customer)
        return {'customer_as': customer, 'providers': None, 'state': 'absent'}
    if not values:
        raise InputError('providers must list at least one provider AS of AS%d (AS0 alone if it has none)' % customer)
    providers = []
    for value in values:
        asn = origin_as(value, 'each of providers')
        if asn in providers:
            raise InputError('providers lists AS%d more than once' % asn)
        if asn == customer:
            raise InputError('AS%d cannot be a provider of itself' % asn)
        providers.append(asn)
    if 0 in providers and len(providers) > 1:
        raise InputError('AS0 in providers says AS%d has no provider, so it must be the only one' % customer)
    return {'customer_as': customer, 'providers': sorted(providers), 'state': 'present'}


def aspas_of(items):
    """ARIN's ASPAs (a listing or a transaction's answer) as rows, providers sorted (the set has no order)."""
    rows = []
    for item in items or []:
        customer = item.get('customer_as_id')
        texts = item.get('provider_as_ids') or []
        if not isinstance(customer, int) or not all(re.match(r'^\d+$', text) for text in texts):
            raise ArinError('ARIN listed an ASPA that cannot be read (customer AS %r, providers %r)' % (customer, texts))
        rows.append({'customer_as': customer, 'providers': sorted(set(int(text) for text in texts))})
    return sorted(rows, key=lambda row: row['customer_as'])


def read_aspas(api, org_handle):
    return aspas_of(api.list_aspas(org_handle))


def aspa_label(row):
    return 'AS%d' % row['customer_as']


class AspaPlan(object):
    """What one transaction does to bring ``current`` (ARIN's ASPAs) to the ``declared`` ones."""

    what = 'ASPAs'

    def __init__(self, current, declared):
        self.current = list(current)
        held = dict((row['customer_as'], row) for row in self.current)
        self.entries, self.deleted, self.added = [], [], []
        for item in declared:
            old = held.get(item['customer_as'])
            if item['state'] == 'absent':
                if old is not None:
                    self.deleted.append(old['customer_as'])
                    self.entries.append(self._entry('removed', old, old))
            elif old is None:
                self.added.append(self._row(item))
                self.entries.append(self._entry('added', item, None))
            elif old['providers'] != item['providers']:
                # No modify at ARIN: the delete and the add of the customer AS, applied together.
                self.deleted.append(old['customer_as'])
                self.added.append(self._row(item))
                self.entries.append(self._entry('replaced', item, old))
        self.changed = bool(self.entries)

    @staticmethod
    def _row(item):
        return {'customer_as': item['customer_as'], 'providers': list(item['providers'])}

    @staticmethod
    def _entry(action, row, old):
        entry = {'action': action, 'customer_as': row['customer_as'],
                 'providers': list(row['providers'] if action != 'removed' else old['providers']), 'changes': {}}
        if action == 'replaced':
            entry['changes'] = {'providers': [list(old['providers']), list(row['providers'])]}
            entry['providers_added'] = [asn for asn in row['providers'] if asn not in old['providers']]
            entry['providers_removed'] = [asn for asn in old['providers'] if asn not in row['providers']]
        return entry

    def transaction(self):
        return {'aspa_deletes': list(self.deleted) or None,
                'aspa_adds': [{'customer_as_id': row['customer_as'], 'provider_as_ids': row['providers']}
                              for row in self.added] or None}

    def sent(self):
        return {'delete': list(self.deleted), 'add': [self._row(row) for row in self.added]}

    def kept(self):
        return [row for row in self.current if row['customer_as'] not in self.deleted]

    def planned_after(self):
        return sorted(self.kept() + [self._row(row) for row in self.added], key=lambda row: row['customer_as'])

    def accounts_for(self, rows):
        return all(row in rows for row in self.added)

    def settle(self, rows):
        """After a lost answer: ``rows`` when the listing shows the transaction applied, None when it shows
        nothing of it; anything else cannot come from an atomic transaction and fails."""
        concerned = set(self.deleted + [row['customer_as'] for row in self.added])

        def mine(listing):
            return [row for row in listing if row['customer_as'] in concerned]

        if mine(rows) == mine(self.planned_after()):
            return rows
        if mine(rows) == mine(self.current):
            return None
        raise ArinError('the ASPA listing shows the ASPAs of %s neither as before the transaction nor as after it; '
                        'ARIN applies a transaction whole or not at all, so they changed meanwhile: look at them in '
                        'ARIN Online before running the task again' % ', '.join('AS%d' % asn for asn in sorted(concerned)))

    @staticmethod
    def read(api, org_handle):
        return read_aspas(api, org_handle)

    def answered(self, answer):
        """ARIN's ASPAs after the transaction from its answer, or None when it does not show every add."""
        if not self.accounts_for(aspas_of(answer.get('aspa_adds'))):
            return None
        return self.planned_after()
