# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import threading

import pytest

from ansible_collections.arin.regrws.plugins.modules import arin_net_reassignments
from ansible_collections.arin.regrws.plugins.module_utils import _reassign
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module, xml
from ansible_collections.arin.regrws.tests.unit.plugins.modules.test_arin_net_reassign import (
    CUSTOMER, CUSTOMER_ARGS, LINK, TICKETS, net_inner, ticket_inner, ticketed)

LISTING = '/net/netsByIpRange/192.0.2.0/192.0.2.255'
DA_INNER = net_inner('NET-192-0-2-0-1', '192.000.002.000', '192.000.002.255', 24, 'DA', org='EXNET-1', parent=None,
                     name='EXNET-V4-1')


def child(start, cidr, number, name, customer=None, org=None, links=LINK):
    first = '192.000.002.%03d' % start
    last = '192.000.002.%03d' % (start + 2 ** (32 - cidr) - 1)
    return net_inner('NET-192-0-2-%d-1' % start, first, last, cidr, customer=customer, org=org, links=links,
                     name=name)


def listing(*inners):
    return xml('collection', ''.join('<net>%s</net>' % inner for inner in (DA_INNER,) + inners))


ONE = dict(prefix='192.0.2.0/26', net_name='CUST-ONE', org_handle='ONE-1',
           poc_links=[dict(function='AB', handle='ABUSE1-ARIN')])
TWO = dict(prefix='192.0.2.64/26', net_name='CUST-TWO', customer=CUSTOMER_ARGS,
           poc_links=[dict(function='AB', handle='ABUSE1-ARIN')])
ONE_NET = child(0, 26, 1, 'CUST-ONE', org='ONE-1')
TWO_NET = child(64, 26, 1, 'CUST-TWO', customer='C00000001')


def run(monkeypatch, args, exchanges, **kwargs):
    full = dict(parents=['192.0.2.0/24'], concurrency=1)
    full.update(args)
    return run_module(monkeypatch, arin_net_reassignments, full, exchanges, **kwargs)


def test_apply_reads_the_parent_once_then_writes(monkeypatch):
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE, TWO]), [
        Exchange('GET', LISTING, body=listing()),
        Exchange('GET', TICKETS, body=xml('collection')),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed('<net>%s</net>' % child(0, 26, 1, 'CUST-ONE', org='ONE-1', links=''))),
        Exchange('PUT', '/net/NET-192-0-2-0-1', body=xml('net', ONE_NET)),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed('<net>%s</net>' % child(64, 26, 1, 'CUST-TWO', customer='C00000001', links=''))),
        Exchange('PUT', '/net/NET-192-0-2-64-1', body=xml('net', TWO_NET)),
    ])
    assert not failed, result
    assert result['changed'] is True
    assert result['summary']['created'] == 2 and result['summary']['failed'] == 0
    assert [entry['handle'] for entry in result['nets']] == ['NET-192-0-2-0-1', 'NET-192-0-2-64-1']
    # Below -vvv the items are not echoed back; the other options are (the key masked).
    args = result['invocation']['module_args']
    assert args['reassignments'] == '2 items (echoed from -vvv on)' and args['parents'] == ['192.0.2.0/24']
    assert result['nets'][1]['customer_handle'] == 'C00000001'


@pytest.mark.parametrize('check_mode', [False, True])
def test_rerun_reads_listing_and_declared_customers_only(monkeypatch, check_mode):
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE, dict(TWO, net_name='cust-two')]), [
        Exchange('GET', LISTING, body=listing(ONE_NET, TWO_NET)),
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
    ], check_mode=check_mode)
    assert not failed, result
    assert result['changed'] is False
    assert result['summary']['unchanged'] == 2


