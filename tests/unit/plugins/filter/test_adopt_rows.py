# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The adopt mapping both ways, through the collection's own pieces.

ARIN -> rows: the records come from the real arin_net_info and arin_customer_info run on
scripted answers, the rows are read back by the ipam_export plugin's code, and the reconcile
(arin_net_reassignments with prune under the same parents) runs on them against the same
answers: the script allows the reads only, so any write fails the test.

Rows -> declarations -> rows: an operator's rows become the declarations the playbooks
make of them, what ARIN holds once they are registered is built from those declarations,
and adopting that gives the rows back.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import yaml

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.arin.regrws.plugins.filter.adopt_rows import adopt_rows
from ansible_collections.arin.regrws.plugins.filter.customer_reassignments import customer_reassignments
from ansible_collections.arin.regrws.plugins.inventory.ipam_export import customers_from_rows, read_rows
from ansible_collections.arin.regrws.plugins.module_utils._nets import NetRange
from ansible_collections.arin.regrws.plugins.modules import arin_customer_info, arin_net_info, arin_net_reassignments
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module, xml

V4_PARENT, V6_PARENT = 'NET-192-0-2-0-1', 'NET6-2001-DB8-1'
PARENTS = {V4_PARENT: ('192.0.2.0/24', 'DA', 'EXNET-1'), V6_PARENT: ('2001:db8::/32', 'DA', 'EXNET-1')}
TICKETS = '/ticket/summary;ticketType=ANY;ticketStatus=ANY_OPEN'
ADDRESS = dict(street_address=['12 Sample Road'], city='Anytown', region='VA', postal_code='22000', country='US')


def _lines(tag, values):
    return '<%s>%s</%s>' % (tag, ''.join('<line number="%d">%s</line>' % pair for pair in enumerate(values)), tag)


def net_inner(handle, prefix, net_type='S', name='NET', parent=V4_PARENT, customer=None, org=None, comments=(),
              links=(), end=None):
    rng = NetRange.parse(prefix) if end is None else NetRange.parse(start=prefix, end=end)
    blocks = ''.join('<netBlock><type>%s</type><startAddress>%s</startAddress><endAddress>%s</endAddress>'
                     '<cidrLength>%d</cidrLength></netBlock>' % (net_type, block.network_address,
                                                                 block.broadcast_address, block.prefixlen)
                     for block in rng.blocks)
    return ('<version>%d</version>%s<registrationDate>2026-11-27T10:00:00-05:00</registrationDate>%s'
            '<handle>%s</handle><netBlocks>%s</netBlocks>%s%s<netName>%s</netName><originASes/><pocLinks>%s'
            '</pocLinks>') % (
        rng.version, _lines('comment', comments) if comments else '',
        '<orgHandle>%s</orgHandle>' % org if org else '', handle, blocks,
        '<customerHandle>%s</customerHandle>' % customer if customer else '',
        '<parentNetHandle>%s</parentNetHandle>' % parent if parent else '', name,
        ''.join('<pocLinkRef function="%s" handle="%s" description="x"/>' % link for link in links))


def customer_xml(handle, name, street_address=(), city=None, region=None, postal_code=None, country=None,
                 comments=(), private=False):
    return xml('customer', ''.join([
        '<customerName>%s</customerName>' % name,
        '<iso3166-1><code2>%s</code2></iso3166-1>' % country if country else '',
        '<handle>%s</handle>' % handle,
        _lines('streetAddress', street_address) if street_address else '',
        '<city>%s</city>' % city if city else '',
        '<iso3166-2>%s</iso3166-2>' % region if region else '',
        '<postalCode>%s</postalCode>' % postal_code if postal_code else '',
        _lines('comment', comments) if comments else '',
        '<parentOrgHandle>EXNET-1</parentOrgHandle><registrationDate>2026-11-27T10:00:00-05:00</registrationDate>',
        '<privateCustomer>%s</privateCustomer>' % ('true' if private else 'false'),
    ]))


def parent_inner(handle):
    prefix, kind, org = PARENTS[handle]
    return net_inner(handle, prefix, kind, handle.replace('NET6-', 'EXNET-V6-').replace('NET-', 'EXNET-V4-'),
                     parent=None, org=org)


def listing_path(handle):
    rng = NetRange.parse(PARENTS[handle][0])
    return '/net/netsByIpRange/%s/%s' % (rng.start, rng.end)


def listing(handle, inners):
    body = ''.join('<net>%s</net>' % inner for inner in [parent_inner(handle)] + list(inners))
    return Exchange('GET', listing_path(handle), body=xml('collection', body))


