# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.arin.regrws.plugins.modules import arin_poc_phone
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module, xml


def phone(code, number, extension=None):
    return ('<phone><number>%s</number><type><code>%s</code></type>%s</phone>'
            % (number, code, '<extension>%s</extension>' % extension if extension else ''))


def poc(*phones):
    return xml('poc', '<handle>NOC1-ARIN</handle><phones>%s</phones>' % ''.join(phones))


OFFICE = phone('O', '+1-555-555-0100')
MOBILE = phone('M', '+1-555-555-0142', '7')
FAX = phone('F', '+1-555-555-0199')
ADD = dict(handle='NOC1-ARIN', type='M', number='+1-555-555-0142', extension='7')


@pytest.mark.parametrize('check_mode', [False, True])
@pytest.mark.parametrize('diff', [False, True])
def test_add(monkeypatch, check_mode, diff):
    exchanges = [Exchange('GET', '/poc/NOC1-ARIN', body=poc(OFFICE))]
    if not check_mode:
        exchanges.append(Exchange('PUT', '/poc/NOC1-ARIN/phone', body=xml('phone', MOBILE[7:-8]),
                                  check=lambda body: b'<number>+1-555-555-0142</number>' in body))
    result, failed, made = run_module(monkeypatch, arin_poc_phone, ADD, exchanges, check_mode=check_mode, diff=diff)
    assert not failed and result['changed']
    assert {'type': 'M', 'number': '+1-555-555-0142', 'extension': '7'} in result['poc']['phones']
    if diff:
        assert len(result['diff']['before']['phones']) == 1
        assert len(result['diff']['after']['phones']) == 2
        assert result['diff']['after_header'] == 'poc/NOC1-ARIN'


@pytest.mark.parametrize('check_mode', [False, True])
def test_present_already_reads_once(monkeypatch, check_mode):
    result, failed, made = run_module(monkeypatch, arin_poc_phone, ADD, [
        Exchange('GET', '/poc/NOC1-ARIN', body=poc(OFFICE, MOBILE)),
    ], check_mode=check_mode, diff=True)
    assert not failed and not result['changed']
    assert result['diff']['before'] == result['diff']['after']


def test_omitted_extension_is_left_alone(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc_phone, dict(ADD, extension=None), [
        Exchange('GET', '/poc/NOC1-ARIN', body=poc(OFFICE, MOBILE)),
    ])
    assert not failed and not result['changed']


def test_changed_extension_is_delete_then_add(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc_phone, dict(ADD, extension='8'), [
        Exchange('GET', '/poc/NOC1-ARIN', body=poc(OFFICE, MOBILE)),
        Exchange('DELETE', r'/poc/NOC1-ARIN/phone/\+1-555-555-0142;type=M', body=xml('collection', MOBILE)),
        Exchange('PUT', '/poc/NOC1-ARIN/phone', body=xml('phone', ''),
                 check=lambda body: b'<extension>8</extension>' in body),
    ], diff=True)
    assert not failed and result['changed']
    assert {'type': 'M', 'number': '+1-555-555-0142', 'extension': '8'} in result['poc']['phones']
    assert {'type': 'M', 'number': '+1-555-555-0142', 'extension': '7'} in result['diff']['before']['phones']


@pytest.mark.parametrize('args, path', [
    (dict(type='F'), r'/poc/NOC1-ARIN/phone/;type=F'),
    (dict(number='+1-555-555-0199'), r'/poc/NOC1-ARIN/phone/\+1-555-555-0199'),
    (dict(number='+1-555-555-0199', type='F'), r'/poc/NOC1-ARIN/phone/\+1-555-555-0199;type=F'),
])
@pytest.mark.parametrize('check_mode', [False, True])
def test_remove_by_type_number_or_both(monkeypatch, args, path, check_mode):
    exchanges = [Exchange('GET', '/poc/NOC1-ARIN', body=poc(OFFICE, FAX))]
    if not check_mode:
        exchanges.append(Exchange('DELETE', path, body=xml('collection', FAX)))
    result, failed, made = run_module(monkeypatch, arin_poc_phone, dict(args, handle='NOC1-ARIN', state='absent'),
                                      exchanges, check_mode=check_mode)
    assert not failed and result['changed']
    assert result['poc']['phones'] == [{'type': 'O', 'number': '+1-555-555-0100', 'extension': None}]


def test_absent_already(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc_phone, dict(handle='NOC1-ARIN', type='F', state='absent'), [
        Exchange('GET', '/poc/NOC1-ARIN', body=poc(OFFICE)),
    ])
    assert not failed and not result['changed']


def test_last_office_phone_refusal_is_shown(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc_phone, dict(handle='NOC1-ARIN', type='O', state='absent'), [
        Exchange('GET', '/poc/NOC1-ARIN', body=poc(OFFICE)),
        Exchange('DELETE', r'/poc/NOC1-ARIN/phone/;type=O', status=400, body=xml(
            'error', '<code>E_ENTITY_VALIDATION</code><message>Invalid.</message><components><component>'
                     '<name>phones</name><message>At least one office phone is required.</message></component>'
                     '</components>')),
    ])
    assert failed
    assert result['msg'].endswith('(phones: At least one office phone is required.)')


def test_present_needs_type_and_number(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc_phone, dict(handle='NOC1-ARIN', type='M'), [])
    assert failed and made == []
