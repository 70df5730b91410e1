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
    """A session whose adapter answers from a list: a FakeResponse, or an exception to raise.

    Each call is kept as (method, url, keyword arguments of send() with the request's headers and body).
    """

    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = []
        self.headers = {}
        self.proxies = {}

    def get_adapter(self, url):
        return self

    def send(self, request, **kwargs):
        self.calls.append((request.method, request.url, dict(kwargs, headers=request.headers, data=request.body)))
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
    tr, dummy, dummy2 = transport([err(status, code)], api_key_transport='header')
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


# -- base URL: one parser decides -------------------------------------------------------

@pytest.mark.parametrize('base_url', [
    'http://127.0.0.1/rest',
    'http://127.255.0.9:8181/rest',
    'http://localhost:1/rest',
    'http://LOCALHOST:1/rest',
    'http://[::1]:8181/rest',
    'http://[::ffff:127.0.0.1]:8181/rest',
    'https://reg.example.test/rest',
])
def test_accepted_base_urls(base_url):
    assert t.resolve_base_url(None, base_url) == base_url


@pytest.mark.parametrize('base_url, words', [
    # requests would connect to 192.0.2.1 in plain http while urlsplit sees 127.0.0.1.
    ('http://192.0.2.1\\@127.0.0.1/rest', 'backslashes'),
    ('http://127.0.0.1\\@192.0.2.1/rest', 'backslashes'),
    ('http://user@127.0.0.1/rest', 'user information'),
    ('http://192.0.2.1:80@127.0.0.1/rest', 'user information'),
    ('https://user:pw@reg.example.test/rest', 'user information'),
    ('http://127.0.0.1 /rest', 'no spaces'),
    ('http://127.0.0.1/rest\n', 'control'),
    ('http://127.0.0.1\t/rest', 'control'),
    (u'http://127.0.0.1/r\u00e9st', 'non-ASCII'),
    (u'http://\uff11\uff12\uff17.0.0.1/rest', 'non-ASCII'),
    # Shorthand and numeric forms that resolve to loopback are not loopback literals.
    ('http://127.1/rest', 'plain http'),
    ('http://0x7f.1/rest', 'plain http'),
    ('http://0x7f000001/rest', 'plain http'),
    ('http://2130706433/rest', 'plain http'),
    ('http://017700000001/rest', 'plain http'),
    ('http://localhost./rest', 'plain http'),
    ('http://localhost.example.test/rest', 'plain http'),
    ('http://[::ffff:192.0.2.1]/rest', 'plain http'),
    ('http://reg.example.test/rest', 'plain http'),
    ('http://[::1/rest', 'not a valid URL'),
    ('http://[::1', 'not a valid URL'),
    ('http://127.0.0.1:99999/rest', 'not a valid URL'),
    ('http://127.0.0.1:port/rest', 'not a valid URL'),
    ('ftp://127.0.0.1/rest', 'not an http(s) URL'),
    ('127.0.0.1/rest', 'not an http(s) URL'),
    ('http:///rest', 'not an http(s) URL'),
    ('https://x/rest?a=1', 'query string'),
    ('https://x/rest#top', 'query string'),
])
def test_refused_base_urls(base_url, words):
    with pytest.raises(InputError) as caught:
        t.resolve_base_url(None, base_url)
    message = caught.value.one_line()
    assert words in message
    assert '\n' not in message


def test_the_connecting_parser_reads_the_host_that_was_checked():
    # The parser requests uses is the one the loopback rule reads.
    from urllib3.util import parse_url
    assert parse_url('http://192.0.2.1\\@127.0.0.1/rest').host == '192.0.2.1'
    assert t.resolve_base_url(None, 'http://127.0.0.1:8181/rest') == 'http://127.0.0.1:8181/rest'


def test_unknown_environment_is_refused():
    with pytest.raises(InputError):
        t.resolve_base_url('staging', None)


# -- the key: in full, and never shown ---------------------------------------------------

@pytest.mark.parametrize('key', [
    KEY + 'Z', KEY + '\nZ', KEY + '\n\n' + KEY, KEY + '-', 'x' + KEY, KEY + '\x00', KEY[:-1] + u'\u0664', KEY + '\r\nX-Evil: 1',
])
def test_key_must_match_in_full(key):
    with pytest.raises(InputError) as caught:
        t.validate_api_key(key)
    assert KEY not in caught.value.one_line()


