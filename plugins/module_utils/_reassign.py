# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""Reassignments: bringing ARIN to one declared net, for one net or thousands.

``Declared`` is one declared net, checked before any request. ``Reconcile`` brings ARIN
to it from what was read about the range (the net that holds it, or the one that would
be its parent) and keeps what it did so far, so that a failure halfway reports the net
and customer it made. arin_net_reassign runs one; arin_net_reassignments plans many from
one listing per parent (``Plan``) and runs them on a few threads.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import threading
import time

from ansible_collections.arin.regrws.plugins.module_utils._argspec import address_argspec
from ansible_collections.arin.regrws.plugins.module_utils._errors import (
    ApiError,
    ArinError,
    InputError,
    Unfinished,
    WouldRefuse,
    is_overlap_refusal,
)
from ansible_collections.arin.regrws.plugins.module_utils._api import find
from ansible_collections.arin.regrws.plugins.module_utils import _checks, _nets
from ansible_collections.arin.regrws.plugins.module_utils._nets import NET, NetRange
from ansible_collections.arin.regrws.plugins.module_utils._views import CUSTOMER

CUSTOMER_FIELDS = ('street_address', 'city', 'region', 'postal_code', 'country', 'comments')


def reassignment_argspec():
    """The options of one reassignment: arin_net_reassign's own, and each item of arin_net_reassignments."""
    customer = dict(name=dict(type='str', required=True), private=dict(type='bool'))
    customer.update(address_argspec())
    return dict(
        prefix=dict(type='str'),
        start_address=dict(type='str'),
        end_address=dict(type='str'),
        parent_net_handle=dict(type='str'),
        type=dict(type='str', default='reassign', choices=['reassign', 'reallocate']),
        org_handle=dict(type='str'),
        customer=dict(type='dict', options=customer),
        net_name=dict(type='str'),
        comments=dict(type='list', elements='str'),
        poc_links=_nets.poc_links_argspec(),
        replace=dict(type='bool', default=False),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        note=dict(type='str'),
        delete_customer=dict(type='bool', default=False),
    )


# The rules between a reassignment's options, for the module and for each list item.
REASSIGNMENT_RULES = dict(
    required_one_of=[('prefix', 'start_address')],
    mutually_exclusive=[('prefix', 'start_address'), ('prefix', 'end_address'), ('customer', 'org_handle')],
    required_together=[('start_address', 'end_address')],
)


def reassignment_list_argspec():
    """The ``reassignments`` option of arin_net_reassignments as AnsibleModule sees it: a list of dicts.

    Its items are checked by check_items against ITEM_SPEC, in one pass each: ansible-core's
    suboption validation costs more than the requests at thousands of items.
    """
    return dict(type='list', elements='dict', required=True)


# One item of ``reassignments``: arin_net_reassign's options and rules.
ITEM_SPEC = dict(options=reassignment_argspec(),
                 **dict((name, [list(group) for group in groups]) for name, groups in REASSIGNMENT_RULES.items()))


# ---------------------------------------------------------------------------
# One declared net


class Declared(object):
    """One declared net: its range, the net and customer fields it sets; checked before any request."""

    def __init__(self, params):
        p = self.params = params
        self.rng = NetRange.parse(p['prefix'], p.get('start_address'), p.get('end_address'))
        self.kind = p['type']
        self.state = p['state']
        self.net_type = 'A' if self.kind == 'reallocate' else 'S'
        self.net_desired = dict((k, p[k]) for k in ('net_name', 'comments', 'poc_links') if p.get(k) is not None)
        self.customer_desired = None
        if p.get('customer') is not None:
            c = p['customer']
            self.customer_desired = dict((k, c[k]) for k in CUSTOMER_FIELDS if c.get(k) is not None)
            self.customer_desired['customer_name'] = c['name']
            if c.get('private') is not None:
                self.customer_desired['private'] = c['private']
        self.check()

    def check(self):
        p = self.params
        # Text the engine refused already (non-ASCII, control characters) is not checked again here.
        _nets.check_net_name(p['net_name'])
        if self.state == 'absent':
            return
        if self.kind == 'reallocate' and p['customer'] is not None:
            raise InputError('a reallocation goes to an org: give org_handle, not customer')
        if self.customer_desired is not None:
            _checks.address(self.customer_desired, creating=False)
            _nets.check_simple_ipv6(self.rng)
        if self.kind == 'reallocate' and not p['org_handle']:
            raise InputError('a reallocation needs org_handle (the recipient org)')

    def check_create(self):
        """What registering the range needs beyond what an update needs."""
        if not self.params['net_name']:
            raise InputError('registering %s needs net_name' % self.rng)
        if self.customer_desired is None and not self.params['org_handle']:
            raise InputError('registering %s needs a recipient: customer (simple reassignment) or org_handle'
                             % self.rng)
        if self.customer_desired is not None:
            _checks.address(self.customer_desired, creating=True)

    def mismatch(self, net):
        """Why ``net`` (holding the range) is not the declared registration; empty when it is."""
        p = self.params
        reasons = []
        if _nets.net_type(net) != self.net_type:
            reasons.append('it is of type %s, not %s' % (_nets.net_type(net), self.net_type))
        if p['org_handle'] and (net.get('org_handle') or '').upper() != p['org_handle'].upper():
            reasons.append('its recipient is %s, not org %s' % (
                'org %s' % net['org_handle'] if net.get('org_handle') else 'customer %s' % net.get('customer_handle'),
                p['org_handle']))
        if self.customer_desired is not None and not net.get('customer_handle'):
            reasons.append('it is not a simple reassignment (recipient org %s)' % net.get('org_handle'))
        if p['parent_net_handle'] and (net.get('parent_net_handle') or '').upper() != p['parent_net_handle'].upper():
            reasons.append('its parent is %s, not %s' % (net.get('parent_net_handle'), p['parent_net_handle']))
        return reasons


