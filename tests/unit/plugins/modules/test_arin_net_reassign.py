# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from lxml import etree

from ansible_collections.arin.regrws.plugins.modules import arin_net_reassign
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module, xml, CORE

NS = {'a': CORE}
MOST = '/net/mostSpecificNet/192.0.2.64/192.0.2.127'
TICKETS = '/ticket/summary;ticketType=ANY;ticketStatus=ANY_OPEN'
EMPTY = xml('collection')


def net_inner(handle, start, end, cidr, net_type='S', customer=None, org=None, parent='NET-192-0-2-0-1', links='',
              name='WIDGETS-CUST-1'):
    return (
        '<version>4</version><handle>%s</handle><netBlocks><netBlock><type>%s</type><startAddress>%s</startAddress>'
        '<endAddress>%s</endAddress><cidrLength>%s</cidrLength></netBlock></netBlocks>%s%s%s<netName>%s</netName>'
        '<originASes/><pocLinks>%s</pocLinks><registrationDate>2026-11-27T10:00:00-05:00</registrationDate>'
    ) % (handle, net_type, start, end, cidr, '<customerHandle>%s</customerHandle>' % customer if customer else '',
         '<orgHandle>%s</orgHandle>' % org if org else '',
         '<parentNetHandle>%s</parentNetHandle>' % parent if parent else '', name, links)


DA = xml('net', net_inner('NET-192-0-2-0-1', '192.000.002.000', '192.000.002.255', 24, 'DA', org='EXNET-1',
                          parent=None, name='EXNET-V4-1'))
LINK = '<pocLinkRef function="AB" handle="ABUSE1-ARIN" description="Abuse"/>'
CHILD_INNER = net_inner('NET-192-0-2-64-1', '192.000.002.064', '192.000.002.127', 26, customer='C00000001')
CHILD = xml('net', CHILD_INNER)
CHILD_LINKED = xml('net', net_inner('NET-192-0-2-64-1', '192.000.002.064', '192.000.002.127', 26,
                                    customer='C00000001', links=LINK))
DETAILED = xml('net', net_inner('NET-192-0-2-64-1', '192.000.002.064', '192.000.002.127', 26, org='WIDGETS-1'))
CUSTOMER = xml('customer', (
    '<customerName>Example Widgets Inc</customerName><handle>C00000001</handle>'
    '<iso3166-1><name>UNITED STATES</name><code2>US</code2></iso3166-1><streetAddress><line number="0">42 Sample Street'
    '</line></streetAddress><city>Anytown</city><iso3166-2>VA</iso3166-2><postalCode>22000</postalCode>'
    '<parentOrgHandle>EXNET-1</parentOrgHandle><registrationDate>2026-11-27T10:00:00-05:00</registrationDate>'
    '<privateCustomer>false</privateCustomer>'))
CUSTOMER_ARGS = dict(name='Example Widgets Inc', street_address=['42 Sample Street'], city='Anytown', region='VA',
                     postal_code='22000', country='US')
SIMPLE = dict(prefix='192.0.2.64/26', net_name='WIDGETS-CUST-1', customer=CUSTOMER_ARGS,
              poc_links=[dict(function='AB', handle='ABUSE1-ARIN')])


def ticketed(inner):
    return xml('ticketedRequest', inner)


def ticket_inner(number, ticket_type='IPV4_SIMPLE_REASSIGN', status='PENDING_REVIEW', messages='', resolution=''):
    return ('<ticketNo>%s</ticketNo><createdDate>2026-11-27T10:00:00-05:00</createdDate>'
            '<webTicketType>%s</webTicketType><webTicketStatus>%s</webTicketStatus>%s%s') % (
        number, ticket_type, status, '<webTicketResolution>%s</webTicketResolution>' % resolution if resolution else '',
        messages)


OUR_MESSAGE = ('<messages><message><subject>Reassign 192.0.2.64/26</subject><text>'
               '<line number="0">Range 192.0.2.64 - 192.0.2.127</line></text></message></messages>')