def test_check_mode_plans_without_writing(monkeypatch):
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE, dict(TWO, customer=dict(CUSTOMER_ARGS, city='Othertown'))]), [
        Exchange('GET', LISTING, body=listing(TWO_NET)),
        Exchange('GET', TICKETS, body=xml('collection')),
        Exchange('GET', '/net/NET-192-0-2-0-1', body=xml('net', DA_INNER)),
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
    ], check_mode=True, diff=True)
    assert not failed, result
    assert result['summary'] == dict(created=1, updated=1, removed=0, unchanged=0, ticket=0, failed=0)
    assert result['nets'][1]['changes'] == {'customer.city': ['Anytown', 'Othertown']}
    # One line per net, the same in the diff and in lines; the counts close the lines.
    assert result['lines'] == [
        '+ 192.0.2.0/26 CUST-ONE (new)',
        '~ 192.0.2.64/26 CUST-TWO (NET-192-0-2-64-1) customer.city: Anytown -> Othertown',
        '2 nets: 1 created, 1 updated (check mode: nothing was written)',
    ]
    assert result['diff']['prepared'] == ''.join(line + '\n' for line in result['lines'][:-1])
    assert 'None' not in result['diff']['prepared']


def test_lines_without_diff_mode_and_for_unchanged_nets(monkeypatch):
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE, TWO]), [
        Exchange('GET', LISTING, body=listing(ONE_NET, TWO_NET)),
        Exchange('GET', '/customer/C00000001', body=CUSTOMER),
    ])
    assert not failed, result
    assert result['lines'] == ['2 nets: 2 unchanged'] and 'diff' not in result


@pytest.mark.parametrize('concurrency, message', [
    (0, 'concurrency must be between 1 and 64, not 0'),
    (65, 'concurrency must be between 1 and 64, not 65'),
    ('many', "argument 'concurrency' is of type"),
])
def test_concurrency_out_of_range_fails_before_any_request(monkeypatch, concurrency, message):
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE], concurrency=concurrency), [])
    assert failed and message in result['msg'], result['msg']
    assert made == []


def test_concurrency_as_a_string_of_digits(monkeypatch):
    """What an AWX survey or -e gives: the string is taken as the number."""
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE], concurrency='16'), [
        Exchange('GET', LISTING, body=listing(ONE_NET)),
    ])
    assert not failed, result
    assert result['invocation']['module_args']['concurrency'] == 16


def ours(start, end):
    return ('<messages><message><subject>Reassign</subject><text><line number="0">Range %s - %s</line></text>'
            '</message></messages>') % (start, end)


@pytest.mark.parametrize('check_mode', [False, True])
def test_open_tickets_are_read_once_and_their_ranges_not_sent_again(monkeypatch, check_mode):
    three = dict(prefix='192.0.2.128/26', net_name='CUST-THREE', org_handle='ONE-1')
    open_tickets = xml('collection', ''.join('<ticket>%s</ticket>' % inner for inner in (
        ticket_inner('T-1', 'IPV4_DETAILED_REASSIGN'), ticket_inner('T-2'), ticket_inner('Q-3', 'QUESTION'))))
    exchanges = [
        Exchange('GET', LISTING, body=listing()),
        Exchange('GET', TICKETS, body=open_tickets),
        Exchange('GET', '/ticket/T-1', body=xml('ticket', ticket_inner(
            'T-1', 'IPV4_DETAILED_REASSIGN', messages=ours('192.0.2.0', '192.0.2.63')))),
        Exchange('GET', '/ticket/T-2', body=xml('ticket', ticket_inner(
            'T-2', messages=ours('192.0.2.64', '192.0.2.127')))),
    ]
    if check_mode:
        exchanges.append(Exchange('GET', '/net/NET-192-0-2-0-1', body=xml('net', DA_INNER)))
    else:
        exchanges.append(Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed(
            '<net>%s</net>' % child(128, 26, 1, 'CUST-THREE', org='ONE-1', links=''))))
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE, TWO, three]), exchanges, check_mode=check_mode)
    assert not failed, result
    assert [(entry['action'], entry['ticket'], entry['ticket_status'], entry['changed']) for entry in result['nets']] == [
        ('ticket', 'T-1', 'PENDING_REVIEW', False), ('ticket', 'T-2', 'PENDING_REVIEW', False),
        ('created', None, None, True)]
    assert result['summary']['ticket'] == 2 and result['summary']['created'] == 1


