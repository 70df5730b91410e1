# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import hashlib
import json

import pytest

from ansible_collections.arin.regrws.plugins.modules import arin_ticket_info
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module, xml
from ansible_collections.arin.regrws.tests.unit.plugins.modules.test_arin_ticket import (
    ARIN_MESSAGE, NO, OURS, T1, T5, TOO_BIG, message_xml, ticket_xml,
)

ATT_ID = '3f2a9c0e51d84b7a9e6c0d1b2a3f4e5d'
CONTENT = b'\x89PNG\r\n\x1a\n\x00binary\xff'
REFS = xml('ticket', '<messageReferences><messageReference><messageId>1</messageId><attachmentReferences>'
                     '<attachmentReference><attachmentFilename>notes.txt</attachmentFilename><attachmentId>%s'
                     '</attachmentId></attachmentReference></attachmentReferences></messageReference>'
                     '<messageReference><messageId>2</messageId></messageReference></messageReferences>'
                     '<ticketNo>%s</ticketNo><webTicketStatus>RESOLVED</webTicketStatus>' % (ATT_ID, NO))
MESSAGE_1 = xml('message', message_xml(1, 'Question', ['line one', 'line two'], refs=[('notes.txt', ATT_ID)])[9:-10])
MESSAGE_2 = xml('message', OURS[9:-10])
ATTACHMENT = Exchange('GET', T1 + '/message/1/attachment/' + ATT_ID, body=CONTENT, headers={
    'Content-Type': 'application/octet-stream', 'Content-Disposition': 'attachment; filename="notes.txt"'})


@pytest.mark.parametrize('check_mode', [False, True])
def test_summary(monkeypatch, check_mode):
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(ticket_no=NO), [
        Exchange('GET', T5, body=ticket_xml(extra='<ns4:shared xmlns:ns4="http://www.arin.net/regrws/shared-ticket/v1">'
                                                  'false</ns4:shared>')),
    ], check_mode=check_mode)
    assert not failed, result
    assert result['changed'] is False
    assert result['tickets'] == [{
        'ticket_no': NO, 'type': 'QUESTION', 'status': 'RESOLVED', 'resolution': 'ANSWERED',
        'created_date': '2024-01-15T10:02:11-05:00', 'updated_date': '2024-01-16T08:30:00-05:00',
        'resolved_date': None, 'closed_date': None, 'shared': False, 'org_handle': None,
    }]


def test_messages_inline_plus_attachment_ids(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(ticket_no=NO, messages=True), [
        Exchange('GET', T1, body=ticket_xml(messages=[ARIN_MESSAGE, OURS])),
        Exchange('GET', T1, body=REFS),
    ])
    assert not failed, result
    assert [path.split('?')[1] for dummy, path, body, headers in made] == ['msgRefs=false', 'msgRefs=true']
    messages = result['tickets'][0]['messages']
    assert messages[0] == {'message_id': 1, 'subject': 'Question', 'text': ['line one', 'line two'],
                           'category': 'NONE', 'created_date': '2024-01-16T08:30:00-05:00',
                           'attachments': [{'filename': 'notes.txt', 'attachment_id': ATT_ID}]}
    assert messages[1]['attachments'] == []
    assert 'dGV4dCBvZiB0aGUgZmlsZQ' not in json.dumps(result)  # the inline data never shows


def test_messages_without_attachments_is_one_read(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(ticket_no=NO, messages=True), [
        Exchange('GET', T1, body=ticket_xml(messages=[OURS])),
    ])
    assert not failed, result
    assert result['tickets'][0]['messages'][0]['subject'] == 'Our follow-up'


def test_messages_413_falls_back(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(ticket_no=NO, messages=True), [
        Exchange('GET', T1, status=413, body=TOO_BIG),
        Exchange('GET', T1, body=REFS),
        Exchange('GET', T1 + '/message/1', body=MESSAGE_1),
        Exchange('GET', T1 + '/message/2', body=MESSAGE_2),
    ])
    assert not failed, result
    messages = result['tickets'][0]['messages']
    assert [m['message_id'] for m in messages] == [1, 2]
    assert messages[0]['attachments'] == [{'filename': 'notes.txt', 'attachment_id': ATT_ID}]