def root(body):
    return etree.fromstring(body)


def test_no_change_reads_net_and_customer(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE), [
        Exchange('GET', MOST, body=CHILD_LINKED),
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
    ], diff=True)
    assert not failed, result
    assert result['changed'] is False
    assert result['net']['handle'] == 'NET-192-0-2-64-1'
    assert result['customer']['handle'] == 'C00000001'
    assert result['diff']['before'] == result['diff']['after']
    assert result['diff']['before']['customer']['customer_name'] == 'Example Widgets Inc'


@pytest.mark.parametrize('check_mode', [False, True])
def test_create_simple_embeds_customer_then_links(monkeypatch, check_mode):
    def check_reassign(body):
        net = root(body)
        assert net.find('a:customer/a:customerName', NS).text == 'Example Widgets Inc'
        assert net.find('a:customer/a:iso3166-1/a:code2', NS).text == 'US'
        assert net.find('a:pocLinks', NS) is None
        assert net.find('a:netBlocks/a:netBlock/a:cidrLength', NS).text == '26'
        assert net.find('a:netBlocks/a:netBlock/a:type', NS).text == 'S'
        assert net.find('a:parentNetHandle', NS).text == 'NET-192-0-2-0-1'
        lines = [line.text for line in net.findall('a:messages/a:message/a:text/a:line', NS)]
        assert lines == ['Range 192.0.2.64 - 192.0.2.127']

    def check_links(body):
        net = root(body)
        assert net.find('a:pocLinks/a:pocLinkRef', NS).get('function') == 'AB'
        assert net.find('a:customerHandle', NS).text == 'C00000001'

    exchanges = [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=EMPTY),
    ]
    if check_mode:
        # The parent read by its handle: ARIN answers it under the authority the write needs.
        exchanges.append(Exchange('GET', '/net/NET-192-0-2-0-1', body=DA))
    else:
        exchanges += [
            Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed('<net>%s</net>' % CHILD_INNER),
                     check=check_reassign),
            Exchange('PUT', '/net/NET-192-0-2-64-1', body=CHILD_LINKED, check=check_links),
        ]
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE), exchanges,
                                      check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['diff']['before'] == {}
    assert result['diff']['after']['customer']['customer_name'] == 'Example Widgets Inc'
    assert result['diff']['after']['poc_links'] == [{'function': 'AB', 'handle': 'ABUSE1-ARIN'}]
    assert result['net']['handle'] == (None if check_mode else 'NET-192-0-2-64-1')
    assert result['ticket'] == {}


NO_AUTHORITY = xml('error', '<code>E_AUTHENTICATION</code><message>The API key is not authorized to make that '
                   'request.</message>')
FOREIGN_MOST = '/net/mostSpecificNet/203.0.113.64/203.0.113.127'
FOREIGN_DA = xml('net', net_inner('NET-203-0-113-0-1', '203.000.113.000', '203.000.113.255', 24, 'DA',
                                  org='OTHERNET-1', parent='NET-203-0-0-0-0', name='OTHERNET-V4-1'))


@pytest.mark.parametrize('status', [401, 403])
def test_check_mode_says_arin_would_refuse_a_parent_the_key_has_no_authority_over(monkeypatch, status):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE, prefix='203.0.113.64/26'), [
        Exchange('GET', FOREIGN_MOST, body=FOREIGN_DA),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('GET', '/net/NET-203-0-113-0-1', status=status, body=NO_AUTHORITY),
    ], check_mode=True)
    assert failed and not result.get('changed')
    assert result['msg'].startswith('ARIN would refuse (403): the key has no authority over parent '
                                    'net/NET-203-0-113-0-1 to reassign from it (read net/NET-203-0-113-0-1: '
                                    'HTTP %d E_AUTHENTICATION: The API key is not authorized' % status)
    assert result['error']['kind'] == 'would_refuse' and result['error']['status'] == 403
    assert result['error']['read']['status'] == status


