# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest
import requests

from lxml import etree

from ansible_collections.arin.regrws.plugins.modules import arin_delegation, arin_delegation_info
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import CORE, Exchange, run_module, xml

NS = {'a': CORE}

NAME = '2.0.192.in-addr.arpa.'
SHA256 = '2BB183AF5F22588179A53B0A98631FAD1A292118E7A1C56A2E8C4F8C1E3A9A7B'
KEY = dict(key_tag=2371, algorithm=13, digest_type=2, digest=SHA256)


def delegation(*servers, **kw):
    keys = ''.join('<delegationKey><algorithm name="x">13</algorithm><digest>%s</digest><digestType>2</digestType>'
                   '<keyTag>2371</keyTag></delegationKey>' % SHA256 for dummy in range(kw.get('keys', 0)))
    return xml('delegation', '<name>%s</name><nameservers>%s</nameservers><delegationKeys>%s</delegationKeys>' % (
        kw.get('name', NAME), ''.join('<nameserver>%s</nameserver>' % s for s in servers), keys))


def sends(*fragments):
    def check(data):
        for fragment in fragments:
            assert fragment.encode() in data, data
    return check


@pytest.mark.parametrize('check_mode', [False, True])
def test_set_nameservers_one_call_each(monkeypatch, check_mode):
    exchanges = [Exchange('GET', '/delegation/%s' % NAME, body=delegation())]
    if not check_mode:
        exchanges += [
            Exchange('POST', '/delegation/%s/nameserver/NS1.EXAMPLE.NET' % NAME, body=delegation('NS1.EXAMPLE.NET')),
            Exchange('POST', '/delegation/%s/nameserver/NS2.EXAMPLE.NET' % NAME,
                     body=delegation('NS1.EXAMPLE.NET', 'NS2.EXAMPLE.NET')),
        ]
    result, failed, made = run_module(monkeypatch, arin_delegation, dict(
        prefix='192.0.2.0/24', nameservers=['ns2.example.net.', 'NS1.example.net']), exchanges,
        check_mode=check_mode, diff=True)
    assert not failed and result['changed']
    assert result['delegations'] == [{'name': NAME, 'nameservers': ['NS1.EXAMPLE.NET', 'NS2.EXAMPLE.NET'],
                                      'ds_records': []}]
    assert result['diff']['before'][NAME]['nameservers'] == []


def test_rerun_reads_once_and_writes_nothing(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_delegation, dict(
        name='2.0.192.IN-ADDR.ARPA', nameservers=['ns1.example.net', 'ns2.example.net']),
        [Exchange('GET', '/delegation/%s' % NAME, body=delegation('ns2.example.net.', 'NS1.EXAMPLE.NET'))])
    assert not failed and not result['changed'] and len(made) == 1


def test_change_one_nameserver_sends_only_that(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_delegation, dict(
        name=NAME, nameservers=['ns1.example.net', 'ns3.example.net']), [
        Exchange('GET', '/delegation/%s' % NAME, body=delegation('NS1.EXAMPLE.NET', 'ns2.example.net')),
        Exchange('POST', '/delegation/%s/nameserver/NS3.EXAMPLE.NET' % NAME,
                 body=delegation('NS1.EXAMPLE.NET', 'ns2.example.net', 'NS3.EXAMPLE.NET')),
        Exchange('DELETE', '/delegation/%s/nameserver/ns2.example.net' % NAME,
                 body=delegation('NS1.EXAMPLE.NET', 'NS3.EXAMPLE.NET')),
    ])
    assert not failed and result['changed']
    assert result['delegations'][0]['nameservers'] == ['NS1.EXAMPLE.NET', 'NS3.EXAMPLE.NET']