# ---------------------------------------------------------------------------
# Bringing ARIN to one declared net


class Authority(object):
    """Check mode: whether ARIN would take a Reassign or Reallocate from this key under a parent net.

    ARIN takes one from a key linked to an Admin or Tech POC of the org holding the parent, or
    to the parent's Tech POC, and documents the same authority for reading a net by its handle;
    the simulator decides both with one check. So a read of the parent that answers 401 or 403
    tells that the write would be refused, and a dry run says so instead of planning it. One read
    per parent per task (mostSpecificNet and netsByIpRange answer without authority); safe to
    share between threads.
    """

    def __init__(self, api):
        self.api = api
        self.lock = threading.Lock()
        self.refusals = {}

    def readable(self, handle):
        """The task read this net by its handle already."""
        with self.lock:
            self.refusals.setdefault(handle.upper(), None)

    def check(self, parent_handle, kind):
        """Fail (WouldRefuse) when reading the parent by its handle is refused; ``kind`` is reassign or reallocate."""
        key = parent_handle.upper()
        with self.lock:
            if key not in self.refusals:
                try:
                    find(lambda: self.api.get_net(parent_handle))
                    self.refusals[key] = None
                except ApiError as error:
                    if error.status not in (401, 403):
                        raise
                    self.refusals[key] = error
            refusal = self.refusals[key]
        if refusal is not None:
            raise WouldRefuse(403, 'the key has no authority over parent net/%s to %s from it' % (parent_handle, kind),
                              refusal)