@pytest.mark.parametrize('args, path', [
    (dict(), '/ticket/summary;ticketType=ANY;ticketStatus=ANY_OPEN'),
    (dict(ticket_type='ORG_CREATE', ticket_status='PENDING_REVIEW'),
     '/ticket/summary;ticketType=ORG_CREATE;ticketStatus=PENDING_REVIEW'),
])
def test_list(monkeypatch, args, path):
    listed = xml('collection', '<ticket><ticketNo>20240115-X2</ticketNo><webTicketType>ORG_CREATE</webTicketType>'
                               '<webTicketStatus>PENDING_REVIEW</webTicketStatus></ticket>')
    result, failed, made = run_module(monkeypatch, arin_ticket_info, args, [
        Exchange('GET', path, body=listed),
    ])
    assert not failed, result
    assert made[0][1] == path
    assert [(t['ticket_no'], t['type'], t['status']) for t in result['tickets']] == [
        ('20240115-X2', 'ORG_CREATE', 'PENDING_REVIEW')]
    assert 'messages' not in result['tickets'][0]


def test_list_with_messages(monkeypatch):
    listed = xml('collection', '<ticket><ticketNo>%s</ticketNo><webTicketStatus>RESOLVED</webTicketStatus></ticket>'
                 % NO)
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(ticket_status='RESOLVED', messages=True), [
        Exchange('GET', '/ticket/summary;ticketType=ANY;ticketStatus=RESOLVED', body=listed),
        Exchange('GET', T1, body=ticket_xml(messages=[OURS])),
    ])
    assert not failed, result
    assert result['tickets'][0]['messages'][0]['message_id'] == 2


def test_empty_list(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(ticket_status='CLOSED'), [
        Exchange('GET', '/ticket/summary;ticketType=ANY;ticketStatus=CLOSED', body=xml('collection')),
    ])
    assert not failed and result['tickets'] == []


def test_one_message(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(ticket_no=NO, message_id=1), [
        Exchange('GET', T1 + '/message/1', body=MESSAGE_1),
    ])
    assert not failed, result
    assert result['message']['attachments'] == [{'filename': 'notes.txt', 'attachment_id': ATT_ID}]
    assert 'tickets' not in result and 'attachment' not in result


@pytest.mark.parametrize('choose', [dict(attachment_id=ATT_ID), dict(attachment_filename='notes.txt')])
def test_download_then_again(monkeypatch, tmp_path, choose):
    args = dict(ticket_no=NO, message_id=1, dest=str(tmp_path), **choose)
    result, failed, made = run_module(monkeypatch, arin_ticket_info, args, [
        Exchange('GET', T1 + '/message/1', body=MESSAGE_1), ATTACHMENT])
    assert not failed, result
    path = str(tmp_path / 'notes.txt')
    assert result['changed'] is True
    assert result['attachment'] == {'path': path, 'filename': 'notes.txt', 'size': len(CONTENT),
                                    'checksum': hashlib.sha1(CONTENT).hexdigest()}
    assert open(path, 'rb').read() == CONTENT
    assert 'PNG' not in json.dumps(result)

    again, failed, made = run_module(monkeypatch, arin_ticket_info, args, [
        Exchange('GET', T1 + '/message/1', body=MESSAGE_1), ATTACHMENT])
    assert not failed and again['changed'] is False
    assert again['attachment'] == result['attachment']


def test_download_to_file_in_check_mode_writes_nothing(monkeypatch, tmp_path):
    dest = tmp_path / 'copy.bin'
    dest.write_bytes(b'old')
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(
        ticket_no=NO, message_id=1, attachment_id=ATT_ID, dest=str(dest)), [
        Exchange('GET', T1 + '/message/1', body=MESSAGE_1), ATTACHMENT], check_mode=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['attachment']['path'] == str(dest)
    assert dest.read_bytes() == b'old'


