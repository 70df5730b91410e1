# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""arin_aspa and arin_aspa_info against scripted exchanges."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest
import requests
from ansible.module_utils import basic

from ansible_collections.arin.regrws.plugins.modules import arin_aspa, arin_aspa_info
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import CORE, Exchange, run_module, xml

RPKI = 'http://www.arin.net/regrws/rpki/v1'
LIST = '/aspa/EXNET-1'
POST = '/rpki/EXNET-1'


def aspa(customer, *providers):
    return ('<aspa><customerAsId>%s</customerAsId><providerAsIds>%s</providerAsIds></aspa>'
            % (customer, ''.join('<providerAsId>%s</providerAsId>' % p for p in providers)))


def listing(*aspas):
    return ('<collection xmlns="%s">%s</collection>' % (
        CORE, ''.join(a.replace('<aspa>', '<aspa xmlns="%s">' % RPKI, 1) for a in aspas))).encode()


def answer(deleted=(), added=()):
    body = '<rpkiTransaction xmlns="%s">' % RPKI
    if deleted:
        body += '<aspaDelete>%s</aspaDelete>' % ''.join('<customerAsId>%s</customerAsId>' % c for c in deleted)
    if added:
        body += '<aspaAdd>%s</aspaAdd>' % ''.join(added)
    return (body + '</rpkiTransaction>').encode()


SEEDED = aspa(64501, 3356, 174)
OTHER = aspa(64500, 6939)


def sends(*fragments, **kw):
    def check(data):
        for fragment in fragments:
            assert fragment.encode() in data, data
        for fragment in kw.get('never', ()):
            assert fragment.encode() not in data, data
    return check


def writes(made):
    return [(method, path) for method, path, body, headers in made if method != 'GET']


ARGS = dict(org_handle='EXNET-1', customer_as='AS64501', providers=['AS174', 3356])


@pytest.mark.parametrize('check_mode', [False, True])
def test_no_change_is_one_listing_whatever_the_order(monkeypatch, check_mode):
    result, failed, made = run_module(monkeypatch, arin_aspa, ARGS, [Exchange('GET', LIST, body=listing(OTHER, SEEDED))],
                                      check_mode=check_mode, diff=True)
    assert not failed and not result['changed'] and len(made) == 1
    assert made[0][3]['Content-Type'] == 'application/xml'
    assert result['aspa'] == {'customer_as': 64501, 'providers': [174, 3356]}
    assert result['changes'] == [] and result['transaction'] == {'delete': [], 'add': []}
    assert result['diff']['before'] == result['diff']['after']


def test_check_mode_reads_only_and_shows_the_replace(monkeypatch):
    args = dict(ARGS, providers=[174, 6939])
    result, failed, made = run_module(monkeypatch, arin_aspa, args, [Exchange('GET', LIST, body=listing(SEEDED))],
                                      check_mode=True, diff=True)
    assert not failed and result['changed'] and len(made) == 1
    assert result['transaction'] == {'delete': [64501], 'add': [{'customer_as': 64501, 'providers': [174, 6939]}]}
    assert result['diff']['before'] == {'AS64501': {'customer_as': 64501, 'providers': [174, 3356]}}
    assert result['diff']['after'] == {'AS64501': {'customer_as': 64501, 'providers': [174, 6939]}}
    change = result['changes'][0]
    assert change['action'] == 'replaced' and change['providers_added'] == [6939]
    assert change['providers_removed'] == [3356]


def test_a_change_of_providers_is_one_transaction_keyed_by_the_customer(monkeypatch):
    args = dict(ARGS, providers=[174, 6939])
    result, failed, made = run_module(monkeypatch, arin_aspa, args, [
        Exchange('GET', LIST, body=listing(OTHER, SEEDED)),
        Exchange('POST', POST, body=answer([64501], [aspa(64501, 174, 6939)]),
                 check=sends('<aspaDelete><customerAsId>64501</customerAsId></aspaDelete>',
                             '<providerAsId>6939</providerAsId>', never=('64500', 'roaSpec'))),
    ])
    assert not failed and result['changed'], result
    assert writes(made) == [('POST', POST)]
    assert result['aspa'] == {'customer_as': 64501, 'providers': [174, 6939]}


def test_an_add_has_no_delete_and_an_answer_without_it_is_checked_by_listing(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_aspa, dict(ARGS, customer_as=64500, providers=[174]), [
        Exchange('GET', LIST, body=listing(SEEDED)),
        Exchange('POST', POST, body=answer(), check=sends('<aspaAdd>', never=('<aspaDelete',))),
        Exchange('GET', LIST, body=listing(SEEDED, aspa(64500, 174))),
    ])
    assert not failed and result['changed']
    assert result['aspa'] == {'customer_as': 64500, 'providers': [174]}
    assert [m for m, p, b, h in made] == ['GET', 'POST', 'GET']


