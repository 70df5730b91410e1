# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import re

import pytest

from ansible.module_utils import basic
from lxml import etree

from ansible_collections.arin.regrws.plugins.modules import arin_org
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module, xml, CORE

NS = {'a': CORE}
TAX_ID = '98-7654321'
LINKS = (('AD', 'ADMIN1-ARIN'), ('T', 'NOC1-ARIN'), ('N', 'NOC1-ARIN'), ('AB', 'ABUSE1-ARIN'))
LIST = re.escape('/ticket/summary;ticketType=ORG_CREATE;ticketStatus=ANY_OPEN')


def org_xml(handle='EXNET-1', tax_id=TAX_ID, org_url='', comment='', links=LINKS, extra=''):
    return xml('org', (
        '<acceptReassignments>true</acceptReassignments><city>Anytown</city><handle>%s</handle>'
        '<iso3166-1><name>UNITED STATES</name><code2>US</code2><code3>USA</code3><e164>1</e164></iso3166-1>'
        '<orgName>Example Networks LLC</orgName><postalCode>22000</postalCode><iso3166-2>VA</iso3166-2>'
        '<registrationDate>2026-11-27T10:00:00-05:00</registrationDate>'
        '<streetAddress><line number="0">100 Example Way</line></streetAddress>%s%s%s<pocLinks>%s</pocLinks>%s'
    ) % (handle, '<taxId>%s</taxId>' % tax_id if tax_id else '', '<orgUrl>%s</orgUrl>' % org_url if org_url else '',
         '<comment><line number="0">%s</line></comment>' % comment if comment else '',
         ''.join('<pocLinkRef function="%s" handle="%s"/>' % link for link in links), extra))


def ticket_xml(number='20261127-X2', status='PENDING_REVIEW', resolution=''):
    return ('<ticketNo>%s</ticketNo><createdDate>2026-11-27T10:05:00-05:00</createdDate>'
            '<webTicketType>ORG_CREATE</webTicketType><webTicketStatus>%s</webTicketStatus>%s') % (
        number, status, '<webTicketResolution>%s</webTicketResolution>' % resolution if resolution else '')


def tickets(*inner):
    return xml('collection', ''.join('<ticket>%s</ticket>' % t for t in inner))


def no_tax_id(result):
    text = json.dumps(result)
    assert TAX_ID not in text and '11-1111111' not in text
    assert 'tax_id' not in result.get('org', {})


NEW = dict(
    org_name='Example Labs Inc', street_address=['200 Example Way'], city='Anytown', region='VA', postal_code='22000',
    country='US', tax_id='11-1111111',
    poc_links=[dict(function='AD', handle='ADMIN1-ARIN'), dict(function='T', handle='noc1-arin'),
               dict(function='AB', handle='ABUSE1-ARIN')],
)
DECLARED = dict(handle='EXNET-1', org_name='Example Networks LLC', street_address=['100 Example Way'],
                city='Anytown', region='va', postal_code='22000', country='us', tax_id=TAX_ID,
                accept_reassignments=True,
                poc_links=[dict(function=f, handle=h.lower()) for f, h in reversed(LINKS)])


@pytest.mark.parametrize('check_mode', [False, True])
@pytest.mark.parametrize('diff', [False, True])
def test_no_change_reads_once(monkeypatch, check_mode, diff):
    result, failed, made = run_module(monkeypatch, arin_org, dict(DECLARED), [
        Exchange('GET', '/org/EXNET-1', body=org_xml()),
    ], check_mode=check_mode, diff=diff)
    assert not failed, result
    assert result['changed'] is False
    assert result['org']['handle'] == 'EXNET-1'
    assert result['org']['accept_reassignments'] is True
    assert ('diff' in result) is diff
    if diff:
        assert result['diff']['before'] == result['diff']['after']
        assert result['diff']['before_header'] == 'org/EXNET-1'
    no_tax_id(result)


