# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""arin_roa, arin_roas and arin_roa_info against scripted exchanges."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest
import requests
from ansible.module_utils import basic

from ansible_collections.arin.regrws.plugins.modules import arin_roa, arin_roa_info, arin_roas
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import CORE, Exchange, run_module, xml

RPKI = 'http://www.arin.net/regrws/rpki/v1'
LIST = '/roa/EXNET-1'
POST = '/rpki/EXNET-1'


def spec(asn, name, handle, *prefixes, **kw):
    """A roaSpec as ARIN lists it (bare resources), or as a transaction answers it (wrapped=True)."""
    parts = []
    for prefix in prefixes:
        start, length = prefix[0].split('/')
        inner = '<startAddress>%s</startAddress><cidrLength>%s</cidrLength>' % (start, length)
        if len(prefix) > 1:
            inner += '<maxLength>%s</maxLength>' % prefix[1]
        parts.append(inner)
    if kw.get('wrapped'):
        resources = '<resources>%s</resources>' % ''.join('<roaSpecResource>%s</roaSpecResource>' % p for p in parts)
    else:
        resources = ''.join('<resources>%s</resources>' % p for p in parts)
    return ('<roaSpec><asNumber>%s</asNumber><name>%s</name>%s%s</roaSpec>'
            % (asn, name, resources, '<roaHandle>%s</roaHandle>' % handle if handle else ''))


def listing(*specs):
    return ('<collection xmlns="%s">%s</collection>' % (
        CORE, ''.join(s.replace('<roaSpec>', '<roaSpec xmlns="%s">' % RPKI, 1) for s in specs))).encode()


def answer(deleted=(), added=()):
    body = '<rpkiTransaction xmlns="%s">' % RPKI
    if deleted:
        body += '<roaSpecDelete>%s</roaSpecDelete>' % ''.join('<roaHandle>%s</roaHandle>' % h for h in deleted)
    if added:
        body += '<roaSpecAdd>%s</roaSpecAdd>' % ''.join(added)
    return (body + '</rpkiTransaction>').encode()


SEEDED = spec(64500, 'EDGE', 'edge', ('198.051.100.000/24',), ('2001:db8:0:0:0:0:0:0/32', 48))
CUST = spec(64500, 'CUST', 'cust', ('192.000.002.000/24',))


def sends(*fragments, **kw):
    def check(data):
        for fragment in fragments:
            assert fragment.encode() in data, data
        for fragment in kw.get('never', ()):
            assert fragment.encode() not in data, data
    return check


def writes(made):
    return [(method, path) for method, path, body, headers in made if method != 'GET']


# -- arin_roas -------------------------------------------------------------------------


ROAS = dict(org_handle='EXNET-1', roas=[
    dict(origin_as='AS64500', prefix='192.0.2.0/24', name='CUST'),
    dict(origin_as=64500, prefix='198.51.100.0/24'),
    dict(origin_as=64500, prefix='2001:db8::/32', max_length=48),
])


def test_listing_is_sent_with_content_type(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_roa_info, dict(org_handle='EXNET-1'),
                                      [Exchange('GET', LIST, body=listing(SEEDED))])
    assert not failed
    assert made[0][3]['Content-Type'] == 'application/xml'


@pytest.mark.parametrize('check_mode', [False, True])
def test_no_change_is_one_listing(monkeypatch, check_mode):
    result, failed, made = run_module(monkeypatch, arin_roas, ROAS, [Exchange('GET', LIST, body=listing(SEEDED, CUST))],
                                      check_mode=check_mode, diff=True)
    assert not failed and not result['changed'] and len(made) == 1
    assert result['summary'] == {'added': 0, 'replaced': 0, 'removed': 0, 'reissued': 0, 'unchanged': 3}
    assert result['changes'] == [] and result['diff'] == {'prepared': ''}
    assert [(x['prefix'], x['handle']) for x in result['roas']] == [
        ('192.0.2.0/24', 'cust'), ('198.51.100.0/24', 'edge'), ('2001:db8::/32', 'edge')]


def test_check_mode_reads_only_and_shows_the_plan(monkeypatch):
    args = dict(ROAS, roas=ROAS['roas'] + [dict(origin_as=64501, prefix='192.0.2.0/25')])
    args['roas'][0] = dict(ROAS['roas'][0], max_length=25)
    result, failed, made = run_module(monkeypatch, arin_roas, args, [Exchange('GET', LIST, body=listing(SEEDED, CUST))],
                                      check_mode=True, diff=True)
    assert not failed and result['changed'] and len(made) == 1
    assert result['transaction']['delete'] == ['cust']
    assert result['diff']['prepared'] == (
        '~ AS64500 192.0.2.0/24 max_length: 24 -> 25 (ROA cust replaced)\n'
        '+ AS64501 192.0.2.0/25 max 25 "AS64501-192-0-2-0-25"\n')
    assert [x['handle'] for x in result['roas'] if x['prefix'].startswith('192.0.2.')] == [None, None]