def test_download_replaces_different_file(monkeypatch, tmp_path):
    dest = tmp_path / 'copy.bin'
    dest.write_bytes(b'old')
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(
        ticket_no=NO, message_id=1, attachment_id=ATT_ID, dest=str(dest)), [
        Exchange('GET', T1 + '/message/1', body=MESSAGE_1), ATTACHMENT])
    assert not failed and result['changed'] is True
    assert dest.read_bytes() == CONTENT


def test_download_unknown_attachment(monkeypatch, tmp_path):
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(
        ticket_no=NO, message_id=1, attachment_filename='other.pdf', dest=str(tmp_path)), [
        Exchange('GET', T1 + '/message/1', body=MESSAGE_1)])
    assert failed
    assert result['msg'] == 'message 1 of ticket/%s has no attachment other.pdf' % NO


def test_download_of_deleted_attachment_shows_arin_error(monkeypatch, tmp_path):
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(
        ticket_no=NO, message_id=1, attachment_id=ATT_ID, dest=str(tmp_path)), [
        Exchange('GET', T1 + '/message/1', body=MESSAGE_1),
        Exchange('GET', T1 + '/message/1/attachment/' + ATT_ID, status=404, body=xml(
            'error', '<code>E_OBJECT_NOT_FOUND</code><message>Attachment was not found.</message>'))])
    assert failed
    assert result['error']['status'] == 404
    assert 'E_OBJECT_NOT_FOUND' in result['msg']
    assert list(tmp_path.iterdir()) == []


def test_other_error_than_413_is_not_retried_by_reference(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(ticket_no=NO, messages=True), [
        Exchange('GET', T1, status=404, body=xml('error', '<code>E_OBJECT_NOT_FOUND</code>')),
    ])
    assert failed and result['error']['status'] == 404


@pytest.mark.parametrize('args, message', [
    (dict(ticket_no='2024-X1'), 'is not an ARIN ticket number'),
    (dict(ticket_type='org create'), 'is not an ARIN ticket type'),
    (dict(ticket_no=NO, ticket_status='ANY'), 'mutually exclusive'),
    (dict(message_id=1), 'missing parameter(s) required by'),
    (dict(ticket_no=NO, message_id=1, dest='/tmp'), 'dest needs attachment_id or attachment_filename'),
    (dict(ticket_no=NO, message_id=1, attachment_id=ATT_ID, dest='/nonexistent/dir/file.bin'), 'does not exist'),
])
def test_bad_input_fails_before_any_request(monkeypatch, args, message):
    result, failed, made = run_module(monkeypatch, arin_ticket_info, args, [])
    assert failed
    assert message in result['msg']
    assert made == []


def test_hostile_attachment_name_stays_in_dest(monkeypatch, tmp_path):
    hostile = xml('message', message_xml(1, 'Question', ['x'], refs=[('../../evil.sh', ATT_ID)])[9:-10])
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(
        ticket_no=NO, message_id=1, attachment_id=ATT_ID, dest=str(tmp_path)), [
        Exchange('GET', T1 + '/message/1', body=hostile), ATTACHMENT])
    assert not failed, result
    assert result['attachment']['path'] == str(tmp_path / 'evil.sh')
    assert [p.name for p in tmp_path.iterdir()] == ['evil.sh']


def test_name_from_content_disposition_when_reference_has_none(monkeypatch, tmp_path):
    unnamed = xml('message', '<attachmentReferences><attachmentReference><attachmentId>%s</attachmentId>'
                             '</attachmentReference></attachmentReferences>' % ATT_ID)
    result, failed, made = run_module(monkeypatch, arin_ticket_info, dict(
        ticket_no=NO, message_id=1, attachment_id=ATT_ID, dest=str(tmp_path)), [
        Exchange('GET', T1 + '/message/1', body=unnamed), ATTACHMENT])
    assert not failed, result
    assert result['attachment']['filename'] == 'notes.txt'
    assert (tmp_path / 'notes.txt').read_bytes() == CONTENT