def test_surrounding_whitespace_is_stripped():
    # re.match with $ took a trailing newline, and requests then refused the header, showing the key.
    assert t.validate_api_key('  %s\n' % KEY) == KEY
    tr2 = t.Transport(URL, KEY + '\n', session=FakeSession([ok()]))
    tr2.xml('GET', '/poc/P1-ARIN')
    assert tr2.session.calls[0][2]['headers']['Authorization'] == 'ApiKey ' + KEY


def test_missing_key_says_how_to_supply_one():
    with pytest.raises(InputError) as caught:
        t.validate_api_key('  ')
    message = caught.value.one_line()
    for words in ('api_key', 'ARIN_API_KEY', 'ARIN_API_KEY_FILE', 'AWX/AAP', 'credential'):
        assert words in message


ODD_KEYS = [
    KEY + '\n',
    ' ' + KEY + '\t',
    u'API-\u00c9\u00c9\u00c9\u00c9-1234',
    'API-12 34/?&=#%',
    'API-"quoted"\\back',
    u'API-\U0001F511-\x00-\x7f',
]


@pytest.mark.parametrize('key', ODD_KEYS)
def test_every_form_of_an_odd_key_is_redacted(key):
    from ansible.module_utils.six.moves.urllib.parse import quote, quote_plus
    forms = [key, key.strip(), repr(key), repr(key.strip()), '%r' % [key], quote(key, safe=''),
             quote_plus(key), quote(key, safe='').lower(), key.encode('unicode_escape').decode('ascii'),
             str(key.encode('utf-8'))]
    for form in forms:
        text = 'before %s after' % form
        redacted = t.redact(text, key)
        assert key.strip() not in redacted
        assert repr(key.strip())[1:-1] not in redacted
        assert quote(key.strip(), safe='') not in redacted
        assert 'before' in redacted and 'after' in redacted


@pytest.mark.parametrize('failure', [
    requests.exceptions.InvalidHeader('Invalid return character or leading space in header: Authorization %r'
                                      % ('ApiKey ' + KEY)),
    requests.exceptions.InvalidURL('Failed to parse: %s/poc?apikey=%s' % (URL, KEY)),
    requests.exceptions.ConnectionError("HTTPSConnectionPool(host='x', port=443): Max retries exceeded with url: "
                                        "/rest/poc?apikey=%s (Caused by NewConnectionError('refused'))" % KEY),
    requests.exceptions.ReadTimeout('read timed out for /poc?apikey=%s' % KEY.replace('-', '%2D')),
    requests.exceptions.SSLError('certificate verify failed for %r' % KEY),
    requests.exceptions.ChunkedEncodingError('broken %s' % KEY.lower().upper()),
    ValueError('odd %s' % KEY),
])
@pytest.mark.parametrize('method', ['GET', 'PUT'])
@pytest.mark.parametrize('key_transport', ['header', 'query', 'auto'])
def test_key_is_redacted_on_every_exception_path(failure, method, key_transport):
    warnings = []
    tr = t.Transport(URL, KEY, api_key_transport=key_transport, retries=1, warn=warnings.append,
                     sleep=lambda s: None, session=FakeSession([failure, failure]))
    with pytest.raises(Exception) as caught:
        tr.xml(method, '/poc/P1-ARIN', payload=b'<poc/>' if method == 'PUT' else None)
    error = caught.value
    assert isinstance(error, TransportError)
    shown = error.one_line() + repr(error.as_dict()) + ' '.join(warnings)
    assert KEY not in shown and KEY.replace('-', '%2D') not in shown
    assert '\n' not in error.one_line()


def test_ap_error_payload_echoing_the_key_is_redacted_in_the_snippet():
    page = FakeResponse(500, ('<html>bad key %s</html>' % KEY).encode('ascii'), {'Content-Type': 'text/html'})
    tr, dummy, dummy2 = transport([page], retries=0)
    with pytest.raises(TransportError) as caught:
        tr.xml('GET', '/poc/P1-ARIN')
    assert KEY not in caught.value.one_line() and t.MASK in caught.value.one_line()


# -- auto key transport ---------------------------------------------------------------------

def refused(status=400):
    return FakeResponse(status, xml('error', '<code>E_AUTHENTICATION</code><message>An API key is required.</message>'),
                        {})


def test_auto_sends_the_header_first_and_keeps_it():
    tr, session, dummy = transport([ok(), ok()])
    tr.xml('GET', '/poc/P1-ARIN')
    tr.xml('PUT', '/poc/P1-ARIN', payload=b'<poc/>')
    assert [c[2]['headers'].get('Authorization') for c in session.calls] == ['ApiKey ' + KEY] * 2
    assert not [c for c in session.calls if 'apikey' in c[1]]


