# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress

import pytest

from ansible_collections.arin.regrws.plugins.module_utils import _nets
from ansible_collections.arin.regrws.plugins.module_utils._errors import ApiError, InputError, NotFound
from ansible_collections.arin.regrws.plugins.module_utils._nets import NET, NetRange
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Clock


def net(handle, start, end, net_type='S', **extra):
    doc = {'handle': handle, 'net_blocks': [{'type': net_type, 'start_address': start, 'end_address': end}]}
    doc.update(extra)
    return doc


class FakeApi(object):
    """Answers lookups from a dict; raises NotFound for anything else."""

    def __init__(self, answers=None, tickets=None, full=None):
        self.answers = answers or {}
        self.tickets = tickets or []
        self.full = full or {}
        self.calls = []

    def _answer(self, key):
        self.calls.append(key)
        if key not in self.answers:
            raise NotFound(404, code='E_OBJECT_NOT_FOUND')
        return self.answers[key]

    def most_specific_net(self, start, end):
        return self._answer(('most', start, end))

    def nets_by_range(self, start, end):
        return self._answer(('all', start, end))

    def get_net(self, handle):
        return self._answer(('net', handle))

    def list_tickets(self, ticket_type, status):
        self.calls.append(('tickets', ticket_type, status))
        return self.tickets

    def get_ticket(self, number):
        self.calls.append(('ticket', number))
        answer = self.full[number]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def get_ticket_summary(self, number):
        self.calls.append(('summary', number))
        return self.full[number].pop(0)


@pytest.mark.parametrize('prefix, first, last, blocks', [
    ('192.0.2.64/26', '192.0.2.64', '192.0.2.127', ['192.0.2.64/26']),
    ('192.000.002.064/26', '192.0.2.64', '192.0.2.127', ['192.0.2.64/26']),
    ('2001:0DB8:0100:0000:0000:0000:0000:0000/40', '2001:db8:100::', '2001:db8:1ff:ffff:ffff:ffff:ffff:ffff',
     ['2001:db8:100::/40']),
])
def test_prefix(prefix, first, last, blocks):
    rng = NetRange.parse(prefix)
    assert (rng.start, rng.end) == (first, last)
    assert [str(b) for b in rng.blocks] == blocks
    assert str(rng) == blocks[0]


def test_start_end_makes_cidr_blocks():
    rng = NetRange.parse(start='192.0.2.0', end='192.000.002.095')
    assert [str(b) for b in rng.blocks] == ['192.0.2.0/26', '192.0.2.64/27']
    assert str(rng) == '192.0.2.0-192.0.2.95'
    assert rng.net_blocks('S') == [{'type': 'S', 'start_address': '192.0.2.0', 'cidr_length': 26},
                                   {'type': 'S', 'start_address': '192.0.2.64', 'cidr_length': 27}]
    assert rng != NetRange.parse('192.0.2.0/26')


@pytest.mark.parametrize('kwargs, message', [
    (dict(prefix='192.0.2.65/26'), 'host bits set: the network is 192.0.2.64/26'),
    (dict(prefix='192.0.2.0'), 'needs a prefix length'),
    (dict(prefix='192.0.2.0/33'), 'not a valid CIDR prefix'),
    (dict(prefix='192.0.2/24'), 'not an IPv4 or IPv6 address'),
    (dict(start='192.0.2.10', end='192.0.2.1'), 'comes before'),
    (dict(start='192.0.2.0', end='2001:db8::'), 'different IP versions'),
])
def test_bad_ranges(kwargs, message):
    with pytest.raises(InputError) as caught:
        NetRange.parse(**kwargs)
    assert message in caught.value.message


def test_contains_and_overlaps():
    outer, inner, other = NetRange.parse('192.0.2.0/24'), NetRange.parse('192.0.2.64/26'), NetRange.parse('2001:db8::/32')
    assert outer.contains(inner) and not inner.contains(outer)
    assert outer.overlaps(inner) and inner.overlaps(outer)
    assert not outer.overlaps(other) and not outer.contains(other)


def test_range_of_zero_padded_and_cidr_only():
    assert _nets.range_of(net('N', '192.000.002.064', '192.000.002.127')) == NetRange.parse('192.0.2.64/26')
    doc = {'net_blocks': [{'start_address': '2001:db8::', 'cidr_length': 48}]}
    assert _nets.range_of(doc) == NetRange.parse('2001:db8::/48')
    assert _nets.range_of({'net_blocks': []}) is None


