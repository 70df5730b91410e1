# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import base64
import json

import pytest

from lxml import etree

from ansible_collections.arin.regrws.plugins.modules import arin_ticket
from ansible_collections.arin.regrws.plugins.module_utils import _tickets
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Clock, Exchange, run_module, xml, CORE

NS = {'a': CORE}
MSGNS = 'http://www.arin.net/regrws/messages/v1'
NO = '20240115-X1'
T1 = '/ticket/%s' % NO
T5 = T1 + '/summary'


def message_xml(message_id, subject, lines, attachments=(), refs=(), tag='message'):
    inner = ('<ns2:messageId xmlns:ns2="%s">%s</ns2:messageId>'
             '<ns2:createdDate xmlns:ns2="%s">2024-01-16T08:30:00-05:00</ns2:createdDate>'
             '<subject>%s</subject><text>%s</text><category>NONE</category>') % (
        MSGNS, message_id, MSGNS, subject, ''.join('<line number="%d">%s</line>' % (i, line)
                                                   for i, line in enumerate(lines)))
    if attachments:
        inner += '<attachments>%s</attachments>' % ''.join(
            '<attachment><data>%s</data><filename>%s</filename></attachment>'
            % (base64.b64encode(data).decode(), name) for name, data in attachments)
    if refs:
        inner += '<attachmentReferences>%s</attachmentReferences>' % ''.join(
            '<attachmentReference><attachmentFilename>%s</attachmentFilename><attachmentId>%s</attachmentId>'
            '</attachmentReference>' % ref for ref in refs)
    return '<%s>%s</%s>' % (tag, inner, tag)


def ticket_xml(status='RESOLVED', messages=None, refs=None, ticket_type='QUESTION', extra=''):
    inner = ''
    if messages:
        inner += '<messages>%s</messages>' % ''.join(messages)
    if refs:
        inner += '<messageReferences>%s</messageReferences>' % ''.join(
            '<messageReference><messageId>%s</messageId></messageReference>' % ref for ref in refs)
    inner += ('<ticketNo>%s</ticketNo><createdDate>2024-01-15T10:02:11-05:00</createdDate>'
              '<updatedDate>2024-01-16T08:30:00-05:00</updatedDate><webTicketType>%s</webTicketType>'
              '<webTicketStatus>%s</webTicketStatus>%s') % (NO, ticket_type, status, extra)
    if status in ('RESOLVED', 'CLOSED'):
        inner += '<webTicketResolution>ANSWERED</webTicketResolution>'
    return xml('ticket', inner)


ARIN_MESSAGE = message_xml(1, 'Question', ['line one', 'line two'], attachments=[('notes.txt', b'text of the file')])
OURS = message_xml(2, 'Our follow-up', ['Thanks.', 'Closing soon.'])
ASK = dict(ticket_no=NO, subject='Our follow-up', text=['Thanks.', 'Closing soon.  ', ''])
TOO_BIG = xml('error', '<code>E_BAD_REQUEST</code><message>Inline attachments total 16 bytes, over the limit of '
                       '10 bytes; use msgRefs=true and fetch attachments individually.</message>')


def added(body):
    root = etree.fromstring(body)
    assert root.tag == '{%s}message' % CORE
    assert root.find('a:subject', NS).text == 'Our follow-up'
    assert [line.text for line in root.findall('a:text/a:line', NS)] == ['Thanks.', 'Closing soon.']
    assert root.find('{%s}messageId' % MSGNS) is None
    return root


@pytest.mark.parametrize('check_mode', [False, True])
@pytest.mark.parametrize('diff', [False, True])
def test_message_already_there_reads_once(monkeypatch, check_mode, diff):
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ASK), [
        Exchange('GET', T1, body=ticket_xml(messages=[ARIN_MESSAGE, OURS])),
    ], check_mode=check_mode, diff=diff)
    assert not failed, result
    assert result['changed'] is False
    assert result['message']['message_id'] == 2
    assert made[0][1].endswith('?msgRefs=false')
    assert [m['subject'] for m in result['ticket']['messages']] == ['Question', 'Our follow-up']
    assert 'data' not in json.dumps(result)
    if diff:
        assert result['diff']['before'] == result['diff']['after']
        assert result['diff']['before_header'] == 'ticket/%s' % NO


