# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.arin.regrws.plugins.module_utils import _delegations as d
from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError
from ansible_collections.arin.regrws.plugins.module_utils._payloads import encode, loads

SHA256 = '2BB183AF5F22588179A53B0A98631FAD1A292118E7A1C56A2E8C4F8C1E3A9A7B'


@pytest.mark.parametrize('prefix, names', [
    ('192.0.2.0/24', ['2.0.192.in-addr.arpa.']),
    ('10.0.0.0/8', ['10.in-addr.arpa.']),
    ('172.16.0.0/16', ['16.172.in-addr.arpa.']),
    ('198.51.100.0/23', ['100.51.198.in-addr.arpa.', '101.51.198.in-addr.arpa.']),
    ('172.16.0.0/15', ['16.172.in-addr.arpa.', '17.172.in-addr.arpa.']),
    ('2001:db8::/32', ['8.b.d.0.1.0.0.2.ip6.arpa.']),
    ('2001:db8:1000::/36', ['1.8.b.d.0.1.0.0.2.ip6.arpa.']),
    ('2001:db8::/35', ['0.8.b.d.0.1.0.0.2.ip6.arpa.', '1.8.b.d.0.1.0.0.2.ip6.arpa.']),
    ('2001:db8:0:ab00::/56', ['b.a.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.']),
])
def test_names_for_prefix(prefix, names):
    assert d.names_for_prefix(prefix) == names


def test_a_slash_18_is_sixty_four_zones_in_order():
    names = d.names_for_prefix('10.1.0.0/18')
    assert len(names) == 64
    assert names[0] == '0.1.10.in-addr.arpa.' and names[-1] == '63.1.10.in-addr.arpa.'


def test_ipv6_between_nibbles_is_at_most_eight_zones():
    assert len(d.names_for_prefix('2001:db8::/33')) == 8
    assert d.names_for_prefix('2001:db8::/33')[-1] == '7.8.b.d.0.1.0.0.2.ip6.arpa.'


@pytest.mark.parametrize('prefix, message', [
    ('192.0.2.0/25', 'longer than a /24'),
    ('192.0.2.1/24', 'is not a CIDR prefix'),
    ('192.0.2.0', 'longer than a /24'),
    ('not a prefix', 'is not a CIDR prefix'),
])
def test_prefixes_without_delegations(prefix, message):
    with pytest.raises(InputError) as caught:
        d.names_for_prefix(prefix)
    assert message in caught.value.message


@pytest.mark.parametrize('name, canonical', [
    ('2.0.192.in-addr.arpa', '2.0.192.in-addr.arpa.'),
    ('2.0.192.IN-ADDR.ARPA.', '2.0.192.in-addr.arpa.'),
    (' 8.B.D.0.1.0.0.2.ip6.arpa ', '8.b.d.0.1.0.0.2.ip6.arpa.'),
])
def test_canonical_name(name, canonical):
    assert d.canonical_name(name) == canonical


@pytest.mark.parametrize('name', ['example.net', '256.0.192.in-addr.arpa', '1.2.3.4.in-addr.arpa', 'g.ip6.arpa', ''])
def test_not_delegation_names(name):
    with pytest.raises(InputError):
        d.canonical_name(name)


@pytest.mark.parametrize('host, stored', [
    ('ns1.example.net', 'NS1.EXAMPLE.NET'),
    ('NS1.Example.Net.', 'NS1.EXAMPLE.NET'),
    (' a-b.example.net ', 'A-B.EXAMPLE.NET'),
])
def test_nameserver_as_arin_stores_it(host, stored):
    assert d.nameserver(host) == stored


@pytest.mark.parametrize('host', ['ns1', '-ns.example.net', 'ns_1.example.net', '192.0.2.53', 'a..example.net'])
def test_bad_nameservers(host):
    with pytest.raises(InputError):
        d.nameserver(host)


def test_ds_record_is_canonical():
    record = d.ds_record(dict(key_tag='2371', algorithm=13, digest_type=2, digest=SHA256.lower()[:32] + ' ' + SHA256[32:]))
    assert record == dict(key_tag=2371, algorithm=13, digest_type=2, digest=SHA256)


