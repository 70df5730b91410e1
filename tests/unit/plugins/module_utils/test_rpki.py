# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest
from lxml import etree

from ansible_collections.arin.regrws.plugins.module_utils import _rpki as r
from ansible_collections.arin.regrws.plugins.module_utils._errors import ArinError, InputError
from ansible_collections.arin.regrws.plugins.module_utils._payloads import RPKI, encode, loads

CORE = 'http://www.arin.net/regrws/core/v1'


def row(asn, prefix, max_length=None, name='N', handle='h1'):
    return {'origin_as': asn, 'prefix': prefix, 'max_length': max_length or int(prefix.split('/')[1]), 'name': name,
            'handle': handle, 'auto_linked': False, 'not_valid_before': None, 'not_valid_after': None}


def want(asn, prefix, max_length=None, name=None, state='present'):
    return r.declare(dict(origin_as=asn, prefix=prefix, max_length=max_length, name=name, state=state))


# -- declarations ---------------------------------------------------------------


@pytest.mark.parametrize('value, asn', [(64500, 64500), ('64500', 64500), ('AS64500', 64500), ('as0', 0),
                                        (' AS4294967295 ', 4294967295)])
def test_origin_as_forms(value, asn):
    assert r.origin_as(value) == asn


@pytest.mark.parametrize('value', [True, None, '', 'AS', 'AS-64500', '64500.1', 4294967296, -1, 'ASN64500'])
def test_origin_as_refused(value):
    with pytest.raises(InputError, match='origin_as must be an AS number'):
        r.origin_as(value)


def test_declared_row_is_canonical_and_max_length_defaults_to_the_prefix_length():
    assert want('AS64500', '2001:0db8:0000::/32') == {
        'origin_as': 64500, 'prefix': '2001:db8::/32', 'max_length': 32, 'name': None, 'state': 'present'}
    assert want(64500, '192.0.2.0/24', state='absent')['max_length'] is None  # any max length
    assert want(64500, '192.0.2.0/24', 25, state='absent')['max_length'] == 25


@pytest.mark.parametrize('prefix, max_length, name, words', [
    ('192.0.2.1/24', None, None, 'host bits zero'),
    ('192.0.2.0/33', None, None, 'not a CIDR prefix'),
    ('192.0.2.0/24', 23, None, 'between 24 and 32'),
    ('192.0.2.0/24', 33, None, 'between 24 and 32'),
    ('2001:db8::/32', 129, None, 'between 32 and 128'),
    ('192.0.2.0/24', True, None, 'between 24 and 32'),
    ('192.0.2.0/24', None, 'CUST_1', 'letters, digits, spaces or hyphens'),
    ('192.0.2.0/24', None, 'x' * 257, 'letters, digits, spaces or hyphens'),
])
def test_bad_declarations(prefix, max_length, name, words):
    with pytest.raises(InputError, match=words):
        want(64500, prefix, max_length, name)


def test_one_origin_and_prefix_once_per_declaration():
    with pytest.raises(InputError, match=r'roas\[0\] and roas\[2\] both declare AS64500 192.0.2.0/24'):
        r.declare_all([dict(origin_as=64500, prefix='192.0.2.0/24'), dict(origin_as=64501, prefix='192.0.2.0/24'),
                       dict(origin_as='AS64500', prefix='192.0.2.0/24', max_length=25)])
    with pytest.raises(InputError, match=r'^roas\[1\]: prefix'):
        r.declare_all([dict(origin_as=64500, prefix='192.0.2.0/24'), dict(origin_as=64500, prefix='192.0.2.1/24')])


# -- the listing ------------------------------------------------------------------


LISTING = ('<collection xmlns="%s" xmlns:ns5="%s"><ns5:roaSpec><ns5:asNumber>64500</ns5:asNumber>'
           '<ns5:name>EDGE</ns5:name><ns5:notValidAfter>2027-12-04T00:00:00-05:00</ns5:notValidAfter>'
           '<ns5:notValidBefore>2026-12-04T00:00:00-05:00</ns5:notValidBefore>'
           '<ns5:resources><ns5:cidrLength>24</ns5:cidrLength><ns5:endAddress>198.051.100.255</ns5:endAddress>'
           '<ns5:ipVersion>4</ns5:ipVersion><ns5:startAddress>198.051.100.000</ns5:startAddress>'
           '<ns5:autoLinked>true</ns5:autoLinked></ns5:resources>'
           '<ns5:resources><ns5:cidrLength>32</ns5:cidrLength><ns5:ipVersion>6</ns5:ipVersion>'
           '<ns5:maxLength>48</ns5:maxLength><ns5:startAddress>2001:db8:0:0:0:0:0:0</ns5:startAddress>'
           '</ns5:resources><ns5:roaHandle>7d1e</ns5:roaHandle></ns5:roaSpec></collection>' % (CORE, RPKI)).encode()