def test_check_mode_plans_when_the_parent_can_be_read(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(
        prefix='203.0.113.64/26', type='reallocate', net_name='WIDGETS-V4', org_handle='WIDGETS-1'), [
        Exchange('GET', FOREIGN_MOST, body=FOREIGN_DA),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('GET', '/net/NET-203-0-113-0-1', body=FOREIGN_DA),
    ], check_mode=True)
    assert not failed, result
    assert result['changed'] is True


def test_check_mode_reads_a_named_parent_once(monkeypatch):
    """The parent named by parent_net_handle is read by its handle anyway: that read is the proof."""
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE, parent_net_handle='NET-192-0-2-0-1'), [
        Exchange('GET', MOST, status=404, body=xml('error', '<code>E_OBJECT_NOT_FOUND</code>')),
        Exchange('GET', '/net/NET-192-0-2-0-1', body=DA),
        Exchange('GET', TICKETS, body=EMPTY),
    ], check_mode=True)
    assert not failed, result
    assert result['changed'] is True


def test_customer_and_net_updated_in_place(monkeypatch):
    def check_customer(body):
        customer = root(body)
        assert customer.find('a:handle', NS).text == 'C00000001'
        assert customer.find('a:city', NS).text == 'Othertown'

    args = dict(SIMPLE, customer=dict(CUSTOMER_ARGS, city='Othertown'), comments=['Office'])
    result, failed, made = run_module(monkeypatch, arin_net_reassign, args, [
        Exchange('GET', MOST, body=CHILD_LINKED),
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
        Exchange('PUT', '/customer/C00000001', body=CUSTOMER.replace(b'Anytown', b'Othertown'), check=check_customer),
        Exchange('PUT', '/net/NET-192-0-2-64-1', body=CHILD_LINKED),
    ])
    assert not failed, result
    assert result['changed'] is True
    assert result['customer']['city'] == 'Othertown'


def test_check_mode_update_writes_nothing(monkeypatch):
    args = dict(SIMPLE, customer=dict(CUSTOMER_ARGS, private=True))
    result, failed, made = run_module(monkeypatch, arin_net_reassign, args, [
        Exchange('GET', MOST, body=CHILD_LINKED),
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
    ], check_mode=True, diff=True)
    assert not failed and result['changed'] is True
    assert result['diff']['after']['customer']['private'] is True
    assert result['diff']['before']['customer']['private'] is False


def test_other_recipient_fails_without_replace(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(
        prefix='192.0.2.64/26', org_handle='WIDGETS-1', net_name='X'), [Exchange('GET', MOST, body=CHILD)])
    assert failed
    assert 'its recipient is customer C00000001, not org WIDGETS-1' in result['msg']
    assert 'replace=true' in result['msg']


@pytest.mark.parametrize('check_mode', [False, True])
def test_replace_removes_then_registers(monkeypatch, check_mode):
    def check_remove(body):
        lines = [line.text for line in root(body).findall('a:messages/a:message/a:text/a:line', NS)]
        assert lines == ['Net NET-192-0-2-64-1']
        assert root(body).find('a:handle', NS).text == 'NET-192-0-2-64-1'

    exchanges = [
        Exchange('GET', MOST, body=CHILD),
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
        Exchange('GET', TICKETS, body=EMPTY),
    ]
    if check_mode:
        exchanges.append(Exchange('GET', '/net/NET-192-0-2-0-1', body=DA))
    else:
        exchanges += [
            Exchange('PUT', '/net/NET-192-0-2-64-1/remove', body=ticketed('<net>%s</net>' % CHILD_INNER),
                     check=check_remove),
            Exchange('DELETE', '/customer/C00000001', body=CUSTOMER),
            Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed(DETAILED.decode()[
                DETAILED.decode().index('>') + 1:-6].join(['<net>', '</net>']))),
        ]
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(
        prefix='192.0.2.64/26', org_handle='WIDGETS-1', net_name='WIDGETS-CUST-1', replace=True,
        delete_customer=True), exchanges, check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['diff']['before']['customer_handle'] == 'C00000001'
    assert result['diff']['after']['org_handle'] == 'WIDGETS-1'