@pytest.mark.parametrize('diff', [False, True])
def test_add_message_in_check_mode_writes_nothing(monkeypatch, tmp_path, diff):
    plan = tmp_path / 'plan.bin'
    plan.write_bytes(b'\x00\x01binary\xff')
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ASK, attachments=[str(plan)]), [
        Exchange('GET', T1, body=ticket_xml(messages=[ARIN_MESSAGE])),
    ], check_mode=True, diff=diff)
    assert not failed, result
    assert result['changed'] is True
    assert result['message']['message_id'] is None
    assert result['message']['attachments'] == [{'filename': 'plan.bin', 'attachment_id': None}]
    assert base64.b64encode(b'\x00\x01binary\xff').decode() not in json.dumps(result)
    if diff:
        assert len(result['diff']['before']['messages']) == 1
        assert result['diff']['after']['messages'][1]['subject'] == 'Our follow-up'
        assert result['diff']['after']['messages'][1]['attachments'] == [{'filename': 'plan.bin',
                                                                          'attachment_id': None}]


def test_add_message_with_attachment(monkeypatch, tmp_path):
    plan = tmp_path / 'plan.bin'
    plan.write_bytes(b'\x00\x01binary\xff')

    def check(body):
        root = added(body)
        assert root.find('a:category', NS).text == 'JUSTIFICATION'
        assert root.find('a:attachments/a:attachment/a:filename', NS).text == 'plan.bin'
        assert base64.b64decode(root.find('a:attachments/a:attachment/a:data', NS).text) == b'\x00\x01binary\xff'

    stored = xml('message', message_xml(2, 'Our follow-up', ['Thanks.', 'Closing soon.'],
                                        refs=[('plan.bin', 'ab' * 16)])[9:-10])
    result, failed, made = run_module(
        monkeypatch, arin_ticket, dict(ASK, category='JUSTIFICATION', attachments=[str(plan)]), [
            Exchange('GET', T1, body=ticket_xml(messages=[ARIN_MESSAGE])),
            Exchange('GET', T1, body=ticket_xml(messages=[ARIN_MESSAGE])),  # again, right before sending
            Exchange('PUT', T1 + '/message', body=stored, check=check),
        ], diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['message']['message_id'] == 2
    assert result['message']['attachments'] == [{'filename': 'plan.bin', 'attachment_id': 'ab' * 16}]
    assert len(result['ticket']['messages']) == 2
    assert result['diff']['before']['status'] == result['diff']['after']['status'] == 'RESOLVED'


def test_413_falls_back_to_message_references(monkeypatch):
    one = xml('message', message_xml(1, 'Question', ['line one', 'line two'], refs=[('notes.txt', 'cd' * 16)])[9:-10])
    two = xml('message', OURS[9:-10])
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ASK), [
        Exchange('GET', T1, status=413, body=TOO_BIG),
        Exchange('GET', T1, body=ticket_xml(refs=[1, 2])),
        Exchange('GET', T1 + '/message/1', body=one),
        Exchange('GET', T1 + '/message/2', body=two),
    ])
    assert not failed, result
    assert result['changed'] is False
    assert [path.split('?')[1] for dummy, path, body, headers in made[:2]] == ['msgRefs=false', 'msgRefs=true']
    assert result['ticket']['messages'][0]['attachments'] == [{'filename': 'notes.txt', 'attachment_id': 'cd' * 16}]


def test_message_refused_on_closed_ticket_before_any_write(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ASK), [
        Exchange('GET', T1, body=ticket_xml(status='CLOSED', messages=[ARIN_MESSAGE])),
    ])
    assert failed
    assert 'ARIN accepts no new message on a closed ticket' in result['msg']
    assert result['error']['kind'] == 'input'


def test_message_already_on_closed_ticket_is_no_change(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ASK, status='closed'), [
        Exchange('GET', T1, body=ticket_xml(status='CLOSED', messages=[ARIN_MESSAGE, OURS])),
    ])
    assert not failed and result['changed'] is False
    assert result['ticket']['status'] == 'CLOSED'


@pytest.mark.parametrize('check_mode', [False, True])
def test_close_resolved_ticket(monkeypatch, check_mode):
    exchanges = [Exchange('GET', T5, body=ticket_xml())]
    if not check_mode:
        exchanges.append(Exchange('PUT', T1 + '/ticketStatus/CLOSED', body=ticket_xml(
            status='CLOSED', extra='<closedDate>2024-01-17T09:00:00-05:00</closedDate>')))
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ticket_no=NO, status='closed'), exchanges,
                                      check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['ticket']['status'] == 'CLOSED'
    assert 'messages' not in result['ticket'] and 'message' not in result
    assert result['diff']['before'] == {'status': 'RESOLVED'}
    assert result['diff']['after'] == {'status': 'CLOSED'}
    if not check_mode:
        assert made[1][2] is None  # T7 has no body
        assert result['ticket']['closed_date'] == '2024-01-17T09:00:00-05:00'