def test_listing_rows_canonical_with_effective_max_length():
    rows = r.rows_of(loads(LISTING))
    assert [(x['origin_as'], x['prefix'], x['max_length'], x['name'], x['handle'], x['auto_linked']) for x in rows] == [
        (64500, '198.51.100.0/24', 24, 'EDGE', '7d1e', True),    # zero padding gone, max length = prefix length
        (64500, '2001:db8::/32', 48, 'EDGE', '7d1e', False),
    ]
    assert rows[0]['not_valid_after'] == '2027-12-04T00:00:00-05:00'


def test_a_transaction_answer_is_read_in_its_own_layout():
    answer = ('<rpkiTransaction xmlns="%s"><roaSpecDelete><roaHandle>old</roaHandle></roaSpecDelete><roaSpecAdd>'
              '<roaSpec><autoLink>false</autoLink><asNumber>0</asNumber><name>AS0</name><resources><roaSpecResource>'
              '<startAddress>192.000.002.000</startAddress><cidrLength>24</cidrLength><maxLength>32</maxLength>'
              '</roaSpecResource></resources><roaHandle>new</roaHandle></roaSpec></roaSpecAdd></rpkiTransaction>'
              % RPKI).encode()
    doc = loads(answer)
    assert [d['handle'] for d in doc['deletes']] == ['old']
    assert [(x['origin_as'], x['prefix'], x['max_length'], x['handle']) for x in r.rows_of(doc['adds'])] == [
        (0, '192.0.2.0/24', 32, 'new')]


def test_the_transaction_payload():
    plan = r.Plan([row(64500, '192.0.2.0/24', handle='old')], [want(64500, '192.0.2.0/24', 25)])
    body = encode('rpkiTransaction', plan.transaction())
    root = etree.fromstring(body)
    assert root.tag == '{%s}rpkiTransaction' % RPKI and root.nsmap == {None: RPKI}
    # deletes before adds, autoLink spelled as the live schema wants it, on the handle
    assert [etree.QName(child).localname for child in root] == ['roaSpecDelete', 'roaSpecAdd']
    handle = root.find('{%s}roaSpecDelete/{%s}roaHandle' % (RPKI, RPKI))
    assert handle.text == 'old' and handle.attrib == {'autoLink': 'false'}
    spec = root.find('{%s}roaSpecAdd/{%s}roaSpec' % (RPKI, RPKI))
    assert [etree.QName(child).localname for child in spec] == ['autoLink', 'asNumber', 'name', 'resources']
    assert spec.findtext('{%s}asNumber' % RPKI) == '64500' and spec.findtext('{%s}autoLink' % RPKI) == 'false'
    resource = spec.find('{%s}resources/{%s}roaSpecResource' % (RPKI, RPKI))
    assert [(etree.QName(c).localname, c.text) for c in resource] == [
        ('startAddress', '192.0.2.0'), ('cidrLength', '24'), ('maxLength', '25')]


def test_an_add_only_transaction_has_no_delete_element():
    body = encode('rpkiTransaction', r.Plan([], [want(64500, '192.0.2.0/24')]).transaction())
    assert b'roaSpecDelete' not in body and b'roaSpecAdd' in body


# -- planning ---------------------------------------------------------------------------


def test_nothing_to_do():
    current = [row(64500, '192.0.2.0/24', name='CUST')]
    plan = r.Plan(current, [want('AS64500', '192.0.2.0/24'), want(64500, '198.51.100.0/24', state='absent')])
    assert not plan.changed and plan.entries == [] and plan.summary()['unchanged'] == 1
    assert plan.sent() == {'delete': [], 'add': []}


def test_a_new_row_is_named_after_what_it_authorizes():
    plan = r.Plan([], [want(64500, '2001:db8::/32', 48)])
    assert plan.sent() == {'delete': [], 'add': [
        {'origin_as': 64500, 'name': 'AS64500-2001-db8-32', 'prefixes': [{'prefix': '2001:db8::/32', 'max_length': 48}]}]}
    assert [e['action'] for e in plan.entries] == ['added']


