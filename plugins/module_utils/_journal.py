# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""Creates that ARIN cannot find again, remembered on the host that runs the module.

ARIN offers no search for a POC that is not linked to an org yet, nor for a customer made
under a parent net. So before such a create is sent, its natural key goes into a small JSON
file; a definite answer settles the entry. An entry left without a handle is a create whose
outcome nobody knows (a lost answer, a killed run, or a run still going on): later runs
refuse to create that record again until the user says what ARIN holds.

Entries are kept per registry and account, a scope: the endpoint as the transport resolved
it, and a salted hash of the API key (never the key), so that a create rehearsed on the
simulator or OT&E is never taken for one made in production. The file (format 2)::

    {"format": 2, "salt": "<hex>",
     "scopes": {"<account> <endpoint>": {"endpoint": "...", "account": "<hash>", "entries": {key: entry}}},
     "unscoped": {key: entry}}

``unscoped`` holds the entries of a journal written before scopes (format 1: the object of
entries alone), which may belong to any registry; ArinModule decides what they still mean.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import binascii
import contextlib
import errno
import hashlib
import json
import os
import re
import tempfile
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - not on a POSIX host
    fcntl = None

from ansible.module_utils.common.parameters import AnsibleFallbackNotFound
from ansible.module_utils.six.moves.urllib.parse import urlsplit, urlunsplit

from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError

DEFAULT_PATH = '~/.ansible/arin_regrws/pending_creates.json'
FORMAT = 2
TOP_FIELDS = ('format', 'salt', 'scopes', 'unscoped')
SCOPE_FIELDS = ('account', 'endpoint', 'entries')
ENTRY_FIELDS = ('check', 'error', 'handle', 'started')


# Values that YAML, Jinja or Ansible may read as a boolean or as nothing: none of them names a journal.
NOT_A_PATH = frozenset(['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 't', 'f', 'none', 'null', ''])


def journal_argspec(retry=True):
    """The journal's options; ``retry=False`` for modules that only use its lock.

    ``create_journal`` is raw so that ``false`` stays a boolean, which journal_path refuses,
    instead of becoming a file named False."""
    options = dict(create_journal=dict(type='raw', default=DEFAULT_PATH, fallback=(_from_environment,)))
    if retry:
        options['retry_unconfirmed_create'] = dict(type='bool', default=False)
    return options


def journal_path(value):
    """The path ``create_journal`` names, ``~`` and environment variables expanded; a boolean, a
    number or a word that reads as one is refused: the journal cannot be turned off."""
    if not isinstance(value, str) or value.strip().lower() in NOT_A_PATH or _number(value):
        raise InputError('create_journal must be the path of a file, not %s: a boolean, a number or a word such as '
                         '"no" names no file, and the journal cannot be turned off (it keeps a create or a ticket '
                         'message from being sent twice); give a path, or leave the option out for the default'
                         % json.dumps(value))
    return os.path.expanduser(os.path.expandvars(value))


def _number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def _from_environment():
    value = os.environ.get('ARIN_CREATE_JOURNAL')
    if not value:  # unset, or left empty by an AWX credential
        raise AnsibleFallbackNotFound
    return value


def _now():
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())


def key_of(*parts):
    """One journal key for a natural key: the parts, case as given, joined unambiguously."""
    return json.dumps([part or '' for part in parts])


def _endpoint(base_url):
    """The endpoint that scopes entries: the resolved base URL, its scheme and host in lower case."""
    parts = urlsplit(base_url or '')
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, '', ''))


def _kind(value):
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'a boolean'
    if isinstance(value, (int, float)):
        return 'a number'
    if isinstance(value, str):
        return 'a string'
    return 'an array' if isinstance(value, list) else 'an object'


def _checked(path, journal):
    """The journal read from ``path`` in format 2, or an InputError saying
    what is wrong where; a format-1 journal comes back with its entries under ``unscoped``."""
    def wrong(where, what):
        raise InputError('create_journal %s is malformed: %s %s; nothing was sent and the file was left as it is: '
                         'correct it, or move it aside after checking the creates it lists in ARIN Online'
                         % (path, where.encode('unicode_escape').decode('ascii'), what))

    def entries(where, value):
        if not isinstance(value, dict):
            wrong(where, 'must be an object of entries, not %s' % _kind(value))
        for key in sorted(value):
            entry = value[key]
            if not isinstance(entry, dict):
                wrong('entry %s' % key, 'must be an object, not %s' % _kind(entry))
            for field in sorted(entry):
                if field not in ENTRY_FIELDS:
                    wrong('entry %s' % key, 'has a field this collection does not write: %s' % json.dumps(field))
                if not isinstance(entry[field], str) or (field == 'handle' and not entry[field].strip()):
                    wrong('entry %s' % key, 'field %s must be a %sstring, not %s'
                          % (field, 'non-empty ' if field == 'handle' else '', _kind(entry[field])))
        return value

    def fields(where, value, names):
        if not isinstance(value, dict):
            wrong(where, 'must be an object, not %s' % _kind(value))
        if sorted(value) != sorted(names):
            wrong(where, 'must hold exactly the fields %s, not %s' % (', '.join(names), ', '.join(sorted(value))))

    if not isinstance(journal, dict):
        wrong('the file', 'must hold a JSON object, not %s' % _kind(journal))
    if 'format' not in journal:  # format 1 (the entries alone), or no file yet: what it holds predates scopes
        return dict(format=FORMAT, salt=None, scopes={}, unscoped=entries('the file', journal))
    if journal['format'] != FORMAT or isinstance(journal['format'], bool):
        wrong('the file', 'is in format %s; this collection reads format %d' % (json.dumps(journal['format']), FORMAT))
    fields('the file', journal, TOP_FIELDS)
    if not isinstance(journal['salt'], str) or not re.match('^[0-9a-f]+$', journal['salt']):
        wrong('the salt', 'must be a string of hexadecimal digits, not %s' % _kind(journal['salt']))
    if not isinstance(journal['scopes'], dict):
        wrong('scopes', 'must be an object, not %s' % _kind(journal['scopes']))
    for name in sorted(journal['scopes']):
        scope = journal['scopes'][name]
        fields('scope %s' % name, scope, SCOPE_FIELDS)
        if not all(isinstance(scope[field], str) for field in ('account', 'endpoint')) or \
                name != '%s %s' % (scope['account'], scope['endpoint']):
            wrong('scope %s' % name, 'must be named by its account and endpoint, strings both')
        entries('scope %s' % name, scope['entries'])
    entries('unscoped', journal['unscoped'])
    return journal