def test_removing_a_direct_allocation_fails_before_writing(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(prefix='192.0.2.0/24', state='absent'), [
        Exchange('GET', '/net/mostSpecificNet/192.0.2.0/192.0.2.255', body=DA),
    ])
    assert failed and 'cannot be removed' in result['msg']


@pytest.mark.parametrize('check_mode', [False, True])
def test_absent_with_customer(monkeypatch, check_mode):
    exchanges = [
        Exchange('GET', MOST, body=CHILD),
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
        Exchange('GET', TICKETS, body=EMPTY),
    ]
    if not check_mode:
        exchanges += [
            Exchange('PUT', '/net/NET-192-0-2-64-1/remove', body=ticketed('<net>%s</net>' % CHILD_INNER)),
            Exchange('DELETE', '/customer/C00000001', body=CUSTOMER),
        ]
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(
        prefix='192.0.2.64/26', state='absent', delete_customer=True), exchanges, check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is True and result['net'] == {}
    assert result['diff']['after'] == {}
    assert result['diff']['before']['customer']['customer_name'] == 'Example Widgets Inc'


def test_absent_already(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(prefix='192.0.2.64/26', state='absent'), [
        Exchange('GET', MOST, body=DA),
    ])
    assert not failed and result['changed'] is False


def test_customer_cleanup_refused_is_reported(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(
        prefix='192.0.2.64/26', state='absent', delete_customer=True), [
        Exchange('GET', MOST, body=CHILD),
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('PUT', '/net/NET-192-0-2-64-1/remove', body=ticketed('<net>%s</net>' % CHILD_INNER)),
        Exchange('DELETE', '/customer/C00000001', status=401,
                 body=xml('error', '<code>E_AUTHENTICATION</code><message>Not authorized.</message>')),
    ])
    assert failed and result['changed'] is True
    assert 'net/NET-192-0-2-64-1 was removed, but customer/C00000001 stays at ARIN' in result['msg']


def test_ticket_answer_is_returned(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE), [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed('<ticket>%s</ticket>' % ticket_inner('T-1'))),
    ], diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['net'] == {}
    assert result['ticket']['ticket_no'] == 'T-1' and result['ticket']['status'] == 'PENDING_REVIEW'
    assert result['diff']['after']['prefixes'] == ['192.0.2.64/26']


OVERLAP = xml('error', (
    '<code>E_ENTITY_VALIDATION</code><message>Invalid.</message><components><component><name>startAddress</name>'
    '<message>The range overlaps ticket T-1.</message></component></components>'))


def test_queued_request_is_found_after_the_overlap_refusal(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE), [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', status=400, body=OVERLAP),
        Exchange('GET', MOST, body=DA),
        # Listed again: the ticket of a concurrent run's request appeared meanwhile.
        Exchange('GET', TICKETS, body=xml('collection', '<ticket>%s</ticket>' % ticket_inner('T-1'))),
        Exchange('GET', '/ticket/T-1', body=xml('ticket', ticket_inner('T-1', messages=OUR_MESSAGE))),
    ])
    assert not failed, result
    assert result['changed'] is False
    assert result['ticket']['ticket_no'] == 'T-1'


OPEN_T1 = xml('collection', '<ticket>%s</ticket>' % ticket_inner('T-1'))


@pytest.mark.parametrize('check_mode', [False, True])
def test_open_ticket_of_an_earlier_run_is_reported_and_not_sent_again(monkeypatch, check_mode):
    """A registry that does not reserve the range while the ticket is open would take a second request."""
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE), [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=OPEN_T1),
        Exchange('GET', '/ticket/T-1', body=xml('ticket', ticket_inner('T-1', messages=OUR_MESSAGE))),
    ], check_mode=check_mode)
    assert not failed, result
    assert result['changed'] is False and result['net'] == {}
    assert result['ticket']['ticket_no'] == 'T-1' and result['ticket']['status'] == 'PENDING_REVIEW'
    assert [method for method, path, body, headers in made] == ['GET'] * 3