@pytest.mark.parametrize('declared, changes', [
    (dict(max_length=25), {'max_length': [24, 25]}),
    (dict(name='NEW'), {'name': ['OLD', 'NEW']}),
    (dict(max_length=26, name='NEW'), {'max_length': [24, 26], 'name': ['OLD', 'NEW']}),
])
def test_a_changed_max_length_or_name_is_one_replacement(declared, changes):
    plan = r.Plan([row(64500, '192.0.2.0/24', name='OLD', handle='old')], [want(64500, '192.0.2.0/24', **declared)])
    assert plan.deleted == ['old']
    assert [(e['action'], e['old_handle'], e['changes']) for e in plan.entries] == [('replaced', 'old', changes)]
    sent = plan.sent()
    assert sent['add'][0]['name'] == declared.get('name', 'OLD')  # an omitted name is kept
    assert sent['add'][0]['prefixes'][0]['max_length'] == declared.get('max_length', 24)


def test_absent_without_max_length_removes_the_origin_and_prefix_whatever_its_max_length():
    current = [row(64500, '192.0.2.0/24', 26, handle='a'), row(64501, '192.0.2.0/24', handle='b')]
    plan = r.Plan(current, [want(64500, '192.0.2.0/24', state='absent')])
    assert plan.deleted == ['a'] and plan.planned == []
    assert r.Plan(current, [want(64500, '192.0.2.0/24', 25, state='absent')]).deleted == []


def test_removing_one_prefix_of_a_roa_adds_its_other_prefixes_again_as_one_roa():
    online = [row(64500, '198.51.100.0/24', name='EDGE', handle='edge'), row(64500, '2001:db8::/32', 48, 'EDGE', 'edge'),
              row(64500, '192.0.2.0/24', name='EDGE', handle='edge')]
    plan = r.Plan(online, [want(64500, '198.51.100.0/24', state='absent'), want(64500, '192.0.2.0/24')])
    assert plan.deleted == ['edge']
    assert plan.sent()['add'] == [{'origin_as': 64500, 'name': 'EDGE', 'prefixes': [
        {'prefix': '192.0.2.0/24', 'max_length': 24}, {'prefix': '2001:db8::/32', 'max_length': 48}]}]
    assert sorted((e['action'], e['prefix']) for e in plan.entries) == [
        ('reissued', '192.0.2.0/24'), ('reissued', '2001:db8::/32'), ('removed', '198.51.100.0/24')]
    summary = plan.summary()
    assert summary['unchanged'] == 0 and summary['reissued'] == 2  # declared, but its handle changes


def test_a_replacement_rejoins_the_rest_of_its_roa():
    online = [row(64500, '198.51.100.0/24', name='EDGE', handle='edge'), row(64500, '2001:db8::/32', 48, 'EDGE', 'edge')]
    plan = r.Plan(online, [want(64500, '198.51.100.0/24', 25)])
    assert plan.sent() == {'delete': ['edge'], 'add': [{'origin_as': 64500, 'name': 'EDGE', 'prefixes': [
        {'prefix': '198.51.100.0/24', 'max_length': 25}, {'prefix': '2001:db8::/32', 'max_length': 48}]}]}
    renamed = r.Plan(online, [want(64500, '198.51.100.0/24', name='OTHER')])
    assert [a['name'] for a in renamed.sent()['add']] == ['EDGE', 'OTHER']  # a new name is a ROA of its own


def test_also_remove_deletes_and_marks_pruned_rows():
    current = [row(64500, '192.0.2.0/24', handle='a'), row(64499, '192.0.2.0/24', handle='b')]
    plan = r.Plan(current, [want(64500, '192.0.2.0/24')], [(current[1], True)])
    assert plan.deleted == ['b'] and not plan.planned
    assert [(e['action'], e['origin_as'], e['pruned']) for e in plan.entries] == [('removed', 64499, True)]


def test_origin_change_with_other_origins_removed_is_one_transaction():
    current = [row(64499, '192.0.2.0/24', handle='old')]
    plan = r.Plan(current, [want(64500, '192.0.2.0/24')], [(current[0], False)])
    assert plan.sent() == {'delete': ['old'], 'add': [
        {'origin_as': 64500, 'name': 'AS64500-192-0-2-0-24', 'prefixes': [{'prefix': '192.0.2.0/24', 'max_length': 24}]}]}