def test_check_mode_reads_a_foreign_parent_once_and_fails_its_items(monkeypatch):
    foreign = net_inner('NET-203-0-113-0-1', '203.000.113.000', '203.000.113.255', 24, 'DA', org='OTHERNET-1',
                        parent='NET-203-0-0-0-0', name='OTHERNET-V4-1')
    items = [dict(prefix='203.0.113.%d/26' % start, net_name='CUST-%d' % start, org_handle='ONE-1')
             for start in (0, 64)]
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE] + items, parents=['192.0.2.0/24', '203.0.113.0/24'],
                                                 fail_on_error=False), [
        Exchange('GET', LISTING, body=listing()),
        Exchange('GET', '/net/netsByIpRange/203.0.113.0/203.0.113.255', body=xml('collection', '<net>%s</net>' % foreign)),
        Exchange('GET', TICKETS, body=xml('collection')),
        Exchange('GET', '/net/NET-192-0-2-0-1', body=xml('net', DA_INNER)),
        Exchange('GET', '/net/NET-203-0-113-0-1', status=401, body=xml(
            'error', '<code>E_AUTHENTICATION</code><message>Not authorized.</message>')),
    ], check_mode=True)
    assert not failed, result
    assert [entry['action'] for entry in result['nets']] == ['created', 'failed', 'failed']
    for entry in result['failed_nets']:
        assert entry['error'].startswith('ARIN would refuse (403): the key has no authority over parent '
                                         'net/NET-203-0-113-0-1 to reassign from it (read net/NET-203-0-113-0-1: '
                                         'HTTP 401 E_AUTHENTICATION: Not authorized.)')
        assert entry['done'] is None and entry['changed'] is False
    assert result['summary']['created'] == 1 and result['summary']['failed'] == 2


def test_prune_in_check_mode_lists_every_removal(monkeypatch):
    orphan = child(128, 26, 1, 'GONE', customer='C00000009')
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE], prune=True, prune_limit=1), [
        Exchange('GET', LISTING, body=listing(ONE_NET, orphan)),
        Exchange('GET', TICKETS, body=xml('collection')),
    ], check_mode=True)
    assert not failed, result
    assert result['summary']['removed'] == 1 and result['summary']['unchanged'] == 1
    removed = [entry for entry in result['nets'] if entry['action'] == 'removed']
    assert removed[0]['handle'] == 'NET-192-0-2-128-1' and removed[0]['pruned'] is True


def test_prune_removes_the_orphan(monkeypatch):
    orphan = child(128, 26, 1, 'GONE', customer='C00000009')
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE], prune=True, prune_limit=1), [
        Exchange('GET', LISTING, body=listing(ONE_NET, orphan)),
        Exchange('GET', TICKETS, body=xml('collection')),
        Exchange('PUT', '/net/NET-192-0-2-128-1/remove', body=ticketed('<net>%s</net>' % orphan)),
    ])
    assert not failed, result
    assert result['changed'] is True and result['summary']['removed'] == 1


def test_prune_over_the_limit_fails_before_any_write(monkeypatch):
    orphans = [child(start, 26, 1, 'GONE') for start in (64, 128, 192)]
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE], prune=True, prune_limit=2), [
        Exchange('GET', LISTING, body=listing(ONE_NET, *orphans)),
    ])
    assert failed and 'prune would remove 3 nets, more than prune_limit=2' in result['msg']
    assert 'NET-192-0-2-192-1' in result['msg']


def test_prune_needs_parents(monkeypatch):
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE], parents=[], prune=True, prune_limit=1), [])
    assert failed and 'prune needs parents' in result['msg']


@pytest.mark.parametrize('check_mode', [False, True])
def test_prune_refused_for_a_partial_declaration_before_any_request(monkeypatch, check_mode):
    reasons = ['the play is limited to customer_00', 'prefixes.json holds 5 of 1500 prefixes']
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE], prune=True, prune_limit=1000,
                                                 partial_reasons=reasons), [], check_mode=check_mode)
    assert failed and made == []
    assert result['msg'] == ('prune refused: the declaration is partial (the play is limited to customer_00; '
                             'prefixes.json holds 5 of 1500 prefixes); reconcile without prune, or run with the '
                             'whole declaration')


