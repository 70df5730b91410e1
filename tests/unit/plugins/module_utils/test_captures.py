# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The codec against real Reg-RWS bodies (../shared/reference/captures): every file decodes
with the values ARIN sent, and a GET-modify-PUT round trip keeps what we do not model, at the
top level and inside list items, and sends server-owned dates back as ARIN wrote them."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import os

import pytest

from lxml import etree

from ansible_collections.arin.regrws.plugins.module_utils import _payloads as p
from ansible_collections.arin.regrws.plugins.module_utils._normalize import phone_payload
from ansible_collections.arin.regrws.plugins.module_utils._tickets import in_order


def _captures_dir():
    """../shared/reference/captures seen from the repository (tests may run from a build copy)."""
    here = os.path.dirname(os.path.abspath(__file__))
    while here != os.path.dirname(here):
        candidate = os.path.join(here, '..', 'shared', 'reference', 'captures')
        if os.path.isdir(candidate):
            return os.path.normpath(candidate)
        here = os.path.dirname(here)
    for root in (os.environ.get('ARIN_SHARED'), '/work/shared'):
        if root and os.path.isdir(os.path.join(root, 'reference', 'captures')):
            return os.path.join(root, 'reference', 'captures')
    return None


CAPTURES = _captures_dir()
pytestmark = pytest.mark.skipif(CAPTURES is None, reason='../shared/reference/captures is not available')
FOREIGN = 'urn:example:extension'


def load(name):
    with open(os.path.join(CAPTURES, name), 'rb') as handle:
        return handle.read()


def all_captures():
    if CAPTURES is None:
        return []
    return sorted(name for name in os.listdir(CAPTURES) if name.endswith('.xml'))


# Spot checks: (file, decoded key path, value)
SPOT = {
    'arincli-poc-reg-test-poc.xml': [(('handle',), 'ARIN-HOSTMASTER'), (('registration_date',), '2011-01-25T16:17:18-05:00'),
                                     (('phones', 0, 'type', 'description'), 'DESCRIPTION'),
                                     (('phones', 0, 'extension'), '101'), (('street_address',), ['Line 1'])],
    'arincli-ticket-message.xml': [(('message_id',), 4), (('created_date',), '2012-10-12T11:48:50.281-04:00'),
                                   (('text',), ['pleasee get back to me', 'you bone heads']),
                                   (('attachment_references', 0, 'attachment_id'), '8a8180b13a5597b1013a55a9d42f0007')],
    'arincli-ticket-summary.xml': [(('ticket_no',), '20121012-X1'), (('web_ticket_status',), 'PENDING_REVIEW'),
                                   (('web_ticket_type',), 'QUESTION')],
    'quickstart-customer-content.xml': [(('customer_name',), 'NewCustomer'), (('handle',), ''),
                                        (('private_customer',), False), (('iso3166_1', 'code3'), 'USA')],
    'quickstart-customer-return.xml': [(('handle',), 'C07361391'), (('iso3166_1', 'name'), 'United States'),
                                       (('comment',), ['Line 1'])],
    'quickstart-net-reassign-content.xml': [(('net_name',), 'netname'), (('version',), 6),
                                            (('net_blocks', 0, 'start_address'), '2001:db8::'),
                                            (('net_blocks', 0, 'end_address'), None), (('registration_date',), None)],
    'quickstart-poc-return.xml': [(('handle',), 'DOEJA5-ARIN'), (('phones', 0, 'type', 'code'), 'O'),
                                  (('street_address',), ['111 Test Dr.'])],
    'quickstart-ticketedRequest-return.xml': [(('net', 'net_name'), 'NETNAME'), (('net', 'origin_ases'), []),
                                              (('net', 'poc_links'), []),
                                              (('net', 'net_blocks', 0, 'start_address'), '2001:db8::'),
                                              (('net', 'net_blocks', 0, 'end_address'), '2001:db8:fff:ffff:ffff:ffff:ffff:ffff')],
}


def dig(value, path):
    for step in path:
        value = value[step]
    return value