def test_net_name_and_ipv6_rules():
    _nets.check_net_name('WIDGETS CUST-1')
    _nets.check_net_name(None)
    with pytest.raises(InputError):
        _nets.check_net_name('WIDGETS_1')
    _nets.check_simple_ipv6(NetRange.parse('2001:db8::/64'))
    _nets.check_simple_ipv6(NetRange.parse('192.0.2.0/30'))
    with pytest.raises(InputError) as caught:
        _nets.check_simple_ipv6(NetRange.parse('2001:db8::/65'))
    assert 'smaller than a /64' in caught.value.message


def test_view_reads_blocks():
    doc = net('NET-192-0-2-64-1', '192.000.002.064', '192.000.002.127', version=4, comment=['a', ''],
              poc_links=[{'function': 'T', 'handle': 'NOC1-ARIN'}, {'function': 'AB', 'handle': 'ABUSE1-ARIN'}])
    view = NET.read(doc)
    assert view['prefixes'] == ['192.0.2.64/26']
    assert view['type'] == 'S' and view['version'] == 4
    assert view['comments'] == ['a']
    assert [link['function'] for link in view['poc_links']] == ['AB', 'T']
    assert NET.read({}) == {}


def test_find_exact_and_parent():
    rng = NetRange.parse('192.0.2.64/26')
    child = net('NET-192-0-2-64-1', '192.0.2.64', '192.0.2.127')
    parent = net('NET-192-0-2-0-1', '192.0.2.0', '192.0.2.255', 'DA')
    assert _nets.find_exact(FakeApi({('most', '192.0.2.64', '192.0.2.127'): child}), rng) == (child, None)
    assert _nets.find_exact(FakeApi({('most', '192.0.2.64', '192.0.2.127'): parent}), rng) == (None, parent)
    assert _nets.find_exact(FakeApi(), rng) == (None, None)


def test_resolve_parent():
    rng = NetRange.parse('192.0.2.64/26')
    da = net('NET-192-0-2-0-1', '192.0.2.0', '192.0.2.255', 'DA')
    other = net('NET-198-51-100-0-1', '198.51.100.0', '198.51.100.255', 'DA')
    s_net = net('NET-192-0-2-0-2', '192.0.2.0', '192.0.2.127', 'S', parent_net_handle='NET-192-0-2-0-1')
    api = FakeApi()
    assert _nets.resolve_parent(api, rng, da) is da
    assert _nets.resolve_parent(api, rng, da, 'net-192-0-2-0-1') is da
    assert api.calls == []
    with pytest.raises(InputError) as caught:
        _nets.resolve_parent(FakeApi({('net', 'NET-198-51-100-0-1'): other}), rng, da, 'NET-198-51-100-0-1')
    assert 'outside the parent net/NET-198-51-100-0-1' in caught.value.message
    with pytest.raises(InputError) as caught:
        _nets.resolve_parent(FakeApi({('net', 'NET-192-0-2-0-1'): da}), rng, s_net, 'NET-192-0-2-0-1')
    assert 'lies inside net/NET-192-0-2-0-2' in caught.value.message
    with pytest.raises(InputError) as caught:
        _nets.resolve_parent(FakeApi(), rng, None, 'NET-X-1')
    assert 'does not exist' in caught.value.message
    with pytest.raises(InputError) as caught:
        _nets.resolve_parent(FakeApi(), rng, None)
    assert 'no net at ARIN covers' in caught.value.message
    with pytest.raises(InputError) as caught:
        _nets.resolve_parent(FakeApi(), rng, s_net)
    assert 'can be subdivided' in caught.value.message
    # outside every direct allocation, the covering net is the registry's own block (type AR)
    registry = net('NET-192-0-0-0-0', '192.0.0.0', '192.255.255.255', 'AR')
    with pytest.raises(InputError) as caught:
        _nets.resolve_parent(FakeApi(), NetRange.parse('192.0.3.0/26'), registry)
    assert "net/NET-192-0-0-0-0 (the registry's own block, 192.0.0.0/8)" in caught.value.message


def test_net_name_as_arin_stores_it():
    """ARIN upper-cases net names: a lower-case declaration is no change, and the result shows ARIN's form."""
    stored = net('NET-192-0-2-64-1', '192.0.2.64', '192.0.2.127')
    stored['net_name'] = 'CUST-NET'
    assert NET.differences(stored, {'net_name': 'cust-net'}) == []
    assert NET.differences(stored, {'net_name': 'other-net'}) == ['net_name']
    planned = NET.apply(stored, {'net_name': 'other-net'})
    assert NET.read(planned)['net_name'] == 'OTHER-NET'
    assert NET.managed(planned)['net_name'] == 'OTHER-NET'