@pytest.mark.parametrize('check_mode', [False, True])
def test_closed_ticket_left_alone(monkeypatch, check_mode):
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ticket_no=NO, status='closed'), [
        Exchange('GET', T5, body=ticket_xml(status='CLOSED')),
    ], check_mode=check_mode)
    assert not failed and result['changed'] is False


def test_close_unresolved_fails_before_any_write(monkeypatch, tmp_path):
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ASK, status='closed'), [
        Exchange('GET', T1, body=ticket_xml(status='PENDING_REVIEW', messages=[ARIN_MESSAGE])),
    ])
    assert failed
    assert result['msg'] == ('ticket/%s is PENDING_REVIEW: ARIN lets a client close a ticket only once it is '
                             'RESOLVED; set wait to wait for that' % NO)


def test_wait_then_close(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(_tickets, 'time', clock)
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(
        ticket_no=NO, status='closed', wait=True, wait_timeout=60, wait_interval=20), [
        Exchange('GET', T5, body=ticket_xml(status='PENDING_REVIEW')),
        Exchange('GET', T5, body=ticket_xml(status='IN_PROGRESS')),
        Exchange('GET', T5, body=ticket_xml(status='RESOLVED')),
        Exchange('PUT', T1 + '/ticketStatus/CLOSED', body=ticket_xml(status='CLOSED')),
    ], diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert clock.slept == [20, 20]
    assert result['diff']['before'] == {'status': 'PENDING_REVIEW'}
    assert result['ticket']['status'] == 'CLOSED'


def test_wait_for_times_out(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(_tickets, 'time', clock)
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(
        ticket_no=NO, wait_for=['RESOLVED', 'CLOSED'], wait_timeout=30, wait_interval=10), [
        Exchange('GET', T5, body=ticket_xml(status='PENDING_REVIEW')),
        Exchange('GET', T5, body=ticket_xml(status='PENDING_REVIEW')),
        Exchange('GET', T5, body=ticket_xml(status='PENDING_REVIEW')),
        Exchange('GET', T5, body=ticket_xml(status='IN_PROGRESS')),
    ])
    assert failed
    assert result['msg'] == 'ticket/%s is still IN_PROGRESS after waiting 30 s for RESOLVED or CLOSED' % NO
    assert result['error']['kind'] == 'timeout'


@pytest.mark.parametrize('check_mode', [False, True])
def test_wait_for_already_there_reads_once(monkeypatch, check_mode):
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ticket_no=NO, wait_for=['RESOLVED']), [
        Exchange('GET', T5, body=ticket_xml()),
    ], check_mode=check_mode)
    assert not failed and result['changed'] is False
    assert result['ticket']['status'] == 'RESOLVED'


def test_add_message_then_wait(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(_tickets, 'time', clock)
    stored = xml('message', OURS[9:-10])
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ASK, wait_for=['RESOLVED'], wait_interval=5), [
        Exchange('GET', T1, body=ticket_xml(status='IN_PROGRESS', messages=[ARIN_MESSAGE])),
        Exchange('GET', T1, body=ticket_xml(status='IN_PROGRESS', messages=[ARIN_MESSAGE])),
        Exchange('PUT', T1 + '/message', body=stored, check=added),
        Exchange('GET', T5, body=ticket_xml(status='IN_PROGRESS')),
        Exchange('GET', T5, body=ticket_xml(status='RESOLVED')),
    ])
    assert not failed, result
    assert result['changed'] is True
    assert result['ticket']['status'] == 'RESOLVED'
    assert len(result['ticket']['messages']) == 2