def test_ticket_for_another_range_is_not_ours(monkeypatch):
    other = OUR_MESSAGE.replace('192.0.2.64 - 192.0.2.127', '192.0.2.0 - 192.0.2.63')
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE, poc_links=[]), [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=OPEN_T1),
        Exchange('GET', '/ticket/T-1', body=xml('ticket', ticket_inner('T-1', messages=other))),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed('<net>%s</net>' % CHILD_INNER)),
    ])
    assert not failed, result
    assert result['changed'] is True and result['net']['handle'] == 'NET-192-0-2-64-1'


def test_wait_for_the_open_ticket_of_an_earlier_run_then_finish(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE, wait=True, wait_interval=1), [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=OPEN_T1),
        Exchange('GET', '/ticket/T-1', body=xml('ticket', ticket_inner('T-1', messages=OUR_MESSAGE))),
        Exchange('GET', '/ticket/T-1/summary', body=xml('ticket', ticket_inner('T-1', status='RESOLVED',
                                                                               resolution='ACCEPTED'))),
        Exchange('GET', MOST, body=CHILD),
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
        Exchange('PUT', '/net/NET-192-0-2-64-1', body=CHILD_LINKED),
    ])
    assert not failed, result
    assert result['changed'] is True and result['ticket']['resolution'] == 'ACCEPTED'
    assert result['net']['poc_links'] == [{'function': 'AB', 'handle': 'ABUSE1-ARIN'}]


def test_wait_until_accepted_then_links(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE, wait=True, wait_interval=1), [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed('<ticket>%s</ticket>' % ticket_inner('T-1'))),
        Exchange('GET', '/ticket/T-1/summary', body=xml('ticket', ticket_inner('T-1'))),
        Exchange('GET', '/ticket/T-1/summary', body=xml('ticket', ticket_inner('T-1', status='RESOLVED',
                                                                               resolution='ACCEPTED'))),
        Exchange('GET', MOST, body=CHILD),
        Exchange('PUT', '/net/NET-192-0-2-64-1', body=CHILD_LINKED),
    ])
    assert not failed, result
    assert result['changed'] is True
    assert result['ticket']['resolution'] == 'ACCEPTED'
    assert result['net']['poc_links'] == [{'function': 'AB', 'handle': 'ABUSE1-ARIN'}]


def test_wait_times_out_and_reports_the_ticket(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(
        SIMPLE, wait=True, wait_interval=5, wait_timeout=5), [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed('<ticket>%s</ticket>' % ticket_inner('T-1'))),
        Exchange('GET', '/ticket/T-1/summary', body=xml('ticket', ticket_inner('T-1'))),
    ])
    assert failed and result['changed'] is True
    assert result['ticket']['ticket_no'] == 'T-1'
    assert 'still PENDING_REVIEW after 5 seconds' in result['msg']


def test_denied_ticket_fails(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE, wait=True, wait_interval=1), [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed('<ticket>%s</ticket>' % ticket_inner('T-1'))),
        Exchange('GET', '/ticket/T-1/summary', body=xml('ticket', ticket_inner('T-1', status='RESOLVED',
                                                                               resolution='DENIED'))),
        Exchange('GET', MOST, body=DA),
    ])
    assert failed and 'RESOLVED DENIED' in result['msg']


def test_arin_409_is_shown(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE), [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', status=409, body=xml('error', (
            '<code>E_ENTITY_VALIDATION</code><message>Invalid.</message><components><component><name>netBlock</name>'
            '<message>The range is not inside parent net NET-192-0-2-0-1.</message></component></components>'))),
        # A 409 may be a concurrent run's net: read again, and ARIN's refusal stands when it is not;
        # the nets in the way are looked up to name them (none here).
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('GET', '/net/netsByIpRange/192.0.2.64/192.0.2.127', body=EMPTY),
    ])
    assert failed
    assert result['error']['status'] == 409
    assert 'netBlock: The range is not inside parent net' in result['msg']