class Registry(object):
    """What ARIN holds: nets under the two parents and customer records, as scripted answers."""

    def __init__(self):
        self.children = {V4_PARENT: [], V6_PARENT: []}
        self.customers = {}

    def net(self, parent, *args, **kwargs):
        self.children[parent].append(net_inner(*args, parent=parent, **kwargs))

    def customer(self, handle, name, **fields):
        self.customers[handle] = customer_xml(handle, name, **fields)

    def listings(self):
        return [listing(parent, self.children[parent]) for parent in (V4_PARENT, V6_PARENT)]

    def customer_reads(self, handles):
        return [Exchange('GET', '/customer/%s' % handle, body=self.customers[handle]) if handle in self.customers
                else Exchange('GET', '/customer/%s' % handle, status=404, body=xml(
                    'error', '<code>E_OBJECT_NOT_FOUND</code><message>Customer %s was not found.</message>' % handle))
                for handle in handles]


def adopt(monkeypatch, registry, tickets=(), full_tickets=(), unreadable=()):
    """The reads of playbooks/adopt_existing.yml, each module on its scripted answers; then the filter."""
    held, failed, made = run_module(monkeypatch, arin_net_info, dict(parents=[V4_PARENT, '2001:db8::/32']), [
        Exchange('GET', '/net/%s' % V4_PARENT, body=xml('net', parent_inner(V4_PARENT))),
    ] + registry.listings() + [
        Exchange('GET', TICKETS, body=xml('collection', ''.join('<ticket>%s</ticket>' % t for t in tickets))),
    ] + [Exchange('GET', '/ticket/%s' % number, body=xml('ticket', body)) for number, body in full_tickets],
        check_mode=True)
    assert not failed, held
    handles = sorted(set(net['customer_handle'] for net in held['nets'] if net['customer_handle']))
    reads = []
    for exchange in registry.customer_reads(handles):
        if exchange.path.rsplit('/', 1)[1] in unreadable:
            exchange = Exchange('GET', exchange.path, status=401, body=xml(
                'error', '<code>E_AUTHENTICATION</code><message>Not authorized.</message>'))
        reads.append(exchange)
    found, failed, made = run_module(monkeypatch, arin_customer_info, dict(
        handles=handles, missing='skip', unreadable='skip'), reads, check_mode=True)
    assert not failed, found
    return adopt_rows(held['nets'], parents=held['parents'], customers=found['customers'],
                      missing_customers=found['missing'], unreadable_customers=found['unreadable'],
                      tickets=held['tickets'], path='adopted.yml')


def load(tmp_path, text, parents=()):
    """The hosts the ipam_export plugin makes of the file."""
    path = tmp_path / 'adopted.yml'
    path.write_text(text)
    rows = read_rows(str(path), 'yaml')
    return customers_from_rows([('item %d' % (index + 1), row) for index, row in enumerate(rows)], parents)


def declarations(hosts):
    """The items reconcile_customers.yml hands to arin_net_reassignments, host by host."""
    return [item for name in sorted(hosts) for item in customer_reassignments(
        hosts[name]['customer_onboarding_nets'], hosts[name]['customer_onboarding_customer'],
        hosts[name]['customer_onboarding_org_handle'])]


