# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.arin.regrws.plugins.modules import arin_customer_info
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module, xml

CUSTOMER = xml('customer', '<handle>C00000001</handle><customerName>Example Bakery</customerName>'
                           '<parentOrgHandle>EXNET-1</parentOrgHandle><privateCustomer>true</privateCustomer>')
NOT_FOUND = xml('error', '<message>CUSTOMER C09999999 was not found.</message><code>E_OBJECT_NOT_FOUND</code>')


@pytest.mark.parametrize('check_mode', [False, True])
def test_reads(monkeypatch, check_mode):
    result, failed, made = run_module(monkeypatch, arin_customer_info, dict(handles=['C00000001']), [
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
    ], check_mode=check_mode)
    assert not failed and result['changed'] is False
    assert result['customers'][0]['customer_name'] == 'Example Bakery'
    assert result['customers'][0]['private'] is True
    assert result['customers'][0]['parent_org_handle'] == 'EXNET-1'


def test_missing_skip_and_fail(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_customer_info, dict(handles=['C09999999'], missing='skip'), [
        Exchange('GET', '/customer/C09999999', status=404, body=NOT_FOUND),
    ])
    assert not failed and result['customers'] == [] and result['missing'] == ['C09999999']
    result, failed, made = run_module(monkeypatch, arin_customer_info, dict(handles=['C09999999']), [
        Exchange('GET', '/customer/C09999999', status=404, body=NOT_FOUND),
    ])
    assert failed and result['error']['status'] == 404


NO_AUTHORITY = xml('error', '<code>E_AUTHENTICATION</code><message>Not authorized.</message>')


def test_unreadable_skip_lists_a_withheld_record_and_reads_on(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_customer_info, dict(
        handles=['C00000001', 'C00000002', 'C09999999'], missing='skip', unreadable='skip'), [
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
        Exchange('GET', '/customer/C00000002', status=401, body=NO_AUTHORITY),
        Exchange('GET', '/customer/C09999999', status=404, body=NOT_FOUND),
    ])
    assert not failed, result
    assert [c['handle'] for c in result['customers']] == ['C00000001']
    assert result['unreadable'] == ['C00000002'] and result['missing'] == ['C09999999']


def test_unreadable_fails_by_default_and_a_refused_key_always_fails(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_customer_info, dict(
        handles=['C00000001', 'C00000002'], missing='skip'), [
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
        Exchange('GET', '/customer/C00000002', status=401, body=NO_AUTHORITY),
    ])
    assert failed and result['error']['status'] == 401
    # A key ARIN refuses outright (400) is not a withheld record: the task fails, whatever unreadable says.
    bad_key = xml('error', '<code>E_AUTHENTICATION</code><message>The API key is not valid.</message>')
    result, failed, made = run_module(monkeypatch, arin_customer_info, dict(
        handles=['C00000001'], unreadable='skip', api_key_transport='header'), [
        Exchange('GET', '/customer/C00000001', status=400, body=bad_key),
    ])
    assert failed and result['error']['status'] == 400