def test_adds_and_deletes_go_in_one_transaction(monkeypatch):
    args = dict(ROAS)
    args['roas'] = [dict(ROAS['roas'][0], max_length=25), ROAS['roas'][1], ROAS['roas'][2],
                    dict(origin_as=64501, prefix='192.0.2.128/25')]
    new_cust = spec(64500, 'CUST', 'cust2', ('192.000.002.000/24', 25), wrapped=True)
    new_other = spec(64501, 'AS64501-192-0-2-128-25', 'other', ('192.000.002.128/25', 25), wrapped=True)
    result, failed, made = run_module(monkeypatch, arin_roas, args, [
        Exchange('GET', LIST, body=listing(SEEDED, CUST)),
        Exchange('POST', POST, body=answer(['cust'], [new_cust, new_other]),
                 check=sends('<roaHandle autoLink="false">cust</roaHandle>', '<maxLength>25</maxLength>',
                             '<asNumber>64501</asNumber>', never=('edge',))),
    ], diff=True)
    assert not failed and result['changed'], result
    assert writes(made) == [('POST', POST)]
    assert result['summary'] == {'added': 1, 'replaced': 1, 'removed': 0, 'reissued': 0, 'unchanged': 2}
    assert [(c['action'], c['handle'], c['old_handle']) for c in result['changes']] == [
        ('replaced', 'cust2', 'cust'), ('added', 'other', None)]
    assert [x['handle'] for x in result['roas']] == ['cust2', 'other', 'edge', 'edge']


def test_an_answer_without_every_add_is_checked_by_listing_again(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_roas, dict(ROAS, roas=ROAS['roas'][1:] + [
        dict(origin_as=64500, prefix='192.0.2.0/24', max_length=26, name='CUST')]), [
        Exchange('GET', LIST, body=listing(SEEDED, CUST)),
        Exchange('POST', POST, body=answer(['cust'])),
        Exchange('GET', LIST, body=listing(SEEDED, spec(64500, 'CUST', 'cust3', ('192.000.002.000/24', 26)))),
    ])
    assert not failed and result['changed']
    assert [c['handle'] for c in result['changes']] == ['cust3']


def test_prune_deletes_undeclared_rows_inside_owned_prefixes_only(monkeypatch):
    stray = spec(64499, 'STRAY', 'stray', ('192.000.002.000/25',))
    outside = spec(64499, 'ELSEWHERE', 'far', ('203.000.113.000/24',))
    args = dict(ROAS, prune=True, prune_limit=1, owned_prefixes=['192.0.2.0/24', '198.51.100.0/24'])
    result, failed, made = run_module(monkeypatch, arin_roas, args, [
        Exchange('GET', LIST, body=listing(SEEDED, CUST, stray, outside)),
        Exchange('POST', POST, body=answer(['stray']), check=sends('>stray<', never=('far', '<roaSpecAdd'))),
    ], diff=True)
    assert not failed and result['changed']
    assert [(c['action'], c['prefix'], c['pruned']) for c in result['changes']] == [
        ('removed', '192.0.2.0/25', True)]
    assert '- AS64499 192.0.2.0/25 max 25 "STRAY" (ROA stray, pruned)' in result['diff']['prepared']


def test_prune_above_its_limit_fails_before_any_write(monkeypatch):
    strays = [spec(64499, 'S%d' % i, 's%d' % i, ('192.000.002.%03d/26' % (64 * i),)) for i in range(3)]
    args = dict(ROAS, prune=True, prune_limit=2, owned_prefixes=['192.0.2.0/24'])
    result, failed, made = run_module(monkeypatch, arin_roas, args, [
        Exchange('GET', LIST, body=listing(SEEDED, CUST, *strays))])
    assert failed and len(made) == 1
    assert 'prune would delete 3 ROA prefixes, more than prune_limit=2' in result['msg']
    assert 'AS64499 192.0.2.64/26 max 26' in result['msg']


def test_prune_needs_owned_prefixes_before_any_request(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_roas, dict(ROAS, prune=True, prune_limit=10), [])
    assert failed and made == [] and 'prune needs owned_prefixes' in result['msg']


