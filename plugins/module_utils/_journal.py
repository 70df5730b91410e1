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
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import contextlib
import errno
import json
import os
import tempfile
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - not on a POSIX host
    fcntl = None

from ansible.module_utils.common.parameters import AnsibleFallbackNotFound

from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError

DEFAULT_PATH = '~/.ansible/arin_regrws/pending_creates.json'


def journal_argspec(retry=True):
    """The journal's options; ``retry=False`` for modules that only use its lock."""
    options = dict(create_journal=dict(type='path', default=DEFAULT_PATH, fallback=(_from_environment,)))
    if retry:
        options['retry_unconfirmed_create'] = dict(type='bool', default=False)
    return options


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


class CreateJournal(object):
    def __init__(self, path):
        self.path = os.path.expanduser(path)

    def get(self, key):
        return self._update(lambda entries: entries.get(key))

    def put(self, key, **entry):
        entry.setdefault('started', _now())

        def change(entries):
            entries[key] = dict(entries.get(key) or {}, **entry)
        self._update(change, write=True)

    def claim(self, key, **entry):
        """Record a create about to be sent; an entry already there (another run's) is returned instead."""
        entry['started'] = _now()

        def change(entries):
            if key in entries:
                return entries[key]
            entries[key] = entry
            return None
        return self._update(change, write=True)

    def drop(self, key):
        def change(entries):
            entries.pop(key, None)
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
        """Run ``change(entries)`` under an exclusive lock, so runs on this host see each other's claims."""
        if not write and not os.path.exists(self.path):
            return change({})
        lock = self._lock()
        try:
            entries = self._load()
            result = change(entries)
            if write:
                self._save(entries)
            return result
        finally:
            lock.close()  # closing releases the lock

    def _load(self):
        try:
            with open(self.path) as handle:
                entries = json.load(handle)
        except (IOError, OSError) as exc:
            if exc.errno == errno.ENOENT:
                return {}
            raise InputError('create_journal %s cannot be read: %s' % (self.path, exc.strerror or exc))
        except ValueError:
            raise InputError('create_journal %s is not the JSON this collection writes; move it aside after checking '
                             'the creates it lists in ARIN Online' % self.path)
        return entries if isinstance(entries, dict) else {}

    def _save(self, entries):
        directory = os.path.dirname(self.path) or '.'
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix='.pending_creates.')
        with os.fdopen(descriptor, 'w') as handle:
            json.dump(entries, handle, indent=1, sort_keys=True)
        os.rename(temporary, self.path)  # atomic: a crash never leaves half a file