def test_every_capture_is_spot_checked():
    assert sorted(SPOT) == all_captures()


@pytest.mark.parametrize('name', all_captures())
def test_capture_decodes(name):
    decoded = p.loads(load(name))
    for path, expected in SPOT[name]:
        assert dig(decoded, path) == expected, (name, path)


def with_unknowns(body):
    """The capture with an unknown core element and a foreign one at the top and inside each item."""
    root = p.parse(body)
    etree.SubElement(root, '{%s}futureField' % p.CORE).text = 'top'
    etree.SubElement(root, '{%s}note' % FOREIGN).text = 'foreign top'
    for item in root.iter('{%s}phone' % p.CORE, '{%s}netBlock' % p.CORE, '{%s}attachmentReference' % p.CORE):
        etree.SubElement(item, '{%s}futureField' % p.CORE).text = 'in ' + etree.QName(item).localname
    return root


def unknown_texts(element):
    return sorted(e.text for e in element.iter() if isinstance(e.tag, str)
                  and etree.QName(e).localname in ('futureField', 'note'))


@pytest.mark.parametrize('name', all_captures())
def test_capture_round_trip_keeps_unknown_elements(name):
    root = with_unknowns(load(name))
    decoded = p.decode(root)
    again = p.parse(p.encode(decoded.tag, decoded))
    assert unknown_texts(again) == unknown_texts(root)
    assert p.decode(again) == decoded


def test_modified_list_items_keep_their_unknown_elements():
    root = with_unknowns(load('quickstart-poc-return.xml'))
    poc = p.decode(root)
    data = copy.deepcopy(dict(poc))
    # the module writes phones in its own shape (no description), plus one new phone
    data['phones'] = [phone_payload({'type': 'O', 'number': '+1-555-555-1212', 'extension': '9'}),
                      phone_payload({'type': 'M', 'number': '+1-555-555-0000'})]
    out = p.parse(p.encode('poc', p.Document('poc', data, source=root)))
    phones = out.findall('{%s}phones/{%s}phone' % (p.CORE, p.CORE))
    assert [ph.findtext('{%s}futureField' % p.CORE) for ph in phones] == ['in phone', None]
    assert phones[0].findtext('{%s}extension' % p.CORE) == '9'


def test_net_blocks_keep_unknown_elements_across_a_modify():
    body = load('quickstart-ticketedRequest-return.xml')
    root = with_unknowns(body).find('{%s}net' % p.CORE)
    net = p.decode(root)
    data = dict(net, net_name='RENAMED', comment=['changed'])
    out = p.parse(p.encode('net', p.Document('net', data, source=root)))
    block = out.find('{%s}netBlocks/{%s}netBlock' % (p.CORE, p.CORE))
    assert block.findtext('{%s}futureField' % p.CORE) == 'in netBlock'
    assert out.findtext('{%s}netName' % p.CORE) == 'RENAMED'


def test_dates_go_back_as_arin_wrote_them():
    root = p.parse(load('arincli-poc-reg-test-poc.xml'))
    poc = p.decode(root)
    out = p.parse(p.encode('poc', dict(poc, city='Reston'), base=root))
    assert out.findtext('{%s}registrationDate' % p.CORE) == 'Tue Jan 25 16:17:18 EST 2011'
    iso = p.parse(load('quickstart-poc-return.xml'))
    out = p.parse(p.encode('poc', p.decode(iso), base=iso))
    assert out.findtext('{%s}registrationDate' % p.CORE) == '2019-06-10T11:36:55.136-04:00'


def test_message_order_is_by_date_then_id():
    message = p.loads(load('arincli-ticket-message.xml'))
    older = dict(message, message_id=9, created_date='Fri Oct 12 10:00:00 EDT 2012')
    same_time_lower_id = dict(message, message_id=3)
    # ARIN's order (newest first, IDs with gaps) is not kept: date first, then ID
    ordered = in_order([message, older, same_time_lower_id])
    assert [m['message_id'] for m in ordered] == [9, 3, 4]