class Reconcile(object):
    """The decision and the writes for one declared net, from what was read about its range.

    Everything done so far stays on the object (``changed``, ``after``, ``customer_after``,
    ``ticket``), so a failure after a write still reports what ARIN now holds, and a later
    run finishes the rest.
    """

    def __init__(self, module, declared, tickets, wait=False, wait_timeout=600, wait_interval=15, authority=None):
        self.module = module
        self.api = module.api
        self.declared = declared
        self.p = declared.params
        self.rng = declared.rng
        self.tickets = tickets
        self.authority = authority or Authority(self.api)
        self.wait, self.wait_timeout, self.wait_interval = wait, wait_timeout, wait_interval
        self.ticket = None
        self.changed = False
        self.removed = False
        self.before = self.after = self.planned = None
        self.customer_before = self.customer_after = self.customer_planned = None

    def __call__(self, existing, covering, customer=None):
        """Reconcile, given the net holding the range (or None) and the most specific net covering it.

        ``customer`` is the customer record of ``existing`` when the caller read it already.
        """
        if self.declared.state == 'absent':
            self.absent(existing)
        elif existing is None:
            self.create(covering)
        else:
            mismatch = self.declared.mismatch(existing)
            if mismatch and not self.p['replace']:
                raise InputError('%s is held by %s: %s; set replace=true to remove it and register the range as '
                                 'declared' % (self.rng, _nets.describe(existing), '; '.join(mismatch)))
            if mismatch:
                self.replace(existing)
            else:
                self.update(existing, customer)
        return self

    # -- the net exists -----------------------------------------------------------

    def update(self, net, customer=None):
        module, api = self.module, self.api
        handle = net['handle']
        if self.before is None:
            self.before = net
        if self.declared.customer_desired is not None:
            customer_handle = net['customer_handle']
            if customer is None:
                customer = api.get_customer(customer_handle)
            self.customer_before = self.customer_after = customer
            outcome = module.update(CUSTOMER, customer, self.declared.customer_desired,
                                    lambda planned: api.modify_customer(customer_handle, planned),
                                    reread=lambda: api.get_customer(customer_handle))
            self.changed |= outcome.changed
            self.customer_after = outcome.after
        self.after = net
        outcome = module.update(NET, net, self.declared.net_desired, lambda planned: api.modify_net(handle, planned),
                                reread=lambda: api.get_net(handle))
        self.changed |= outcome.changed
        self.after = outcome.after

    # -- the range is free -------------------------------------------------------------

    def create(self, covering):
        parent = _nets.resolve_parent(self.api, self.rng, covering, self.p['parent_net_handle'])
        if parent is not covering:
            self.authority.readable(parent['handle'])  # resolve_parent read it by its handle
        self.declared.check_create()
        ticket = self.tickets.find(_nets.marker(self.rng))
        if ticket is not None:
            # An earlier request of ours waits in a ticket: report it, never send it again
            # (a registry need not reserve the range while the ticket is open).
            self.ticket = ticket
            self.follow_ticket()
            return
        self.register(parent['handle'], parent.get('org_handle'))

    def register(self, parent_handle, parent_org_handle=None):
        module, api, declared = self.module, self.api, self.declared
        body = {
            'version': self.rng.version,
            'net_blocks': self.rng.net_blocks(declared.net_type),
            'parent_net_handle': parent_handle,
            'net_name': self.p['net_name'],
            'comment': self.p['comments'] or None,
            'messages': [_nets.request_message(declared.kind, self.rng, self.p['note'])],
        }
        if declared.customer_desired is not None:
            body['customer'] = CUSTOMER.apply({}, declared.customer_desired)
        else:
            body['org_handle'] = self.p['org_handle']
        planned = dict(body, poc_links=self.p['poc_links'] or [], messages=None)
        planned_customer = dict(body.get('customer') or {}) or None
        if module.check_mode:
            self.authority.check(parent_handle, declared.kind)
            self.changed = True
            self.planned, self.customer_planned = planned, planned_customer
            self.after, self.customer_after = planned, planned_customer
            return
        submit = api.reallocate if declared.kind == 'reallocate' else api.reassign

        def confirm():
            net, dummy = _nets.find_exact(api, self.rng)
            if net is not None:
                return {'net': net, 'ticket': None}
            ticket = self.tickets.find(_nets.marker(self.rng), refresh=True)
            return {'net': None, 'ticket': ticket} if ticket is not None else None

        try:
            answer = module.write(lambda: submit(parent_handle, body), confirm)
        except ArinError as error:
            if not is_overlap_refusal(error):
                raise
            self.converge(error)
            return
        self.changed = True
        self.planned, self.customer_planned = planned, planned_customer
        if planned_customer is not None and parent_org_handle:
            # ARIN makes the customer a child of the org holding the parent net.
            self.customer_planned = dict(planned_customer, parent_org_handle=parent_org_handle)
        if answer.get('ticket'):
            self.ticket = answer['ticket']
            self.follow_ticket()
        else:
            self.registered(answer['net'])

    def converge(self, refusal):
        """ARIN refused the range as overlapping: a concurrent run may have registered it, or an
        earlier request of ours may be queued. Read again and settle; otherwise ARIN's refusal stands."""
        net, covering = _nets.find_exact(self.api, self.rng)
        if net is not None and not self.declared.mismatch(net):
            self.update(net)
            return
        if net is None:
            # Listed again: the request of a concurrent run may have become a ticket since.
            ticket = self.tickets.find(_nets.marker(self.rng), refresh=True)
            if ticket is not None:
                # That request is queued: report it, never send it again.
                self.ticket = ticket
                self.follow_ticket()
                return
        # ARIN's refusal does not say which nets are in the way: name them.
        others = [net] if net is not None else (
            _nets.overlapping_children(self.api, self.rng, covering) if covering is not None else [])
        if others:
            refusal.message += '; %s overlaps %s' % (self.rng, ', '.join(_nets.describe(other) for other in others))
        raise refusal

    def registered(self, net):
        """Finish a new registration: POC links (ARIN forbids them on create). The customer is as sent."""
        self.after = net
        if net.get('customer_handle') and self.customer_planned is not None:
            self.customer_after = dict(self.customer_planned, handle=net['customer_handle'])
        outcome = self.module.update(NET, net, self.declared.net_desired,
                                     lambda planned: self.api.modify_net(net['handle'], planned),
                                     reread=lambda: self.api.get_net(net['handle']))
        self.after = outcome.after

    def follow_ticket(self):
        """Report the ticket; with wait, wait for it and finish the task once ARIN accepted it."""
        if not self.wait or self.module.check_mode:
            return
        self.ticket = _nets.wait_for_ticket(self.api, self.ticket, self.wait_timeout, self.wait_interval)
        status = self.ticket.get('web_ticket_status')
        if status not in _nets.FINAL_STATUSES:
            raise Unfinished('ticket %s for %s is still %s after %s seconds; it stays queued at ARIN and a '
                             'later run follows it instead of sending the request again'
                             % (self.ticket['ticket_no'], self.rng, status, self.wait_timeout))
        net, dummy = _nets.find_exact(self.api, self.rng)
        if net is None:
            raise Unfinished('ticket %s for %s was %s %s and ARIN holds no net for the range'
                             % (self.ticket['ticket_no'], self.rng, status, self.ticket.get('web_ticket_resolution')))
        if self.planned is None:
            # A ticket of an earlier run: compare the net it created like any existing net.
            self.update(net)
        else:
            self.registered(net)

    # -- replace and remove ------------------------------------------------------------

    def remove(self, net):
        """Remove ``net`` (and its customer with delete_customer); False when ARIN answered a ticket."""
        customer = None
        if self.p['delete_customer'] and net.get('customer_handle'):
            customer = find(lambda: self.api.get_customer(net['customer_handle']))
        answer = _nets.remove(self.module, net, self.p['note'], self.tickets)
        self.changed = not (answer or {}).get('earlier')
        self.before = net
        self.customer_before = customer
        if answer and answer.get('ticket'):
            self.ticket = answer['ticket']
            if self.wait:
                self.ticket = _nets.wait_for_ticket(self.api, self.ticket, self.wait_timeout, self.wait_interval)
            if self.ticket.get('web_ticket_status') not in _nets.FINAL_STATUSES:
                if customer is not None:
                    self.module.warn('customer/%s was not deleted: removing %s became ticket %s'
                                     % (customer['handle'], net['handle'], self.ticket['ticket_no']))
                return False
        self.removed = True
        if customer is not None and not self.module.check_mode:
            handle = customer['handle']
            try:
                self.module.write(lambda: self.api.delete_customer(handle),
                                  lambda: {} if find(lambda: self.api.get_customer(handle)) is None else None)
            except ArinError as error:
                raise Unfinished('net/%s was removed, but customer/%s stays at ARIN: %s'
                                 % (net['handle'], handle, error.one_line()))
        return True

    def absent(self, net):
        if net is None:
            return
        org_handle = self.p['org_handle']
        if org_handle and (net.get('org_handle') or '').upper() != org_handle.upper():
            raise InputError('%s is registered to %s, not org %s; refusing to remove it'
                             % (self.rng, net.get('org_handle') or 'customer %s' % net.get('customer_handle'),
                                org_handle))
        if self.remove(net) or self.changed:
            self.after = None
        else:
            self.after = net  # removal requested by an earlier run and still in progress

    def replace(self, net):
        _nets.check_removable(net)
        self.declared.check_create()
        if not self.remove(net):
            self.module.warn('%s will be registered on a later run, once ticket %s is processed'
                             % (self.rng, self.ticket['ticket_no']))
            return
        # ``removed`` stays set: when the registration fails, the removal is what was done.
        self.register(self.p['parent_net_handle'] or net['parent_net_handle'])

    # -- what happened ----------------------------------------------------------------

    @property
    def action(self):
        """One word for the result: created, updated, removed, unchanged or ticket."""
        if self.ticket and self.ticket.get('web_ticket_status') not in _nets.FINAL_STATUSES:
            return 'ticket'
        if self.removed and self.after is None:
            return 'removed'
        if self.planned is not None:
            return 'created'
        return 'updated' if self.changed else 'unchanged'

    @property
    def done(self):
        """What the task did before it failed: created, updated, removed, ticket (one is open), or None."""
        if self.ticket and self.ticket.get('web_ticket_status') not in _nets.FINAL_STATUSES:
            return 'ticket'
        if self.removed and self.after is None:
            return 'removed'
        if self.planned is not None:
            # Sent, but the net is not there (a ticket that ARIN turned down): nothing was made.
            return 'created' if self.after is not None else None
        return 'updated' if self.changed else None

    def diff(self):
        """Before and after in the user's shape (``{}`` = no net); the customer nested under the net."""
        before, after = NET.managed(self.before), NET.managed(self.after or self.planned)
        customer_after = self.customer_after or self.customer_planned
        if self.customer_before is not None or customer_after is not None:
            if before:
                before['customer'] = CUSTOMER.managed(self.customer_before)
            if after:
                after['customer'] = CUSTOMER.managed(customer_after)
        return before, after

    def changes(self, created_fields=True):
        """The compact diff: ``{field: [at ARIN, declared]}`` for each field that differs.

        A new net lists every field it is registered with (``[None, value]``) when
        ``created_fields``; customer fields are named ``customer.<field>``.
        """
        if self.before is None and not created_fields:
            return {}
        before, after = self.diff()
        if not after or (not before and not created_fields):
            return {}
        changes = {}
        for name, value in _flat(after).items():
            old = _flat(before).get(name)
            if value != old and (before or value not in (None, [], {})):
                changes[name] = [old, value]
        return changes

    def result(self, diff=False):
        """The result of arin_net_reassign."""
        result = {
            'changed': self.changed,
            'net': NET.read(self.after),
            'customer': CUSTOMER.read(self.customer_after),
            'ticket': _nets.ticket_view(self.ticket),
        }
        if diff:
            before, after = self.diff()
            result['diff'] = dict(before=before, after=after,
                                  before_header=_nets.header(self.before, self.rng),
                                  after_header=_nets.header(self.after or self.before, self.rng))
        return result


