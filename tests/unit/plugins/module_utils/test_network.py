# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The transport against real sockets on 127.0.0.1: a slow server, a closed port, plain http."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import contextlib
import socket
import threading
import time

import pytest

from ansible_collections.arin.regrws.plugins.module_utils import _transport as t
from ansible_collections.arin.regrws.plugins.module_utils._errors import TransportError, UncertainWrite

KEY = 'API-ABCD-1234-ABCD-1234'
BODY = b'<poc xmlns="http://www.arin.net/regrws/core/v1"><handle>P1-ARIN</handle></poc>'


@contextlib.contextmanager
def server(answer, seen=None):
    """A one-thread server on a free loopback port; ``answer(connection)`` serves each connection.

    ``seen``, a list, gets the bytes of each request as they arrived.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(('127.0.0.1', 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, dummy = listener.accept()
            except socket.timeout:
                continue
            with contextlib.closing(connection):
                try:
                    received = connection.recv(65536)
                    if seen is not None:
                        seen.append(received)
                    answer(connection, stop)
                except (OSError, socket.error):
                    pass

    thread = threading.Thread(target=serve)
    thread.daemon = True
    thread.start()
    try:
        yield 'http://127.0.0.1:%d/rest' % listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def drip(connection, stop):
    """Headers at once, then one byte of the body every 0.1 s: each read gets a byte well within any timeout."""
    connection.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: %d\r\n\r\n' % len(BODY))
    for index in range(len(BODY)):
        if stop.wait(0.1):
            return
        connection.sendall(BODY[index:index + 1])


def plain(connection, stop):
    connection.sendall(b'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')


def test_a_dripping_answer_cannot_outlast_the_timeout():
    with server(drip) as url:
        tr = t.Transport(url, KEY, timeout=1.0, retries=0)
        started = time.monotonic()
        with pytest.raises(TransportError) as caught:
            tr.xml('GET', '/poc/P1-ARIN')
        elapsed = time.monotonic() - started
    # The body takes about 8 s to drip; the read stops at the 1 s deadline.
    assert elapsed < 2.0
    assert 'no complete answer within 1 s' in caught.value.one_line()


def test_retries_of_a_dripping_answer_stay_within_the_documented_bound():
    slept = []
    with server(drip) as url:
        tr = t.Transport(url, KEY, timeout=0.5, retries=2, sleep=slept.append)
        started = time.monotonic()
        with pytest.raises(TransportError) as caught:
            tr.xml('GET', '/poc/P1-ARIN')
        elapsed = time.monotonic() - started
    assert tr.requests_made == 3
    assert elapsed < 3 * 0.5 + 1.0
    assert elapsed + sum(slept) <= t.worst_case_seconds(0.5, 2)
    assert '3 attempts' in caught.value.one_line()


def test_a_write_that_outlasts_the_timeout_is_uncertain():
    with server(drip) as url:
        tr = t.Transport(url, KEY, timeout=0.5, retries=3)
        with pytest.raises(UncertainWrite):
            tr.xml('PUT', '/poc/P1-ARIN', payload=b'<poc/>')
    assert tr.requests_made == 1


def quick(connection, stop):
    connection.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' % (len(BODY), BODY))


def test_one_helper_thread_serves_the_requests_of_a_caller_and_leaves_when_idle(monkeypatch):
    monkeypatch.setattr(t._Helper, 'IDLE', 0.3)
    with server(quick) as url:
        tr = t.Transport(url, KEY, timeout=5.0, retries=0)
        for dummy in range(5):
            tr.xml('GET', '/poc/P1-ARIN')
        helper = tr._helpers.helper
        assert tr.requests_made == 5 and helper.thread.is_alive()
        helper.thread.join(3)
        assert not helper.thread.is_alive() and not helper.alive
        assert tr.xml('GET', '/poc/P1-ARIN')['handle'] == 'P1-ARIN'
        assert tr._helpers.helper is not helper


def test_after_a_deadline_the_next_request_gets_a_new_helper():
    answers = []

    def late_once(connection, stop):
        answers.append(1)
        if len(answers) == 1:
            stop.wait(1.5)  # past the first request's deadline; its helper stays stuck reading
        quick(connection, stop)

    with server(late_once) as url:
        tr = t.Transport(url, KEY, timeout=0.5, retries=0)
        with pytest.raises(TransportError):
            tr.xml('GET', '/poc/P1-ARIN')
        assert tr._helpers.helper is None
        tr.timeout = 5.0
        assert tr.xml('GET', '/poc/P1-ARIN')['handle'] == 'P1-ARIN'


def test_a_redirect_is_not_followed_and_a_body_goes_with_its_length():
    def moved(connection, stop):
        if not seen[-1].endswith(BODY):  # the body may come in a second segment
            seen[-1] += connection.recv(65536)
        connection.sendall(b'HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/elsewhere\r\n'
                           b'Content-Length: 0\r\nConnection: close\r\n\r\n')

    seen = []
    with server(moved, seen) as url:
        tr = t.Transport(url, KEY, timeout=5.0, retries=0)
        with pytest.raises(TransportError) as caught:
            tr.xml('PUT', '/poc/P1-ARIN', payload=BODY)
    assert 'HTTP 302' in caught.value.one_line() and len(seen) == 1
    head, dummy, sent = seen[0].partition(b'\r\n\r\n')
    assert head.startswith(b'PUT /rest/poc/P1-ARIN HTTP/1.1')
    assert b'Content-Length: %d' % len(BODY) in head and b'chunked' not in head.lower()
    assert b'Authorization: ApiKey ' + KEY.encode() in head and sent == BODY


def test_a_quick_answer_is_read_in_full():
    def quick(connection, stop):
        connection.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s'
                           % (len(BODY), BODY))

    with server(quick) as url:
        assert t.Transport(url, KEY, timeout=5).xml('GET', '/poc/P1-ARIN')['handle'] == 'P1-ARIN'


def test_a_closed_port_says_refused_with_the_endpoint_and_attempts():
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    url = 'http://127.0.0.1:%d/rest' % port
    tr = t.Transport(url, KEY, timeout=2, retries=2, sleep=lambda s: None)
    with pytest.raises(TransportError) as caught:
        tr.xml('GET', '/poc/P1-ARIN')
    message = caught.value.one_line()
    assert message.startswith('GET /poc/P1-ARIN: cannot get an answer from %s: connection refused' % url)
    assert '3 attempts, retries=2' in message
    assert 'urllib3' not in message and 'Max retries' not in message


def test_https_against_plain_http_hints_at_the_scheme_not_at_validate_certs():
    with server(plain) as url:
        https = url.replace('http://', 'https://')
        tr = t.Transport(https, KEY, timeout=2, retries=1)
        with pytest.raises(TransportError) as caught:
            tr.xml('GET', '/poc/P1-ARIN')
    message = caught.value.one_line()
    assert 'does not speak TLS' in message and 'http://' in message
    assert 'validate_certs' not in message
    assert tr.requests_made == 1


@pytest.mark.parametrize('variable', ['HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'])
def test_a_plain_http_base_url_is_reached_directly_whatever_proxy_the_environment_names(monkeypatch, variable):
    """The key goes in clear over plain http: a proxy in the environment must never see that request."""
    def quick(connection, stop):
        connection.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s'
                           % (len(BODY), BODY))

    for name in ('HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'):
        monkeypatch.delenv(name, raising=False)
    at_proxy, at_service = [], []
    with server(quick, at_proxy) as proxy, server(quick, at_service) as url:
        monkeypatch.setenv(variable, proxy.replace('/rest', ''))
        tr = t.Transport(url, KEY, timeout=5, retries=0)
        assert tr.xml('GET', '/poc/P1-ARIN')['handle'] == 'P1-ARIN'
    assert at_proxy == []
    assert len(at_service) == 1 and at_service[0].startswith(b'GET /rest/poc/P1-ARIN HTTP/1.1')


def test_an_https_base_url_keeps_the_proxy_of_the_environment(monkeypatch):
    """Through a proxy, https is a tunnel the proxy cannot read: the transport asks it for a CONNECT."""
    seen = []
    with server(plain, seen) as proxy:
        monkeypatch.setenv('HTTPS_PROXY', proxy.replace('/rest', ''))
        monkeypatch.delenv('NO_PROXY', raising=False)
        monkeypatch.delenv('no_proxy', raising=False)
        tr = t.Transport('https://reg.example.test/rest', KEY, timeout=5, retries=0)
        with pytest.raises(TransportError):
            tr.xml('GET', '/poc/P1-ARIN')
    assert len(seen) == 1 and seen[0].startswith(b'CONNECT reg.example.test:443 HTTP/')
    assert KEY.encode() not in seen[0]