def seeded():
    registry = Registry()
    registry.net(V4_PARENT, 'NET-192-0-2-0-1A', '192.0.2.0/28', name='BAKERY-1', customer='C00000001',
                 comments=['Head office', 'Floor 2'], links=[('AB', 'ABUSE1-ARIN'), ('N', 'NOC1-ARIN')])
    registry.net(V4_PARENT, 'NET-192-0-2-16-1', '192.0.2.16/28', name='BAKERY-2', customer='C00000002')
    registry.net(V4_PARENT, 'NET-192-0-2-32-1', '192.0.2.32/28', name='BAKERY-OLD', customer='C00000003')
    registry.net(V4_PARENT, 'NET-192-0-2-48-1', '192.0.2.48/28', name='FLORIST', customer='C00000004')
    registry.net(V4_PARENT, 'NET-192-0-2-64-1', '192.0.2.64/27', name='WIDGETS-V4', org='WIDGETS-1',
                 links=[('T', 'WIDGET1-ARIN')])
    registry.net(V4_PARENT, 'NET-192-0-2-128-1', '192.0.2.128/25', 'A', name='WIDGETS-POOL', org='WIDGETS-1')
    # Registered by the downstream org under its reallocation: neither listed nor pruned.
    registry.children[V4_PARENT].append(net_inner('NET-192-0-2-128-2', '192.0.2.128/26', name='DOWNSTREAM',
                                                  parent='NET-192-0-2-128-1', org='WIDGETS-1'))
    # A customer whose name makes the org's host name: the one that sorts second gets a host of its own.
    registry.net(V4_PARENT, 'NET-192-0-2-96-1', '192.0.2.96/28', name='W-ONE', customer='C00000006')
    registry.net(V6_PARENT, 'NET6-2001-DB8-1000-1', '2001:db8:1000::/48', name='BAKERY-V6', customer='C00000005')
    registry.customer('C00000006', 'Widgets 1', street_address=['1 Main St'], city='Ottawa', region='ON',
                      postal_code='K1A 0B1', country='CA')
    registry.customer('C00000001', 'Example Bakery', **ADDRESS)
    registry.customer('C00000002', 'Example Bakery', **ADDRESS)
    old_address = dict(ADDRESS)
    old_address['city'] = 'Oldtown'
    registry.customer('C00000003', 'Example Bakery', **old_address)
    registry.customer('C00000004', 'Example Florist', street_address=['7 Garden Lane', 'Unit 2'], city='Springfield',
                      region='VA', postal_code='22150', country='US', private=True, comments=['Since 2019'])
    registry.customer('C00000005', 'Example Bakery', **ADDRESS)
    return registry


@pytest.mark.parametrize('check_mode', [False, True])
def test_what_arin_holds_reconciles_with_no_write_and_prunes_nothing(monkeypatch, tmp_path, check_mode):
    registry = seeded()
    adopted = adopt(monkeypatch, registry)
    assert (adopted['rows'], adopted['hosts'], adopted['commented'], adopted['notes']) == (8, 5, 0, [])
    hosts = load(tmp_path, adopted['text'], parents=[V4_PARENT, V6_PARENT])
    assert sorted(hosts) == ['example_bakery', 'example_bakery_2', 'example_florist', 'widgets_1', 'widgets_1_2']
    assert hosts['widgets_1']['customer_onboarding_customer']['name'] == 'Widgets 1'
    assert hosts['widgets_1_2']['customer_onboarding_org_handle'] == 'WIDGETS-1'
    items = declarations(hosts)
    # One listing per parent, the customer of each simple reassignment: no other request, and no write.
    reads = [Exchange('GET', '/net/%s' % V4_PARENT, body=xml('net', parent_inner(V4_PARENT))), registry.listings()[0],
             Exchange('GET', '/net/%s' % V6_PARENT, body=xml('net', parent_inner(V6_PARENT))), registry.listings()[1]]
    reads += registry.customer_reads(['C00000001', 'C00000002', 'C00000005', 'C00000003', 'C00000004', 'C00000006'])
    result, failed, made = run_module(monkeypatch, arin_net_reassignments, dict(
        reassignments=items, parents=[V4_PARENT, V6_PARENT], prune=True, prune_limit=0, concurrency=1),
        reads, check_mode=check_mode)
    assert not failed, result
    assert result['changed'] is False
    assert result['summary'] == dict(created=0, updated=0, removed=0, unchanged=8, ticket=0, failed=0)


def test_rows_read_as_a_person_expects(monkeypatch, tmp_path):
    text = adopt(monkeypatch, seeded())['text']
    rows = yaml.safe_load(text)
    assert rows[0] == dict(customer='Example Bakery', prefix='192.0.2.0/28', net_name='BAKERY-1',
                           parent_net_handle=V4_PARENT, comments=['Head office', 'Floor 2'], abuse_poc='ABUSE1-ARIN',
                           noc_poc='NOC1-ARIN', **ADDRESS)
    assert list(rows[0]) == ['customer', 'prefix', 'net_name', 'parent_net_handle', 'comments', 'abuse_poc',
                             'noc_poc', 'street_address', 'city', 'region', 'postal_code', 'country']
    # Postal codes stay text; an IPv6 prefix is one scalar.
    assert "postal_code: '22000'" in text and 'prefix: 2001:db8:1000::/48' in text
    bakery2 = [row for row in rows if row.get('host') == 'example_bakery_2']
    assert [(row['prefix'], row['city']) for row in bakery2] == [('192.0.2.32/28', 'Oldtown')]
    florist = [row for row in rows if row.get('customer') == 'Example Florist'][0]
    assert florist['private'] is True and florist['customer_comments'] == ['Since 2019']
    pool = [row for row in rows if row['prefix'] == '192.0.2.128/25'][0]
    assert pool == dict(host='widgets_1_2', org_handle='WIDGETS-1', prefix='192.0.2.128/25', net_name='WIDGETS-POOL', type='reallocate',
                        parent_net_handle=V4_PARENT)
    assert '192.0.2.128/26' not in text
    assert '# example_bakery: customer Example Bakery (C00000001, C00000002, C00000005)' in text
    assert '# widgets_1_2: org WIDGETS-1' in text
    assert [row['prefix'] for row in rows if row.get('host') == 'widgets_1_2'] == ['192.0.2.64/27', '192.0.2.128/25']
    # The header's inventory config is one to use as it stands.
    config = yaml.safe_load('\n'.join(line[4:] for line in text.splitlines() if line.startswith('#   ')))
    assert config == {'plugin': 'arin.regrws.ipam_export', 'path': 'adopted.yml',
                      'parents': ['192.0.2.0/24', '2001:db8::/32']}


