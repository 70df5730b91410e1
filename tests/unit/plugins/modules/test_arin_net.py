# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from lxml import etree

from ansible_collections.arin.regrws.plugins.modules import arin_net, arin_net_info
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module, xml, CORE
from ansible_collections.arin.regrws.tests.unit.plugins.modules.test_arin_net_reassign import net_inner

NS = {'a': CORE}
TICKETS = '/ticket/summary;ticketType=ANY;ticketStatus=ANY_OPEN'


def net_xml(handle='NET-192-0-2-64-1', net_type='S', name='CUST', links=''):
    return xml('net', (
        '<version>4</version><handle>%s</handle><netBlocks><netBlock><type>%s</type>'
        '<startAddress>192.000.002.064</startAddress><endAddress>192.000.002.127</endAddress>'
        '<cidrLength>26</cidrLength></netBlock></netBlocks><orgHandle>WIDGETS-1</orgHandle>'
        '<parentNetHandle>NET-192-0-2-0-1</parentNetHandle><netName>%s</netName><originASes/>'
        '<pocLinks>%s</pocLinks><registrationDate>2026-11-27T10:00:00-05:00</registrationDate>'
        '<futureField xmlns="urn:example:future">kept</futureField>') % (handle, net_type, name, links))


@pytest.mark.parametrize('check_mode', [False, True])
def test_modify_echoes_immutables(monkeypatch, check_mode):
    def check(body):
        root = etree.fromstring(body)
        assert root.find('a:netName', NS).text == 'NEW-NAME'
        assert root.find('a:orgHandle', NS).text == 'WIDGETS-1'
        assert root.find('a:parentNetHandle', NS).text == 'NET-192-0-2-0-1'
        assert root.find('a:registrationDate', NS).text == '2026-11-27T10:00:00-05:00'
        assert root.find('a:netBlocks/a:netBlock/a:startAddress', NS) is not None
        assert root.find('a:pocLinks/a:pocLinkRef', NS).get('function') == 'N'
        assert root.find('{urn:example:future}futureField').text == 'kept'

    exchanges = [Exchange('GET', '/net/NET-192-0-2-64-1', body=net_xml())]
    if not check_mode:
        exchanges.append(Exchange('PUT', '/net/NET-192-0-2-64-1', check=check, body=net_xml(
            name='NEW-NAME', links='<pocLinkRef function="N" handle="NOC1-ARIN"/>')))
    result, failed, made = run_module(monkeypatch, arin_net, dict(
        handle='NET-192-0-2-64-1', net_name='NEW-NAME', poc_links=[dict(function='N', handle='NOC1-ARIN')]),
        exchanges, check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['net']['net_name'] == 'NEW-NAME'
    assert result['diff']['before']['net_name'] == 'CUST'
    assert result['diff']['before_header'] == 'net/NET-192-0-2-64-1'


def test_no_change_one_read(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net, dict(handle='NET-192-0-2-64-1', net_name='CUST',
                                                                  comments=[], poc_links=[]), [
        Exchange('GET', '/net/NET-192-0-2-64-1', body=net_xml()),
    ])
    assert not failed and result['changed'] is False


def test_bad_name_fails_before_any_request(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net, dict(handle='NET-1', net_name='A.B'), [])
    assert failed and 'letters, digits' in result['msg'] and made == []


@pytest.mark.parametrize('check_mode', [False, True])
def test_delete(monkeypatch, check_mode):
    exchanges = [Exchange('GET', '/net/NET-192-0-2-64-1', body=net_xml()),
                 Exchange('GET', TICKETS, body=xml('collection'))]
    if not check_mode:
        exchanges.append(Exchange('PUT', '/net/NET-192-0-2-64-1/remove',
                                  body=xml('ticketedRequest', net_xml().decode().split('>', 1)[1].rsplit('<', 1)[0]
                                           .join(['<net>', '</net>']))))
    result, failed, made = run_module(monkeypatch, arin_net, dict(handle='NET-192-0-2-64-1', state='absent'),
                                      exchanges, check_mode=check_mode)
    assert not failed, result
    assert result['changed'] is True and result['net'] == {} and result['ticket'] == {}


def test_delete_ticket_and_rerun(monkeypatch):
    ticket = ('<ticketNo>T-9</ticketNo><webTicketType>NET_DELETE_REQUEST</webTicketType>'
              '<webTicketStatus>IN_PROGRESS</webTicketStatus>')
    result, failed, made = run_module(monkeypatch, arin_net, dict(handle='NET-192-0-2-64-1', state='absent'), [
        Exchange('GET', '/net/NET-192-0-2-64-1', body=net_xml(net_type='A')),
        Exchange('GET', TICKETS, body=xml('collection')),
        Exchange('PUT', '/net/NET-192-0-2-64-1/remove', body=xml('ticketedRequest', '<ticket>%s</ticket>' % ticket)),
    ])
    assert not failed and result['changed'] is True
    assert result['ticket']['type'] == 'NET_DELETE_REQUEST'
    ours = '<messages><message><text><line number="0">Net NET-192-0-2-64-1</line></text></message></messages>'
    result, failed, made = run_module(monkeypatch, arin_net, dict(handle='NET-192-0-2-64-1', state='absent'), [
        Exchange('GET', '/net/NET-192-0-2-64-1', body=net_xml(net_type='A')),
        Exchange('GET', TICKETS, body=xml('collection', '<ticket>%s</ticket>' % ticket)),
        Exchange('GET', '/ticket/T-9', body=xml('ticket', ticket + ours)),
    ])
    assert not failed and result['changed'] is False
    assert result['ticket']['ticket_no'] == 'T-9'


def test_delete_direct_allocation_refused(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net, dict(handle='NET-192-0-2-64-1', state='absent'), [
        Exchange('GET', '/net/NET-192-0-2-64-1', body=net_xml(net_type='DA')),
    ])
    assert failed and 'cannot be removed' in result['msg']


def test_absent_already(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net, dict(handle='NET-9', state='absent'), [
        Exchange('GET', '/net/NET-9', status=404, body=xml('error', '<code>E_OBJECT_NOT_FOUND</code>')),
    ])
    assert not failed and result['changed'] is False


def test_present_unknown_handle_fails(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net, dict(handle='NET-9', net_name='X'), [
        Exchange('GET', '/net/NET-9', status=404, body=xml('error', '<code>E_OBJECT_NOT_FOUND</code>')),
    ])
    assert failed and result['error']['status'] == 404


@pytest.mark.parametrize('lookup, path', [
    ('exact', '/net/mostSpecificNet/192.0.2.64/192.0.2.127'),
    ('most_specific', '/net/mostSpecificNet/192.0.2.64/192.0.2.127'),
    ('parent', '/net/parentNet/192.0.2.64/192.0.2.127'),
])
def test_info_lookups(monkeypatch, lookup, path):
    result, failed, made = run_module(monkeypatch, arin_net_info, dict(prefix='192.0.2.64/26', lookup=lookup), [
        Exchange('GET', path, body=net_xml()),
    ], check_mode=True)
    assert not failed and result['changed'] is False
    assert result['nets'][0]['prefixes'] == ['192.0.2.64/26']


def test_info_exact_ignores_a_covering_net(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_info, dict(prefix='192.0.2.64/27'), [
        Exchange('GET', '/net/mostSpecificNet/192.0.2.64/192.0.2.95', body=net_xml()),
    ])
    assert not failed and result['nets'] == []


def test_info_all_and_not_found(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_info, dict(
        start_address='192.0.2.64', end_address='192.0.2.127', lookup='all'), [
        Exchange('GET', '/net/netsByIpRange/192.0.2.64/192.0.2.127', body=b'<collection xmlns="%s">%s%s</collection>' % (
            CORE.encode(), net_xml().split(b'>', 1)[1].rsplit(b'<', 1)[0].join([b'<net>', b'</net>']),
            net_xml('NET-2').split(b'>', 1)[1].rsplit(b'<', 1)[0].join([b'<net>', b'</net>']))),
    ])
    assert not failed and [n['handle'] for n in result['nets']] == ['NET-192-0-2-64-1', 'NET-2']
    result, failed, made = run_module(monkeypatch, arin_net_info, dict(prefix='10.0.0.0/8', lookup='parent'), [
        Exchange('GET', '/net/parentNet/10.0.0.0/10.255.255.255', status=404,
                 body=xml('error', '<code>E_OBJECT_NOT_FOUND</code>')),
    ])
    assert not failed and result['nets'] == []


def test_info_by_handle(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_info, dict(handles=['NET-192-0-2-64-1', 'NET-9'],
                                                                       missing='skip'), [
        Exchange('GET', '/net/NET-192-0-2-64-1', body=net_xml()),
        Exchange('GET', '/net/NET-9', status=404, body=xml('error', '<code>E_OBJECT_NOT_FOUND</code>')),
    ])
    assert not failed and result['missing'] == ['NET-9'] and len(result['nets']) == 1


def _listed(*nets):
    return xml('collection', ''.join('<net>%s</net>' % inner for inner in nets))


def _ticket(number, kind, status='PENDING_REVIEW', line=None):
    messages = ('<messages><message><subject>Request</subject><text><line number="0">%s</line></text>'
                '</message></messages>' % line) if line else ''
    return ('<ticketNo>%s</ticketNo><createdDate>2026-11-27T10:00:00-05:00</createdDate><webTicketType>%s'
            '</webTicketType><webTicketStatus>%s</webTicketStatus>%s') % (number, kind, status, messages)


PARENT_V4 = net_inner('NET-192-0-2-0-1', '192.000.002.000', '192.000.002.255', 24, 'DA', org='EXNET-1',
                      parent='NET-192-0-0-0-0', name='EXNET-V4-1')
REGISTRY_V4 = net_inner('NET-192-0-0-0-0', '192.000.000.000', '192.255.255.255', 8, 'AR', org='ARIN', parent=None,
                        name='NET192')
SIMPLE_V4 = net_inner('NET-192-0-2-64-1', '192.000.002.064', '192.000.002.127', 26, customer='C00000001')
REALLOC_V4 = net_inner('NET-192-0-2-128-1', '192.000.002.128', '192.000.002.255', 25, 'A', org='WIDGETS-1')
# Registered by the downstream org under its reallocation: not ours to list.
DOWNSTREAM_V4 = net_inner('NET-192-0-2-128-2', '192.000.002.128', '192.000.002.191', 26, org='WIDGETS-1',
                          parent='NET-192-0-2-128-1')


@pytest.mark.parametrize('check_mode', [False, True])
def test_info_parents_lists_what_is_registered_directly_under_them(monkeypatch, check_mode):
    open_tickets = ''.join('<ticket>%s</ticket>' % inner for inner in (
        _ticket('20261127-X1', 'QUESTION'),
        _ticket('20261127-X2', 'IPV4_SIMPLE_REASSIGN', 'RESOLVED'),
        _ticket('20261127-X3', 'IPV4_SIMPLE_REASSIGN'),
        _ticket('20261127-X4', 'IPV4_DETAILED_REASSIGN'),
        _ticket('20261127-X5', 'NET_DELETE_REQUEST', 'IN_PROGRESS'),
        _ticket('20261127-X6', 'NET_DELETE_REQUEST', 'IN_PROGRESS'),
        _ticket('20261127-X7', 'IPV4_REALLOCATE'),
    ))
    result, failed, made = run_module(monkeypatch, arin_net_info, dict(parents=['192.0.2.0/24', 'NET-192-0-2-0-1']), [
        Exchange('GET', '/net/netsByIpRange/192.0.2.0/192.0.2.255',
                 body=_listed(REGISTRY_V4, PARENT_V4, SIMPLE_V4, REALLOC_V4, DOWNSTREAM_V4)),
        # The same parent by handle: read again, listed once.
        Exchange('GET', '/net/NET-192-0-2-0-1', body=xml('net', PARENT_V4)),
        Exchange('GET', '/net/netsByIpRange/192.0.2.0/192.0.2.255', body=_listed(PARENT_V4)),
        Exchange('GET', '/ticket/summary;ticketType=ANY;ticketStatus=ANY_OPEN', body=xml('collection', open_tickets)),
        # Only the open reassign, reallocate and removal tickets are read.
        Exchange('GET', '/ticket/20261127-X3', body=xml('ticket', _ticket(
            '20261127-X3', 'IPV4_SIMPLE_REASSIGN', line='Range 192.0.2.0 - 192.0.2.63'))),
        Exchange('GET', '/ticket/20261127-X4', body=xml('ticket', _ticket(
            '20261127-X4', 'IPV4_DETAILED_REASSIGN', line='Range 198.51.100.0 - 198.51.100.63'))),
        Exchange('GET', '/ticket/20261127-X5', body=xml('ticket', _ticket(
            '20261127-X5', 'NET_DELETE_REQUEST', 'IN_PROGRESS', line='Net NET-192-0-2-128-1'))),
        Exchange('GET', '/ticket/20261127-X6', body=xml('ticket', _ticket(
            '20261127-X6', 'NET_DELETE_REQUEST', 'IN_PROGRESS', line='Net NET-198-51-100-0-2'))),
        Exchange('GET', '/ticket/20261127-X7', body=xml('ticket', _ticket('20261127-X7', 'IPV4_REALLOCATE'))),
    ], check_mode=check_mode)
    assert not failed, result
    assert [net['handle'] for net in result['parents']] == ['NET-192-0-2-0-1']
    assert [(net['handle'], net['prefixes']) for net in result['nets']] == [
        ('NET-192-0-2-64-1', ['192.0.2.64/26']), ('NET-192-0-2-128-1', ['192.0.2.128/25'])]
    assert [(t['ticket_no'], t['type'], t['status'], t['prefix'], t['net_handle']) for t in result['tickets']] == [
        ('20261127-X3', 'IPV4_SIMPLE_REASSIGN', 'PENDING_REVIEW', '192.0.2.0/26', None),
        ('20261127-X5', 'NET_DELETE_REQUEST', 'IN_PROGRESS', None, 'NET-192-0-2-128-1'),
        ('20261127-X7', 'IPV4_REALLOCATE', 'PENDING_REVIEW', None, None),
    ]


def test_info_parents_refuses_a_net_that_is_no_parent(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_info, dict(parents=['NET-192-0-2-64-1']), [
        Exchange('GET', '/net/NET-192-0-2-64-1', body=xml('net', SIMPLE_V4)),
        Exchange('GET', '/net/netsByIpRange/192.0.2.64/192.0.2.127', body=_listed(SIMPLE_V4)),
    ])
    assert failed and 'is not a direct allocation (DA) or reallocation (A)' in result['msg'], result
    result, failed, made = run_module(monkeypatch, arin_net_info, dict(parents=['192.0.2.0/24'], handles=['NET-1']), [])
    assert failed and 'mutually exclusive' in result['msg'] and made == []
