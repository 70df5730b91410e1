# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""Argument specs that merge together with their constraint lists."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

from ansible.module_utils.common.parameters import AnsibleFallbackNotFound

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


def _env(*names):
    """A fallback from the first of these environment variables that is set and not empty.

    AWX/AAP injects an empty string for an optional credential field left blank, which
    must count as unset.
    """
    def fallback():
        for name in names:
            value = os.environ.get(name)
            if value:
                return value
        raise AnsibleFallbackNotFound
    return (fallback,)


def _api_key_fallback():
    """ARIN_API_KEY, or the content of the file ARIN_API_KEY_FILE names.

    A key file (an AWX/AAP credential file injector, a secret mounted into a container)
    keeps the key out of the process environment and so out of anything that records it.
    """
    value = os.environ.get('ARIN_API_KEY')
    if value:
        return value
    path = os.environ.get('ARIN_API_KEY_FILE')
    if not path:
        raise AnsibleFallbackNotFound
    try:
        with open(os.path.expanduser(path)) as handle:
            return handle.read().strip()
    except (IOError, OSError):
        # An empty key fails validation with a message naming both variables.
        return ''


def connection_argspec():
    """The options every module takes to reach Reg-RWS (doc fragment arin.regrws.regrws)."""
    return ArgumentSpec(
        argument_spec=dict(
            api_key=dict(type='str', required=True, no_log=True, fallback=(_api_key_fallback,)),
            environment=dict(type='str', choices=['production', 'ote'], fallback=_env('ARIN_ENVIRONMENT')),
            base_url=dict(type='str', fallback=_env('ARIN_BASE_URL')),
            api_key_transport=dict(type='str', choices=['header', 'query'], default='header',
                                   fallback=_env('ARIN_API_KEY_TRANSPORT')),
            timeout=dict(type='float', default=30.0),
            retries=dict(type='int', default=3),
            validate_certs=dict(type='bool', default=True),
        ),
        required_one_of=[('environment', 'base_url')],
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