def test_what_cannot_be_a_row_is_a_comment_that_says_why(monkeypatch, tmp_path):
    registry = Registry()
    registry.net(V4_PARENT, 'NET-192-0-2-0-1A', '192.0.2.0/28', name='KEPT', customer='C00000001')
    registry.net(V4_PARENT, 'NET-192-0-2-16-1', '192.0.2.16/28', name='HIDDEN', customer='C00000002')
    registry.net(V4_PARENT, 'NET-192-0-2-32-1', '192.0.2.32/28', name='GONE', customer='C00000003')
    registry.net(V4_PARENT, 'NET-192-0-2-64-1', '192.0.2.64/27', 'A', name='LEAVING', org='WIDGETS-1')
    registry.net(V4_PARENT, 'NET-192-0-2-96-1', '192.0.2.96/28', name='TWO-TECHS', org='WIDGETS-1',
                 links=[('T', 'WIDGET1-ARIN'), ('T', 'NOC1-ARIN')])
    registry.net(V4_PARENT, 'NET-192-0-2-160-1', '192.0.2.160', name='ODD-RANGE', org='WIDGETS-1',
                 end='192.0.2.223')
    registry.net(V6_PARENT, 'NET6-2001-DB8-1-1', '2001:db8:1::/72', name='TOO-SMALL', customer='C00000001')
    registry.customer('C00000001', 'Example Bakery', **ADDRESS)
    registry.customer('C00000002', 'Example Hidden', **ADDRESS)
    tickets = ('<ticketNo>20261127-X4</ticketNo><webTicketType>NET_DELETE_REQUEST</webTicketType>'
               '<webTicketStatus>IN_PROGRESS</webTicketStatus>',
               '<ticketNo>20261127-X5</ticketNo><webTicketType>IPV4_SIMPLE_REASSIGN</webTicketType>'
               '<webTicketStatus>PENDING_REVIEW</webTicketStatus>',
               '<ticketNo>20261127-X6</ticketNo><webTicketType>IPV4_REALLOCATE</webTicketType>'
               '<webTicketStatus>PENDING_REVIEW</webTicketStatus>')
    full = [(number, inner + ('<messages><message><subject>x</subject>%s</message></messages>' % _lines('text', [line])
                              if line else ''))
            for (number, line), inner in zip((('20261127-X4', 'Net NET-192-0-2-64-1'),
                                              ('20261127-X5', 'Range 192.0.2.224 - 192.0.2.255'),
                                              ('20261127-X6', None)), tickets)]
    adopted = adopt(monkeypatch, registry, tickets=tickets, full_tickets=full, unreadable=['C00000002'])
    text = adopted['text']
    assert (adopted['rows'], adopted['commented']) == (1, 6), text
    for expected in (
            '# 192.0.2.16/28 (NET-192-0-2-16-1): its customer C00000002 cannot be read: the key has no authority over'
            ' it (HTTP 401); add the customer and its address to the row',
            '# 192.0.2.32/28 (NET-192-0-2-32-1): its customer C00000003 cannot be read: ARIN does not know it'
            ' (HTTP 404)',
            '# 192.0.2.64/27 (NET-192-0-2-64-1): ARIN is removing it under ticket 20261127-X4 (NET_DELETE_REQUEST,'
            ' IN_PROGRESS); a row would register it again once the removal is done',
            '# 192.0.2.96/28 (NET-192-0-2-96-1): it has 2 tech_poc links (NOC1-ARIN, WIDGET1-ARIN); a row holds one',
            '# 192.0.2.160-192.0.2.223 (NET-192-0-2-160-1): it covers 192.0.2.160-192.0.2.223, which is not one'
            ' prefix (192.0.2.160/27, 192.0.2.192/27)',
            '# 2001:db8:1::/72 (NET6-2001-DB8-1-1): the collection refuses its row: 2001:db8:1::/72: an IPv6 simple'
            ' reassignment cannot be smaller than a /64',
            '# 192.0.2.224/27: requested in ticket 20261127-X5 (IPV4_SIMPLE_REASSIGN, PENDING_REVIEW) and not'
            ' registered yet',
            '# ticket 20261127-X6 (IPV4_REALLOCATE, PENDING_REVIEW) names no range or net'):
        assert expected in text, text
    assert len(adopted['notes']) == 8
    # Each net left out follows as its row, commented out, ready to complete.
    assert '# - prefix: 192.0.2.16/28\n#   net_name: HIDDEN\n#   parent_net_handle: NET-192-0-2-0-1\n' in text
    assert '# - org_handle: WIDGETS-1\n#   prefix: 192.0.2.64/27\n#   net_name: LEAVING\n#   type: reallocate\n' in text
    # The plugin reads only the rows.
    hosts = load(tmp_path, text)
    assert [net['prefix'] for host in hosts.values() for net in host['customer_onboarding_nets']] == ['192.0.2.0/28']