def _flat(view):
    """A net's diff view with the customer's fields as ``customer.<field>``."""
    flat = dict((name, value) for name, value in (view or {}).items() if name != 'customer')
    for name, value in ((view or {}).get('customer') or {}).items():
        flat['customer.%s' % name] = value
    return flat


def run_one(module):
    """The whole of arin_net_reassign: one read of the range, then the reconcile."""
    p = module.params
    declared = Declared(p)
    task = Reconcile(module, declared, _nets.OpenTickets(module.api), p['wait'], p['wait_timeout'], p['wait_interval'])
    try:
        existing, covering = _nets.find_exact(module.api, declared.rng)
        task(existing, covering)
    except ArinError as error:
        if not task.changed and task.ticket is None:
            raise
        # Something was made (or found queued) before the failure: report it with the failure.
        module.fail(error, **task.result())
    return task.result(module.ansible._diff)


# ---------------------------------------------------------------------------
# Many declared nets


class Pause(object):
    """A pause shared by every worker: when ARIN asks one of them to wait (429 Retry-After), all wait."""

    def __init__(self):
        self.lock = threading.Lock()
        self.until = 0.0

    def hold(self, seconds):
        """The transport's sleep: start (or extend) the shared pause, then wait it out."""
        with self.lock:
            self.until = max(self.until, time.time() + seconds)
        self.wait()

    def wait(self):
        while True:
            with self.lock:
                left = self.until - time.time()
            if left <= 0:
                return
            time.sleep(left)


