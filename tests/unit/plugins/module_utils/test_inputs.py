# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every option's text and numbers are checked once, in the engine, before any request."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.arin.regrws.plugins.module_utils import _checks
from ansible_collections.arin.regrws.plugins.module_utils._argspec import NUMBER_RANGES
from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError
from ansible_collections.arin.regrws.plugins.modules import arin_poc, arin_poc_info, arin_ticket, arin_net_reassign
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import run_module

SPEC = dict(
    city=dict(type='str'),
    comments=dict(type='list', elements='str'),
    street_address=dict(type='list', elements='str'),
    phones=dict(type='list', elements='dict'),
    customer=dict(type='dict', options=dict(city=dict(type='str'), comments=dict(type='list', elements='str'))),
    attachments=dict(type='list', elements='path'),
    tax_id=dict(type='str', no_log=True),
    api_key=dict(type='str', no_log=True),
)

NOT_XML = [u'\x00', u'\x07', u'\x1b', u'\x0b', u'\x0c', u'\x01', u'\x1f', u'\x7f', u'\x85', u'\x9f',
           u'\ud800', u'\udfff', u'\ufffe', u'\uffff']


def check(**params):
    _checks.option_text(SPEC, params)


@pytest.mark.parametrize('ch', NOT_XML)
def test_characters_xml_cannot_carry_are_refused_everywhere(ch):
    for params, path in [
        (dict(city=u'Chantilly%s' % ch), 'city'),
        (dict(street_address=[u'1 Main St', u'Suite%s9' % ch]), 'street_address[1]'),
        (dict(comments=[u'ok', u'ok', u'%s' % ch]), 'comments[2]'),
        (dict(phones=[dict(type='O', number=u'+1%s' % ch)]), 'phones[0].number'),
        (dict(customer=dict(city=u'x', comments=[u'%s' % ch])), 'customer.comments[0]'),
        (dict(attachments=[u'/tmp/a%s' % ch]), 'attachments[0]'),
    ]:
        with pytest.raises(InputError) as caught:
            check(**params)
        message = caught.value.one_line()
        assert message.startswith('%s contains ' % path), message
        assert '\n' not in message and ch not in message


@pytest.mark.parametrize('text', [u'tab\there', u'two\nlines', u'crlf\r\n', u'plain ASCII ~!@#$%^&*()'])
def test_tab_newline_and_carriage_return_are_text(text):
    check(city=text, comments=[text], street_address=[text])


def test_ascii_except_accented_letters_in_comments():
    check(comments=[u'Montr\u00e9al \u00e0 \u00fc'], customer=dict(comments=[u'\u00e9t\u00e9']))
    with pytest.raises(InputError) as caught:
        check(city=u'Montr\u00e9al')
    assert 'city contains' in caught.value.one_line() and 'ASCII only' in caught.value.one_line()
    with pytest.raises(InputError) as caught:
        check(comments=[u'\u65e5\u672c'])
    assert 'comments[0]' in caught.value.one_line() and 'accented letters only' in caught.value.one_line()
    # Local file names are not sent as text: any printable character will do.
    check(attachments=[u'/tmp/\u65e5\u672c.txt'])


def test_no_log_values_are_named_but_their_characters_not_shown():
    with pytest.raises(InputError) as caught:
        check(tax_id=u'12\u00e934')
    assert caught.value.one_line().startswith('tax_id contains, a character')
    # The key has checks of its own that never echo it.
    check(api_key=u'API-\x00')


@pytest.mark.parametrize('name, value', [
    ('timeout', 0), ('timeout', -1.0), ('timeout', float('inf')), ('timeout', float('nan')), ('timeout', 1e308),
    ('retries', -1), ('retries', 11), ('retries', 10 ** 30),
    ('wait_timeout', -5), ('wait_interval', 0), ('message_id', -1), ('message_id', 2 ** 64),
])
def test_numbers_out_of_range_are_refused(name, value):
    spec = {name: dict(type='float' if name == 'timeout' else 'int')}
    with pytest.raises(InputError) as caught:
        _checks.number_ranges(spec, {name: value}, NUMBER_RANGES)
    assert caught.value.one_line().startswith('%s must be between' % name)


def test_numbers_in_range_pass():
    spec = dict(timeout=dict(type='float'), retries=dict(type='int'), wait_timeout=dict(type='int'))
    _checks.number_ranges(spec, dict(timeout=0.5, retries=0, wait_timeout=0), NUMBER_RANGES)
    _checks.number_ranges(spec, dict(timeout=3600, retries=10, wait_timeout=86400), NUMBER_RANGES)


# -- through modules: check mode refuses what a real run refuses, before any request ------------

# No NUL here: ansible-core 2.21 refuses it itself, while logging the arguments (the unit tests above cover it).
CASES = [
    (arin_poc, dict(handle='NOC1-ARIN', city=u'Chantilly\x01'), 'city contains'),
    (arin_poc, dict(handle='NOC1-ARIN', street_address=[u'1 Main', u'\x1b[2J']), 'street_address[1] contains'),
    (arin_poc, dict(handle='NOC1-ARIN', phones=[dict(type='O', number=u'+1\x0c555')]), 'phones[0].number contains'),
    (arin_poc, dict(handle='NOC1-ARIN', comments=[u'\ufffe']), 'comments[0] contains'),
    (arin_poc_info, dict(handles=[u'NOC1-ARIN', u'NOC\x07-ARIN']), 'handles[1] contains'),
    (arin_ticket, dict(ticket_no='20240115-X17', text=[u'hello', u'\x0bbye']), 'text[1] contains'),
    (arin_net_reassign, dict(prefix='192.0.2.64/26', customer=dict(name=u'Ex\x08ample')),
     'customer.name contains'),
    # ansible-core's own sub-option validation breaks on these; the engine reports them instead.
    (arin_net_reassign, dict(prefix='192.0.2.64/26', customer=False), 'customer must be a dictionary'),
    # Older cores refuse it themselves; newer ones break on it, and the engine reports it.
    (arin_ticket, dict(ticket_no='20240115-X17', subject='S', text=['T'], wait_interval=float('inf')),
     'wait_interval'),
    (arin_poc_info, dict(handles=['NOC1-ARIN'], timeout=0), 'timeout must be between'),
    (arin_poc_info, dict(handles=['NOC1-ARIN'], retries=-1), 'retries must be between'),
    (arin_ticket, dict(ticket_no='20240115-X17', status='closed', wait_timeout=-1), 'wait_timeout must be between'),
]


@pytest.mark.parametrize('check_mode', [False, True])
@pytest.mark.parametrize('module, args, words', CASES)
def test_bad_input_fails_before_any_request(monkeypatch, module, args, words, check_mode):
    result, failed, made = run_module(monkeypatch, module, args, [], check_mode=check_mode)
    assert failed and not made
    assert words in result['msg'] and '\n' not in result['msg']
    assert not result.get('changed')