def test_nothing_under_the_parents_is_an_empty_list(monkeypatch, tmp_path):
    adopted = adopt(monkeypatch, Registry())
    assert (adopted['rows'], adopted['hosts'], adopted['commented']) == (0, 0, 0)
    assert '# 0 net(s) in 0 host(s).' in adopted['text']
    assert load(tmp_path, adopted['text']) == {}


OPERATOR_ROWS = [
    dict(customer='Example Bakery', prefix='192.0.2.0/28', net_name='BAKERY-1', comments=['Head office'],
         abuse_poc='ABUSE1-ARIN', **ADDRESS),
    dict(customer='Example Bakery', prefix='2001:db8:1000::/48', net_name='BAKERY-V6', **ADDRESS),
    dict(customer='Example Reseller', prefix='192.0.2.16/28', net_name='W-ONE', street_address=['1 Main St'],
         city='Ottawa', region='ON', postal_code='K1A 0B1', country='CA', private=True,
         customer_comments=['Reseller']),
    dict(org_handle='WIDGETS-1', prefix='192.0.2.64/27', net_name='WIDGETS-V4', tech_poc='WIDGET1-ARIN',
         noc_poc='NOC1-ARIN'),
    dict(org_handle='WIDGETS-1', prefix='192.0.2.128/25', net_name='WIDGETS-POOL', type='reallocate'),
]


def registered(items):
    """What ARIN holds once ``items`` are registered under the two parents (handles in order)."""
    registry = Registry()
    for number, item in enumerate(items, 1):
        rng = NetRange.parse(item['prefix'])
        parent = V4_PARENT if rng.version == 4 else V6_PARENT
        handle = 'NET-TEST-%d' % number
        customer = None
        if item.get('customer'):
            customer = 'C%08d' % number
            given = dict(item['customer'])
            registry.customer(customer, given.pop('name'), **given)
        registry.net(parent, handle, item['prefix'], 'A' if item['type'] == 'reallocate' else 'S',
                     name=item['net_name'].upper(), customer=customer, org=item.get('org_handle'),
                     comments=item['comments'] or (),
                     links=[(link['function'], link['handle']) for link in item['poc_links'] or []])
    return registry


def test_rows_to_declarations_to_rows(monkeypatch, tmp_path):
    path = tmp_path / 'rows.yml'
    path.write_text(yaml.safe_dump(OPERATOR_ROWS))
    hosts = customers_from_rows([('item %d' % index, row) for index, row in enumerate(read_rows(str(path), 'yaml'))])
    adopted = adopt(monkeypatch, registered(declarations(hosts)))
    again = yaml.safe_load(adopted['text'])
    expected = [dict(row, parent_net_handle=V4_PARENT if ':' not in row['prefix'] else V6_PARENT)
                for row in OPERATOR_ROWS]
    assert sorted(again, key=lambda row: row['prefix']) == sorted(expected, key=lambda row: row['prefix'])
    assert declarations(load(tmp_path, adopted['text'])) == [
        dict(item, parent_net_handle=V4_PARENT if ':' not in item['prefix'] else V6_PARENT)
        for item in declarations(hosts)]


def test_the_input_must_be_the_net_list():
    with pytest.raises(AnsibleFilterError, match='expected the list of nets'):
        adopt_rows({'nets': []})
