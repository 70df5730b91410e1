# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A scripted HTTP harness for module tests.

A test lists the exact exchanges a module run must make, in order. Any request that is
not the next one expected fails the test, and so does an expected request that was
never made. Check-mode tests script only reads, which proves nothing is written.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import contextlib
import json
import re

import pytest
import requests

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    patch_module_args = None

CORE = 'http://www.arin.net/regrws/core/v1'
BASE_URL = 'https://reg.example.test/rest'
API_KEY = 'API-1111-2222-3333-4444'
CONNECTION = dict(api_key=API_KEY, base_url=BASE_URL, retries=0)


def xml(tag, inner=''):
    return ('<%s xmlns="%s">%s</%s>' % (tag, CORE, inner, tag)).encode('utf-8')


class Exchange(object):
    """One expected request and the answer to give."""

    def __init__(self, method, path, status=200, body=b'', check=None, headers=None, raises=None):
        self.method = method
        self.path = path
        self.status = status
        self.body = body
        self.check = check
        self.headers = headers or {'Content-Type': 'application/xml'}
        self.raises = raises


class FakeResponse(object):
    def __init__(self, status, body, headers):
        self.status_code = status
        self.headers = requests.structures.CaseInsensitiveDict(headers)
        self._body = body

    def iter_content(self, size):
        for start in range(0, len(self._body), size):
            yield self._body[start:start + size]

    def close(self):
        pass


class Script(object):
    def __init__(self, exchanges):
        self.pending = list(exchanges)
        self.made = []

    def __call__(self, session, method, url, headers=None, data=None, **kwargs):
        assert url.startswith(BASE_URL), 'request outside the base URL: %s' % url
        path = url[len(BASE_URL):]
        self.made.append((method, path, data, headers))
        if not self.pending:
            pytest.fail('unexpected request: %s %s' % (method, path))
        expected = self.pending.pop(0)
        path_only = path.split('?')[0]
        if expected.method != method or not re.match('^%s$' % expected.path, path_only):
            pytest.fail('expected %s %s, got %s %s' % (expected.method, expected.path, method, path))
        if expected.check:
            expected.check(data)
        if expected.raises:
            raise expected.raises
        return FakeResponse(expected.status, expected.body, expected.headers)


class Clock(object):
    """Time that passes only when the code under test sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.slept = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


class AnsibleExit(Exception):
    def __init__(self, result, failed):
        super(AnsibleExit, self).__init__(result)
        self.result = result
        self.failed = failed


@contextlib.contextmanager
def _module_args(args):
    if patch_module_args is not None:
        with patch_module_args(args):
            yield
    else:
        serialized = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args}))
        old = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = serialized
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = old


def run_module(monkeypatch, module, args, exchanges, check_mode=False, diff=False):
    """Run ``module.main()`` against the script; return (result, failed, requests made)."""
    script = Script(exchanges)

    def send(adapter, request, **kwargs):
        return script(adapter, request.method, request.url, headers=request.headers, data=request.body, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, 'send', send)
    # Retries and waits in tests must not sleep: a fake clock moves when the module sleeps.
    clock = Clock()
    monkeypatch.setattr('time.sleep', clock.sleep)
    monkeypatch.setattr('time.time', clock.time)

    def exit_json(self, **result):
        raise AnsibleExit(result, False)

    def fail_json(self, **result):
        raise AnsibleExit(result, True)

    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)
    full = dict(CONNECTION)
    full.update(args)
    full['_ansible_check_mode'] = check_mode
    full['_ansible_diff'] = diff
    with _module_args(full):
        with pytest.raises(AnsibleExit) as caught:
            module.main()
    if script.pending:
        pytest.fail('expected requests never made: %s' % ', '.join('%s %s' % (e.method, e.path) for e in script.pending))
    assert API_KEY not in json.dumps(caught.value.result), 'the API key leaked into the result'
    return caught.value.result, caught.value.failed, script.made