def test_partial_declaration_without_prune_reconciles(monkeypatch):
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE], partial_reasons=['limited']), [
        Exchange('GET', LISTING, body=listing(ONE_NET, child(128, 26, 1, 'OTHER', customer='C00000009'))),
    ])
    assert not failed, result
    assert result['summary']['unchanged'] == 1 and result['summary']['removed'] == 0


def test_partial_failure_keeps_what_succeeded(monkeypatch):
    refused = xml('error', '<code>E_AUTHENTICATION</code><message>No authority over the parent.</message>')
    exchanges = [
        Exchange('GET', LISTING, body=listing()),
        Exchange('GET', TICKETS, body=xml('collection')),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', status=403, body=refused),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed('<net>%s</net>' % child(64, 26, 1, 'CUST-TWO', customer='C00000001', links=''))),
        Exchange('PUT', '/net/NET-192-0-2-64-1', body=xml('net', TWO_NET)),
    ]
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE, TWO]), list(exchanges))
    assert failed and result['changed'] is True
    assert '1 of 2 nets failed: 192.0.2.0/26: ' in result['msg'] and 'No authority' in result['msg']
    assert result['summary']['created'] == 1 and result['summary']['failed'] == 1
    assert result['failed_nets'][0]['prefix'] == '192.0.2.0/26'
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE, TWO], fail_on_error=False), exchanges)
    assert not failed and result['summary']['failed'] == 1
    # The lines say the error once, on the net's line; the counts follow.
    assert result['lines'] == [
        '! 192.0.2.0/26 CUST-ONE: %s' % result['failed_nets'][0]['error'],
        '+ 192.0.2.64/26 CUST-TWO (NET-192-0-2-64-1)',
        '2 nets: 1 created, 1 failed',
    ]
    assert sum(line.count('No authority') for line in result['lines']) == 1


def test_net_created_then_failed_counts_as_both(monkeypatch):
    """ARIN registered the net, then refused its POC link: the entry fails with its handle, the summary counts both."""
    refused = xml('error', '<code>E_ENTITY_VALIDATION</code><message>Invalid.</message><components><component>'
                           '<name>pocLinkRef</name><message>POC ABUSE1-ARIN does not exist.</message></component>'
                           '</components>')
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE], fail_on_error=False), [
        Exchange('GET', LISTING, body=listing()),
        Exchange('GET', TICKETS, body=xml('collection')),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed('<net>%s</net>' % child(0, 26, 1, 'CUST-ONE', org='ONE-1', links=''))),
        Exchange('PUT', '/net/NET-192-0-2-0-1', status=400, body=refused),
    ], diff=True)
    assert not failed, result
    entry = result['nets'][0]
    assert entry['action'] == 'failed' and entry['done'] == 'created' and entry['changed'] is True
    assert entry['handle'] == 'NET-192-0-2-0-1' and 'POC ABUSE1-ARIN does not exist' in entry['error']
    assert result['summary'] == dict(created=1, updated=0, removed=0, unchanged=0, ticket=0, failed=1)
    assert result['failed_nets'] == [entry]
    assert result['diff']['prepared'].startswith('! 192.0.2.0/26 CUST-ONE (NET-192-0-2-0-1): created, then modify net/')
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE]), [
        Exchange('GET', LISTING, body=listing()),
        Exchange('GET', TICKETS, body=xml('collection')),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed('<net>%s</net>' % child(0, 26, 1, 'CUST-ONE', org='ONE-1', links=''))),
        Exchange('PUT', '/net/NET-192-0-2-0-1', status=400, body=refused),
    ])
    assert failed and result['changed'] is True
    assert '1 of 1 nets failed: 192.0.2.0/26: created NET-192-0-2-0-1, then modify net/NET-192-0-2-0-1' in result['msg']