@pytest.mark.parametrize('record, message', [
    (dict(key_tag=1, algorithm=6, digest_type=2, digest=SHA256), 'accepts algorithms'),
    (dict(key_tag=1, algorithm=13, digest_type=9, digest=SHA256), 'accepts digest types'),
    (dict(key_tag=1, algorithm=13, digest_type=1, digest=SHA256), '40 hexadecimal digits'),
    (dict(key_tag=1, algorithm=13, digest_type=2, digest='G' * 64), '64 hexadecimal digits'),
    (dict(key_tag=70000, algorithm=13, digest_type=2, digest=SHA256), 'key_tag must be a number from 0 to 65535'),
])
def test_bad_ds_records(record, message):
    with pytest.raises(InputError) as caught:
        d.ds_record(record)
    assert message in caught.value.message


def delegation(servers=(), keys=()):
    return loads(encode('delegation', d.payload('2.0.192.in-addr.arpa.', servers, keys)))


def test_read_round_trips_through_the_codec():
    key = dict(key_tag=2371, algorithm=13, digest_type=2, digest=SHA256)
    view = d.read(delegation(['ns2.example.net.', 'NS1.EXAMPLE.NET'], [key]))
    assert view == {'name': '2.0.192.in-addr.arpa.', 'nameservers': ['NS1.EXAMPLE.NET', 'NS2.EXAMPLE.NET'],
                    'ds_records': [key]}


KEY = dict(key_tag=2371, algorithm=13, digest_type=2, digest=SHA256)
NAME = '2.0.192.in-addr.arpa.'


def calls(steps):
    return [(step.call,) + step.args[1:] if step.call != 'modify_delegation' else (step.call,) for step in steps]


def test_plan_nothing_to_do():
    current = {'nameservers': ['NS1.EXAMPLE.NET'], 'ds_records': [KEY]}
    assert d.plan(NAME, current, ['NS1.EXAMPLE.NET'])[0] == []
    assert d.plan(NAME, current, ['NS1.EXAMPLE.NET'], [KEY])[0] == []
    assert d.plan(NAME, {'nameservers': [], 'ds_records': []}, [])[0] == []


def test_plan_changes_one_nameserver_adding_first():
    current = {'nameservers': ['NS1.EXAMPLE.NET', 'NS2.EXAMPLE.NET'], 'ds_records': []}
    steps, after = d.plan(NAME, current, ['NS1.EXAMPLE.NET', 'NS3.EXAMPLE.NET'], stored={'NS2.EXAMPLE.NET': 'ns2.example.net'})
    assert calls(steps) == [('add_nameserver', 'NS3.EXAMPLE.NET'), ('delete_nameserver', 'ns2.example.net')]
    assert after['nameservers'] == ['NS1.EXAMPLE.NET', 'NS3.EXAMPLE.NET']
    assert steps[0].visible({'nameservers': ['NS3.EXAMPLE.NET']}) and not steps[0].visible({'nameservers': []})
    assert steps[1].visible({'nameservers': []}) and not steps[1].visible({'nameservers': ['NS2.EXAMPLE.NET']})


def test_plan_ds_change_is_one_modify_with_the_whole_set():
    current = {'nameservers': ['NS1.EXAMPLE.NET'], 'ds_records': []}
    steps, after = d.plan(NAME, current, ['NS1.EXAMPLE.NET', 'NS2.EXAMPLE.NET'], [KEY])
    assert calls(steps) == [('modify_delegation',)]
    sent = steps[0].args[1]
    assert sent['nameservers'] == ['NS1.EXAMPLE.NET', 'NS2.EXAMPLE.NET'] and sent['delegation_keys'][0]['key_tag'] == 2371
    assert steps[0].visible(after) and not steps[0].visible(current)


def test_plan_removing_everything():
    steps, after = d.plan(NAME, {'nameservers': ['NS1.EXAMPLE.NET'], 'ds_records': []}, [])
    assert calls(steps) == [('delete_nameservers',)]
    # DS records cannot outlive the nameservers: one Modify clears both
    steps, after = d.plan(NAME, {'nameservers': ['NS1.EXAMPLE.NET'], 'ds_records': [KEY]}, [])
    assert calls(steps) == [('modify_delegation',)] and after == {'name': NAME, 'nameservers': [], 'ds_records': []}
