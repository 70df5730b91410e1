# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which answers to a write leave its outcome unknown, and how the engine settles them."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest
import requests

from ansible_collections.arin.regrws.plugins.module_utils._errors import ApiError, NotFound, TransportError, UncertainWrite
from ansible_collections.arin.regrws.plugins.module_utils._journal import CreateJournal, key_of
from ansible_collections.arin.regrws.plugins.module_utils._module import ArinModule
from ansible_collections.arin.regrws.tests.unit.plugins.module_utils.test_transport import err, ok, transport
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import API_KEY, BASE_URL, FakeResponse


def page(status):
    return FakeResponse(status, b'<html><body><h1>%d Gateway</h1></body></html>' % status, {'Content-Type': 'text/html'})


@pytest.mark.parametrize('answer', [
    err(500, 'E_UNSPECIFIED'),
    err(503, 'E_UNSPECIFIED'),   # a 503 that is not ARIN's outage notice
    page(502),
    page(504),
    page(500),
    FakeResponse(200, b'<html><body>maintenance</body></html>', {'Content-Type': 'text/html'}),
    FakeResponse(200, b'<poc xmlns="http://www.arin.net/regrws/core/v1"><ha', {}),
    ok(b'<poc xmlns="http://www.arin.net/regrws/core/v1"/>' + b' ' * 2000),   # over the size cap
    requests.exceptions.ReadTimeout('read timed out'),
    requests.exceptions.ChunkedEncodingError('IncompleteRead(10 bytes read, 20 more expected)'),
    requests.exceptions.ConnectionError('RemoteDisconnected: Remote end closed connection without response'),
], ids=['500', '503-other', '502-html', '504-html', '500-html', '200-html', 'truncated', 'oversized', 'timeout',
        'cut', 'dropped'])
def test_write_outcome_unknown_is_uncertain_and_sent_once(answer):
    tr, session, dummy = transport([answer], max_response_bytes=1000)
    with pytest.raises(UncertainWrite) as caught:
        tr.xml('PUT', '/poc/P1-ARIN', payload=b'<poc/>', operation='modify poc/P1-ARIN')
    assert len(session.calls) == 1
    assert 'may or may not have acted' in caught.value.one_line()
    assert caught.value.operation == 'modify poc/P1-ARIN'


@pytest.mark.parametrize('answer', [page(502), page(504), ok(b'x' * 2000)], ids=['502', '504', 'oversized'])
def test_the_same_answers_to_a_read_are_plain_failures(answer):
    tr, dummy, dummy2 = transport([answer], retries=0, max_response_bytes=1000)
    with pytest.raises(TransportError) as caught:
        tr.xml('GET', '/poc/P1-ARIN')
    assert not isinstance(caught.value, UncertainWrite)


def test_a_refused_write_is_not_uncertain():
    tr, dummy, dummy2 = transport([err(400, 'E_SCHEMA_VALIDATION')])
    with pytest.raises(ApiError) as caught:
        tr.xml('PUT', '/poc/P1-ARIN', payload=b'<poc/>')
    assert not isinstance(caught.value, UncertainWrite)


class Engine(ArinModule):
    """The engine's write path without an AnsibleModule, connected to ``base_url`` with ``api_key``."""

    def __init__(self, tmp_path, check_mode=False, retry=False, base_url=BASE_URL, api_key=API_KEY):
        self.params = dict(create_journal=str(tmp_path / 'journal.json'), retry_unconfirmed_create=retry)
        self.check_mode = check_mode
        self.transport = Connected(base_url)
        self._api = self.transport
        self.connection = dict(api_key=api_key)
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)


class Connected(object):
    def __init__(self, base_url):
        self.base_url = base_url


def lost(operation='modify poc/P1-ARIN'):
    raise UncertainWrite('the request was sent but no answer came back (ReadTimeout); ARIN may or may not have acted',
                         operation=operation)


def test_write_applied_is_read_back_and_reported(tmp_path):
    engine = Engine(tmp_path)
    assert engine.write(lost, lambda: {'handle': 'P1-ARIN'}) == {'handle': 'P1-ARIN'}
    assert engine.warnings == ['modify poc/P1-ARIN: the request was sent but no answer came back (ReadTimeout); '
                               'ARIN may or may not have acted; ARIN applied the change (read back)']


def test_write_not_applied_says_safe_to_run_again(tmp_path):
    with pytest.raises(UncertainWrite) as caught:
        Engine(tmp_path).write(lost, lambda: None)
    assert caught.value.one_line().endswith('reading back shows it was not applied, so it is safe to run the task again')
    assert caught.value.applied is False


def test_write_whose_read_back_fails_names_what_to_check(tmp_path):
    def failing():
        raise TransportError('connection error: refused', operation='read poc/P1-ARIN')
    with pytest.raises(UncertainWrite) as caught:
        Engine(tmp_path).write(lost, failing, check='poc/P1-ARIN')
    text = caught.value.one_line()
    assert 'could not tell whether ARIN acted (reading back failed too: read poc/P1-ARIN: connection error' in text
    assert text.endswith('check poc/P1-ARIN in ARIN Online before running the task again')
    assert caught.value.applied is None


def test_write_without_read_back_names_the_operation(tmp_path):
    with pytest.raises(UncertainWrite) as caught:
        Engine(tmp_path).write(lost)
    assert 'could not tell whether ARIN acted: check the record (modify poc/P1-ARIN) in ARIN Online' in \
        caught.value.one_line()


