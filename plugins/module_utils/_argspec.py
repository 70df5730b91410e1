# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""Argument specs that merge together with their constraint lists."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError
from ansible_collections.arin.regrws.plugins.module_utils._transport import ENVIRONMENTS, KEY_TRANSPORTS

_LISTS = ('required_together', 'required_if', 'required_one_of', 'mutually_exclusive')


class ArgumentSpec(object):
    def __init__(self, argument_spec=None, required_by=None, **lists):
        unknown = set(lists) - set(_LISTS)
        if unknown:
            raise TypeError('unknown argument spec lists: %s' % ', '.join(sorted(unknown)))
        self.argument_spec = dict(argument_spec or {})
        self.required_by = dict(required_by or {})
        self.lists = dict((name, list(lists.get(name) or [])) for name in _LISTS)

    def merge(self, other):
        self.argument_spec.update(other.argument_spec)
        self.required_by.update(other.required_by)
        for name in _LISTS:
            self.lists[name].extend(other.lists[name])
        return self

    def to_kwargs(self):
        kwargs = dict((name, value) for name, value in self.lists.items() if value)
        if self.required_by:
            kwargs['required_by'] = self.required_by
        kwargs['argument_spec'] = self.argument_spec
        return kwargs


# The environment variables behind connection options. Options set in the task or in
# module_defaults always win over them; among the variables, ARIN_BASE_URL beats
# ARIN_ENVIRONMENT as base_url beats environment among options.
CONNECTION_ENV = (
    ('api_key', 'ARIN_API_KEY'),
    ('base_url', 'ARIN_BASE_URL'),
    ('environment', 'ARIN_ENVIRONMENT'),
    ('api_key_transport', 'ARIN_API_KEY_TRANSPORT'),
)
# Numeric options and their allowed range; other numbers must be 0 or more.
NUMBER_RANGES = {
    'timeout': (0.1, 3600),
    'retries': (0, 10),
    'wait_timeout': (0, 86400),
    'wait_interval': (1, 3600),
    'concurrency': (1, 64),
}


def _env(name, environ):
    # AWX/AAP injects an empty string for an optional credential field left blank: that counts as unset.
    return environ.get(name) or None


def _key_from_file(environ):
    """The content of the file ARIN_API_KEY_FILE names (an AWX/AAP file injector, a mounted secret)."""
    path = _env('ARIN_API_KEY_FILE', environ)
    if not path:
        return None
    try:
        with open(os.path.expanduser(path)) as handle:
            return handle.read().strip()
    except (IOError, OSError) as exc:
        raise InputError('ARIN_API_KEY_FILE names %s, which cannot be read (%s)'
                         % (path, getattr(exc, 'strerror', None) or type(exc).__name__))


def connection_settings(params, environ=None):
    """The connection options to use: what the task says, else what the environment says.

    An option written in the task (or module_defaults) beats every environment variable:
    ``environment: production`` in a task wins over ARIN_BASE_URL. Empty values count as unset.
    The key file is read only when no key is given otherwise.
    """
    environ = os.environ if environ is None else environ
    settings = dict((name, params.get(name) or None) for name, dummy in CONNECTION_ENV)
    sources = dict((name, 'option') for name, value in settings.items() if value)
    targets = ('base_url', 'environment')
    explicit_target = any(settings[name] for name in targets)
    for name, variable in CONNECTION_ENV:
        if settings[name] or (name in targets and explicit_target):
            continue
        settings[name] = _env(variable, environ)
        if settings[name]:
            sources[name] = variable
    if not settings['api_key']:
        settings['api_key'] = _key_from_file(environ)
    if settings['environment'] and settings['environment'] not in ENVIRONMENTS:
        raise InputError('%s must be one of %s, not %r' % (
            sources['environment'], ', '.join(sorted(ENVIRONMENTS)), settings['environment']))
    transport = settings['api_key_transport'] or 'auto'
    if transport not in KEY_TRANSPORTS:
        raise InputError('%s must be one of %s, not %r' % (
            sources['api_key_transport'], ', '.join(KEY_TRANSPORTS), transport))
    settings['api_key_transport'] = transport
    return settings


def connection_argspec():
    """The options every module takes to reach Reg-RWS (doc fragment arin.regrws.regrws).

    None has an argspec fallback: connection_settings() reads the environment after
    parsing, so that it knows which values the task set.
    """
    return ArgumentSpec(
        argument_spec=dict(
            api_key=dict(type='str', no_log=True),
            environment=dict(type='str', choices=['production', 'ote']),
            base_url=dict(type='str'),
            api_key_transport=dict(type='str', choices=list(KEY_TRANSPORTS)),
            timeout=dict(type='float', default=30.0),
            retries=dict(type='int', default=3),
            validate_certs=dict(type='bool', default=True),
        ),
    )


def address_argspec():
    """Postal address and comment options shared by POCs, orgs and customers (doc fragment arin.regrws.address)."""
    return dict(
        street_address=dict(type='list', elements='str'),
        city=dict(type='str'),
        region=dict(type='str', aliases=['iso3166_2']),
        postal_code=dict(type='str'),
        country=dict(type='str'),
        comments=dict(type='list', elements='str'),
    )


def wait_argspec(interval=15):
    """Options of modules that can wait for a ticket: ``wait``, ``wait_timeout``, ``wait_interval`` (seconds)."""
    return dict(
        wait=dict(type='bool', default=False),
        wait_timeout=dict(type='int', default=600),
        wait_interval=dict(type='int', default=interval),
    )


def handles_argspec():
    """Options of _info modules that read records by handle (doc fragment arin.regrws.regrws.HANDLES)."""
    return dict(
        handles=dict(type='list', elements='str', required=True, aliases=['handle']),
        missing=dict(type='str', default='fail', choices=['fail', 'skip']),
    )