class PausedApi(object):
    """The RegRws API with every call waiting out the shared pause first."""

    def __init__(self, api, pause):
        self._api = api
        self._pause = pause

    def __getattr__(self, name):
        call = getattr(self._api, name)

        def paused(*args, **kwargs):
            self._pause.wait()
            return call(*args, **kwargs)
        return paused


def run_parallel(jobs, workers):
    """Run every callable of ``jobs`` on at most ``workers`` threads; returns when all are done.

    Each job catches its own expected failures; anything else is re-raised here.
    """
    jobs = list(jobs)
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            job()
        return
    lock = threading.Lock()
    crashed = []

    def worker():
        while True:
            with lock:
                if not jobs or crashed:
                    return
                job = jobs.pop(0)
            try:
                job()
            except Exception as error:  # pylint: disable=broad-except
                with lock:
                    crashed.append(error)

    threads = [threading.Thread(target=worker) for dummy in range(max(1, min(workers, len(jobs))))]
    for thread in threads:
        thread.daemon = True
        thread.start()
    for thread in threads:
        thread.join()
    if crashed:
        raise crashed[0]


class Parent(object):
    """A parent net the task owns, and every net ARIN lists inside its range.

    Ranges are kept as integer triples (version, first, last) and exact ranges in a dict,
    so that placing thousands of items costs integer comparisons, not address objects.
    """

    def __init__(self, net, nets):
        self.net = net
        self.handle = net['handle']
        self.rng = _nets.range_of(net)
        self.nets = []
        self.exact = {}
        for other in nets:
            rng = _nets.range_of(other)
            if rng is not None and self.rng.contains(rng):
                key = _key(rng)
                self.nets.append((key, rng, other))
                self.exact.setdefault(key, []).append(other)

    def covers(self, rng):
        return self.rng.contains(rng)

    def locate(self, rng):
        """(net holding exactly ``rng``, most specific net covering it), as mostSpecificNet would answer."""
        key = _key(rng)
        exact = self.exact.get(key)
        if exact:
            handles = set((net.get('parent_net_handle') or '').upper() for net in exact)
            deepest = [net for net in exact if net['handle'].upper() not in handles] or exact
            return deepest[0], None
        version, first, last = key
        covering = [(other[2] - other[1], net) for other, dummy, net in self.nets
                    if other[0] == version and other[1] <= first and last <= other[2]]
        if not covering:
            return None, None
        return None, min(covering, key=lambda pair: pair[0])[1]

    def overlapping(self, rng, skip=()):
        """Nets that overlap ``rng`` without covering it (ARIN refuses a new net there)."""
        version, first, last = _key(rng)
        return [net for other, dummy, net in self.nets
                if other[0] == version and other[1] <= last and first <= other[2]
                and not (other[1] <= first and last <= other[2]) and net['handle'].upper() not in skip]

    def children(self):
        """The reassignments and reallocations registered directly under this parent."""
        return [(rng, net) for dummy, rng, net in self.nets
                if (net.get('parent_net_handle') or '').upper() == self.handle.upper()
                and _nets.net_type(net) in _nets.REMOVABLE]