@pytest.mark.parametrize('check_mode', [False, True])
def test_absent(monkeypatch, check_mode):
    exchanges = [Exchange('GET', LIST, body=listing(SEEDED))]
    if not check_mode:
        exchanges.append(Exchange('POST', POST, body=answer([64501]), check=sends(never=('<aspaAdd',))))
    result, failed, made = run_module(monkeypatch, arin_aspa, dict(org_handle='EXNET-1', customer_as=64501,
                                                                   state='absent'), exchanges, check_mode=check_mode)
    assert not failed and result['changed'] and result['aspa'] == {}
    assert result['transaction'] == {'delete': [64501], 'add': []}
    assert len(made) == len(exchanges)


def test_absent_when_there_is_none_is_one_listing(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_aspa, dict(org_handle='EXNET-1', customer_as=64500,
                                                                   state='absent'), [Exchange('GET', LIST, body=listing(SEEDED))])
    assert not failed and not result['changed'] and len(made) == 1


def test_a_lost_answer_that_was_applied_is_settled_by_the_listing(monkeypatch):
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, message: warnings.append(message))
    result, failed, made = run_module(monkeypatch, arin_aspa, dict(ARGS, providers=[174, 3356, 6939]), [
        Exchange('GET', LIST, body=listing(SEEDED)),
        Exchange('POST', POST, raises=requests.exceptions.ReadTimeout('read timed out')),
        Exchange('GET', LIST, body=listing(aspa(64501, 6939, 3356, 174))),
    ])
    assert not failed and result['changed']
    assert result['aspa'] == {'customer_as': 64501, 'providers': [174, 3356, 6939]}
    assert writes(made) == [('POST', POST)]
    assert [w for w in warnings if w.endswith('ARIN applied the change (read back)')], warnings


def test_a_lost_answer_that_was_not_applied_fails_and_says_a_rerun_is_safe(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_aspa, dict(ARGS, providers=[174, 3356, 6939]), [
        Exchange('GET', LIST, body=listing(SEEDED)),
        Exchange('POST', POST, status=502, body=b'<html>Bad Gateway</html>', headers={'Content-Type': 'text/html'}),
        Exchange('GET', LIST, body=listing(SEEDED)),
    ])
    assert failed and writes(made) == [('POST', POST)]
    assert 'reading back shows it was not applied, so it is safe to run the task again' in result['msg']


def test_a_listing_that_no_atomic_transaction_explains_fails_loudly(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_aspa, dict(ARGS, providers=[174, 6939]), [
        Exchange('GET', LIST, body=listing(SEEDED)),
        Exchange('POST', POST, raises=requests.exceptions.ConnectionError('reset')),
        Exchange('GET', LIST, body=listing()),
    ])
    assert failed and writes(made) == [('POST', POST)]
    assert 'neither as before the transaction nor as after it' in result['msg'] and 'ARIN Online' in result['msg']


@pytest.mark.parametrize('args, words', [
    (dict(customer_as='AS-1', providers=[174]), 'customer_as must be an AS number'),
    (dict(customer_as=64501), 'at least one provider AS'),
    (dict(customer_as=64501, providers=[174, 'AS174']), 'more than once'),
    (dict(customer_as=64501, providers=[64501]), 'provider of itself'),
    (dict(customer_as=64501, providers=[0, 174]), 'must be the only one'),
    (dict(customer_as=64501, providers=[174], state='absent'), 'providers goes with state=present'),
])
def test_bad_input_fails_before_any_request(monkeypatch, args, words):
    result, failed, made = run_module(monkeypatch, arin_aspa, dict(args, org_handle='EXNET-1'), [])
    assert failed and made == [] and words in result['msg']


def test_arins_reserved_asn_refusal_is_shown(monkeypatch):
    error = xml('error', '<message>Payload has an invalid field.</message><code>E_ENTITY_VALIDATION</code>'
                '<components><component><name>providerAsId</name><message>aspa[0] AS64496 is a reserved ASN and '
                'cannot be a provider.</message></component></components>')
    result, failed, made = run_module(monkeypatch, arin_aspa, dict(ARGS, providers=[64496]), [
        Exchange('GET', LIST, body=listing(SEEDED)),
        Exchange('POST', POST, status=400, body=error),
    ])
    assert failed and result['error']['status'] == 400
    assert result['msg'].startswith('RPKI transaction for org/EXNET-1: HTTP 400 E_ENTITY_VALIDATION')
    assert 'reserved ASN' in result['msg']


@pytest.mark.parametrize('customer, found', [(None, [64500, 64501]), ('AS64501', [64501]), (64499, [])])
def test_info_filters_one_listing(monkeypatch, customer, found):
    args = dict(org_handle='EXNET-1')
    if customer is not None:
        args['customer_as'] = customer
    result, failed, made = run_module(monkeypatch, arin_aspa_info, args, [Exchange('GET', LIST, body=listing(SEEDED, OTHER))])
    assert not failed and not result['changed'] and len(made) == 1
    assert made[0][3]['Content-Type'] == 'application/xml'
    assert [a['customer_as'] for a in result['aspas']] == found