def test_ds_records_go_in_one_modify(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_delegation, dict(
        name=NAME, nameservers=['ns1.example.net'], ds_records=[dict(KEY, digest=SHA256.lower())]), [
        Exchange('GET', '/delegation/%s' % NAME, body=delegation('NS1.EXAMPLE.NET')),
        Exchange('PUT', '/delegation/%s' % NAME, body=delegation('NS1.EXAMPLE.NET', keys=1),
                 check=sends('<nameserver>NS1.EXAMPLE.NET</nameserver>', '<digest>%s</digest>' % SHA256,
                             '<keyTag>2371</keyTag>', '<algorithm>13</algorithm>', '<digestType>2</digestType>')),
    ])
    assert not failed and result['changed']
    assert result['delegations'][0]['ds_records'] == [KEY]


def test_a_ds_change_keeps_what_arin_set_on_the_records_it_keeps(monkeypatch):
    """ARIN's TTLs and algorithm/digest type names go back with the nameservers and DS records that stay."""
    held = xml('delegation', '<name>%s</name><nameservers><nameserver xmlns:t="http://www.arin.net/regrws/ttl/v1" '
                             't:ttl="3600">NS1.EXAMPLE.NET</nameserver></nameservers><delegationKeys><delegationKey '
                             'xmlns:t="http://www.arin.net/regrws/ttl/v1"><algorithm name="ECDSAP256SHA256">13'
                             '</algorithm><digest>%s</digest><t:ttl>7200</t:ttl><digestType name="SHA-256">2'
                             '</digestType><keyTag>2371</keyTag></delegationKey></delegationKeys>' % (NAME, SHA256))
    other = dict(key_tag=4242, algorithm=8, digest_type=2, digest='AB' * 32)

    def check(data):
        root = etree.fromstring(data)
        ttl = '{http://www.arin.net/regrws/ttl/v1}ttl'
        assert root.find('a:nameservers/a:nameserver', NS).get(ttl) == '3600'
        kept, new = root.findall('a:delegationKeys/a:delegationKey', NS)
        assert kept.find('a:algorithm', NS).get('name') == 'ECDSAP256SHA256'
        assert kept.find('a:digestType', NS).get('name') == 'SHA-256'
        assert kept.find(ttl).text == '7200'
        assert new.find('a:keyTag', NS).text == '4242' and new.find(ttl) is None
        assert new.find('a:algorithm', NS).get('name') is None

    result, failed, made = run_module(monkeypatch, arin_delegation, dict(
        name=NAME, nameservers=['ns1.example.net'], ds_records=[KEY, other]), [
        Exchange('GET', '/delegation/%s' % NAME, body=held),
        Exchange('PUT', '/delegation/%s' % NAME, body=delegation('NS1.EXAMPLE.NET', keys=1), check=check),
    ])
    assert not failed and result['changed']


def test_absent_with_ds_records_clears_both_in_one_modify(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_delegation, dict(name=NAME, state='absent'), [
        Exchange('GET', '/delegation/%s' % NAME, body=delegation('NS1.EXAMPLE.NET', keys=1)),
        Exchange('PUT', '/delegation/%s' % NAME, body=delegation()),
    ])
    assert not failed and result['changed'] and b'keyTag' not in made[1][2]


def test_absent_removes_the_nameservers_in_one_call(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_delegation, dict(prefix='198.51.100.0/23', state='absent'), [
        Exchange('GET', '/delegation/100.51.198.in-addr.arpa.',
                 body=delegation('NS1.EXAMPLE.NET', name='100.51.198.in-addr.arpa.')),
        Exchange('DELETE', '/delegation/100.51.198.in-addr.arpa./nameservers',
                 body=delegation(name='100.51.198.in-addr.arpa.')),
        Exchange('GET', '/delegation/101.51.198.in-addr.arpa.', body=delegation(name='101.51.198.in-addr.arpa.')),
    ])
    assert not failed and result['changed']
    assert [x['name'] for x in result['delegations']] == ['100.51.198.in-addr.arpa.', '101.51.198.in-addr.arpa.']