@pytest.mark.parametrize('status, code, safe', [(429, 'E_TOO_MANY_REQUESTS', True), (503, 'E_OUTAGE', True),
                                                (400, 'E_ENTITY_VALIDATION', False)])
def test_refusals_where_arin_did_not_act_say_so(tmp_path, status, code, safe):
    def refused():
        raise ApiError(status, code=code, message='m', operation='modify poc/P1-ARIN')
    with pytest.raises(ApiError) as caught:
        Engine(tmp_path).write(refused, lambda: pytest.fail('no read-back after a definite answer'))
    assert caught.value.one_line().endswith('ARIN did not act on it, so it is safe to run the task again') == safe


def test_write_in_check_mode_is_a_bug(tmp_path):
    with pytest.raises(AssertionError):
        Engine(tmp_path, check_mode=True).write(lambda: pytest.fail('sent'))


# -- creates ARIN cannot search for ------------------------------------------------------

class View(object):
    @staticmethod
    def apply(doc, desired):
        return dict(doc, **desired)


KEY = key_of('customer', 'NET-1', 'Example')


def journal_of(engine):
    return CreateJournal(engine.params['create_journal'], engine.transport.base_url, engine.connection['api_key'])


def create_once(engine, create):
    return engine.create_once(View, {'name': 'Example'}, create, KEY, 'the customer Example', keep_handle=True)


def test_created_record_is_remembered_by_handle(tmp_path):
    engine = Engine(tmp_path)
    outcome = create_once(engine, lambda planned: dict(planned, handle='C00000001'))
    assert outcome.changed and outcome.after['handle'] == 'C00000001'
    assert journal_of(engine).get(KEY)['handle'] == 'C00000001'
    read = []
    assert engine.created_earlier(KEY, lambda handle: read.append(handle) or {"handle": handle}, bool) == \
        {'handle': 'C00000001'}
    assert read == ['C00000001']


def test_deleted_record_is_forgotten(tmp_path):
    engine = Engine(tmp_path)
    create_once(engine, lambda planned: dict(planned, handle='C00000001'))

    def gone(handle):
        raise NotFound(404, code='E_OBJECT_NOT_FOUND')
    assert engine.created_earlier(KEY, gone, bool) is None
    assert journal_of(engine).get(KEY) is None


def test_lost_create_blocks_the_next_run_until_the_user_says(tmp_path):
    engine = Engine(tmp_path)
    with pytest.raises(UncertainWrite) as caught:
        create_once(engine, lambda planned: lost('create customer under net/NET-1'))
    text = caught.value.one_line()
    assert 'could not tell whether ARIN acted: check the customer Example in ARIN Online' in text
    assert 'refuses to create it again' in text and engine.params['create_journal'] in text
    entry = journal_of(engine).get(KEY)
    assert entry['handle'] is None if 'handle' in entry else True
    assert 'no answer came back' in entry['error']

    with pytest.raises(Exception) as refused:
        create_once(Engine(tmp_path), lambda planned: pytest.fail('created a second time'))
    assert 'retry_unconfirmed_create=true' in str(refused.value) and 'give its handle' in str(refused.value)
    with pytest.raises(Exception):
        create_once(Engine(tmp_path, check_mode=True), lambda planned: pytest.fail('sent in check mode'))

    outcome = create_once(Engine(tmp_path, retry=True), lambda planned: dict(planned, handle='C00000002'))
    assert outcome.after['handle'] == 'C00000002'


def test_definite_refusal_leaves_no_entry(tmp_path):
    engine = Engine(tmp_path)

    def refused(planned):
        raise ApiError(400, code='E_ENTITY_VALIDATION', message='bad')
    with pytest.raises(ApiError):
        create_once(engine, refused)
    assert journal_of(engine).get(KEY) is None


def test_create_in_progress_elsewhere_is_not_repeated(tmp_path):
    engine = Engine(tmp_path)
    journal_of(engine).claim(KEY, check='the customer Example')
    with pytest.raises(Exception) as refused:
        create_once(engine, lambda planned: pytest.fail('created while another run is creating it'))
    assert 'has not finished' in str(refused.value)


def test_unreadable_journal_is_a_clear_error(tmp_path):
    engine = Engine(tmp_path)
    with open(engine.params['create_journal'], 'w') as handle:
        handle.write('not json')
    with pytest.raises(Exception) as caught:
        create_once(engine, lambda planned: pytest.fail('created'))
    assert 'is not the JSON this collection writes' in str(caught.value)


def test_record_that_is_no_longer_the_one_created_is_forgotten(tmp_path):
    engine = Engine(tmp_path)
    create_once(engine, lambda planned: dict(planned, handle='C00000001'))
    assert engine.created_earlier(KEY, lambda handle: {'handle': handle, 'name': 'Other'},
                                  lambda record: record['name'] == 'Example') is None
    assert journal_of(engine).get(KEY) is None


def test_journal_path_falls_back_to_the_environment(monkeypatch):
    from ansible.module_utils.common.parameters import AnsibleFallbackNotFound
    from ansible_collections.arin.regrws.plugins.module_utils._journal import journal_argspec
    fallback = journal_argspec()['create_journal']['fallback'][0]
    monkeypatch.setenv('ARIN_CREATE_JOURNAL', '/srv/arin/pending.json')
    assert fallback() == '/srv/arin/pending.json'
    monkeypatch.setenv('ARIN_CREATE_JOURNAL', '')  # an AWX credential field left blank
    with pytest.raises(AnsibleFallbackNotFound):
        fallback()
    assert 'retry_unconfirmed_create' not in journal_argspec(retry=False)