def _key(rng):
    return rng.version, int(rng.first), int(rng.last)


def check_items(items, places=None):
    """Declared nets from the ``reassignments`` list; the first bad item fails, by index and prefix.

    ``places`` names each item in errors instead of its index (the inventory plugin gives file and line).
    """
    declared = []
    for index, given in enumerate(items):
        where = places[index] if places else 'reassignments[%d]' % index
        params = _checks.suboptions(where, ITEM_SPEC, given)
        try:
            item = Declared(params)
        except InputError as error:
            label = params.get('prefix') or params.get('start_address')
            raise InputError('%s%s: %s' % (where, ' (%s)' % label if label else '', error.message))
        item.where = where
        declared.append(item)
    by_start = sorted(declared, key=lambda item: (item.rng.version, item.rng.first, item.rng.last))
    for first, second in zip(by_start, by_start[1:]):
        if first.rng == second.rng:
            raise InputError('%s and %s both declare %s' % (first.where, second.where, first.rng))
        if first.rng.overlaps(second.rng):
            raise InputError('%s (%s) and %s (%s) overlap; ARIN refuses overlapping registrations under one parent'
                             % (first.where, first.rng, second.where, second.rng))
    return declared


def read_parent(api, spec):
    """A Parent from a handle or a prefix: one netsByIpRange read (and one read of the net for a handle)."""
    if '/' in spec:
        rng = NetRange.parse(spec)
        listed = find(lambda: api.nets_by_range(rng.start, rng.end)) or []
        held = [net for net in listed if _nets.range_of(net) == rng and _nets.net_type(net) in _nets.PARENT_TYPES]
        if not held:
            raise InputError('parents: ARIN holds no direct allocation or reallocation for %s; give the prefix of '
                             'such a net or its handle' % spec)
        handles = set((net.get('parent_net_handle') or '').upper() for net in held)
        net = [net for net in held if net['handle'].upper() not in handles][0]
    else:
        net = find(lambda: api.get_net(spec))
        if net is None:
            raise InputError('parents: net/%s does not exist' % spec)
        rng = _nets.range_of(net)
        listed = find(lambda: api.nets_by_range(rng.start, rng.end)) or []
    if _nets.net_type(net) not in _nets.PARENT_TYPES:
        raise InputError('parents: %s is not a direct allocation (DA) or reallocation (A)' % _nets.describe(net))
    return Parent(net, listed)