@pytest.mark.parametrize('roas, words', [
    ([dict(origin_as=64500, prefix='192.0.2.0/24'), dict(origin_as=64500, prefix='192.0.2.0/24', max_length=25)],
     'both declare AS64500 192.0.2.0/24'),
    ([dict(origin_as='AS-1', prefix='192.0.2.0/24')], 'roas[0]: origin_as must be an AS number'),
    ([dict(origin_as=64500, prefix='192.0.2.7/24')], 'roas[0]: prefix'),
    ([dict(origin_as=64500, prefix='192.0.2.0/24', max_length=20)], 'between 24 and 32'),
])
def test_bad_items_fail_before_any_request(monkeypatch, roas, words):
    result, failed, made = run_module(monkeypatch, arin_roas, dict(org_handle='EXNET-1', roas=roas), [])
    assert failed and made == [] and words in result['msg']


def test_a_lost_answer_that_was_applied_is_settled_by_the_listing(monkeypatch):
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, message: warnings.append(message))
    args = dict(ROAS, roas=[dict(origin_as=64501, prefix='192.0.2.0/25')])
    result, failed, made = run_module(monkeypatch, arin_roas, args, [
        Exchange('GET', LIST, body=listing(SEEDED, CUST)),
        Exchange('POST', POST, raises=requests.exceptions.ReadTimeout('read timed out')),
        Exchange('GET', LIST, body=listing(SEEDED, CUST, spec(64501, 'AS64501-192-0-2-0-25', 'late', ('192.0.2.0/25',)))),
    ])
    assert not failed and result['changed']
    assert [c['handle'] for c in result['changes']] == ['late']
    assert writes(made) == [('POST', POST)]
    assert [w for w in warnings if w.endswith('ARIN applied the change (read back)')], warnings


def test_a_lost_answer_that_was_not_applied_fails_and_says_a_rerun_is_safe(monkeypatch):
    args = dict(ROAS, roas=[dict(origin_as=64501, prefix='192.0.2.0/25')])
    result, failed, made = run_module(monkeypatch, arin_roas, args, [
        Exchange('GET', LIST, body=listing(SEEDED, CUST)),
        Exchange('POST', POST, status=502, body=b'<html>Bad Gateway</html>', headers={'Content-Type': 'text/html'}),
        Exchange('GET', LIST, body=listing(SEEDED, CUST)),
    ])
    assert failed and writes(made) == [('POST', POST)]
    assert 'reading back shows it was not applied, so it is safe to run the task again' in result['msg']


def test_a_listing_that_shows_part_of_the_transaction_fails_loudly(monkeypatch):
    args = dict(ROAS, roas=[dict(origin_as=64500, prefix='192.0.2.0/24', max_length=25)])
    result, failed, made = run_module(monkeypatch, arin_roas, args, [
        Exchange('GET', LIST, body=listing(SEEDED, CUST)),
        Exchange('POST', POST, raises=requests.exceptions.ConnectionError('reset')),
        Exchange('GET', LIST, body=listing(SEEDED)),
    ])
    assert failed and writes(made) == [('POST', POST)]
    assert 'only part of the transaction' in result['msg'] and 'ARIN Online' in result['msg']


def test_arins_refusal_is_shown_with_its_components(monkeypatch):
    error = xml('error', '<message>Payload has an invalid field.</message><code>E_ENTITY_VALIDATION</code>'
                '<components><component><name>startAddress</name><message>roaSpec[0] 203.0.113.0/24 is not on the '
                "organization's resource certificate.</message></component></components>")
    result, failed, made = run_module(monkeypatch, arin_roas, dict(org_handle='EXNET-1', roas=[
        dict(origin_as=64500, prefix='203.0.113.0/24')]), [
        Exchange('GET', LIST, body=listing()),
        Exchange('POST', POST, status=400, body=error),
    ])
    assert failed
    assert result['msg'].startswith('RPKI transaction for org/EXNET-1: HTTP 400 E_ENTITY_VALIDATION')
    assert 'resource certificate' in result['msg'] and result['error']['status'] == 400


# -- arin_roa --------------------------------------------------------------------------


def test_roa_change_of_max_length_replaces_and_keeps_the_roa_whole(monkeypatch):
    new = spec(64500, 'EDGE', 'edge2', ('198.051.100.000/24', 25), ('2001:db8:0:0:0:0:0:0/32', 48), wrapped=True)
    result, failed, made = run_module(monkeypatch, arin_roa, dict(
        org_handle='EXNET-1', origin_as=64500, prefix='198.51.100.0/24', max_length=25), [
        Exchange('GET', LIST, body=listing(SEEDED, CUST)),
        Exchange('POST', POST, body=answer(['edge'], [new]),
                 check=sends('<roaHandle autoLink="false">edge</roaHandle>', '<name>EDGE</name>',
                             '<startAddress>2001:db8::</startAddress>')),
    ], diff=True)
    assert not failed and result['changed']
    assert result['roa']['handle'] == 'edge2' and result['roa']['max_length'] == 25
    assert [(c['action'], c['prefix']) for c in result['changes']] == [
        ('replaced', '198.51.100.0/24'), ('reissued', '2001:db8::/32')]
    assert result['diff']['before']['AS64500 198.51.100.0/24']['max_length'] == 24
    assert result['diff']['after']['AS64500 198.51.100.0/24']['max_length'] == 25
    assert len(result['transaction']['add']) == 1  # one ROA, as ARIN held it