def test_overlapping_children():
    rng = NetRange.parse('192.0.2.0/25')
    da = net('NET-192-0-2-0-1', '192.0.2.0', '192.0.2.255', 'DA')
    top = net('NET-192-0-0-0-1', '192.0.0.0', '192.0.255.255', 'AR')
    child = net('NET-192-0-2-64-1', '192.0.2.64', '192.0.2.127')
    api = FakeApi({('all', '192.0.2.0', '192.0.2.127'): [top, da, child]})
    assert _nets.overlapping_children(api, rng, da) == [child]
    assert _nets.overlapping_children(FakeApi(), rng, da) == []


def test_open_request_matches_the_marker_line():
    rng = NetRange.parse('192.0.2.64/26')
    tickets = [
        {'ticket_no': 'T1', 'web_ticket_type': 'QUESTION', 'web_ticket_status': 'PENDING_REVIEW'},
        {'ticket_no': 'T2', 'web_ticket_type': 'IPV4_SIMPLE_REASSIGN', 'web_ticket_status': 'RESOLVED'},
        {'ticket_no': 'T3', 'web_ticket_type': 'IPV4_DETAILED_REASSIGN', 'web_ticket_status': 'PENDING_REVIEW'},
        {'ticket_no': 'T4', 'web_ticket_type': 'IPV4_SIMPLE_REASSIGN', 'web_ticket_status': 'PENDING_REVIEW'},
        {'ticket_no': 'T5', 'web_ticket_type': 'IPV4_REALLOCATE', 'web_ticket_status': 'PENDING_REVIEW'},
    ]
    ours = {'ticket_no': 'T5', 'messages': [{'text': ['Justification', ' Range 192.0.2.64 - 192.0.2.127']}]}
    full = {'T3': {'ticket_no': 'T3', 'messages': [{'text': ['Range 192.0.2.0 - 192.0.2.63']}]},
            'T4': ApiError(413, code='E_BAD_REQUEST'), 'T5': ours}
    api = FakeApi(tickets=tickets, full=full)
    assert _nets.open_request(api, _nets.marker(rng)) is ours
    assert [c for c in api.calls if c[0] == 'ticket'] == [('ticket', 'T3'), ('ticket', 'T4'), ('ticket', 'T5')]
    assert _nets.open_request(FakeApi(tickets=tickets[:2]), _nets.marker(rng)) is None
    with pytest.raises(ApiError):
        _nets.open_request(FakeApi(tickets=tickets[3:4], full={'T4': ApiError(500)}), _nets.marker(rng))


def test_request_message():
    rng = NetRange.parse('2001:db8::/48')
    message = _nets.request_message('reallocate', rng, 'line one\nline two')
    assert message == {'subject': 'Reallocate 2001:db8::/48',
                       'text': ['line one', 'line two', 'Range 2001:db8:: - 2001:db8:0:ffff:ffff:ffff:ffff:ffff']}


def test_wait_for_ticket(monkeypatch):
    clock = Clock()
    monkeypatch.setattr('time.sleep', clock.sleep)
    monkeypatch.setattr('time.time', clock.time)
    pending = {'ticket_no': 'T1', 'web_ticket_status': 'PENDING_REVIEW'}
    done = {'ticket_no': 'T1', 'web_ticket_status': 'RESOLVED'}
    api = FakeApi(full={'T1': [dict(pending), dict(done)]})
    assert _nets.wait_for_ticket(api, pending, 60, 10) == done
    assert clock.slept == [10, 10]
    clock.slept[:] = []
    api = FakeApi(full={'T1': [dict(pending)] * 5})
    assert _nets.wait_for_ticket(api, pending, 25, 10)['web_ticket_status'] == 'PENDING_REVIEW'
    assert clock.slept == [10, 10, 5]
    assert _nets.wait_for_ticket(FakeApi(), done, 25, 10) is done


def test_check_removable():
    _nets.check_removable(net('N', '192.0.2.0', '192.0.2.63', 'A'))
    with pytest.raises(InputError) as caught:
        _nets.check_removable(net('NET-192-0-2-0-1', '192.0.2.0', '192.0.2.255', 'DA'))
    assert 'ask ARIN to return a direct allocation' in caught.value.message


def test_ticket_view():
    assert _nets.ticket_view(None) == {}
    view = _nets.ticket_view({'ticket_no': 'T1', 'web_ticket_type': 'NET_DELETE_REQUEST',
                              'web_ticket_status': 'IN_PROGRESS'})
    assert view['type'] == 'NET_DELETE_REQUEST' and view['status'] == 'IN_PROGRESS' and view['resolution'] is None


def test_ipaddress_is_the_only_arithmetic():
    # Sanity of the helper that strips zero padding: ipaddress itself refuses it.
    with pytest.raises(ValueError):
        ipaddress.ip_address('192.000.002.001')
    assert _nets.parse_ip('192.000.002.001') == ipaddress.ip_address('192.0.2.1')