def test_lost_answer_is_confirmed_by_reading(monkeypatch):
    import requests
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE, poc_links=[]), [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', raises=requests.exceptions.ReadTimeout('timed out')),
        Exchange('GET', MOST, body=CHILD),
    ])
    assert not failed, result
    assert result['changed'] is True and result['net']['handle'] == 'NET-192-0-2-64-1'


@pytest.mark.parametrize('args, message', [
    (dict(prefix='192.0.2.65/26', net_name='X', customer=CUSTOMER_ARGS), 'host bits set'),
    (dict(prefix='2001:db8::/80', net_name='X', customer=CUSTOMER_ARGS), 'smaller than a /64'),
    (dict(prefix='192.0.2.64/26', net_name='BAD_NAME', customer=CUSTOMER_ARGS), 'letters, digits'),
    (dict(prefix='192.0.2.64/26', type='reallocate', net_name='X', customer=CUSTOMER_ARGS), 'give org_handle'),
    (dict(prefix='192.0.2.64/26', type='reallocate', net_name='X'), 'needs org_handle'),
    (dict(prefix='192.0.2.64/26', net_name='X', customer=CUSTOMER_ARGS, org_handle='WIDGETS-1'),
     'mutually exclusive'),
])
def test_bad_input_fails_before_any_request(monkeypatch, args, message):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, args, [])
    assert failed and message in result['msg']
    assert made == []


def test_create_needs_name_and_recipient(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(prefix='192.0.2.64/26', customer=dict(
        name='Only A Name')), [
        Exchange('GET', MOST, body=DA),
    ])
    assert failed and 'needs net_name' in result['msg']


def test_refused_poc_link_reports_what_was_made(monkeypatch):
    """The net and its customer exist once ARIN accepted the reassignment: a refused link keeps them in the result."""
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE), [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed('<net>%s</net>' % CHILD_INNER)),
        Exchange('PUT', '/net/NET-192-0-2-64-1', status=400, body=xml('error', (
            '<code>E_ENTITY_VALIDATION</code><message>Invalid.</message><components><component><name>pocLinkRef'
            '</name><message>POC ABUSE1-ARIN does not exist.</message></component></components>'))),
    ])
    assert failed and result['changed'] is True
    assert result['net']['handle'] == 'NET-192-0-2-64-1'
    assert result['customer']['handle'] == 'C00000001'
    assert 'POC ABUSE1-ARIN does not exist' in result['msg']
    # The rerun finds the net and adds the link: nothing is registered twice.
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE), [
        Exchange('GET', MOST, body=CHILD),
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
        Exchange('PUT', '/net/NET-192-0-2-64-1', body=CHILD_LINKED),
    ])
    assert not failed and result['changed'] is True


@pytest.mark.parametrize('status', [400, 409])
def test_concurrent_registration_converges(monkeypatch, status):
    """Refused as overlapping because a concurrent run registered the same net: nothing to do."""
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE), [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', status=status, body=OVERLAP),
        Exchange('GET', MOST, body=CHILD_LINKED),
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
    ])
    assert not failed, result
    assert result['changed'] is False
    assert result['net']['handle'] == 'NET-192-0-2-64-1'


def test_overlap_with_another_net_fails_with_arins_message(monkeypatch):
    other = xml('net', net_inner('NET-192-0-2-64-2', '192.000.002.064', '192.000.002.127', 26, org='OTHER-1'))
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE), [
        Exchange('GET', MOST, body=DA),
        Exchange('GET', TICKETS, body=EMPTY),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', status=400, body=OVERLAP),
        Exchange('GET', MOST, body=other),
    ])
    assert failed and not result.get('changed')
    assert result['error']['code'] == 'E_ENTITY_VALIDATION'
    assert 'startAddress: The range overlaps' in result['msg']


def test_net_name_compared_without_case(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_net_reassign, dict(SIMPLE, net_name='Widgets-Cust-1'), [
        Exchange('GET', MOST, body=CHILD_LINKED),
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
    ])
    assert not failed and result['changed'] is False