def test_roa_rerun_is_one_listing(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_roa, dict(
        org_handle='EXNET-1', origin_as='AS64500', prefix='192.0.2.0/24'), [Exchange('GET', LIST, body=listing(CUST))],
        diff=True)
    assert not failed and not result['changed'] and len(made) == 1
    assert result['roa']['name'] == 'CUST'  # an omitted name is not compared
    assert result['diff']['before'] == result['diff']['after']


def test_roa_exclusive_moves_the_prefix_to_another_origin_in_one_transaction(monkeypatch):
    moved = spec(64501, 'AS64501-192-0-2-0-24', 'moved', ('192.0.2.0/24', 24), wrapped=True)
    result, failed, made = run_module(monkeypatch, arin_roa, dict(
        org_handle='EXNET-1', origin_as=64501, prefix='192.0.2.0/24', exclusive=True), [
        Exchange('GET', LIST, body=listing(SEEDED, CUST)),
        Exchange('POST', POST, body=answer(['cust'], [moved]),
                 check=sends('>cust<', '<asNumber>64501</asNumber>')),
    ], diff=True)
    assert not failed and result['changed'] and writes(made) == [('POST', POST)]
    assert sorted(result['diff']['before']) == ['AS64500 192.0.2.0/24']
    assert sorted(result['diff']['after']) == ['AS64501 192.0.2.0/24']


def test_roa_without_exclusive_leaves_other_origins(monkeypatch):
    added = spec(64501, 'TWO', 'two', ('192.0.2.0/24', 24), wrapped=True)
    result, failed, made = run_module(monkeypatch, arin_roa, dict(
        org_handle='EXNET-1', origin_as=64501, prefix='192.0.2.0/24', name='TWO'), [
        Exchange('GET', LIST, body=listing(CUST)),
        Exchange('POST', POST, body=answer([], [added]), check=sends(never=('roaSpecDelete',))),
    ])
    assert not failed and result['transaction']['delete'] == []


@pytest.mark.parametrize('check_mode', [False, True])
def test_roa_absent(monkeypatch, check_mode):
    exchanges = [Exchange('GET', LIST, body=listing(SEEDED, CUST))]
    if not check_mode:
        exchanges.append(Exchange('POST', POST, body=answer(['cust']), check=sends(never=('roaSpecAdd',))))
    result, failed, made = run_module(monkeypatch, arin_roa, dict(
        org_handle='EXNET-1', origin_as=64500, prefix='192.0.2.0/24', state='absent'), exchanges, check_mode=check_mode)
    assert not failed and result['changed'] and result['roa'] == {}
    assert result['transaction'] == {'delete': ['cust'], 'add': []}


def test_roa_exclusive_with_absent_is_refused_before_any_request(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_roa, dict(
        org_handle='EXNET-1', origin_as=64500, prefix='192.0.2.0/24', state='absent', exclusive=True), [])
    assert failed and made == [] and 'exclusive goes with state=present' in result['msg']


# -- arin_roa_info ---------------------------------------------------------------------


@pytest.mark.parametrize('args, prefixes', [
    (dict(), ['192.0.2.0/24', '198.51.100.0/24', '2001:db8::/32']),
    (dict(prefix='2001::/16'), ['2001:db8::/32']),
    (dict(prefix='192.0.2.0/24'), ['192.0.2.0/24']),
    (dict(origin_as='AS64501'), []),
])
def test_info_filters_one_listing(monkeypatch, args, prefixes):
    result, failed, made = run_module(monkeypatch, arin_roa_info, dict(args, org_handle='EXNET-1'),
                                      [Exchange('GET', LIST, body=listing(SEEDED, CUST))], check_mode=True)
    assert not failed and not result['changed'] and len(made) == 1
    assert [x['prefix'] for x in result['roas']] == prefixes


def test_info_of_an_org_without_hosted_rpki_fails_with_arins_message(monkeypatch):
    error = xml('error', '<message>Organization WIDGETS-1 has not set up hosted RPKI.</message><code>E_BAD_REQUEST</code>')
    result, failed, made = run_module(monkeypatch, arin_roa_info, dict(org_handle='WIDGETS-1'),
                                      [Exchange('GET', '/roa/WIDGETS-1', status=400, body=error)])
    assert failed and 'list the ROAs of org/WIDGETS-1: HTTP 400 E_BAD_REQUEST' in result['msg']
