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
import re
import time

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the engine
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible.module_utils.six.moves.urllib.parse import urlencode, urlsplit, quote

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
API_KEY_PATTERN = re.compile(r'^API(-[0-9A-F]{4}){4,8}$')
MASK = 'API-****'
READS = frozenset(['GET', 'HEAD'])
RETRY_READ_STATUSES = frozenset([429, 502, 503, 504])
MAX_RETRY_AFTER = 60.0
USER_AGENT = 'arin.regrws (Ansible collection)'


class Response(object):
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body


def validate_api_key(api_key):
    if not api_key:
        raise InputError('no API key: set api_key, the ARIN_API_KEY environment variable, or ARIN_API_KEY_FILE '
                         'to a readable file that holds the key')
    if not API_KEY_PATTERN.match(api_key):
        # Never echo the value: a mistyped key is still mostly a secret.
        raise InputError('api_key is not an ARIN API key: expected API- followed by 4 to 8 groups of 4 '
                         'upper-case hex digits (API-XXXX-XXXX-XXXX-XXXX)')


def resolve_base_url(environment=None, base_url=None):
    """The base URL to use; https is required unless the host is a loopback address."""
    if not base_url:
        if not environment:
            raise InputError('set environment (production or ote) or base_url: this collection never '
                             'defaults to a registry of record')
        base_url = ENVIRONMENTS[environment]
    parts = urlsplit(base_url)
    if parts.scheme not in ('http', 'https') or not parts.hostname:
        raise InputError('base_url %r is not an http(s) URL' % base_url)
    if parts.query or parts.fragment:
        raise InputError('base_url must not carry a query string or fragment')
    if parts.scheme == 'http' and not _is_loopback(parts.hostname):
        raise InputError('base_url %r uses plain http: https is required except on a loopback address' % base_url)
    return base_url.rstrip('/')


def _is_loopback(host):
    if host == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def segment(value):
    """Percent-encode one path segment. ``+``, ``@``, ``.`` and ``-`` stay literal, as ARIN expects."""
    return quote(value, safe="+@.-_~!$&'()*,:=")


class Transport(object):
    def __init__(self, base_url, api_key, api_key_transport='header', timeout=30, retries=3,
                 validate_certs=True, max_response_bytes=32 * 1024 * 1024, warn=None, sleep=time.sleep,
                 session=None):
        validate_api_key(api_key)
        self.base_url = base_url
        self.api_key = api_key
        self.api_key_transport = api_key_transport
        self.timeout = timeout
        self.retries = retries
        self.validate_certs = validate_certs
        self.max_response_bytes = max_response_bytes
        self.warn = warn or (lambda message: None)
        self.sleep = sleep
        self.session = session or requests.Session()
        self.session.headers.update({
            'Accept': 'application/xml',
            # ARIN has answered 415 to body-less requests without it, so every request carries it.
            'Content-Type': 'application/xml',
            'User-Agent': USER_AGENT,
        })
        self.requests_made = 0

    # -- redaction --------------------------------------------------------

    def redact(self, text):
        """Remove the key from any text we may show, in the forms it can take in a URL."""
        text = u'%s' % (text,)
        for form in set([self.api_key, quote(self.api_key, safe='')]):
            if form:
                text = text.replace(form, MASK)
        return text

    # -- requests ---------------------------------------------------------

    def request(self, method, path, query=None, body=None, operation=None):
        """Send one request (retrying as the policy allows) and return a Response with status 200."""
        operation = operation or '%s %s' % (method, path)
        is_read = method in READS
        url = self.base_url + path
        params = list((query or {}).items())
        headers = {}
        if self.api_key_transport == 'query':
            params.append(('apikey', self.api_key))
        else:
            headers['Authorization'] = 'ApiKey %s' % self.api_key
        if params:
            url += '?' + urlencode(params)

        attempt = 0
        while True:
            attempt += 1
            retry_reason, delay = None, None
            try:
                response = self._send(method, url, headers, body, is_read)
            except TransportError as exc:
                if is_read:
                    raise exc.with_operation(operation)
                raise UncertainWrite('%s; ARIN may or may not have acted' % exc.message, operation=operation,
                                     status=exc.status)
            except requests.exceptions.SSLError as exc:
                # Fails before anything is sent, and would fail again: no retry.
                raise TransportError('TLS failure talking to %s (%s); validate_certs=false is only for a test server '
                                     'you control' % (self.base_url, self._describe(exc)), operation=operation)
            except requests.exceptions.RequestException as exc:
                if is_read or self._not_sent(exc):
                    retry_reason = 'connection error: %s' % self._describe(exc)
                    if attempt > self.retries:
                        raise TransportError(retry_reason, operation=operation)
                else:
                    raise UncertainWrite(
                        'the request was sent but no answer came back (%s); ARIN may or may not have acted'
                        % self._describe(exc), operation=operation)
            else:
                if response.status == 200:
                    return response
                error = self._error_payload(response)
                code = error.get('code') if error else None
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
                    raise api_error_for(response.status, error, operation=operation)
            if delay is None:
                delay = min(2.0 ** (attempt - 1) * 0.5, 8.0)
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

    def _send(self, method, url, headers, body, is_read):
        self.requests_made += 1
        raw = self.session.request(
            method, url, headers=headers, data=body, timeout=self.timeout,
            verify=self.validate_certs, allow_redirects=False, stream=True)
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
            return max(0.0, min(float(value), MAX_RETRY_AFTER))
        except ValueError:
            return None

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
