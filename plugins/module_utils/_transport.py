# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""The one HTTP path to Reg-RWS: authentication, timeouts, bounded retries, redaction.

It knows nothing of resources: it sends a path and maybe an XML body, and returns the
status, headers and body of ARIN's answer, or raises an ArinError whose text never
contains the API key.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress
import math
import re
import threading
import time
import warnings

try:
    import requests
    from requests.structures import CaseInsensitiveDict
    from urllib3.exceptions import InsecureRequestWarning, LocationParseError
    from urllib3.util import parse_url
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the engine
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible.module_utils.six.moves.urllib.parse import urlencode, urlsplit, quote, quote_plus

from ansible_collections.arin.regrws.plugins.module_utils._errors import (
    InputError,
    TransportError,
    UncertainWrite,
    api_error_for,
)
from ansible_collections.arin.regrws.plugins.module_utils import _payloads

ENVIRONMENTS = {
    'production': 'https://reg.arin.net/rest',
    'ote': 'https://reg.ote.arin.net/rest',
}
# \Z, not $: "$" also matches before a trailing newline.
API_KEY_PATTERN = re.compile(r'API(-[0-9A-F]{4}){4,8}\Z')
MASK = 'API-****'
READS = frozenset(['GET', 'HEAD'])
RETRY_READ_STATUSES = frozenset([429, 502, 503, 504])
MAX_RETRY_AFTER = 60.0
MAX_BACKOFF = 8.0
USER_AGENT = 'arin.regrws (Ansible collection)'
KEY_TRANSPORTS = ('auto', 'header', 'query')
MISSING_KEY = ('no API key: set the api_key option (from Ansible Vault), the ARIN_API_KEY environment variable, '
               'or ARIN_API_KEY_FILE to a readable file that holds the key; in AWX/AAP, attach the ARIN Reg-RWS '
               'credential to the job template')
# OpenSSL's words for "the server answered a TLS hello in something that is not TLS".
_NOT_TLS = ('WRONG_VERSION_NUMBER', 'wrong version number', 'record layer failure', 'unknown protocol',
            'packet length too long', 'http request')


class Response(object):
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body


class Deadline(requests.exceptions.Timeout if HAS_REQUESTS else Exception):
    """The whole request (connect, send, complete answer) took longer than ``timeout``."""


def validate_api_key(api_key):
    """The key to send: surrounding whitespace removed, the rest an ARIN API key in full."""
    api_key = (api_key or '').strip()
    if not api_key:
        raise InputError(MISSING_KEY)
    if not API_KEY_PATTERN.match(api_key):
        # Never echo the value: a mistyped key is still mostly a secret.
        raise InputError('api_key is not an ARIN API key: expected API- followed by 4 to 8 groups of 4 '
                         'upper-case hex digits (API-XXXX-XXXX-XXXX-XXXX)')
    return api_key


def key_forms(api_key):
    """Every form the key (and its stripped value) can take in a message: raw, escaped, quoted, percent-encoded."""
    forms = set()
    for key in set([api_key or '', (api_key or '').strip()]):
        if not key:
            continue
        escaped = key.encode('unicode_escape').decode('ascii')
        for form in (key, escaped, repr(key)[1:-1], escaped.replace('\\', '\\\\'),
                     quote(key, safe=''), quote_plus(key, safe='')):
            forms.add(form)
            # Percent-encoding may come in either case of hex digit.
            forms.add(re.sub('%[0-9A-F]{2}', lambda m: m.group(0).lower(), form))
    return sorted((form for form in forms if form), key=len, reverse=True)


def redact(text, api_key):
    """``text`` with every form of the key masked (longest first, so no fragment of a long form survives)."""
    text = u'%s' % (text,)
    for form in key_forms(api_key):
        text = text.replace(form, MASK)
    return text