def test_planned_after_and_the_readable_lines():
    current = [row(64500, '192.0.2.0/24', handle='old'), row(64501, '198.51.100.0/24', handle='gone')]
    plan = r.Plan(current, [want(64500, '192.0.2.0/24', 25), want(64502, '2001:db8::/32'),
                            want(64501, '198.51.100.0/24', state='absent')])
    after = plan.planned_after()
    assert [(x['origin_as'], x['prefix'], x['max_length'], x['handle']) for x in after] == [
        (64500, '192.0.2.0/24', 25, None), (64502, '2001:db8::/32', 32, None)]
    assert r.lines(plan.changes(after)) == (
        '~ AS64500 192.0.2.0/24 max_length: 24 -> 25 (ROA old replaced)\n'
        '- AS64501 198.51.100.0/24 max 24 "N" (ROA gone)\n'
        '+ AS64502 2001:db8::/32 max 32 "AS64502-2001-db8-32"\n')


# -- a lost answer, settled by the listing ---------------------------------------------


def settled_plan():
    current = [row(64500, '192.0.2.0/24', handle='old'), row(64501, '198.51.100.0/24', handle='keep')]
    return current, r.Plan(current, [want(64500, '192.0.2.0/24', 25)])


def test_settle_applied():
    current, plan = settled_plan()
    listing = [current[1], row(64500, '192.0.2.0/24', 25, handle='new')]
    assert plan.settle(listing) == listing


def test_settle_not_applied():
    current, plan = settled_plan()
    assert plan.settle(current) is None


def test_settle_a_listing_that_no_atomic_transaction_explains():
    current, plan = settled_plan()
    with pytest.raises(ArinError, match='only part of the transaction'):
        plan.settle([current[1]])  # the delete went, the add did not
    with pytest.raises(ArinError, match='only part of the transaction'):
        plan.settle(current + [row(64500, '192.0.2.0/24', 25, handle='new')])


def test_an_old_row_equal_to_the_add_does_not_count_as_applied():
    # a row with the added values but a handle from before the transaction is not the add
    current = [row(64500, '192.0.2.0/24', 25, handle='same'), row(64501, '198.51.100.0/24', handle='old')]
    plan = r.Plan(current, [want(64501, '198.51.100.0/24', 25)])
    assert plan.settle(current) is None


def test_an_answer_accounts_for_the_adds_only_with_their_handles():
    dummy, plan = settled_plan()
    assert plan.accounts_for([row(64500, '192.0.2.0/24', 25, handle='new')])
    assert not plan.accounts_for([row(64500, '192.0.2.0/24', 25, handle=None)])
    assert not plan.accounts_for([])


def test_a_listing_that_cannot_be_read_is_a_clean_error():
    with pytest.raises(ArinError, match='ARIN listed a ROA that cannot be read'):
        r.rows_of([{'as_number': 64500, 'roa_handle': 'h', 'prefixes': [{'start_address': None, 'cidr_length': 24}]}])
    with pytest.raises(ArinError, match="origin 'AS64500'"):
        r.rows_of([{'as_number': 'AS64500', 'prefixes': [{'start_address': '192.0.2.0', 'cidr_length': 24}]}])


# -- ASPAs ----------------------------------------------------------------------------


def aspa(customer, providers=None, state='present'):
    return r.declare_aspa(dict(customer_as=customer, providers=providers, state=state))


def held(customer, *providers):
    return {'customer_as': customer, 'providers': sorted(providers)}


def test_declared_aspa_is_canonical():
    assert aspa('AS64501', ['AS3356', 174, '6939']) == {
        'customer_as': 64501, 'providers': [174, 3356, 6939], 'state': 'present'}
    assert aspa(64501, [0]) == {'customer_as': 64501, 'providers': [0], 'state': 'present'}
    assert aspa(64501, state='absent') == {'customer_as': 64501, 'providers': None, 'state': 'absent'}


@pytest.mark.parametrize('customer, providers, state, words', [
    ('AS-1', [174], 'present', 'customer_as must be an AS number'),
    (64501, None, 'present', 'at least one provider AS of AS64501'),
    (64501, [], 'present', 'at least one provider AS'),
    (64501, ['AS174', 174], 'present', 'lists AS174 more than once'),
    (64501, [174, 'AS64501'], 'present', 'AS64501 cannot be a provider of itself'),
    (64501, [0, 174], 'present', 'must be the only one'),
    (64501, [174, 'transit'], 'present', 'each of providers must be an AS number'),
    (64501, [4294967296], 'present', 'each of providers must be an AS number'),
    (64501, [174], 'absent', 'providers goes with state=present'),
])
def test_bad_aspa_declarations(customer, providers, state, words):
    with pytest.raises(InputError, match=words):
        aspa(customer, providers, state)


