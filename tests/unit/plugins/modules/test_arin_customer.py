# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from lxml import etree

from ansible_collections.arin.regrws.plugins.modules import arin_customer
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module, xml, CORE

NS = {'a': CORE}


def customer_xml(handle='C00000001', street='12 Sample Road', private=None, extra=''):
    return xml('customer', (
        '<city>Anytown</city><customerName>Example Bakery</customerName><handle>%s</handle>'
        '<iso3166-1><name>UNITED STATES</name><code2>US</code2><code3>USA</code3><e164>1</e164></iso3166-1>'
        '<parentOrgHandle>EXNET-1</parentOrgHandle><postalCode>22000</postalCode><iso3166-2>VA</iso3166-2>'
        '<registrationDate>2026-11-27T10:00:00-05:00</registrationDate>'
        '<streetAddress><line number="0">%s</line></streetAddress>%s%s'
    ) % (handle, street, '<privateCustomer>%s</privateCustomer>' % private if private else '', extra))


DECLARED = dict(customer_name='Example Bakery', street_address=['12 Sample Road'], city='Anytown', region='va',
                postal_code='22000', country='US')


@pytest.mark.parametrize('check_mode', [False, True])
@pytest.mark.parametrize('diff', [False, True])
def test_no_change_reads_once(monkeypatch, check_mode, diff):
    result, failed, made = run_module(monkeypatch, arin_customer, dict(DECLARED, handle='C00000001', private=False), [
        Exchange('GET', '/customer/C00000001', body=customer_xml()),
    ], check_mode=check_mode, diff=diff)
    assert not failed, result
    assert result['changed'] is False
    assert result['customer']['private'] is False
    assert result['customer']['parent_org_handle'] == 'EXNET-1'
    if diff:
        assert result['diff']['before'] == result['diff']['after']
        assert result['diff']['before_header'] == 'customer/C00000001'


def test_update_in_check_mode_writes_nothing(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_customer, dict(handle='C00000001', private=True), [
        Exchange('GET', '/customer/C00000001', body=customer_xml()),
    ], check_mode=True, diff=True)
    assert not failed and result['changed'] is True
    assert result['diff']['before']['private'] is False
    assert result['diff']['after']['private'] is True