class CreateJournal(object):
    """The journal at ``path``, seen from one registry (``endpoint``) and account (``api_key``)."""

    def __init__(self, path, endpoint, api_key):
        self.path = path
        self.endpoint = _endpoint(endpoint)
        self._api_key = api_key or ''

    def get(self, key):
        """This scope's entry for ``key``, or None."""
        return self._update(lambda entries, unscoped: entries.get(key))

    def find(self, key):
        """``(entry, scoped)``: this scope's entry for ``key``, else one from before scopes (``scoped`` false)."""
        def look(entries, unscoped):
            return (entries[key], True) if key in entries else (unscoped.get(key), False)
        return self._update(look)

    def put(self, key, **entry):
        entry.setdefault('started', _now())

        def change(entries, unscoped):
            entries[key] = dict(entries.get(key) or {}, **entry)
        self._update(change, write=True)

    def claim(self, key, **entry):
        """Record a create about to be sent; an entry already there (another run's) is returned instead."""
        entry['started'] = _now()

        def change(entries, unscoped):
            if key in entries:
                return entries[key]
            entries[key] = entry
            return None
        return self._update(change, write=True)

    def drop(self, key, scoped=True):
        def change(entries, unscoped):
            (entries if scoped else unscoped).pop(key, None)
        self._update(change, write=True)

    def check(self):
        """Read the journal, so that one of the wrong shape fails before anything is sent."""
        self._update(lambda entries, unscoped: None)

    def adopt(self, key):
        """Move an entry from before scopes into this scope: its handle was read here and is the record."""
        def change(entries, unscoped):
            if key in unscoped:
                entries.setdefault(key, unscoped.pop(key))
        self._update(change, write=True)

    @contextlib.contextmanager
    def exclusive(self):
        """A lock beside the journal: runs on this host that take it do their step one at a time.
        (A lock of its own, so journal entries can still be read and written while it is held.)"""
        lock = self._lock('.send.lock')
        try:
            yield
        finally:
            lock.close()

    def _lock(self, suffix='.lock'):
        directory = os.path.dirname(self.path) or '.'
        try:
            if not os.path.isdir(directory):
                os.makedirs(directory, 0o700)
            lock = open(self.path + suffix, 'a')
        except (IOError, OSError) as exc:
            raise InputError('create_journal %s cannot be used: %s' % (self.path, exc.strerror or exc))
        if fcntl is not None:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        return lock

    def _update(self, change, write=False):
        """Run ``change(entries, unscoped)`` under an exclusive lock, so runs on this host see each other's claims."""
        if not write and not os.path.exists(self.path):
            return change({}, {})
        lock = self._lock()
        try:
            journal = self._load()
            result = change(self._scope(journal), journal['unscoped'])
            if write:
                self._save(journal)
            return result
        finally:
            lock.close()  # closing releases the lock

    def _scope(self, journal):
        account = hashlib.sha256((journal['salt'] + self._api_key).encode('utf-8')).hexdigest()[:16]
        scope = journal['scopes'].setdefault('%s %s' % (account, self.endpoint),
                                             dict(endpoint=self.endpoint, account=account, entries={}))
        return scope['entries']

    def _load(self):
        try:
            with open(self.path) as handle:
                journal = json.load(handle)
        except (IOError, OSError) as exc:
            if exc.errno != errno.ENOENT:
                raise InputError('create_journal %s cannot be read: %s' % (self.path, exc.strerror or exc))
            journal = {}  # no file yet
        except ValueError:
            raise InputError('create_journal %s is not the JSON this collection writes; move it aside after checking '
                             'the creates it lists in ARIN Online' % self.path)
        journal = _checked(self.path, journal)
        # The salt is made when a file is first written in format 2; until then it hashes nothing stored.
        journal['salt'] = journal['salt'] or binascii.hexlify(os.urandom(16)).decode('ascii')
        return journal

    def _save(self, journal):
        journal['scopes'] = dict((name, scope) for name, scope in journal['scopes'].items() if scope['entries'])
        directory = os.path.dirname(self.path) or '.'
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix='.pending_creates.')
        with os.fdopen(descriptor, 'w') as handle:
            json.dump(journal, handle, indent=1, sort_keys=True)
        os.rename(temporary, self.path)  # atomic: a crash never leaves half a file