def resolve_base_url(environment=None, base_url=None):
    """The base URL to use; https is required unless the host is a loopback address.

    The check reads the URL with the parser that connects (urllib3's), and refuses what
    two parsers could read differently (backslashes, user info, spaces, control or
    non-ASCII characters), so the host checked is the host connected to. Loopback means
    ``localhost`` or a literal loopback address in canonical form (127.0.0.0/8 as four
    decimal parts, ``[::1]``, ``[::ffff:127.x.x.x]``); shorthand such as ``127.1``, ``2130706433`` or ``0x7f.1``
    and ``localhost.`` are not taken as loopback.
    """
    if not base_url:
        if not environment:
            raise InputError('set environment (production or ote) or base_url: this collection never '
                             'defaults to a registry of record')
        if environment not in ENVIRONMENTS:
            raise InputError('environment must be one of %s' % ', '.join(sorted(ENVIRONMENTS)))
        base_url = ENVIRONMENTS[environment]
    shown = base_url.encode('unicode_escape').decode('ascii')
    # Characters that two URL parsers may read differently, or that no URL should carry.
    if [ch for ch in base_url if ord(ch) <= 0x20 or ord(ch) >= 0x7f or ch == '\\']:
        raise InputError('base_url %s must be a plain http(s) URL: no spaces, control or non-ASCII characters, '
                         'or backslashes' % shown)
    try:
        parts = parse_url(base_url)
        other = urlsplit(base_url)
        other_host, dummy = other.hostname, other.port
    except (LocationParseError, ValueError):
        raise InputError('base_url %s is not a valid URL' % shown)
    if parts.scheme not in ('http', 'https') or not parts.host:
        raise InputError('base_url %s is not an http(s) URL' % shown)
    if parts.auth or '@' in (other.netloc or ''):
        raise InputError('base_url must not carry user information (user@host): the API key authenticates')
    if parts.query is not None or parts.fragment is not None:
        raise InputError('base_url must not carry a query string or fragment')
    host = parts.host.lower()
    if host.strip('[]') != (other_host or '').lower():
        raise InputError('base_url %s is ambiguous: its host reads differently to different parsers' % shown)
    if parts.scheme == 'http' and not _is_loopback(host):
        raise InputError('base_url %s uses plain http: https is required except on a loopback address '
                         '(localhost, 127.x.x.x or [::1])' % shown)
    return base_url.rstrip('/')


def _is_loopback(host):
    if host == 'localhost':
        return True
    try:
        address = ipaddress.ip_address(u'%s' % host.strip('[]'))
    except ValueError:
        return False
    # ipaddress accepts only canonical literals: 127.1, 0x7f.0.0.1 and 2130706433 are not addresses to it.
    # [::ffff:127.0.0.1] reaches IPv4 loopback; Python before 3.13 does not say so itself.
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def segment(value):
    """Percent-encode one path segment. ``+``, ``@``, ``.`` and ``-`` stay literal, as ARIN expects."""
    return quote(value, safe="+@.-_~!$&'()*,:=")


def worst_case_seconds(timeout, retries):
    """The longest a request can take: every attempt at its deadline, every wait at its cap."""
    return (retries + 1) * timeout + retries * MAX_RETRY_AFTER


class _Helper(object):
    """A thread that runs one exchange at a time for one caller, who may stop waiting at a deadline.

    Starting a thread per request costs more CPU than a local exchange itself, so the helper
    is reused; jobs are handed over with plain locks, the cheapest handoff threading has. It
    leaves when idle for a while, so that finished tasks leave no threads behind.
    """

    IDLE = 5.0

    def __init__(self):
        self.lock = threading.Lock()
        self.ready = threading.Lock()
        self.ready.acquire()
        self.job = None
        self.alive = True
        self.thread = threading.Thread(target=self._serve, name='arin-regrws-request')
        self.thread.daemon = True
        self.thread.start()

    def _serve(self):
        while True:
            if not self.ready.acquire(timeout=self.IDLE):
                with self.lock:
                    if self.job is None:
                        self.alive = False
                        return
                continue  # a job came with the timeout: ``ready`` is released for it
            job, done, outcome = self.job
            self.job = None
            try:
                outcome['response'] = job()
            except BaseException as exc:  # handed over to the waiting thread, which raises it
                outcome['error'] = exc
            done.release()

    def run(self, job, timeout):
        """The outcome of ``job`` ({'response': ...} or {'error': ...}), or None at the deadline."""
        done, outcome = threading.Lock(), {}
        done.acquire()
        with self.lock:
            if not self.alive:
                return None
            self.job = (job, done, outcome)
        self.ready.release()
        if not done.acquire(timeout=timeout):
            return None
        return outcome