def test_lost_answer_is_settled_by_reading_back(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_delegation, dict(name=NAME, nameservers=['ns1.example.net']), [
        Exchange('GET', '/delegation/%s' % NAME, body=delegation()),
        Exchange('POST', '/delegation/%s/nameserver/NS1.EXAMPLE.NET' % NAME, raises=requests.exceptions.ReadTimeout()),
        Exchange('GET', '/delegation/%s' % NAME, body=delegation('NS1.EXAMPLE.NET')),
    ])
    assert not failed and result['changed']
    assert result['delegations'][0]['nameservers'] == ['NS1.EXAMPLE.NET']
    assert [m for m, p, b, h in made].count('POST') == 1


def test_arin_error_is_shown_with_its_components(monkeypatch):
    error = xml('error', '<message>Payload has an invalid field.</message><code>E_ENTITY_VALIDATION</code>'
                '<components><component><name>nameserver</name><message>Nameserver NS1.EXAMPLE.NET is already on it.'
                '</message></component></components>')
    result, failed, made = run_module(monkeypatch, arin_delegation, dict(name=NAME, nameservers=['ns1.example.net']), [
        Exchange('GET', '/delegation/%s' % NAME, body=delegation()),
        Exchange('POST', '/delegation/%s/nameserver/NS1.EXAMPLE.NET' % NAME, status=400, body=error),
    ])
    assert failed and 'E_ENTITY_VALIDATION' in result['msg'] and 'nameserver' in result['msg']
    assert result['error']['components'][0]['name'] == 'nameserver'


@pytest.mark.parametrize('args, message', [
    (dict(name='example.net', nameservers=['ns1.example.net']), 'not a reverse DNS delegation name'),
    (dict(prefix='192.0.2.0/25', nameservers=['ns1.example.net']), 'longer than a /24'),
    (dict(name=NAME, nameservers=['ns1']), 'not a nameserver host name'),
    (dict(name=NAME), 'needs at least one nameserver'),
    (dict(name=NAME, state='absent', nameservers=['ns1.example.net']), 'give neither'),
    (dict(prefix='198.51.100.0/23', nameservers=['ns1.example.net'], ds_records=[KEY]), 'is 2 delegations'),
    (dict(name=NAME, nameservers=['ns1.example.net'], ds_records=[dict(KEY, algorithm=3)]), 'accepts algorithms'),
])
def test_bad_input_fails_before_any_request(monkeypatch, args, message):
    result, failed, made = run_module(monkeypatch, arin_delegation, args, [])
    assert failed and made == [] and message in result['msg']


def test_info_by_net_is_one_request(monkeypatch):
    body = ('<collection xmlns="http://www.arin.net/regrws/core/v1">%s</collection>'
            % delegation('NS1.EXAMPLE.NET').decode().replace(' xmlns="http://www.arin.net/regrws/core/v1"', '')).encode()
    result, failed, made = run_module(monkeypatch, arin_delegation_info, dict(net_handle='NET-192-0-2-0-1'), [
        Exchange('GET', '/net/NET-192-0-2-0-1/delegations', body=body)])
    assert not failed and not result['changed']
    assert result['delegations'] == [{'name': NAME, 'nameservers': ['NS1.EXAMPLE.NET'], 'ds_records': []}]
    assert result['endpoint'] == 'https://reg.example.test/rest'


def test_info_by_prefix_skips_what_arin_lacks(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_delegation_info, dict(prefix='198.51.100.0/23', missing='skip'), [
        Exchange('GET', '/delegation/100.51.198.in-addr.arpa.', body=delegation(name='100.51.198.in-addr.arpa.')),
        Exchange('GET', '/delegation/101.51.198.in-addr.arpa.', status=404,
                 body=xml('error', '<code>E_OBJECT_NOT_FOUND</code>')),
    ], check_mode=True)
    assert not failed
    assert [x['name'] for x in result['delegations']] == ['100.51.198.in-addr.arpa.']
    assert result['missing'] == ['101.51.198.in-addr.arpa.']