def test_update_in_check_mode_writes_nothing(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_org, dict(handle='EXNET-1', org_url='rwhois.example.net:4321'), [
        Exchange('GET', '/org/EXNET-1', body=org_xml()),
    ], check_mode=True, diff=True)
    assert not failed and result['changed'] is True
    assert result['diff']['before']['org_url'] is None
    assert result['diff']['after']['org_url'] == 'rwhois.example.net:4321'
    assert 'registration_date' not in result['diff']['after']
    no_tax_id(result)


def test_update_sends_whole_record_keeping_links_and_unknown_elements(monkeypatch):
    unknown = '<futureField xmlns="urn:example:future">kept</futureField>'

    def check(body):
        root = etree.fromstring(body)
        assert root.find('a:comment/a:line', NS).text == 'Peering on request'
        assert root.find('a:taxId', NS).text == TAX_ID
        assert root.find('a:orgName', NS).text == 'Example Networks LLC'
        assert len(root.findall('a:pocLinks/a:pocLinkRef', NS)) == 4
        assert root.find('{urn:example:future}futureField').text == 'kept'

    result, failed, made = run_module(monkeypatch, arin_org, dict(handle='EXNET-1', comments=['Peering on request']), [
        Exchange('GET', '/org/EXNET-1', body=org_xml(extra=unknown)),
        Exchange('PUT', '/org/EXNET-1', body=org_xml(comment='Peering on request'), check=check),
    ], diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['org']['comments'] == ['Peering on request']
    assert result['diff']['before']['comments'] == []
    no_tax_id(result)


def test_tax_id_change_is_written_but_never_shown(monkeypatch):
    def check(body):
        assert etree.fromstring(body).find('a:taxId', NS).text == '11-1111111'

    result, failed, made = run_module(monkeypatch, arin_org, dict(handle='EXNET-1', tax_id='11-1111111'), [
        Exchange('GET', '/org/EXNET-1', body=org_xml()),
        Exchange('PUT', '/org/EXNET-1', body=org_xml(tax_id='11-1111111'), check=check),
    ], diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['diff']['before'] == result['diff']['after']
    no_tax_id(result)


def test_poc_links_replace_the_set(monkeypatch):
    wanted = (('AD', 'ADMIN1-ARIN'), ('T', 'NOC1-ARIN'), ('AB', 'NOC1-ARIN'))

    def check(body):
        refs = etree.fromstring(body).findall('a:pocLinks/a:pocLinkRef', NS)
        assert sorted((r.get('function'), r.get('handle')) for r in refs) == sorted(wanted)

    result, failed, made = run_module(monkeypatch, arin_org, dict(
        handle='EXNET-1', poc_links=[dict(function=f, handle=h) for f, h in wanted]), [
        Exchange('GET', '/org/EXNET-1', body=org_xml()),
        Exchange('PUT', '/org/EXNET-1', body=org_xml(links=wanted), check=check),
    ], diff=True)
    assert not failed, result
    assert len(result['diff']['before']['poc_links']) == 4
    assert len(result['diff']['after']['poc_links']) == 3


def test_immutable_name_fails_before_any_write(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_org, dict(handle='EXNET-1', org_name='Renamed LLC'), [
        Exchange('GET', '/org/EXNET-1', body=org_xml()),
    ])
    assert failed
    assert 'org_name cannot be changed' in result['msg']


@pytest.mark.parametrize('links,message', [
    ([('T', 'NOC1-ARIN'), ('AB', 'ABUSE1-ARIN')], 'exactly one Admin (AD) link, not 0'),
    ([('AD', 'ADMIN1-ARIN'), ('AD', 'NOC1-ARIN'), ('T', 'NOC1-ARIN'), ('AB', 'X-ARIN')], 'not 2'),
    ([('AD', 'ADMIN1-ARIN'), ('AB', 'ABUSE1-ARIN')], 'at least one Tech (T) link'),
    ([('AD', 'ADMIN1-ARIN'), ('T', 'NOC1-ARIN')], 'at least one Abuse (AB) link'),
])
def test_bad_link_set_fails_before_any_request(monkeypatch, links, message):
    result, failed, made = run_module(monkeypatch, arin_org, dict(
        handle='EXNET-1', poc_links=[dict(function=f, handle=h) for f, h in links]), [])
    assert failed and message in result['msg']
    assert made == []


def test_unknown_handle_fails(monkeypatch):
    error = xml('error', '<message>ORG NOPE-1 was not found.</message><code>E_OBJECT_NOT_FOUND</code>')
    result, failed, made = run_module(monkeypatch, arin_org, dict(handle='NOPE-1', comments=['x']), [
        Exchange('GET', '/org/NOPE-1', status=404, body=error),
    ])
    assert failed
    assert 'org/NOPE-1 does not exist' in result['msg']


@pytest.mark.parametrize('check_mode', [False, True])
def test_delete(monkeypatch, check_mode):
    exchanges = [Exchange('GET', '/org/EXNET-1', body=org_xml())]
    if not check_mode:
        exchanges.append(Exchange('DELETE', '/org/EXNET-1', body=org_xml()))
    result, failed, made = run_module(monkeypatch, arin_org, dict(handle='EXNET-1', state='absent'), exchanges,
                                      check_mode=check_mode, diff=True)
    assert not failed and result['changed'] is True
    assert result['org'] == {}
    assert result['diff']['after'] == {}
    assert result['diff']['before']['org_name'] == 'Example Networks LLC'
    no_tax_id(result)


def test_delete_absent_org_reads_only(monkeypatch):
    error = xml('error', '<message>ORG OLD-1 was not found.</message><code>E_OBJECT_NOT_FOUND</code>')
    result, failed, made = run_module(monkeypatch, arin_org, dict(handle='OLD-1', state='absent'), [
        Exchange('GET', '/org/OLD-1', status=404, body=error),
    ])
    assert not failed and result['changed'] is False


def test_delete_conflict_is_explained(monkeypatch):
    error = xml('error', '<message>Org EXNET-1 still holds net NET-192-0-2-0-1.</message><code>E_NOT_REMOVEABLE</code>')
    result, failed, made = run_module(monkeypatch, arin_org, dict(handle='EXNET-1', state='absent'), [
        Exchange('GET', '/org/EXNET-1', body=org_xml()),
        Exchange('DELETE', '/org/EXNET-1', status=409, body=error),
    ])
    assert failed
    assert result['error']['status'] == 409
    assert 'still holds net NET-192-0-2-0-1' in result['msg']
    assert 'only once no net or ASN is registered to it' in result['msg']


@pytest.mark.parametrize('check_mode', [False, True])
def test_request_submits_and_returns_the_ticket(monkeypatch, check_mode):
    def check(body):
        root = etree.fromstring(body)
        assert root.find('a:handle', NS) is None
        assert root.find('a:orgName', NS).text == 'Example Labs Inc'
        assert root.find('a:taxId', NS).text == '11-1111111'
        refs = root.findall('a:pocLinks/a:pocLinkRef', NS)
        assert sorted((r.get('function'), r.get('handle')) for r in refs) == [
            ('AB', 'ABUSE1-ARIN'), ('AD', 'ADMIN1-ARIN'), ('T', 'NOC1-ARIN')]

    exchanges = [Exchange('GET', LIST, body=tickets())]
    if not check_mode:
        exchanges.append(Exchange('POST', '/org', body=xml('ticket', ticket_xml()), check=check))
    result, failed, made = run_module(monkeypatch, arin_org, dict(NEW), exchanges, check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['org']['org_name'] == 'Example Labs Inc'
    assert result['org']['handle'] is None
    assert result['diff']['before'] == {}
    assert result['diff']['after']['org_name'] == 'Example Labs Inc'
    if check_mode:
        assert result['ticket'] == {}
    else:
        assert result['ticket']['ticket_no'] == '20261127-X2'
        assert result['ticket']['type'] == 'ORG_CREATE'
        assert result['ticket']['status'] == 'PENDING_REVIEW'
    no_tax_id(result)


def test_request_needs_name_links_and_address(monkeypatch):
    args = dict(NEW)
    del args['city']
    result, failed, made = run_module(monkeypatch, arin_org, args, [])
    assert failed and 'city' in result['msg']
    args = dict(NEW)
    del args['poc_links']
    result, failed, made = run_module(monkeypatch, arin_org, args, [])
    assert failed and 'poc_links' in result['msg']


@pytest.mark.parametrize('status', ['PENDING_REVIEW', 'RESOLVED'])
def test_open_request_is_not_submitted_again(monkeypatch, status):
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, message: warnings.append(message))
    result, failed, made = run_module(monkeypatch, arin_org, dict(NEW), [
        Exchange('GET', LIST, body=tickets(ticket_xml('20261126-X1', status), ticket_xml('20261127-X2', status))),
    ], diff=True)
    assert not failed, result
    assert result['changed'] is False
    assert result['ticket']['ticket_no'] == '20261127-X2'
    assert result['ticket']['status'] == status
    assert len(warnings) == 1
    assert 'ticket/20261127-X2 (ORG_CREATE, %s) is still open' % status in warnings[0]
    assert 'force=true' in warnings[0]


def test_force_submits_while_one_is_open(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_org, dict(NEW, force=True), [
        Exchange('GET', LIST, body=tickets(ticket_xml('20261126-X1'))),
        Exchange('POST', '/org', body=xml('ticket', ticket_xml('20261127-X2'))),
    ])
    assert not failed and result['changed'] is True
    assert result['ticket']['ticket_no'] == '20261127-X2'


def test_wait_polls_until_resolved(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_org, dict(NEW, wait=True, wait_interval=1), [
        Exchange('GET', LIST, body=tickets()),
        Exchange('POST', '/org', body=xml('ticket', ticket_xml())),
        Exchange('GET', '/ticket/20261127-X2/summary', body=xml('ticket', ticket_xml())),
        Exchange('GET', '/ticket/20261127-X2/summary',
                 body=xml('ticket', ticket_xml(status='RESOLVED', resolution='ACCEPTED'))),
    ])
    assert not failed, result
    assert result['changed'] is True
    assert result['ticket']['status'] == 'RESOLVED'
    assert result['ticket']['resolution'] == 'ACCEPTED'


def test_wait_fails_on_denied(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_org, dict(NEW, wait=True, wait_interval=1), [
        Exchange('GET', LIST, body=tickets()),
        Exchange('POST', '/org', body=xml('ticket', ticket_xml())),
        Exchange('GET', '/ticket/20261127-X2/summary',
                 body=xml('ticket', ticket_xml(status='RESOLVED', resolution='DENIED'))),
    ])
    assert failed
    assert 'DENIED' in result['msg']
    assert result['changed'] is True
    assert result['ticket']['resolution'] == 'DENIED'


def test_wait_times_out(monkeypatch):
    exchanges = [
        Exchange('GET', LIST, body=tickets(ticket_xml())),
        # Sleeps of 10, 10 and 5 seconds, each followed by a read: 25 seconds in all.
        Exchange('GET', '/ticket/20261127-X2/summary', body=xml('ticket', ticket_xml())),
        Exchange('GET', '/ticket/20261127-X2/summary', body=xml('ticket', ticket_xml())),
        Exchange('GET', '/ticket/20261127-X2/summary', body=xml('ticket', ticket_xml())),
    ]
    result, failed, made = run_module(monkeypatch, arin_org, dict(NEW, wait=True, wait_timeout=25, wait_interval=10),
                                      exchanges)
    assert failed
    assert 'still PENDING_REVIEW after waiting 25 s' in result['msg']
    assert result['changed'] is False
    assert result['ticket']['ticket_no'] == '20261127-X2'