def test_lost_answer_to_add_message_is_confirmed_not_resent(monkeypatch):
    import requests
    from ansible.module_utils import basic
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, message: warnings.append(message))
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ASK), [
        Exchange('GET', T1, body=ticket_xml(messages=[ARIN_MESSAGE])),
        Exchange('GET', T1, body=ticket_xml(messages=[ARIN_MESSAGE])),
        Exchange('PUT', T1 + '/message', raises=requests.exceptions.ReadTimeout('read timed out')),
        Exchange('GET', T1, body=ticket_xml(messages=[ARIN_MESSAGE, OURS])),
    ])
    assert not failed, result
    assert result['changed'] is True
    assert result['message']['message_id'] == 2
    assert [method for method, path, body, headers in made] == ['GET', 'GET', 'PUT', 'GET']
    assert [w for w in warnings if w.endswith('ARIN applied the change (read back)')], warnings


def test_message_sent_meanwhile_by_another_run_is_not_copied(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ASK), [
        Exchange('GET', T1, body=ticket_xml(messages=[ARIN_MESSAGE])),
        Exchange('GET', T1, body=ticket_xml(messages=[ARIN_MESSAGE, OURS])),  # the other run's message
    ])
    assert not failed, result
    assert result['changed'] is False
    assert result['message']['message_id'] == 2


@pytest.mark.parametrize('status', [502, 504])
def test_gateway_error_after_message_whose_read_back_fails_says_what_to_check(monkeypatch, status):
    page = b'<html><body><h1>Gateway error</h1></body></html>'
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ASK), [
        Exchange('GET', T1, body=ticket_xml(messages=[ARIN_MESSAGE])),
        Exchange('GET', T1, body=ticket_xml(messages=[ARIN_MESSAGE])),
        Exchange('PUT', T1 + '/message', status=status, body=page, headers={'Content-Type': 'text/html'}),
        Exchange('GET', T1, status=status, body=page, headers={'Content-Type': 'text/html'}),
    ])
    assert failed
    assert result['error']['kind'] == 'uncertain_write'
    assert 'could not tell whether ARIN acted' in result['msg']
    assert result['msg'].endswith('check the messages of ticket %s in ARIN Online before running the task again' % NO)
    assert [method for method, path, body, headers in made] == ['GET', 'GET', 'PUT', 'GET']


def test_lost_answer_to_close_not_applied(monkeypatch):
    import requests
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ticket_no=NO, status='closed'), [
        Exchange('GET', T5, body=ticket_xml()),
        Exchange('PUT', T1 + '/ticketStatus/CLOSED', raises=requests.exceptions.ReadTimeout('read timed out')),
        Exchange('GET', T5, body=ticket_xml()),
    ])
    assert failed
    assert 'safe to run the task again' in result['msg']


def test_arin_error_is_shown(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ticket_no=NO, status='closed'), [
        Exchange('GET', T5, body=ticket_xml()),
        Exchange('PUT', T1 + '/ticketStatus/CLOSED', status=400, body=xml(
            'error', '<code>E_BAD_REQUEST</code><message>Only a RESOLVED ticket can be closed '
                     '(ticket is CLOSED).</message>')),
    ])
    assert failed
    assert result['msg'] == ('set ticket/%s to CLOSED: HTTP 400 E_BAD_REQUEST: Only a RESOLVED ticket can be '
                             'closed (ticket is CLOSED).' % NO)
    assert result['error']['code'] == 'E_BAD_REQUEST'


def test_unknown_ticket(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_ticket, dict(ticket_no='20240115-X99', status='closed'), [
        Exchange('GET', '/ticket/20240115-X99/summary', status=404,
                 body=xml('error', '<code>E_OBJECT_NOT_FOUND</code><message>Ticket 20240115-X99 was not found.'
                                   '</message>')),
    ])
    assert failed
    assert result['error']['status'] == 404


@pytest.mark.parametrize('args, message', [
    (dict(ticket_no='X1', status='closed'), 'is not an ARIN ticket number'),
    (dict(ticket_no=NO, subject=u'Caf\u00e9'), 'ASCII only'),
    (dict(ticket_no=NO, attachments=['/nonexistent/file.pdf'], status='closed'), 'attachments need a message'),
    (dict(ticket_no=NO, subject='x', attachments=['/nonexistent/file.pdf']), 'does not exist'),
    (dict(ticket_no=NO), 'one of the following is required'),
    (dict(ticket_no=NO, status='closed', wait_for=['CLOSED']), 'mutually exclusive'),
])
def test_bad_input_fails_before_any_request(monkeypatch, args, message):
    result, failed, made = run_module(monkeypatch, arin_ticket, args, [])
    assert failed
    assert message in result['msg']
    assert made == []
    assert '\n' not in result['msg']