def test_replace_removed_then_refused_counts_the_removal(monkeypatch):
    refused = xml('error', '<code>E_AUTHENTICATION</code><message>No authority over the parent.</message>')
    item = dict(prefix='192.0.2.64/26', net_name='CUST-TWO', org_handle='ONE-1', replace=True)
    result, failed, made = run(monkeypatch, dict(reassignments=[item], fail_on_error=False), [
        Exchange('GET', LISTING, body=listing(TWO_NET)),
        Exchange('GET', TICKETS, body=xml('collection')),
        Exchange('PUT', '/net/NET-192-0-2-64-1/remove', body=ticketed('<net>%s</net>' % TWO_NET)),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', status=403, body=refused),
    ])
    entry = result['nets'][0]
    assert entry['action'] == 'failed' and entry['done'] == 'removed' and entry['handle'] == 'NET-192-0-2-64-1'
    assert result['summary']['removed'] == 1 and result['summary']['failed'] == 1
    assert result['summary']['created'] == 0


def test_nothing_done_before_the_failure(monkeypatch):
    refused = xml('error', '<code>E_AUTHENTICATION</code><message>No authority over the parent.</message>')
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE], fail_on_error=False), [
        Exchange('GET', LISTING, body=listing()),
        Exchange('GET', TICKETS, body=xml('collection')),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', status=403, body=refused),
    ])
    assert result['nets'][0]['done'] is None and result['nets'][0]['changed'] is False
    assert result['summary'] == dict(created=0, updated=0, removed=0, unchanged=0, ticket=0, failed=1)


@pytest.mark.parametrize('items, message', [
    ([ONE, dict(TWO, prefix='192.0.2.65/26')], 'reassignments[1] (192.0.2.65/26): prefix 192.0.2.65/26 has host bits'),
    ([ONE, dict(TWO, net_name='BAD_NAME')], 'reassignments[1] (192.0.2.64/26): net_name'),
    ([ONE, dict(ONE, net_name='AGAIN')], 'reassignments[0] and reassignments[1] both declare 192.0.2.0/26'),
    ([ONE, dict(TWO, prefix='192.0.2.0/25')], 'reassignments[0] (192.0.2.0/26) and reassignments[1] (192.0.2.0/25) overlap'),
    ([dict(prefix='192.0.2.0/26', net_name='X', type='reallocate', customer=CUSTOMER_ARGS)], 'reassignments[0] (192.0.2.0/26): a reallocation'),
])
def test_items_are_checked_before_any_request(monkeypatch, items, message):
    result, failed, made = run(monkeypatch, dict(reassignments=items), [])
    assert failed and message in result['msg'], result['msg']
    assert made == []


@pytest.mark.parametrize('item, message', [
    (dict(ONE, colour='blue'), "reassignments[0]: unsupported option 'colour'"),
    (dict(TWO, customer=dict(CUSTOMER_ARGS, name=None)), 'reassignments[0].customer: name is required'),
    (dict(ONE, type='sublet'), 'reassignments[0].type must be one of reassign, reallocate'),
    (dict(ONE, replace='maybe'), 'reassignments[0].replace must be of type bool'),
    (dict(ONE, poc_links=[dict(function='X', handle='P1-ARIN')]), 'reassignments[0].poc_links[0].function must be one of'),
    (dict(ONE, poc_links=[dict(function='T')]), 'reassignments[0].poc_links[0]: handle is required'),
    (dict(TWO, customer=dict(CUSTOMER_ARGS, region='VA', iso3166_2='VA')), 'customer: region is given twice'),
    ('192.0.2.0/26', 'and we were unable to convert to dict'),
    (dict(ONE, prefix=None, end_address='192.0.2.63'), 'reassignments[0]: one of the following is required'),
])
def test_item_options_are_checked_like_module_options(monkeypatch, item, message):
    result, failed, made = run(monkeypatch, dict(reassignments=[item]), [])
    assert failed and message in result['msg'], result['msg']
    assert made == []