@pytest.mark.parametrize('status', [400, 401])
def test_auto_moves_to_the_query_string_after_a_refusal_and_stays(status):
    tr, session, warnings = transport([refused(status), ok(), ok()])
    tr.xml('PUT', '/poc/P1-ARIN', payload=b'<poc/>')
    tr.xml('GET', '/poc/P1-ARIN')
    urls = [c[1] for c in session.calls]
    assert 'apikey' not in urls[0] and 'Authorization' in session.calls[0][2]['headers']
    assert urls[1:] == [URL + '/poc/P1-ARIN?apikey=' + KEY] * 2
    assert not [c for c in session.calls[1:] if 'Authorization' in c[2]['headers']]
    assert not [w for w in warnings if KEY in w]


def test_auto_refused_both_ways_reports_both_without_the_key():
    bad = FakeResponse(400, xml('error', '<code>E_AUTHENTICATION</code><message>The API key is not valid.</message>'),
                       {})
    tr, session, dummy = transport([refused(), bad])
    with pytest.raises(AuthError) as caught:
        tr.xml('GET', '/poc/P1-ARIN')
    message = caught.value.one_line()
    assert 'An API key is required' in message and 'The API key is not valid' in message
    assert KEY not in message and len(session.calls) == 2
    assert tr.key_in == 'header'


def test_auto_does_not_switch_once_the_header_worked():
    # A refusal after the header worked is about authority over an object, not about where the key goes.
    tr, session, dummy = transport([ok(), refused(401)])
    tr.xml('GET', '/poc/P1-ARIN')
    with pytest.raises(AuthError):
        tr.xml('DELETE', '/customer/C1')
    assert len(session.calls) == 2


@pytest.mark.parametrize('forced', ['header', 'query'])
def test_forced_transport_never_switches(forced):
    tr, session, dummy = transport([refused()], api_key_transport=forced)
    with pytest.raises(AuthError):
        tr.xml('GET', '/poc/P1-ARIN')
    assert len(session.calls) == 1


# -- clear connection failures ----------------------------------------------------------

def test_refused_connection_names_the_endpoint_and_the_attempts():
    refusal = requests.exceptions.ConnectionError(
        "HTTPConnectionPool(host='127.0.0.1', port=1): Max retries exceeded with url: /rest/poc/P1-ARIN "
        "(Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f>: "
        "Failed to establish a new connection: [Errno 111] Connection refused'))")
    tr, session, dummy = transport([refusal] * 3, retries=2)
    with pytest.raises(TransportError) as caught:
        tr.xml('GET', '/poc/P1-ARIN')
    message = caught.value.one_line()
    assert 'cannot get an answer from %s: connection refused' % URL in message
    assert '3 attempts, retries=2' in message
    assert 'HTTPConnection object' not in message and 'Max retries' not in message


def test_404_without_rest_in_base_url_hints_at_it():
    nothing = FakeResponse(404, xml('error', '<code>E_UNSPECIFIED</code><message>No such resource.</message>'), {})
    tr = t.Transport('http://127.0.0.1:1', KEY, session=FakeSession([nothing]))
    with pytest.raises(TransportError) as caught:
        tr.xml('GET', '/poc/P1-ARIN')
    assert not isinstance(caught.value, NotFound)
    assert 'base_url http://127.0.0.1:1 does not end in /rest' in caught.value.one_line()


def test_404_of_a_missing_record_is_still_not_found():
    tr, dummy, dummy2 = transport([err(404, 'E_OBJECT_NOT_FOUND')])
    with pytest.raises(NotFound):
        tr.xml('GET', '/poc/P1-ARIN')


def test_proxy_and_ca_bundle_come_from_the_environment_once(monkeypatch, tmp_path):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text(u'')
    monkeypatch.setenv('HTTPS_PROXY', 'http://proxy.example.test:3128')
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', str(bundle))
    tr = t.Transport(URL, KEY)
    assert tr.session.proxies.get('https') == 'http://proxy.example.test:3128'
    assert tr.verify == str(bundle)
    # Read once: the session no longer consults the environment per request.
    assert tr.session.trust_env is False
    request = tr._prepare('GET', URL + '/poc/P1-ARIN', {'Authorization': 'ApiKey ' + KEY}, None)
    assert request.headers['Authorization'] == 'ApiKey ' + KEY and 'Content-Length' not in request.headers
    monkeypatch.setenv('NO_PROXY', 'reg.example.test')
    assert t.Transport(URL, KEY).session.proxies.get('https') is None
    assert t.Transport(URL, KEY, validate_certs=False).verify is False