class Plan(object):
    """arin_net_reassignments: every read and check first, then the writes, on a few threads."""

    COUNTS = ('created', 'updated', 'removed', 'unchanged', 'ticket', 'failed')

    def __init__(self, module):
        self.module = module
        p = self.p = module.params
        self.declared = check_items(p['reassignments'])
        if p['prune'] and not p['parents']:
            raise InputError('prune needs parents: the parent nets whose undeclared reassignments may be removed')
        if p['prune'] and p['partial_reasons']:
            # What a partial declaration leaves out is not an orphan: refuse before any request.
            raise InputError('prune refused: the declaration is partial (%s); reconcile without prune, or run '
                             'with the whole declaration' % '; '.join(p['partial_reasons']))
        # One transport serves every worker: its retry sleep (429 Retry-After, backoff) becomes the
        # shared pause, and every call waits it out first. The engine hands this API to the
        # helpers that take the module (removal), so they wait too.
        self.pause = Pause()
        api = module.api
        module.transport.sleep = self.pause.hold
        self.api = PausedApi(api, self.pause)
        module._api = self.api
        self.tickets = _nets.OpenTickets(self.api)
        self.authority = Authority(self.api)
        self.entries = []
        self.lock = threading.Lock()

    def __call__(self):
        p = self.p
        parents = []
        for spec in p['parents'] or []:
            parent = read_parent(self.api, spec)
            if '/' not in spec:
                self.authority.readable(parent.handle)
            if parent.handle.upper() not in [other.handle.upper() for other in parents]:
                parents.append(parent)
        located = [self.locate(item, parents) for item in self.declared]
        orphans = self.orphans(parents) if p['prune'] else []
        if len(orphans) > p['prune_limit']:
            raise InputError('prune would remove %d nets, more than prune_limit=%d: %s'
                             % (len(orphans), p['prune_limit'], ', '.join(_nets.describe(net) for net in orphans)))
        pruned = set(net['handle'].upper() for net in orphans)
        for item, place in zip(self.declared, located):
            if place is not None and place[0] is None and item.state == 'present':
                item.blocked = place[2].overlapping(item.rng, pruned)
        count = len(self.declared)
        run_parallel([self.job_remove(net, count + index) for index, net in enumerate(orphans)], p['concurrency'])
        run_parallel([self.job(item, place, index) for index, (item, place) in enumerate(zip(self.declared, located))],
                     p['concurrency'])
        return self.result()

    # -- planning -----------------------------------------------------------------------

    def locate(self, item, parents):
        """(existing, covering, parent) from a parent's listing, or None when no parent covers the item."""
        for parent in parents:
            if parent.covers(item.rng):
                existing, covering = parent.locate(item.rng)
                if existing is not None or covering is not None:
                    return existing, covering, parent
        return None

    def orphans(self, parents):
        declared = set(item.rng for item in self.declared)
        return [net for parent in parents for rng, net in parent.children() if rng not in declared]

    # -- running -----------------------------------------------------------------------

    def reconcile(self, item):
        p = self.p
        return Reconcile(self.module, item, self.tickets, p['wait'], p['wait_timeout'], p['wait_interval'],
                         self.authority)

    def job(self, item, place, order):
        def run():
            task = self.reconcile(item)
            try:
                blocked = getattr(item, 'blocked', None)
                if blocked:
                    raise InputError('%s overlaps %s; ARIN refuses overlapping registrations'
                                     % (item.rng, ', '.join(_nets.describe(net) for net in blocked)))
                if place is None:
                    existing, covering = _nets.find_exact(self.api, item.rng)
                else:
                    existing, covering = place[0], place[1]
                task(existing, covering)
                self.record(order, task, item.rng)
            except ArinError as error:
                self.record(order, task, item.rng, error)
        return run

    def job_remove(self, net, order):
        def run():
            params = dict((name, None) for name in reassignment_argspec())
            params.update(prefix=None, start_address=_nets.range_of(net).start, end_address=_nets.range_of(net).end,
                          type='reallocate' if _nets.net_type(net) == 'A' else 'reassign', state='absent',
                          note=self.p['prune_note'], delete_customer=self.p['prune_delete_customer'], replace=False)
            task = self.reconcile(Declared(params))
            task.pruned = True
            try:
                task.absent(net)
                self.record(order, task, _nets.range_of(net))
            except ArinError as error:
                self.record(order, task, _nets.range_of(net), error)
        return run

    def record(self, order, task, rng, error=None):
        # The few fields of an entry are read straight from the net: at thousands of nets the
        # full user view (address arithmetic for each derived field) is most of the run's work.
        net = task.after or task.before or {}
        action = 'failed' if error is not None else task.action
        entry = {
            'prefix': str(rng),
            'action': action,
            'done': task.done if error is not None else None,
            'changed': task.changed,
            'handle': net.get('handle'),
            'net_name': net.get('net_name') or task.p.get('net_name'),
            'type': _nets.net_type(net) or task.declared.net_type,
            'customer_handle': net.get('customer_handle'),
            'org_handle': net.get('org_handle'),
            'ticket': (task.ticket or {}).get('ticket_no'),
            'ticket_status': (task.ticket or {}).get('web_ticket_status'),
            'changes': task.changes(created_fields=self.module.ansible._diff) if action != 'unchanged' else {},
            'pruned': getattr(task, 'pruned', False),
            'error': error.one_line() if error is not None else None,
        }
        with self.lock:
            self.entries.append((order, entry))

    def result(self):
        entries = [entry for order, entry in sorted(self.entries, key=lambda pair: pair[0])]
        summary = dict((name, 0) for name in self.COUNTS)
        for entry in entries:
            summary[entry['action']] += 1
            if entry['done']:
                # A net created (updated, removed) before a later step failed counts as both.
                summary[entry['done']] += 1
        failed = [entry for entry in entries if entry['action'] == 'failed']
        result = {
            'changed': any(entry['changed'] for entry in entries),
            'nets': entries,
            'summary': summary,
            'failed_nets': failed,
        }
        lines = [line for line in (net_line(entry) for entry in entries) if line is not None]
        if self.module.ansible._diff:
            result['diff'] = {'prepared': ''.join(line + '\n' for line in lines)}
        result['lines'] = lines + [count_line(summary, len(entries), self.module.check_mode)]
        if self.module.ansible._verbosity < 3:
            # Callbacks show the invocation only from -vvv on; echoing thousands of items back
            # below that costs the controller time and memory and shows nothing.
            result['invocation'] = {'module_args': dict(self.p, reassignments='%d items (echoed from -vvv on)'
                                                        % len(self.p['reassignments']))}
        if failed and self.p['fail_on_error']:
            self.module.fail(ArinError('%d of %d nets failed: %s' % (
                len(failed), len(entries), '; '.join(_failure(entry) for entry in failed))), **result)
        return result