def test_item_values_are_converted_and_defaulted_like_module_options():
    customer = dict((k, v) for k, v in CUSTOMER_ARGS.items() if k != 'region')
    customer.update(iso3166_2='VA', private='no')
    item = _reassign.check_items([dict(ONE, replace='yes', comments=[42], poc_links=[dict(function='T', handle='P1')]),
                                  dict(TWO, customer=customer)])
    first, second = item[0].params, item[1].params
    assert first['replace'] is True and first['comments'] == ['42'] and first['state'] == 'present'
    assert first['type'] == 'reassign' and first['customer'] is None and first['note'] is None
    assert second['customer']['region'] == 'VA' and second['customer']['private'] is False
    assert 'iso3166_2' not in second['customer']


def test_item_rules_come_from_the_shared_argspec(monkeypatch):
    result, failed, made = run(monkeypatch, dict(reassignments=[dict(ONE, start_address='192.0.2.0')]), [])
    assert failed and 'mutually exclusive' in result['msg'] and made == []


def test_overlap_with_a_registered_net_fails_that_item_only(monkeypatch):
    other = child(0, 25, 1, 'OTHER', org='OTHER-1')
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE], fail_on_error=False), [
        Exchange('GET', LISTING, body=listing(other)),
    ])
    assert not failed
    assert result['summary']['failed'] == 1
    assert 'lies inside' in result['nets'][0]['error'] or 'overlaps' in result['nets'][0]['error']


def test_item_outside_every_parent_is_looked_up_alone(monkeypatch):
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE, TWO], parents=[]), [
        Exchange('GET', '/net/mostSpecificNet/192.0.2.0/192.0.2.63', body=xml('net', DA_INNER)),
        Exchange('GET', TICKETS, body=xml('collection')),
        Exchange('GET', '/net/NET-192-0-2-0-1', body=xml('net', DA_INNER)),
        Exchange('GET', '/net/mostSpecificNet/192.0.2.64/192.0.2.127', status=404,
                 body=xml('error', '<code>E_OBJECT_NOT_FOUND</code>')),
    ], check_mode=True)
    assert failed and result['summary']['created'] == 1 and result['summary']['failed'] == 1
    assert 'no net at ARIN covers 192.0.2.64/26' in result['failed_nets'][0]['error']


def test_pause_is_shared_by_every_worker(monkeypatch):
    clock = {'now': 100.0}
    slept = []
    monkeypatch.setattr('time.time', lambda: clock['now'])

    def sleep(seconds):
        slept.append(seconds)
        clock['now'] += seconds
    monkeypatch.setattr('time.sleep', sleep)
    pause = _reassign.Pause()
    pause.hold(5)
    assert slept == [5]
    clock['now'] -= 3  # another worker arrives while the pause lasts
    pause.wait()
    assert slept == [5, 3]


def test_run_parallel_runs_every_job_on_few_threads():
    seen, lock = set(), threading.Lock()

    def job(number):
        def run():
            with lock:
                seen.add((number, threading.current_thread().name))
        return run
    _reassign.run_parallel([job(number) for number in range(50)], 4)
    assert set(number for number, name in seen) == set(range(50))
    assert len(set(name for number, name in seen)) <= 4


def test_retry_after_pauses_through_the_shared_pause(monkeypatch):
    """A 429 on one net's write holds every worker for the time ARIN asks, then the write is sent again."""
    holds = []
    original = _reassign.Pause.hold

    def hold(self, seconds):
        holds.append(seconds)
        return original(self, seconds)
    monkeypatch.setattr(_reassign.Pause, 'hold', hold)
    busy = xml('error', '<code>E_UNSPECIFIED</code><message>Too many requests.</message>')
    result, failed, made = run(monkeypatch, dict(reassignments=[ONE], retries=1), [
        Exchange('GET', LISTING, body=listing()),
        Exchange('GET', TICKETS, body=xml('collection')),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', status=429, body=busy,
                 headers={'Content-Type': 'application/xml', 'Retry-After': '7'}),
        Exchange('PUT', '/net/NET-192-0-2-0-1/reassign', body=ticketed('<net>%s</net>' % child(0, 26, 1, 'CUST-ONE', org='ONE-1', links=''))),
        Exchange('PUT', '/net/NET-192-0-2-0-1', body=xml('net', ONE_NET)),
    ])
    assert not failed, result
    assert holds == [7.0]
    assert result['summary']['created'] == 1
