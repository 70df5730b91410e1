# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest
import requests

from ansible_collections.arin.regrws.plugins.module_utils import _transport as t
from ansible_collections.arin.regrws.plugins.module_utils._errors import (
    ApiError, AuthError, Conflict, InputError, NotFound, TransportError, UncertainWrite,
)
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import FakeResponse, xml

KEY = 'API-ABCD-1234-ABCD-1234'
URL = 'https://reg.example.test/rest'


class FakeSession(object):
    """Answers from a list: a FakeResponse, or an exception to raise."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = []
        self.headers = {}

    def request(self, method, url, **kwargs):
        self.calls.append((method, url, kwargs))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def ok(body=None):
    return FakeResponse(200, body if body is not None else xml('poc', '<handle>P1-ARIN</handle>'), {})


def err(status, code, headers=None):
    return FakeResponse(status, xml('error', '<code>%s</code><message>m</message>' % code), headers or {})


def transport(answers, **kwargs):
    warnings = []
    session = FakeSession(answers)
    kwargs.setdefault('retries', 2)
    tr = t.Transport(URL, KEY, warn=warnings.append, sleep=lambda s: warnings.append('slept %s' % s),
                     session=session, **kwargs)
    return tr, session, warnings


def test_header_transport_keeps_key_out_of_url():
    tr, session, dummy = transport([ok()])
    tr.xml('GET', '/poc/P1-ARIN')
    method, url, kwargs = session.calls[0]
    assert KEY not in url
    assert kwargs['headers']['Authorization'] == 'ApiKey ' + KEY
    assert kwargs['allow_redirects'] is False


def test_query_transport_uses_lowercase_apikey():
    tr, session, dummy = transport([ok()], api_key_transport='query')
    tr.xml('GET', '/ticket/1', query={'msgRefs': 'true'})
    url = session.calls[0][1]
    assert url == URL + '/ticket/1?msgRefs=true&apikey=' + KEY
    assert 'Authorization' not in session.calls[0][2]['headers']


@pytest.mark.parametrize('key_transport', ['header', 'query'])
def test_key_never_in_exception_text(key_transport):
    failure = requests.exceptions.ConnectionError('boom for %s/poc?apikey=%s' % (URL, KEY))
    tr, dummy, warnings = transport([failure] * 3, api_key_transport=key_transport)
    with pytest.raises(TransportError) as caught:
        tr.xml('GET', '/poc/P1-ARIN')
    assert KEY not in caught.value.one_line()
    assert KEY not in repr(caught.value.as_dict())
    assert t.MASK in caught.value.one_line()
    assert not [w for w in warnings if KEY in w]


def test_reads_retry_on_connection_errors_and_gateway_statuses():
    tr, session, warnings = transport([requests.exceptions.ConnectionError('reset'), err(502, 'E_UNSPECIFIED'), ok()])
    assert tr.xml('GET', '/poc/P1-ARIN')['handle'] == 'P1-ARIN'
    assert len(session.calls) == 3
    assert len([w for w in warnings if 'retrying' in w]) == 2


def test_429_honours_retry_after_for_writes_too():
    tr, session, warnings = transport([err(429, 'E_TOO_MANY_REQUESTS', {'Retry-After': '7'}), ok()])
    tr.xml('PUT', '/poc/P1-ARIN', payload=b'<poc/>')
    assert 'slept 7.0' in warnings


def test_writes_retry_on_outage_only():
    tr, session, dummy = transport([err(503, 'E_OUTAGE'), ok()])
    tr.xml('PUT', '/poc/P1-ARIN', payload=b'<poc/>')
    assert len(session.calls) == 2
    tr, session, dummy = transport([err(502, 'E_UNSPECIFIED')])
    with pytest.raises(UncertainWrite):  # a 5xx after a write may follow the commit: never resent
        tr.xml('PUT', '/poc/P1-ARIN', payload=b'<poc/>')
    assert len(session.calls) == 1
    tr, session, dummy = transport([err(500, 'E_UNSPECIFIED')])
    with pytest.raises(UncertainWrite):
        tr.xml('POST', '/poc;makeLink=true', payload=b'<poc/>')
    assert len(session.calls) == 1


def test_write_with_lost_answer_is_uncertain_and_not_resent():
    tr, session, dummy = transport([requests.exceptions.ReadTimeout('read timed out')])
    with pytest.raises(UncertainWrite):
        tr.xml('PUT', '/poc/P1-ARIN', payload=b'<poc/>')
    assert len(session.calls) == 1


def test_write_never_sent_may_be_retried():
    refused = requests.exceptions.ConnectionError('NewConnectionError: Connection refused')
    tr, session, dummy = transport([refused, ok()])
    tr.xml('POST', '/poc;makeLink=true', payload=b'<poc/>')
    assert len(session.calls) == 2


def test_truncated_write_answer_is_uncertain():
    tr, dummy, dummy2 = transport([FakeResponse(200, b'<poc xmlns="http://www.arin.net/regrws/core/v1"><ha', {})])
    with pytest.raises(UncertainWrite):
        tr.xml('PUT', '/poc/P1-ARIN', payload=b'<poc/>')


def test_retries_are_bounded():
    tr, session, dummy = transport([err(503, 'E_OUTAGE')] * 3, retries=2)
    with pytest.raises(ApiError) as caught:
        tr.xml('GET', '/poc/P1-ARIN')
    assert caught.value.status == 503
    assert len(session.calls) == 3


@pytest.mark.parametrize('status, code, cls', [
    (404, 'E_OBJECT_NOT_FOUND', NotFound),
    (409, 'E_NOT_REMOVEABLE', Conflict),
    (401, 'E_AUTHENTICATION', AuthError),
    (400, 'E_AUTHENTICATION', AuthError),
    (400, 'E_SCHEMA_VALIDATION', ApiError),
])
def test_error_mapping(status, code, cls):
    tr, dummy, dummy2 = transport([err(status, code)])
    with pytest.raises(cls) as caught:
        tr.xml('GET', '/poc/P1-ARIN')
    assert caught.value.status == status
    assert caught.value.code == code


def test_html_error_page_is_a_clear_transport_error():
    page = FakeResponse(502, b'<html><body><h1>502 Bad Gateway</h1></body></html>', {'Content-Type': 'text/html'})
    tr, dummy, dummy2 = transport([page], retries=0)
    with pytest.raises(TransportError) as caught:
        tr.xml('GET', '/poc/P1-ARIN')
    assert '502 Bad Gateway' in caught.value.one_line()
    assert 'text/html' in caught.value.one_line()


def test_redirect_is_not_followed():
    moved = FakeResponse(301, b'', {'Location': 'https://elsewhere.example/'})
    tr, session, dummy = transport([moved], retries=0)
    with pytest.raises(TransportError) as caught:
        tr.xml('PUT', '/poc/P1-ARIN', payload=b'<poc/>')
    assert 'HTTP 301' in caught.value.one_line()
    assert len(session.calls) == 1


def test_response_size_is_capped():
    tr, dummy, dummy2 = transport([ok(b'x' * 2000)], max_response_bytes=1000)
    with pytest.raises(TransportError) as caught:
        tr.xml('GET', '/poc/P1-ARIN')
    assert 'larger than 1000 bytes' in caught.value.one_line()


@pytest.mark.parametrize('environment, base_url, expected', [
    ('production', None, 'https://reg.arin.net/rest'),
    ('ote', None, 'https://reg.ote.arin.net/rest'),
    ('production', 'http://127.0.0.1:8080/rest/', 'http://127.0.0.1:8080/rest'),
    (None, 'http://localhost:1/rest', 'http://localhost:1/rest'),
    (None, 'http://[::1]:1/rest', 'http://[::1]:1/rest'),
])
def test_base_url_resolution(environment, base_url, expected):
    assert t.resolve_base_url(environment, base_url) == expected


@pytest.mark.parametrize('base_url', ['http://reg.example.test/rest', 'ftp://x/rest', 'https://x/rest?a=1'])
def test_unsafe_base_urls_are_refused(base_url):
    with pytest.raises(InputError):
        t.resolve_base_url(None, base_url)


def test_no_default_environment():
    with pytest.raises(InputError) as caught:
        t.resolve_base_url(None, None)
    assert 'never defaults' in caught.value.one_line()


@pytest.mark.parametrize('key, good', [
    ('API-1234-ABCD-5678-EF90', True),
    ('API-1234-ABCD-5678-EF90-1234-ABCD-5678-EF90', True),
    ('API-1234-ABCD-5678', False),
    ('API-1234-abcd-5678-EF90', False),
    ('1234-ABCD-5678-EF90', False),
])
def test_api_key_format(key, good):
    if good:
        t.validate_api_key(key)
    else:
        with pytest.raises(InputError) as caught:
            t.validate_api_key(key)
        assert key not in caught.value.one_line()


def test_segment_keeps_arin_literals():
    assert t.segment('+1.555.555-0100') == '+1.555.555-0100'
    assert t.segment('noc@example.net') == 'noc@example.net'
    assert t.segment('a b;c/d?e#f%') == 'a%20b%3Bc%2Fd%3Fe%23f%25'


def test_tls_failure_is_not_retried_and_names_the_option():
    tr, session, dummy = transport([requests.exceptions.SSLError('certificate verify failed')])
    with pytest.raises(TransportError) as caught:
        tr.xml('PUT', '/poc/P1-ARIN', payload=b'<poc/>')
    assert not isinstance(caught.value, UncertainWrite)
    assert 'validate_certs' in caught.value.one_line()
    assert len(session.calls) == 1


# -- connection option fallbacks ---------------------------------------------------

def _fallback(name):
    from ansible_collections.arin.regrws.plugins.module_utils._argspec import connection_argspec
    return connection_argspec().argument_spec[name]['fallback'][0]


def test_api_key_from_the_environment_first(monkeypatch, tmp_path):
    keyfile = tmp_path / 'key'
    keyfile.write_text(u'API-AAAA-BBBB-CCCC-DDDD\n')
    monkeypatch.setenv('ARIN_API_KEY', KEY)
    monkeypatch.setenv('ARIN_API_KEY_FILE', str(keyfile))
    assert _fallback('api_key')() == KEY


def test_api_key_from_a_file(monkeypatch, tmp_path):
    keyfile = tmp_path / 'key'
    keyfile.write_text(u'API-AAAA-BBBB-CCCC-DDDD\n')
    monkeypatch.delenv('ARIN_API_KEY', raising=False)
    monkeypatch.setenv('ARIN_API_KEY_FILE', str(keyfile))
    assert _fallback('api_key')() == 'API-AAAA-BBBB-CCCC-DDDD'


def test_unreadable_key_file_gives_an_empty_key_that_validation_explains(monkeypatch, tmp_path):
    monkeypatch.delenv('ARIN_API_KEY', raising=False)
    monkeypatch.setenv('ARIN_API_KEY_FILE', str(tmp_path / 'missing'))
    assert _fallback('api_key')() == ''
    with pytest.raises(InputError) as caught:
        t.validate_api_key('')
    assert 'ARIN_API_KEY_FILE' in caught.value.one_line()


def test_empty_environment_values_count_as_unset(monkeypatch):
    from ansible.module_utils.common.parameters import AnsibleFallbackNotFound
    monkeypatch.setenv('ARIN_ENVIRONMENT', '')
    with pytest.raises(AnsibleFallbackNotFound):
        _fallback('environment')()
    monkeypatch.setenv('ARIN_ENVIRONMENT', 'ote')
    assert _fallback('environment')() == 'ote'
