# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""The engine every module runs on.

ArinModule builds the AnsibleModule from merged argspecs, connects to Reg-RWS, runs the
module's body, and turns any ArinError into one ``fail_json``. Its reconcile helpers
read, compare on canonical values, and write only what differs; check mode takes the
same path and stops before the write, and every write goes through ``write()``, which
refuses to run in check mode.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import math

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.arin.regrws.plugins.module_utils._argspec import (
    NUMBER_RANGES,
    ArgumentSpec,
    connection_argspec,
    connection_settings,
    handles_argspec,
)
from ansible_collections.arin.regrws.plugins.module_utils import _checks
from ansible_collections.arin.regrws.plugins.module_utils._errors import ApiError, ArinError, InputError, UncertainWrite
from ansible_collections.arin.regrws.plugins.module_utils._journal import CreateJournal, journal_path
from ansible_collections.arin.regrws.plugins.module_utils import _payloads, _transport
from ansible_collections.arin.regrws.plugins.module_utils._api import RegRws, find


class Outcome(object):
    """What a reconcile step did: the record before and after, and whether that is a change."""

    def __init__(self, changed, before, after, **extra):
        self.changed = changed
        self.before = before
        self.after = after
        self.extra = extra


class ArinModule(object):
    def __init__(self, argument_spec=None, **kwargs):
        spec = connection_argspec()
        spec.merge(argument_spec if isinstance(argument_spec, ArgumentSpec) else ArgumentSpec(argument_spec, **kwargs))
        try:
            self.ansible = AnsibleModule(supports_check_mode=True, **spec.to_kwargs())
        except (TypeError, AttributeError, OverflowError) as exc:
            # ansible-core's validation breaks on some values of the wrong type (customer: false,
            # an integer option given .inf); report it as the bad input it is.
            self._refuse_malformed(spec.argument_spec, exc)
        for name, present, error in (('requests', _transport.HAS_REQUESTS, _transport.REQUESTS_IMPORT_ERROR),
                                     ('lxml', _payloads.HAS_LXML, _payloads.LXML_IMPORT_ERROR)):
            if not present:
                self.ansible.fail_json(msg=missing_required_lib(name), exception=str(error))
        self.params = self.ansible.params
        self.check_mode = self.ansible.check_mode
        self.transport = None
        self._api = None
        self.connection = {}
        try:
            # Every option, in check mode too, before the first request.
            if 'create_journal' in self.params:
                self.params['create_journal'] = journal_path(self.params['create_journal'])
            _checks.option_text(spec.argument_spec, self.params)
            _checks.number_ranges(spec.argument_spec, self.params, NUMBER_RANGES)
            self.connection = connection_settings(self.params)
        except ArinError as error:
            self.fail(error)
        if self.connection.get('api_key'):
            # A key from the environment or a file is as secret as one from the task.
            self.ansible.no_log_values.add(self.connection['api_key'])

    @staticmethod
    def _refuse_malformed(argument_spec, exc):
        raw = dict((name, dict(type='raw', no_log=bool(option.get('no_log')))) for name, option in argument_spec.items())
        plain = AnsibleModule(argument_spec=raw, supports_check_mode=True)
        for name in sorted(argument_spec):
            option, value = argument_spec[name], plain.params.get(name)
            if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
                plain.fail_json(msg='%s must be a finite number, not %s' % (name, value))
            if not option.get('options') or value is None:
                continue
            if option.get('type') == 'list':
                items = value if isinstance(value, list) else [value]
                wrong = [index for index, item in enumerate(items) if not isinstance(item, dict)]
                if wrong:
                    plain.fail_json(msg='%s[%d] must be a dictionary of its sub-options, not %s'
                                    % (name, wrong[0], type(items[wrong[0]]).__name__))
            elif not isinstance(value, dict):
                plain.fail_json(msg='%s must be a dictionary of its sub-options, not %s' % (name, type(value).__name__))
        plain.fail_json(msg='the options cannot be read (%s)' % type(exc).__name__)

    # -- connection ---------------------------------------------------------

    @property
    def api(self):
        if self._api is None:
            params, connection = self.params, self.connection
            base_url = _transport.resolve_base_url(connection['environment'], connection['base_url'])
            self.transport = _transport.Transport(
                base_url, connection['api_key'],
                api_key_transport=connection['api_key_transport'],
                timeout=params['timeout'],
                retries=params['retries'],
                validate_certs=params['validate_certs'],
                warn=self.warn,
            )
            if not params['validate_certs']:
                self.warn('validate_certs is false: the TLS certificate of %s is not verified, so anyone on the path '
                          'can read the API key; use it only for a test server you control' % base_url)
            self._api = RegRws(self.transport)
        return self._api

    def connect(self):
        """Validate connection options before any other work, so bad input fails first."""
        return self.api

    # -- running ------------------------------------------------------------

    def warn(self, message):
        self.ansible.warn(self._redact(message))

    def _redact(self, text):
        if self.transport is not None:
            return self.transport.redact(text)
        for key in (self.params.get('api_key'), self.connection.get('api_key')):
            text = _transport.redact(text, key)
        return text

    def run(self, body):
        """Run ``body(self)``, which returns the result dict; failures end in one fail_json."""
        try:
            self.connect()
            if 'retry_unconfirmed_create' in self.params:  # a module that creates: a malformed journal fails first
                self.journal.check()
            result = body(self)
        except ArinError as error:
            self.fail(error)
        self.ansible.exit_json(**self._plain(self._with_endpoint(result)))

    def fail(self, error, **extra):
        details = json.loads(self._redact(json.dumps(error.as_dict())))
        self.ansible.fail_json(msg=self._redact(error.one_line()), error=details,
                               **self._plain(self._with_endpoint(extra)))

    def _with_endpoint(self, result):
        # Every result names the service it talked to (never the key), so a run shows where it wrote.
        if self.transport is not None:
            result = dict(result, endpoint=self.transport.base_url)
        return result

    def _plain(self, value):
        # Documents are dict subclasses carrying lxml elements: results get plain JSON data.
        return json.loads(self._redact(json.dumps(value, default=str)))

    # -- writes ---------------------------------------------------------------

    def write(self, action, confirm=None, check=None):
        """Perform one write, never twice.

        When the outcome is unknown (UncertainWrite: the answer was lost, cut, unreadable or a 5xx
        that may come after the commit), ``confirm()`` reads back: it returns what ARIN now holds if
        the write took, or None if it did not. The message then says which, and what to do; when
        there is no read-back or it fails too, it names ``check``, what to look at in ARIN Online.
        """
        if self.check_mode:
            raise AssertionError('a write was attempted in check mode')  # a bug, never an expected failure
        try:
            return action()
        except UncertainWrite as error:
            return self._settle(error, confirm, check)
        except ApiError as error:
            if error.status == 429 or (error.status == 503 and error.code == 'E_OUTAGE'):
                error.message += '; ARIN did not act on it, so it is safe to run the task again'
            raise

    def _settle(self, error, confirm, check):
        error.applied = None  # unknown until a read-back says otherwise
        error.cause = error.one_line()  # what went wrong, before the verdict is added
        unknown = ('; could not tell whether ARIN acted%s: check %s in ARIN Online before running the task again'
                   % ('%s', check or 'the record (%s)' % (error.operation or 'the write')))
        if confirm is None:
            error.message += unknown % ''
            raise error
        try:
            record = confirm()
        except ArinError as failure:
            error.message += unknown % (' (reading back failed too: %s)' % failure.one_line())
            raise error
        if record is None:
            error.applied = False
            error.message += '; reading back shows it was not applied, so it is safe to run the task again'
            raise error
        self.warn('%s; ARIN applied the change (read back)' % error.one_line())
        return record

    @property
    def journal(self):
        """The journal of creates, seen from the registry and account this run talks to."""
        self.connect()
        return CreateJournal(self.params['create_journal'], self.transport.base_url, self.connection.get('api_key'))

    def create_once(self, view, desired, create, key, check, keep_handle=False):
        """Create a record that ARIN offers no way to search for, and never create it twice unasked.

        ``key`` is the record's natural key in the journal (see _journal), ``check`` says where in
        ARIN Online to look for it. A create already recorded there without a handle blocks a new
        one unless retry_unconfirmed_create is set; so does one recorded before the journal kept
        entries per registry, which may have gone here. With ``keep_handle`` the entry keeps the new
        handle (the caller drops it once a natural-key lookup finds the record).
        """
        journal = self.journal
        pending, scoped = journal.find(key)
        if pending and not pending.get('handle'):
            if not self.params['retry_unconfirmed_create']:
                raise InputError(self._pending_message(pending, check, journal, scoped))
            if not self.check_mode:
                journal.drop(key, scoped)
        planned = view.apply({}, desired)
        if self.check_mode:
            return Outcome(True, None, planned)
        other = journal.claim(key, check=check)
        if other is not None:
            raise InputError(self._pending_message(other, check, journal))
        try:
            record = self.write(lambda: create(planned), check=check)
        except UncertainWrite as error:
            if getattr(error, 'applied', None) is False:
                journal.drop(key)
            else:
                journal.put(key, error=error.cause)
                error.message += ('; until you give its handle or set retry_unconfirmed_create=true, a run of the '
                                  'same task refuses to create it again (pending creates are kept in %s)'
                                  % journal.path)
            raise
        except ArinError:
            journal.drop(key)  # a definite refusal: nothing was created
            raise
        if keep_handle and record.get('handle'):
            journal.put(key, handle=record['handle'])
        else:
            journal.drop(key)
        return Outcome(True, None, record)

    def created_earlier(self, key, read, matches):
        """The record that an earlier run created under natural key ``key`` (the journal holds its
        handle), read with ``read(handle)``; None if there is none, or it was deleted since, or it
        is no longer that record (``matches(record)`` is false).

        A handle recorded before the journal kept entries per registry may be another registry's:
        it is taken into this registry's entries only once the record read here matches."""
        journal = self.journal
        entry, scoped = journal.find(key)
        if not entry or not entry.get('handle'):
            return None
        record = self.find(lambda: read(entry['handle']))
        if record is not None and matches(record):
            if not scoped and not self.check_mode:
                journal.adopt(key)
            return record
        if not scoped:
            where = (journal.path, entry['handle'], key, journal.endpoint)
            self.warn('create_journal %s holds a handle, %s, for %s from before it kept creates per registry; at %s '
                      'it is not that record, so it was left alone (it may belong to another registry): remove it '
                      'from "unscoped" once no registry needs it' % where)
        elif not self.check_mode:
            journal.drop(key)  # nothing left to recognise
        return None

    def forget_created(self, key):
        """The record is found by its natural key at ARIN now: the journal need not remember it."""
        if not self.check_mode:
            self.journal.drop(key)

    @staticmethod
    def _pending_message(pending, check, journal, scoped=True):
        started = 'a run that started at %s to create %s' % (pending.get('started'), check)
        where = ('look for it in ARIN Online: if it exists, give its handle; if it does not, set '
                 'retry_unconfirmed_create=true to create it (pending creates are kept in %s)' % journal.path)
        if not scoped:
            return ('%s was recorded before the journal kept creates per registry, so it may have gone to %s or to '
                    'another registry or account (the simulator, OT&E, production); nothing was sent. Before running '
                    'again, %s; the entry is under "unscoped"' % (started, journal.endpoint, where))
        if pending.get('error'):
            return '%s could not tell whether ARIN acted (%s); nothing was sent. Before running again, %s' % (
                started, pending['error'], where)
        return ('%s has not finished (it may still be running, or was stopped before ARIN answered); nothing was '
                'sent. Once it has ended, run the task again; if it was stopped, %s' % (started, where))

    # -- reconcile helpers ------------------------------------------------------

    find = staticmethod(find)

    def delete(self, doc, remove, reread=None):
        """Delete ``doc`` if it exists. After a lost answer, the record's absence confirms it."""
        if not doc:
            return Outcome(False, None, None)
        if not self.check_mode:
            confirm = (lambda: {} if self.find(reread) is None else None) if reread else None
            self.write(remove, confirm)
        return Outcome(True, doc, None)

    def update(self, view, doc, desired, modify, immutable=(), reread=None):
        """Bring an existing record to ``desired`` (user-shape fields the task sets)."""
        changes = view.differences(doc, desired)
        blocked = [name for name in changes if name in immutable]
        if blocked:
            raise InputError(
                '%s: %s cannot be changed once the record exists (ARIN treats %s as immutable); '
                'create a new record instead' % (view.header(doc), ', '.join(blocked),
                                                 'it' if len(blocked) == 1 else 'them'))
        if not changes:
            return Outcome(False, doc, doc)
        planned = view.apply(doc, desired)
        if self.check_mode:
            return Outcome(True, doc, planned, changes=changes)

        def confirm():
            record = reread()
            return record if not view.differences(record, desired) else None

        after = self.write(lambda: modify(planned), confirm if reread else None)
        return Outcome(True, doc, after, changes=changes)

    @classmethod
    def info_by_handle(cls, view, key, reader):
        """The whole of an _info module that reads records by handle; ``reader(api)`` is the read call."""
        module = cls(handles_argspec())
        module.run(lambda m: m.read_many(view, key, m.params['handles'], reader(m.api)))

    def read_many(self, view, key, handles, read):
        """The body of an _info module: records by handle, honouring the ``missing`` option."""
        records, missing = [], []
        for handle in handles:
            if self.params.get('missing') == 'skip':
                record = self.find(lambda: read(handle))
                if record is None:
                    missing.append(handle)
                    continue
            else:
                record = read(handle)
            records.append(view.read(record))
        return {'changed': False, key: records, 'missing': missing}

    def result(self, view, key, outcome, **extra):
        """The module result: the record in the user's shape under ``key``, plus diff."""
        result = dict(changed=outcome.changed, **extra)
        result[key] = view.read(outcome.after)
        if self.ansible._diff:
            result['diff'] = dict(
                before=view.managed(outcome.before),
                after=view.managed(outcome.after),
                before_header=view.header(outcome.before or outcome.after),
                after_header=view.header(outcome.after or outcome.before),
            )
        return result
