# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from lxml import etree

from ansible_collections.arin.regrws.plugins.modules import arin_org_poc
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module, xml, CORE

NS = {'a': CORE}
SEED = (('AD', 'ADMIN1-ARIN'), ('T', 'NOC1-ARIN'), ('N', 'NOC1-ARIN'), ('AB', 'ABUSE1-ARIN'))


def org_xml(links=SEED, extra=''):
    return xml('org', (
        '<city>Anytown</city><handle>EXNET-1</handle><orgName>Example Networks LLC</orgName>'
        '<iso3166-1><code2>US</code2></iso3166-1><streetAddress><line number="0">100 Example Way</line>'
        '</streetAddress><taxId>12-3456789</taxId><pocLinks>%s</pocLinks>%s'
    ) % (''.join('<pocLinkRef function="%s" handle="%s"/>' % link for link in links), extra))


def links_of(result):
    return sorted((link['function'], link['handle']) for link in result['org']['poc_links'])


ARGS = dict(org_handle='EXNET-1', poc_handle='noc1-arin', function='T')


@pytest.mark.parametrize('check_mode', [False, True])
@pytest.mark.parametrize('state,function', [('present', 'T'), ('absent', 'AB')])
def test_no_change_reads_once(monkeypatch, check_mode, state, function):
    result, failed, made = run_module(monkeypatch, arin_org_poc, dict(ARGS, state=state, function=function), [
        Exchange('GET', '/org/EXNET-1', body=org_xml()),
    ], check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is False
    assert result['diff']['before'] == result['diff']['after']
    assert result['diff']['before_header'] == 'org/EXNET-1'
    assert links_of(result) == sorted(SEED)
    assert 'tax_id' not in str(result) and '12-3456789' not in str(result)


@pytest.mark.parametrize('check_mode', [False, True])
def test_add_link(monkeypatch, check_mode):
    after = SEED + (('AB', 'NOC1-ARIN'),)
    exchanges = [Exchange('GET', '/org/EXNET-1', body=org_xml())]
    if not check_mode:
        exchanges.append(Exchange('PUT', '/org/EXNET-1/poc/noc1-arin;pocFunction=AB', body=org_xml(after)))
    result, failed, made = run_module(monkeypatch, arin_org_poc, dict(ARGS, function='AB'), exchanges,
                                      check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert links_of(result) == sorted(after)
    assert dict(function='AB', handle='NOC1-ARIN') not in result['diff']['before']['poc_links']
    assert dict(function='AB', handle='NOC1-ARIN') in result['diff']['after']['poc_links']
    if not check_mode:
        assert made[1][2] is None  # no body


@pytest.mark.parametrize('check_mode', [False, True])
def test_admin_goes_through_modify_org(monkeypatch, check_mode):
    after = (('AD', 'NOC1-ARIN'),) + SEED[1:]

    def check(body):
        root = etree.fromstring(body)
        refs = sorted((r.get('function'), r.get('handle')) for r in root.findall('a:pocLinks/a:pocLinkRef', NS))
        assert refs == sorted(after)
        # The rest of the org goes back as it was read.
        assert root.find('a:orgName', NS).text == 'Example Networks LLC'
        assert root.find('a:taxId', NS).text == '12-3456789'
        assert root.find('{urn:example:future}x').text == 'kept'

    unknown = '<x xmlns="urn:example:future">kept</x>'
    exchanges = [Exchange('GET', '/org/EXNET-1', body=org_xml(extra=unknown))]
    if not check_mode:
        exchanges.append(Exchange('PUT', '/org/EXNET-1', body=org_xml(after), check=check))
    result, failed, made = run_module(monkeypatch, arin_org_poc, dict(ARGS, function='AD'), exchanges,
                                      check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert links_of(result) == sorted(after)
    assert dict(function='AD', handle='ADMIN1-ARIN') in result['diff']['before']['poc_links']
    assert dict(function='AD', handle='ADMIN1-ARIN') not in result['diff']['after']['poc_links']


@pytest.mark.parametrize('check_mode', [False, True])
def test_remove_link_sends_handle_and_function(monkeypatch, check_mode):
    after = tuple(link for link in SEED if link != ('N', 'NOC1-ARIN'))
    exchanges = [Exchange('GET', '/org/EXNET-1', body=org_xml())]
    if not check_mode:
        exchanges.append(Exchange('DELETE', '/org/EXNET-1/poc/NOC1-ARIN;pocFunction=N', body=org_xml(after)))
    result, failed, made = run_module(monkeypatch, arin_org_poc,
                                      dict(ARGS, poc_handle='NOC1-ARIN', function='N', state='absent'), exchanges,
                                      check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert links_of(result) == sorted(after)
    assert len(result['diff']['before']['poc_links']) == 4
    assert len(result['diff']['after']['poc_links']) == 3


def test_removing_admin_is_refused_before_any_request(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_org_poc,
                                      dict(ARGS, poc_handle='ADMIN1-ARIN', function='AD', state='absent'), [])
    assert failed
    assert 'exactly one Admin' in result['msg']
    assert made == []


def test_last_tech_removal_shows_arin_error(monkeypatch):
    error = xml('error', '<message>Payload has an invalid field.</message><code>E_ENTITY_VALIDATION</code>'
                         '<components><component><name>pocLinks</name>'
                         '<message>An organization needs at least one Tech POC.</message></component></components>')
    result, failed, made = run_module(monkeypatch, arin_org_poc, dict(ARGS, state='absent'), [
        Exchange('GET', '/org/EXNET-1', body=org_xml()),
        Exchange('DELETE', '/org/EXNET-1/poc/noc1-arin;pocFunction=T', status=400, body=error),
    ])
    assert failed
    assert result['error']['status'] == 400
    assert 'at least one Tech POC' in result['msg']


def test_unknown_org(monkeypatch):
    error = xml('error', '<message>ORG NOPE-1 was not found.</message><code>E_OBJECT_NOT_FOUND</code>')
    result, failed, made = run_module(monkeypatch, arin_org_poc, dict(ARGS, org_handle='NOPE-1'), [
        Exchange('GET', '/org/NOPE-1', status=404, body=error),
    ])
    assert failed
    assert result['error']['status'] == 404
    assert 'NOPE-1' in result['msg']