def test_update_sends_handle_and_date_back(monkeypatch):
    unknown = '<futureField xmlns="urn:example:future">kept</futureField>'

    def check(body):
        root = etree.fromstring(body)
        assert root.find('a:handle', NS).text == 'C00000001'
        assert root.find('a:registrationDate', NS).text == '2026-11-27T10:00:00-05:00'
        assert root.find('a:privateCustomer', NS).text == 'true'
        assert root.find('a:streetAddress/a:line', NS).text == '14 Sample Road'
        assert root.find('a:customerName', NS).text == 'Example Bakery'
        assert root.find('{urn:example:future}futureField').text == 'kept'

    result, failed, made = run_module(monkeypatch, arin_customer, dict(
        handle='C00000001', street_address=['14 Sample Road'], private=True), [
        Exchange('GET', '/customer/C00000001', body=customer_xml(extra=unknown)),
        Exchange('PUT', '/customer/C00000001', body=customer_xml(street='14 Sample Road', private='true'),
                 check=check),
    ], diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['customer']['street_address'] == ['14 Sample Road']
    assert result['diff']['before']['street_address'] == ['12 Sample Road']


@pytest.mark.parametrize('check_mode', [False, True])
def test_create_under_parent_net(monkeypatch, check_mode):
    def check(body):
        root = etree.fromstring(body)
        assert root.find('a:handle', NS) is None
        assert root.find('a:customerName', NS).text == 'Example Bakery'
        assert root.find('a:iso3166-1/a:code2', NS).text == 'US'

    exchanges = []
    if not check_mode:
        exchanges.append(Exchange('POST', '/net/NET-192-0-2-0-1/customer', body=customer_xml(), check=check))
    result, failed, made = run_module(monkeypatch, arin_customer, dict(DECLARED, parent_net_handle='NET-192-0-2-0-1'),
                                      exchanges, check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['diff']['before'] == {}
    assert result['diff']['after']['customer_name'] == 'Example Bakery'
    assert result['customer']['handle'] == (None if check_mode else 'C00000001')


@pytest.mark.parametrize('args,message', [
    (dict(DECLARED), 'needs parent_net_handle'),
    (dict(DECLARED, parent_net_handle='NET-1', city=None), 'needs city'),
    (dict(DECLARED, parent_net_handle='NET-1', customer_name=None), 'needs customer_name'),
    (dict(DECLARED, handle='C00000001', customer_name=' '), 'customer_name cannot be empty'),
    (dict(DECLARED, handle='C00000001', country='USA'), 'ISO 3166-1 alpha-2'),
])
def test_bad_input_fails_before_any_request(monkeypatch, args, message):
    result, failed, made = run_module(monkeypatch, arin_customer, dict((k, v) for k, v in args.items() if v), [])
    assert failed and message in result['msg'], result
    assert made == []


def test_unknown_handle_fails(monkeypatch):
    error = xml('error', '<message>CUSTOMER C09999999 was not found.</message><code>E_OBJECT_NOT_FOUND</code>')
    result, failed, made = run_module(monkeypatch, arin_customer, dict(handle='C09999999', private=True), [
        Exchange('GET', '/customer/C09999999', status=404, body=error),
    ])
    assert failed and 'customer/C09999999 does not exist' in result['msg']


@pytest.mark.parametrize('check_mode', [False, True])
def test_delete(monkeypatch, check_mode):
    exchanges = [Exchange('GET', '/customer/C00000001', body=customer_xml())]
    if not check_mode:
        exchanges.append(Exchange('DELETE', '/customer/C00000001', body=customer_xml()))
    result, failed, made = run_module(monkeypatch, arin_customer, dict(handle='C00000001', state='absent'), exchanges,
                                      check_mode=check_mode, diff=True)
    assert not failed and result['changed'] is True
    assert result['customer'] == {}
    assert result['diff']['before']['customer_name'] == 'Example Bakery'
    assert result['diff']['after'] == {}


def test_delete_gone_reads_only(monkeypatch):
    error = xml('error', '<message>CUSTOMER C00000001 was not found.</message><code>E_OBJECT_NOT_FOUND</code>')
    result, failed, made = run_module(monkeypatch, arin_customer, dict(handle='C00000001', state='absent'), [
        Exchange('GET', '/customer/C00000001', status=404, body=error),
    ])
    assert not failed and result['changed'] is False


def test_delete_conflict_is_explained(monkeypatch):
    error = xml('error', '<message>Customer C00000001 is still attached to net NET-192-0-2-4-1.</message>'
                         '<code>E_NOT_REMOVEABLE</code>')
    result, failed, made = run_module(monkeypatch, arin_customer, dict(handle='C00000001', state='absent'), [
        Exchange('GET', '/customer/C00000001', body=customer_xml()),
        Exchange('DELETE', '/customer/C00000001', status=409, body=error),
    ])
    assert failed
    assert result['error']['status'] == 409
    assert 'still attached to net NET-192-0-2-4-1' in result['msg']
    assert 'only once no net is reassigned to it' in result['msg']


def test_rerun_manages_the_customer_created_before(monkeypatch):
    args = dict(DECLARED, parent_net_handle='NET-192-0-2-0-1')
    result, failed, made = run_module(monkeypatch, arin_customer, dict(args), [
        Exchange('POST', '/net/NET-192-0-2-0-1/customer', body=customer_xml())])
    assert not failed and result['customer']['handle'] == 'C00000001'
    result, failed, made = run_module(monkeypatch, arin_customer, dict(args), [
        Exchange('GET', '/customer/C00000001', body=customer_xml())])
    assert not failed, result
    assert result['changed'] is False and result['customer']['handle'] == 'C00000001'


def test_a_customer_created_with_another_key_is_not_found_in_the_journal(monkeypatch):
    """Entries are kept per registry and account: another key (or endpoint) manages records of its own."""
    args = dict(DECLARED, parent_net_handle='NET-192-0-2-0-1')
    run_module(monkeypatch, arin_customer, dict(args), [
        Exchange('POST', '/net/NET-192-0-2-0-1/customer', body=customer_xml())])
    result, failed, made = run_module(monkeypatch, arin_customer, dict(args, api_key='API-9999-8888-7777-6666'), [
        Exchange('POST', '/net/NET-192-0-2-0-1/customer', body=customer_xml('C00000002'))])
    assert not failed and result['changed'] is True and result['customer']['handle'] == 'C00000002'
    result, failed, made = run_module(monkeypatch, arin_customer, dict(args), [
        Exchange('GET', '/customer/C00000001', body=customer_xml())])
    assert not failed and result['changed'] is False


@pytest.mark.parametrize('status', [502, 504])
def test_gateway_error_after_create_blocks_a_second_customer(monkeypatch, status):
    args = dict(DECLARED, parent_net_handle='NET-192-0-2-0-1')
    result, failed, made = run_module(monkeypatch, arin_customer, dict(args), [
        Exchange('POST', '/net/NET-192-0-2-0-1/customer', status=status, body=b'<html>Bad Gateway</html>',
                 headers={'Content-Type': 'text/html'})])
    assert failed and result['error']['kind'] == 'uncertain_write'
    assert 'HTTP %d with a body that is not an ARIN error payload' % status in result['msg']
    assert "check the customer 'Example Bakery' under net/NET-192-0-2-0-1" in result['msg']
    result, failed, made = run_module(monkeypatch, arin_customer, dict(args), [])
    assert failed and 'retry_unconfirmed_create=true' in result['msg']
    assert made == []
    result, failed, made = run_module(monkeypatch, arin_customer, dict(args, retry_unconfirmed_create=True), [
        Exchange('POST', '/net/NET-192-0-2-0-1/customer', body=customer_xml())])
    assert not failed and result['changed'] is True


def test_refused_create_leaves_nothing_pending(monkeypatch):
    args = dict(DECLARED, parent_net_handle='NET-10-0-0-0-1')
    missing = xml('error', '<code>E_OBJECT_NOT_FOUND</code><message>no such net</message>')
    result, failed, made = run_module(monkeypatch, arin_customer, dict(args), [
        Exchange('POST', '/net/NET-10-0-0-0-1/customer', status=404, body=missing)])
    assert failed and result['error']['kind'] == 'not_found'
    result, failed, made = run_module(monkeypatch, arin_customer, dict(args), [
        Exchange('POST', '/net/NET-10-0-0-0-1/customer', status=404, body=missing)])
    assert failed and result['error']['kind'] == 'not_found'