# ---------------------------------------------------------------------------
# What a person reads: one line per net that is not unchanged, then the counts


SIGNS = {'created': '+', 'updated': '~', 'removed': '-', 'ticket': '?', 'failed': '!'}
COUNT_WORDS = {'ticket': 'waiting for a ticket'}


def shown(value):
    """A field's value in a line; an unknown or empty value reads ``unset``, never ``None``."""
    if value is None or value == '' or value == [] or value == {}:
        return 'unset'
    if isinstance(value, bool):
        return 'yes' if value else 'no'
    if isinstance(value, dict):
        # A POC link: its function and handle are all it is.
        return ':'.join(str(value[key]) for key in ('function', 'handle') if value.get(key)) or 'unset'
    if isinstance(value, (list, tuple)):
        return '[%s]' % ', '.join(json.dumps(item, ensure_ascii=False) if isinstance(item, str) else shown(item)
                                  for item in value)
    return str(value)


def net_line(entry):
    """One line about one net of the result: what was (or would be) done, and why it failed.

    ``+`` registered, ``~`` updated (each field that differs), ``-`` removed, ``?`` waiting for
    an ARIN ticket, ``!`` failed. None for a net that is unchanged.
    """
    action = entry['action']
    if action not in SIGNS:
        return None
    words = [SIGNS[action], entry['prefix']]
    if entry.get('net_name'):
        words.append(entry['net_name'])
    if entry.get('handle'):
        words.append('(%s)' % entry['handle'])
    elif action in ('created', 'ticket'):
        words.append('(new)')
    if entry.get('pruned'):
        words.append('pruned')
    line = ' '.join(words)
    changes = entry.get('changes') or {}
    if action == 'updated' and changes:
        line += ' ' + '; '.join('%s: %s -> %s' % (name, shown(old), shown(new))
                                for name, (old, new) in sorted(changes.items()))
    if action == 'ticket':
        line += ' %s waits for ARIN ticket %s' % ('removal' if entry.get('handle') else 'registration',
                                                  entry.get('ticket') or '(number unknown)')
    elif entry.get('ticket'):
        line += ' ticket %s' % entry['ticket']
    if action == 'failed':
        done = entry.get('done')
        line += ': %s%s' % ('%s, then ' % done if done else '', entry.get('error') or 'failed')
    return line


def count_line(summary, total, check_mode=False):
    """How many nets there were and what happened to them, zero counts left out."""
    names = [name for name in Plan.COUNTS if name in summary] + sorted(set(summary) - set(Plan.COUNTS))
    counts = ', '.join('%d %s' % (summary[name], COUNT_WORDS.get(name, name)) for name in names
                       if isinstance(summary[name], int) and summary[name])
    line = '%d net%s' % (total, '' if total == 1 else 's') + (': %s' % counts if counts else '')
    return line + (' (check mode: nothing was written)' if check_mode else '')


def _failure(entry):
    """One failed net for the task's message, with what was done to it before the failure."""
    if not entry['done']:
        return '%s: %s' % (entry['prefix'], entry['error'])
    what = entry['ticket'] if entry['done'] == 'ticket' else entry['handle']
    return '%s: %s%s, then %s' % (entry['prefix'], entry['done'], ' %s' % what if what else '', entry['error'])


def run_many(module):
    """The whole of arin_net_reassignments."""
    return Plan(module)()