class Transport(object):
    def __init__(self, base_url, api_key, api_key_transport='auto', timeout=30, retries=3,
                 validate_certs=True, max_response_bytes=32 * 1024 * 1024, warn=None, sleep=time.sleep,
                 session=None):
        self.api_key = validate_api_key(api_key)
        self.raw_key = api_key
        if api_key_transport not in KEY_TRANSPORTS:
            raise InputError('api_key_transport must be one of %s' % ', '.join(KEY_TRANSPORTS))
        self.base_url = base_url
        self.api_key_transport = api_key_transport
        # Where the key goes now: auto starts with the header and may move to the query string once.
        self.key_in = 'query' if api_key_transport == 'query' else 'header'
        # Set once the service has answered a request without refusing the key where it was.
        self.key_in_settled = api_key_transport != 'auto'
        self.timeout = timeout
        self.retries = retries
        self.validate_certs = validate_certs
        self.max_response_bytes = max_response_bytes
        self.warn = warn or (lambda message: None)
        self.sleep = sleep
        self.verify = validate_certs
        if session is None:
            session = requests.Session()
            # requests would scan the environment for proxy and CA bundle settings on every
            # request, which at thousands of requests costs more than the exchanges; the
            # environment does not change during a task, so it is read once here. (This also
            # keeps a ~/.netrc entry from replacing the key's Authorization header.)
            settings = session.merge_environment_settings(base_url, {}, None, validate_certs, None)
            session.trust_env = False
            session.proxies = settings['proxies']
            self.verify = settings['verify']
        self.session = session
        # Plain http is allowed only to a loopback address, and only because nothing else is on
        # the way: a proxy from the environment (HTTP_PROXY, ALL_PROXY, ...) would receive the
        # key in clear. Such a URL is always reached directly; https may go through a proxy (a
        # tunnel that sees only TLS).
        self.proxies = dict(session.proxies or {}) if urlsplit(base_url).scheme == 'https' else {}
        # One helper thread per calling thread runs the exchanges (see _send).
        self._helpers = threading.local()
        self.session.headers.update({
            'Accept': 'application/xml',
            # ARIN has answered 415 to body-less requests without it, so every request carries it.
            'Content-Type': 'application/xml',
            'User-Agent': USER_AGENT,
        })
        self.requests_made = 0

    # -- redaction --------------------------------------------------------

    def redact(self, text):
        """Remove the key from any text we may show, in every form it can take."""
        return redact(redact(text, self.raw_key), self.api_key)

    # -- requests ---------------------------------------------------------

    def _address(self, path, query):
        url = self.base_url + path
        params = list((query or {}).items())
        headers = {}
        if self.key_in == 'query':
            params.append(('apikey', self.api_key))
        else:
            headers['Authorization'] = 'ApiKey %s' % self.api_key
        if params:
            url += '?' + urlencode(params)
        return url, headers

    def request(self, method, path, query=None, body=None, operation=None):
        """Send one request (retrying as the policy allows) and return a Response with status 200."""
        operation = operation or '%s %s' % (method, path)
        is_read = method in READS
        attempt = 0
        refused_in_header = None
        while True:
            attempt += 1
            retry_reason, delay = None, None
            url, headers = self._address(path, query)
            try:
                response = self._send(method, url, headers, body)
            except TransportError as exc:
                # An answer too large to read: after a write, ARIN may have acted.
                if is_read:
                    raise exc.with_operation(operation)
                raise UncertainWrite('%s; ARIN may or may not have acted' % exc.message, operation=operation,
                                     status=exc.status)
            except requests.exceptions.SSLError as exc:
                # Fails before anything is sent, and would fail again: no retry.
                raise TransportError(self._tls_problem(exc), operation=operation)
            except (ValueError, UnicodeError) as exc:
                # requests refused to build the request (InvalidURL, InvalidHeader, ... are ValueErrors too):
                # nothing was sent, and sending again would fail the same way.
                raise TransportError('cannot send the request (%s)' % self._describe(exc), operation=operation)
            except requests.exceptions.RequestException as exc:
                if is_read or self._not_sent(exc):
                    retry_reason = self._connection_problem(exc)
                    if attempt > self.retries:
                        raise TransportError(
                            'cannot get an answer from %s: %s (%d attempt%s, retries=%d)'
                            % (self.base_url, retry_reason, attempt, '' if attempt == 1 else 's', self.retries),
                            operation=operation)
                else:
                    raise UncertainWrite(
                        'the request was sent but no answer came back (%s); ARIN may or may not have acted'
                        % self._connection_problem(exc), operation=operation)
            else:
                if response.status == 200:
                    # After a switch, the key stays in the query string for the rest of the task.
                    self.key_in_settled = True
                    return response
                error = self._error_payload(response)
                code = error.get('code') if error else None
                refused = self._auth_refused(response.status, code)
                if not refused and error is not None and response.status < 500:
                    # ARIN looked at the request past the key: where the key went works.
                    self.key_in_settled = True
                elif refused and not self.key_in_settled:
                    if self.key_in == 'header':
                        # ARIN refused before acting, so sending again with the key in the query is safe.
                        refused_in_header = api_error_for(response.status, error, operation=operation)
                        self.key_in = 'query'
                        attempt -= 1
                        continue
                    if refused_in_header is not None:
                        # Refused both ways: go back to the header and report both refusals.
                        self.key_in = 'header'
                        refused_in_header.message += '; sent as the apikey query parameter instead: %s' % (
                            api_error_for(response.status, error).message)
                        raise refused_in_header
                if self._retryable(is_read, response.status, code) and attempt <= self.retries:
                    retry_reason = 'HTTP %s%s' % (response.status, ' %s' % code if code else '')
                    delay = self._retry_after(response)
                else:
                    if not is_read and response.status >= 500:
                        raise self._uncertain_answer(response, error, operation)
                    if error is None and response.status >= 300:
                        raise TransportError(
                            'HTTP %s with a body that is not an ARIN error payload: %s'
                            % (response.status, self._snippet(response)),
                            operation=operation, status=response.status)
                    if response.status == 404 and code == 'E_UNSPECIFIED' and not self.base_url.endswith('/rest'):
                        # Not NotFound: the record may well exist, the URL is wrong.
                        raise TransportError(
                            'HTTP 404 E_UNSPECIFIED: %s; base_url %s does not end in /rest, and Reg-RWS URLs '
                            'usually do (https://reg.arin.net/rest)' % (error.get('message'), self.base_url),
                            operation=operation, status=404)
                    raise api_error_for(response.status, error, operation=operation)
            if delay is None:
                delay = min(2.0 ** (attempt - 1) * 0.5, MAX_BACKOFF)
            self.warn('%s: %s, retrying in %.1f s (attempt %d of %d)'
                      % (operation, retry_reason, delay, attempt + 1, self.retries + 1))
            self.sleep(delay)

    def _uncertain_answer(self, response, error, operation):
        """A 5xx after a write (other than a 503 E_OUTAGE, which is retried): a proxy in between or a
        failing server may have answered after ARIN committed the change, so its outcome is unknown."""
        if error is None:
            what = 'HTTP %s with a body that is not an ARIN error payload: %s' % (response.status, self._snippet(response))
        else:
            what = api_error_for(response.status, error).message
        return UncertainWrite('%s; ARIN may or may not have acted' % what, operation=operation, status=response.status)

    def _send(self, method, url, headers, body):
        """One exchange within ``timeout`` seconds of wall-clock time, however slowly the server answers.

        requests' own timeout restarts with every byte received, so the exchange runs on a
        helper thread and this one stops waiting at the deadline.
        """
        self.requests_made += 1

        def job():
            return self._exchange(method, url, headers, body)

        helper = getattr(self._helpers, 'helper', None)
        outcome = helper.run(job, self.timeout) if helper is not None else None
        if outcome is None and (helper is None or not helper.alive):
            # No helper yet, or it left while idle (run() then returns at once): start one.
            helper = self._helpers.helper = _Helper()
            outcome = helper.run(job, self.timeout)
        if outcome is None:
            # The helper is still inside the exchange: the next request gets a new one.
            self._helpers.helper = None
            raise Deadline('no complete answer within %s s' % self._seconds(self.timeout))
        if 'error' in outcome:
            raise outcome['error']
        return outcome['response']

    def _prepare(self, method, url, headers, body):
        """The request as requests' adapter sends it.

        Session.request would check the URL and merge the session's, the environment's and the
        request's settings again for every request, which at thousands of requests costs more
        CPU than the exchange itself. Here everything is known once per task: the URL is ours
        (base_url checked, path segments quoted), the headers are fixed, the body is bytes.
        """
        request = requests.PreparedRequest()
        request.method = method
        request.url = url
        request.headers = CaseInsensitiveDict(self.session.headers)
        request.headers.update(headers)
        if body is not None and not isinstance(body, bytes):
            body = body.encode('utf-8')
        # A length, never chunked transfer encoding; a body-less write says 0, as requests would.
        if body is not None or method not in READS:
            request.headers['Content-Length'] = str(len(body or b''))
        request.body = body
        return request

    def _exchange(self, method, url, headers, body):
        request = self._prepare(method, url, headers, body)
        with warnings.catch_warnings():
            if not self.validate_certs:
                # The engine warns once per task; urllib3 would warn on every request.
                warnings.simplefilter('ignore', InsecureRequestWarning)
            # The adapter sends one request and follows no redirect.
            raw = self.session.get_adapter(url).send(
                request, stream=True, timeout=self.timeout, verify=self.verify, proxies=self.proxies,
                cert=None)
        try:
            chunks, size = [], 0
            for chunk in raw.iter_content(65536):
                size += len(chunk)
                if size > self.max_response_bytes:
                    raise TransportError('the answer is larger than %d bytes; refusing to read it'
                                         % self.max_response_bytes, status=raw.status_code)
                chunks.append(chunk)
        finally:
            raw.close()
        return Response(raw.status_code, raw.headers, b''.join(chunks))

    @staticmethod
    def _auth_refused(status, code):
        return status == 401 or code == 'E_AUTHENTICATION'

    @staticmethod
    def _retryable(is_read, status, code):
        if is_read:
            return status in RETRY_READ_STATUSES
        # A write is retried only where ARIN provably did not act on it.
        return status == 429 or (status == 503 and code == 'E_OUTAGE')

    @staticmethod
    def _not_sent(exc):
        """True when the request never reached the server (so even a write may be retried)."""
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return True
        if isinstance(exc, requests.exceptions.ConnectionError):
            return 'NewConnectionError' in repr(exc) or 'Connection refused' in str(exc)
        return False

    @staticmethod
    def _retry_after(response):
        value = response.headers.get('Retry-After')
        if value is None:
            return None
        try:
            delay = float(value)
        except ValueError:
            return None
        return None if math.isnan(delay) else max(0.0, min(delay, MAX_RETRY_AFTER))

    @staticmethod
    def _seconds(value):
        return ('%.3f' % value).rstrip('0').rstrip('.')

    def _connection_problem(self, exc):
        """A short reason for a failed exchange, in words rather than urllib3's text."""
        text = str(exc)
        if isinstance(exc, Deadline):
            return text
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return 'no connection within %s s' % self._seconds(self.timeout)
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return 'no answer within %s s' % self._seconds(self.timeout)
        if 'Connection refused' in text:
            return 'connection refused (is the service running, and are the host and port in the URL right?)'
        if 'NameResolutionError' in text or 'Name or service not known' in text or 'name resolution' in text:
            return 'the host name does not resolve'
        if 'Connection reset' in text or 'RemoteDisconnected' in text or 'Connection aborted' in text:
            return 'the connection was closed without an answer'
        return 'connection error: %s' % self._describe(exc)

    def _tls_problem(self, exc):
        text = self._describe(exc)
        if any(marker in text for marker in _NOT_TLS):
            return ('TLS failure talking to %s: the server does not speak TLS; if it is a plain http service such '
                    'as the local simulator, write http:// in base_url' % self.base_url)
        # OpenSSL's reason ("certificate verify failed: self-signed certificate") without urllib3's wrapping.
        reason = re.search(r'\[SSL(?:: [A-Z_]+)?\] ([^(]+?) \(_ssl', text)
        return ('TLS failure talking to %s (%s); validate_certs=false is only for a test server you control'
                % (self.base_url, reason.group(1) if reason else text))

    def _error_payload(self, response):
        try:
            document = _payloads.loads(response.body)
        except _payloads.PayloadError:
            return None
        return document if getattr(document, 'tag', None) == 'error' else None

    def _describe(self, exc):
        return self.redact('%s: %s' % (type(exc).__name__, exc))

    def _snippet(self, response):
        text = response.body.decode('utf-8', 'replace')
        text = re.sub(r'<[^>]+>', ' ', text)
        text = ' '.join(text.split())
        kind = response.headers.get('Content-Type', 'no content type')
        return self.redact('(%s) %s' % (kind, text[:300] or '<empty>'))

    # -- helpers for the API layer -----------------------------------------

    def xml(self, method, path, query=None, payload=None, operation=None):
        """Send a request whose answer is a Reg-RWS payload, and decode it."""
        response = self.request(method, path, query=query, body=payload, operation=operation)
        try:
            return _payloads.loads(response.body)
        except _payloads.PayloadError as exc:
            message = 'ARIN answered HTTP 200 with a body that cannot be read (%s)' % exc
            if method in READS:
                raise TransportError(message, operation=operation, status=200)
            raise UncertainWrite(message + '; ARIN may or may not have acted', operation=operation)
