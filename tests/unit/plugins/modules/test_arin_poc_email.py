# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.arin.regrws.plugins.modules import arin_poc_email, arin_poc_info
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module, xml


def poc(*emails):
    return xml('poc', '<handle>NOC1-ARIN</handle><emails>%s</emails>' % ''.join('<email>%s</email>' % e for e in emails))


@pytest.mark.parametrize('check_mode', [False, True])
@pytest.mark.parametrize('diff', [False, True])
def test_add(monkeypatch, check_mode, diff):
    exchanges = [Exchange('GET', '/poc/NOC1-ARIN', body=poc('noc@example.net'))]
    if not check_mode:
        exchanges.append(Exchange('POST', '/poc/NOC1-ARIN/email/peering@example.net',
                                  body=poc('noc@example.net', 'peering@example.net')))
    result, failed, made = run_module(monkeypatch, arin_poc_email, dict(handle='NOC1-ARIN', email='peering@example.net'),
                                      exchanges, check_mode=check_mode, diff=diff)
    assert not failed and result['changed']
    assert result['poc']['emails'] == ['noc@example.net', 'peering@example.net']
    if diff:
        assert result['diff']['before'] == {'emails': ['noc@example.net']}


@pytest.mark.parametrize('check_mode', [False, True])
def test_present_in_another_case(monkeypatch, check_mode):
    result, failed, made = run_module(monkeypatch, arin_poc_email, dict(handle='NOC1-ARIN', email='NOC@Example.NET'), [
        Exchange('GET', '/poc/NOC1-ARIN', body=poc('noc@example.net')),
    ], check_mode=check_mode)
    assert not failed and not result['changed']


@pytest.mark.parametrize('check_mode', [False, True])
def test_remove_uses_the_stored_spelling(monkeypatch, check_mode):
    exchanges = [Exchange('GET', '/poc/NOC1-ARIN', body=poc('noc@example.net', 'Old@Example.net'))]
    if not check_mode:
        exchanges.append(Exchange('DELETE', '/poc/NOC1-ARIN/email/Old@Example.net', body=poc('noc@example.net')))
    result, failed, made = run_module(monkeypatch, arin_poc_email,
                                      dict(handle='NOC1-ARIN', email='old@example.net', state='absent'),
                                      exchanges, check_mode=check_mode)
    assert not failed and result['changed']
    assert result['poc']['emails'] == ['noc@example.net']


def test_absent_already(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc_email,
                                      dict(handle='NOC1-ARIN', email='gone@example.net', state='absent'),
                                      [Exchange('GET', '/poc/NOC1-ARIN', body=poc('noc@example.net'))])
    assert not failed and not result['changed']


def test_bad_address_fails_before_any_request(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc_email, dict(handle='NOC1-ARIN', email='noc at example'), [])
    assert failed and made == []
    assert 'is not an e-mail address' in result['msg']


def test_info_reads_each_handle(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc_info, dict(handles=['NOC1-ARIN', 'GONE1-ARIN'],
                                                                       missing='skip'), [
        Exchange('GET', '/poc/NOC1-ARIN', body=poc('noc@example.net')),
        Exchange('GET', '/poc/GONE1-ARIN', status=404, body=xml('error', '<code>E_OBJECT_NOT_FOUND</code>')),
    ], check_mode=True)
    assert not failed and not result['changed']
    assert [p['handle'] for p in result['pocs']] == ['NOC1-ARIN']
    assert result['missing'] == ['GONE1-ARIN']