def test_aspa_listing_rows_are_keyed_by_customer_with_providers_as_a_set():
    body = ('<collection xmlns="%s" xmlns:ns5="%s"><ns5:aspa><ns5:customerAsId>64501</ns5:customerAsId>'
            '<ns5:providerAsIds><ns5:providerAsId>3356</ns5:providerAsId><ns5:providerAsId>174</ns5:providerAsId>'
            '</ns5:providerAsIds></ns5:aspa><ns5:aspa><ns5:customerAsId>64500</ns5:customerAsId><ns5:providerAsIds>'
            '<ns5:providerAsId>0</ns5:providerAsId></ns5:providerAsIds></ns5:aspa></collection>' % (CORE, RPKI))
    assert r.aspas_of(loads(body.encode())) == [held(64500, 0), held(64501, 174, 3356)]
    with pytest.raises(ArinError, match='ARIN listed an ASPA that cannot be read'):
        r.aspas_of([{'customer_as_id': 64501, 'provider_as_ids': ['AS174']}])
    with pytest.raises(ArinError, match='ARIN listed an ASPA that cannot be read'):
        r.aspas_of([{'customer_as_id': None, 'provider_as_ids': ['174']}])


def test_same_providers_in_another_order_is_no_change():
    plan = r.AspaPlan([held(64501, 174, 3356)], [aspa(64501, [3356, 174])])
    assert not plan.changed and plan.entries == []
    assert plan.sent() == {'delete': [], 'add': []}
    assert plan.transaction() == {'aspa_deletes': None, 'aspa_adds': None}


def test_a_change_of_providers_is_delete_and_add_of_the_customer_in_one_transaction():
    plan = r.AspaPlan([held(64501, 174, 3356), held(64500, 6939)], [aspa(64501, [174, 6939])])
    assert plan.changed
    assert plan.transaction() == {'aspa_deletes': [64501],
                                  'aspa_adds': [{'customer_as_id': 64501, 'provider_as_ids': [174, 6939]}]}
    assert plan.entries == [{'action': 'replaced', 'customer_as': 64501, 'providers': [174, 6939],
                             'changes': {'providers': [[174, 3356], [174, 6939]]},
                             'providers_added': [6939], 'providers_removed': [3356]}]
    assert plan.planned_after() == [held(64500, 6939), held(64501, 174, 6939)]
    body = encode('rpkiTransaction', plan.transaction())
    root = etree.fromstring(body)
    assert [etree.QName(child).localname for child in root] == ['aspaDelete', 'aspaAdd']
    assert root.findtext('{%s}aspaDelete/{%s}customerAsId' % (RPKI, RPKI)) == '64501'
    assert [e.text for e in root.iter('{%s}providerAsId' % RPKI)] == ['174', '6939']


def test_aspa_add_and_absent():
    plan = r.AspaPlan([], [aspa(64501, [174])])
    assert plan.transaction() == {'aspa_deletes': None, 'aspa_adds': [{'customer_as_id': 64501, 'provider_as_ids': [174]}]}
    assert [e['action'] for e in plan.entries] == ['added']
    plan = r.AspaPlan([held(64501, 174)], [aspa(64501, state='absent')])
    assert plan.transaction() == {'aspa_deletes': [64501], 'aspa_adds': None}
    assert plan.entries == [{'action': 'removed', 'customer_as': 64501, 'providers': [174], 'changes': {}}]
    assert not r.AspaPlan([held(64500, 174)], [aspa(64501, state='absent')]).changed


def test_aspa_settle():
    current = [held(64500, 6939), held(64501, 174, 3356)]
    plan = r.AspaPlan(current, [aspa(64501, [174, 6939])])
    applied = [held(64500, 6939), held(64501, 174, 6939)]
    assert plan.settle(applied) == applied
    assert plan.settle(current) is None
    # another customer's ASPA changing meanwhile does not matter; this one's third state does
    assert plan.settle([held(64501, 174, 3356)]) is None
    with pytest.raises(ArinError, match='neither as before the transaction nor as after it'):
        plan.settle([held(64500, 6939)])  # the delete went, the add did not
    removal = r.AspaPlan(current, [aspa(64501, state='absent')])
    assert removal.settle([held(64500, 6939)]) == [held(64500, 6939)]
    assert removal.settle(current) is None


def test_aspa_answer_is_advisory():
    plan = r.AspaPlan([held(64501, 174)], [aspa(64501, [174, 3356])])
    echo = {'aspa_adds': [{'customer_as_id': 64501, 'provider_as_ids': ['3356', '174']}]}
    assert plan.answered(echo) == [held(64501, 174, 3356)]
    assert plan.answered({'aspa_deletes': ['64501']}) is None
    assert plan.answered({}) is None
