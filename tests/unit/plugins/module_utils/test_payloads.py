# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import shutil
import subprocess

import pytest

from lxml import etree

from ansible_collections.arin.regrws.plugins.module_utils import _payloads as p

CORE = p.CORE
HEAD = '<?xml version="1.0" encoding="UTF-8"?>'


def doc(tag, inner, extra_ns=''):
    return ('%s<%s xmlns="%s"%s>%s</%s>' % (HEAD, tag, CORE, extra_ns, inner, tag)).encode('utf-8')


# One sample of every payload, as ARIN might send it, and the dict it decodes to (subset).
SAMPLES = {
    'poc': (doc('poc', '<handle>NOC1-ARIN</handle><contactType>ROLE</contactType><lastName>NOC</lastName>'
                       '<emails><email>noc@example.net</email></emails><iso3166-1><code2>US</code2></iso3166-1>'
                       '<phones><phone><type><code>O</code></type><number>+1-555-555-0100</number>'
                       '<extension>7</extension></phone></phones>'),
            {'handle': 'NOC1-ARIN', 'emails': ['noc@example.net'], 'iso3166_1': {'code2': 'US', 'code3': None,
                                                                                 'name': None, 'e164': None}}),
    'phone': (doc('phone', '<number>+1-555-555-0100</number><type><code>F</code><description>FAX</description></type>'),
              {'number': '+1-555-555-0100', 'type': {'code': 'F', 'description': 'FAX'}, 'extension': None}),
    'org': (doc('org', '<handle>EXNET-1</handle><orgName>Example</orgName><acceptReassignments>true</acceptReassignments>'
                       '<pocLinks><pocLinkRef function="AD" handle="ADMIN1-ARIN" description="Admin"/></pocLinks>'),
            {'accept_reassignments': True,
             'poc_links': [{'function': 'AD', 'handle': 'ADMIN1-ARIN', 'description': 'Admin'}]}),
    'customer': (doc('customer', '<customerName>Widgets</customerName><privateCustomer>false</privateCustomer>'
                                 '<handle>C00000001</handle>'),
                 {'customer_name': 'Widgets', 'private_customer': False, 'handle': 'C00000001'}),
    'net': (doc('net', '<version>4</version><handle>NET-192-0-2-64-1</handle><netBlocks><netBlock><type>S</type>'
                       '<startAddress>192.000.002.064</startAddress><endAddress>192.000.002.127</endAddress>'
                       '<cidrLength>26</cidrLength></netBlock></netBlocks><originASes/><pocLinks/>'),
            {'version': 4, 'origin_ases': [], 'poc_links': [],
             'net_blocks': [{'type': 'S', 'description': None, 'start_address': '192.0.2.64',
                             'end_address': '192.0.2.127', 'cidr_length': 26}]}),
    'netBlock': (doc('netBlock', '<startAddress>2001:0DB8:0000:0000:0000:0000:0000:0000</startAddress>'
                                 '<cidrLength>48</cidrLength>'),
                 {'start_address': '2001:db8::', 'cidr_length': 48}),
    'pocLinkRef': (doc('pocLinkRef', '').replace(b'></pocLinkRef>', b' function="T" handle="NOC1-ARIN"/>'),
                   {'function': 'T', 'handle': 'NOC1-ARIN', 'description': None}),
    'ticket': (doc('ticket', '<ticketNo>20240115-X17</ticketNo><ns4:shared>false</ns4:shared>'
                             '<ns4:orgHandle>EXNET-1</ns4:orgHandle><createdDate>Mon Nov 07 14:04:28 EST 2011</createdDate>'
                             '<webTicketStatus>RESOLVED</webTicketStatus>'
                             '<messageReferences><messageReference><messageId>2</messageId><attachmentReferences>'
                             '<attachmentReference><attachmentFilename>a.pdf</attachmentFilename>'
                             '<attachmentId>3f2a</attachmentId></attachmentReference></attachmentReferences>'
                             '</messageReference></messageReferences>',
                   ' xmlns:ns4="%s"' % p.SHARED),
               {'ticket_no': '20240115-X17', 'shared': False, 'org_handle': 'EXNET-1',
                'created_date': '2011-11-07T14:04:28-05:00', 'messages': None,
                'message_references': [{'message_id': 2, 'attachment_references': [
                    {'attachment_filename': 'a.pdf', 'attachment_id': '3f2a'}]}]}),
    'ticketedRequest': (doc('ticketedRequest', '<net><handle>NET6-2001-DB8-1</handle></net>'),
                        {'ticket': None}),
    'message': (doc('message', '<ns2:messageId>3</ns2:messageId><ns2:createdDate>2012-10-12T11:39:36.724-04:00'
                               '</ns2:createdDate><subject>Hi</subject><text><line number="1">two</line>'
                               '<line number="0">one</line></text><category>NONE</category><attachments><attachment>'
                               '<data>SGk=</data><filename>hi.txt</filename></attachment></attachments>',
                    ' xmlns:ns2="%s"' % p.MESSAGES),
                {'message_id': 3, 'created_date': '2012-10-12T11:39:36.724-04:00', 'text': ['one', 'two'],
                 'attachments': [{'data': 'SGk=', 'filename': 'hi.txt'}], 'attachment_references': None}),
    'messageReference': (doc('messageReference', '<messageId>4</messageId>'),
                         {'message_id': 4, 'attachment_references': None}),
    'attachment': (doc('attachment', '<data>AAE=</data><filename>b.bin</filename>'), {'data': 'AAE='}),
    'attachmentReference': (doc('attachmentReference', '<attachmentId>ab</attachmentId>'
                                                       '<attachmentFilename>x</attachmentFilename>'),
                            {'attachment_id': 'ab', 'attachment_filename': 'x'}),
    'error': (doc('error', '<code>E_ENTITY_VALIDATION</code><message>Bad.</message><components><component>'
                           '<name>netName</name><message>Only letters.</message></component></components>'
                           '<additionalInfo><message>See docs.</message></additionalInfo>'),
              {'code': 'E_ENTITY_VALIDATION', 'components': [{'name': 'netName', 'message': 'Only letters.'}],
               'additional_info': ['See docs.']}),
    'iso3166-1': (doc('iso3166-1', '<code3>CAN</code3><e164>1</e164>'), {'code3': 'CAN', 'e164': '1'}),
}


@pytest.mark.parametrize('tag', sorted(SAMPLES))
def test_decode_and_round_trip_every_payload(tag):
    body, expected = SAMPLES[tag]
    decoded = p.loads(body)
    for key, value in expected.items():
        assert decoded[key] == value, key
    again = p.loads(p.encode(tag, decoded))
    assert dict(again) == dict(decoded)


def test_every_payload_has_a_sample():
    assert sorted(SAMPLES) == sorted(p.PAYLOADS)


def test_child_order_does_not_matter():
    one = p.loads(doc('customer', '<customerName>A</customerName><city>B</city><handle>C1</handle>'))
    two = p.loads(doc('customer', '<handle>C1</handle><city>B</city><customerName>A</customerName>'))
    assert dict(one) == dict(two)


def test_namespace_prefixes_do_not_matter():
    body = ('<x:poc xmlns:x="%s"><x:handle>P1-ARIN</x:handle><x:emails><x:email>a@example.net</x:email>'
            '</x:emails></x:poc>' % CORE).encode()
    assert p.loads(body)['emails'] == ['a@example.net']


def test_empty_wrappers_are_empty_lists_and_absent_ones_none():
    net = p.loads(doc('net', '<pocLinks/><originASes/>'))
    assert net['poc_links'] == [] and net['origin_ases'] == []
    assert net['net_blocks'] is None and net['comment'] is None
    error = p.loads(doc('error', '<components/><additionalInfo/>'))
    assert error['components'] == [] and error['additional_info'] == []


def test_collection_decodes_to_a_list():
    body = doc('collection', '<phone><number>1</number></phone><phone><number>2</number></phone>')
    assert [item['number'] for item in p.loads(body)] == ['1', '2']
    assert p.loads(doc('collection', '')) == []


@pytest.mark.parametrize('text, expected', [
    ('192.000.002.064', '192.0.2.64'),
    ('010.000.000.001', '10.0.0.1'),
    ('2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'),
    ('2001:db8::', '2001:db8::'),
    ('not-an-address', 'not-an-address'),
])
def test_addresses(text, expected):
    assert p.parse_address(text) == expected


@pytest.mark.parametrize('text, expected', [
    ('Mon Nov 07 14:04:28 EST 2011', '2011-11-07T14:04:28-05:00'),
    ('Tue Jun 04 09:05:01 EDT 2024', '2024-06-04T09:05:01-04:00'),
    ('2019-06-12T09:22:58-04:00', '2019-06-12T09:22:58-04:00'),
    ('2012-10-12T11:39:36.724-04:00', '2012-10-12T11:39:36.724-04:00'),
])
def test_both_date_forms(text, expected):
    assert p.parse_date(text) == expected


def test_unknown_elements_survive_a_round_trip():
    body = doc('poc', '<handle>P1-ARIN</handle><lastModified>2026-01-01T00:00:00Z</lastModified>'
                      '<futureThing xmlns="urn:example:future"><deep>kept</deep></futureThing>'
                      '<iso3166-1><code2>US</code2><futureCode xmlns="urn:example:future">X</futureCode></iso3166-1>')
    decoded = p.loads(body)
    decoded['city'] = 'Anytown'
    root = etree.fromstring(p.encode('poc', decoded))
    assert root.find('{urn:example:future}futureThing/{urn:example:future}deep').text == 'kept'
    assert root.find('{%s}iso3166-1/{urn:example:future}futureCode' % CORE).text == 'X'
    assert root.find('{%s}city' % CORE).text == 'Anytown'
    assert len(root.findall('{%s}handle' % CORE)) == 1


def test_empty_names_are_never_sent():
    """ARIN refuses a ROLE POC sent back with empty firstName or middleName elements (an immutable change)."""
    role = p.loads(doc('poc', '<handle>NOC1-ARIN</handle><contactType>ROLE</contactType><firstName/>'
                              '<middleName> </middleName><lastName>NOC</lastName>'))
    assert role['first_name'] == '' and role['middle_name'] == ''
    root = etree.fromstring(p.encode('poc', role))
    assert root.find('{%s}firstName' % CORE) is None and root.find('{%s}middleName' % CORE) is None
    assert root.find('{%s}lastName' % CORE).text == 'NOC'
    assert etree.fromstring(p.encode('poc', {'first_name': '', 'last_name': 'NOC'})).find('{%s}firstName' % CORE) is None
    person = etree.fromstring(p.encode('poc', {'first_name': 'Alex', 'middle_name': 'J', 'last_name': 'Admin'}))
    assert [person.find('{%s}%s' % (CORE, name)).text for name in ('firstName', 'middleName', 'lastName')] == \
        ['Alex', 'J', 'Admin']


def test_a_ticket_sent_back_keeps_the_subjects_of_its_message_references():
    """OT&E takes a ticket whose references carry messageId and subject (Modify Ticket): a round trip keeps both."""
    body = doc('ticket', '<ticketNo>20240115-X17</ticketNo><webTicketStatus>RESOLVED</webTicketStatus>'
                         '<messageReferences><messageReference><messageId>4</messageId><subject>Re: question</subject>'
                         '</messageReference></messageReferences>')
    ticket = p.loads(body)
    ticket['web_ticket_status'] = 'CLOSED'
    ref = etree.fromstring(p.encode('ticket', ticket)).find('{%s}messageReferences/{%s}messageReference' % (CORE, CORE))
    assert ref.find('{%s}messageId' % CORE).text == '4'
    assert ref.find('{%s}subject' % CORE).text == 'Re: question'


def test_encode_uses_core_default_namespace_and_message_namespaces():
    body = p.encode('message', {'message_id': 1, 'subject': 'S', 'text': ['a', 'b'], 'category': 'NONE'})
    root = etree.fromstring(body)
    assert root.nsmap[None] == CORE
    assert root.find('{%s}messageId' % p.MESSAGES).text == '1'
    assert [line.get('number') for line in root.iter('{%s}line' % CORE)] == ['0', '1']
    assert p.encode('ticket', {'shared': True}).count(p.SHARED.encode()) == 1


@pytest.mark.parametrize('body, message', [
    (b'<!DOCTYPE poc [<!ENTITY x SYSTEM "file:///etc/passwd">]><poc xmlns="%s"><city>&x;</city></poc>'
     % CORE.encode(), 'DOCTYPE'),
    (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
     b'<poc xmlns="http://www.arin.net/regrws/core/v1"><city>&lol2;</city></poc>', 'DOCTYPE'),
    (b'<poc xmlns="http://www.arin.net/regrws/core/v1"><city>cut', 'not well-formed'),
    (b'<html><body>Bad gateway</body></html>', 'core namespace'),
    (b'', 'empty body'),
])
def test_hostile_or_broken_bodies_are_refused(body, message):
    with pytest.raises(p.PayloadError) as caught:
        p.loads(body)
    assert message in str(caught.value)


# -- ARIN's own schemas ---------------------------------------------------------

SCHEMAS = os.environ.get('ARIN_SCHEMAS', '')
ROOT_SCHEMA = {
    'poc': 'PocPayload', 'phone': 'PhonePayload', 'org': 'OrgPayload', 'customer': 'CustomerPayload',
    'net': 'NetPayload', 'ticket': 'TicketPayload', 'message': 'MessagePayload',
}


@pytest.fixture(scope='module')
def schemas(tmp_path_factory):
    if not SCHEMAS or not os.path.isdir(SCHEMAS):
        pytest.skip('ARIN_SCHEMAS does not name a folder of ARIN RELAX NG schemas (../shared is absent); '
                    'schema validation of encoded bodies is not possible here')
    if shutil.which('trang') is None:
        pytest.skip('trang is not installed (apt-get install trang), so ARIN schemas cannot be converted')
    out = tmp_path_factory.mktemp('rng')
    loaded = {}
    for tag, name in ROOT_SCHEMA.items():
        target = out / name
        target.mkdir()
        subprocess.check_call(['trang', '-I', 'rnc', '-O', 'rng', os.path.join(SCHEMAS, name + '.rnc'),
                               str(target / (name + '.rng'))])
        loaded[tag] = etree.RelaxNG(file=str(target / (name + '.rng')))
    return loaded


@pytest.mark.parametrize('tag', sorted(ROOT_SCHEMA))
def test_encoded_bodies_are_valid_for_arins_schemas(schemas, tag):
    body, dummy = SAMPLES[tag]
    root = etree.fromstring(p.encode(tag, p.loads(body)))
    # ARIN documents acceptReassignments today, but its published schema predates it.
    for late in root.findall('{%s}acceptReassignments' % CORE):
        root.remove(late)
    schema = schemas[tag]
    assert schema.validate(root), schema.error_log


# -- reverse DNS delegations ------------------------------------------------------

SAMPLES.update({
    'delegation': (doc('delegation', '<delegationKeys><delegationKey><algorithm name="ECDSA">13</algorithm>'
                                     '<digest>0DC99D4B</digest><ns2:ttl>86400</ns2:ttl><digestType name="SHA-256">2'
                                     '</digestType><keyTag>264</keyTag></delegationKey></delegationKeys>'
                                     '<name>0.76.in-addr.arpa.</name><nameservers>'
                                     '<nameserver ns2:ttl="86400">NS1.EXAMPLE.NET</nameserver></nameservers>',
                       ' xmlns:ns2="%s"' % p.TTL),
                   {'name': '0.76.in-addr.arpa.', 'nameservers': ['NS1.EXAMPLE.NET'],
                    'delegation_keys': [{'algorithm': 13, 'digest': '0DC99D4B', 'ttl': 86400, 'digest_type': 2,
                                         'key_tag': 264}]}),
    'delegationKey': (doc('delegationKey', '<algorithm>8</algorithm><digestType>1</digestType><keyTag>7</keyTag>'),
                      {'algorithm': 8, 'digest_type': 1, 'key_tag': 7, 'digest': None}),
})
ROOT_SCHEMA['delegation'] = 'DelegationPayload'


def test_a_delegation_sent_for_modify_is_valid_for_arins_schema(schemas):
    body = p.encode('delegation', {'name': '2.0.192.in-addr.arpa.', 'nameservers': ['NS1.EXAMPLE.NET'],
                                   'delegation_keys': [{'algorithm': 13, 'digest': 'AB' * 32, 'digest_type': 2,
                                                        'key_tag': 2371}]})
    assert schemas['delegation'].validate(etree.fromstring(body)), schemas['delegation'].error_log


def test_a_delegation_sent_back_keeps_arins_attributes():
    """The TTLs and the names ARIN gives algorithm and digest type go back as read (a Modify keeps them)."""
    body, dummy = SAMPLES['delegation']
    read = p.loads(body.replace(b'ns2:ttl="86400">NS1', b'ns2:ttl="3600">NS1'))
    read['nameservers'] = ['ns1.example.net.', 'NS2.EXAMPLE.NET']  # a spelling of the same host, and a new one
    root = etree.fromstring(p.encode('delegation', read))
    ttl = '{%s}ttl' % p.TTL
    servers = root.findall('{%s}nameservers/{%s}nameserver' % (CORE, CORE))
    assert [(ns.text, ns.get(ttl)) for ns in servers] == [('ns1.example.net.', '3600'), ('NS2.EXAMPLE.NET', None)]
    key = root.find('{%s}delegationKeys/{%s}delegationKey' % (CORE, CORE))
    assert key.find('{%s}algorithm' % CORE).get('name') == 'ECDSA'
    assert key.find('{%s}digestType' % CORE).get('name') == 'SHA-256'
    assert key.find(ttl).text == '86400'
    # A DS record with another algorithm is another record: nothing of ARIN's goes with it.
    read['delegation_keys'][0]['algorithm'] = 8
    key = etree.fromstring(p.encode('delegation', read)).find('{%s}delegationKeys/{%s}delegationKey' % (CORE, CORE))
    assert key.find('{%s}algorithm' % CORE).get('name') is None
    assert key.find('{%s}digestType' % CORE).get('name') is None


# -- hosted RPKI (rpki/v1) ---------------------------------------------------------


def rpki(tag, inner):
    return ('%s<%s xmlns="%s">%s</%s>' % (HEAD, tag, p.RPKI, inner, tag)).encode('utf-8')


SAMPLES.update({
    # as ARIN lists a ROA: one bare resources element per prefix, IPv4 zero-padded
    'roaSpec': (rpki('roaSpec', '<asNumber>64500</asNumber><name>EDGE</name>'
                                '<notValidBefore>2026-12-04T00:00:00-05:00</notValidBefore><resources>'
                                '<cidrLength>24</cidrLength><endAddress>198.051.100.255</endAddress>'
                                '<ipVersion>4</ipVersion><maxLength>24</maxLength><startAddress>198.051.100.000'
                                '</startAddress><autoLinked>true</autoLinked></resources><resources><cidrLength>32'
                                '</cidrLength><startAddress>2001:db8:0:0:0:0:0:0</startAddress></resources>'
                                '<roaHandle>7d1e</roaHandle>'),
                {'as_number': 64500, 'name': 'EDGE', 'roa_handle': '7d1e',
                 'prefixes': [{'auto_linked': True, 'start_address': '198.51.100.0', 'end_address': '198.51.100.255',
                               'cidr_length': 24, 'max_length': 24, 'ip_version': 4},
                              {'auto_linked': None, 'start_address': '2001:db8::', 'end_address': None,
                               'cidr_length': 32, 'max_length': None, 'ip_version': None}]}),
    'roaSpecResource': (rpki('roaSpecResource', '<startAddress>192.0.2.0</startAddress><cidrLength>24</cidrLength>'),
                        {'start_address': '192.0.2.0', 'cidr_length': 24, 'max_length': None}),
    'roaHandle': (rpki('roaHandle', '0f3c').replace(b'>0f3c', b' autoLink="true">0f3c'),
                  {'handle': '0f3c', 'auto_link': 'true'}),
    'rpkiTransaction': (rpki('rpkiTransaction', '<roaSpecDelete><roaHandle autoLink="false">0f3c</roaHandle>'
                                                '</roaSpecDelete><roaSpecAdd><roaSpec><autoLink>false</autoLink>'
                                                '<asNumber>0</asNumber><name>AS0</name><resources><roaSpecResource>'
                                                '<startAddress>192.0.2.0</startAddress><cidrLength>24</cidrLength>'
                                                '<maxLength>32</maxLength></roaSpecResource></resources></roaSpec>'
                                                '</roaSpecAdd>'),
                        {'deletes': [{'auto_link': 'false', 'handle': '0f3c'}]}),
    # an ASPA has no handle; its providers are text items (read as numbers by _rpki)
    'aspa': (rpki('aspa', '<customerAsId>64501</customerAsId><providerAsIds><providerAsId>3356</providerAsId>'
                          '<providerAsId>174</providerAsId></providerAsIds>'),
             {'customer_as_id': 64501, 'provider_as_ids': ['3356', '174']}),
})


def test_aspa_changes_go_after_the_roa_ones_in_a_transaction():
    body = p.encode('rpkiTransaction', {
        'deletes': [{'auto_link': 'false', 'handle': '0f3c'}], 'aspa_deletes': [64501],
        'aspa_adds': [{'customer_as_id': 64501, 'provider_as_ids': [174]}]})
    root = etree.fromstring(body)
    assert [etree.QName(child).localname for child in root] == ['roaSpecDelete', 'aspaDelete', 'aspaAdd']
    decoded = p.loads(body)
    assert decoded['aspa_deletes'] == ['64501']
    assert decoded['aspa_adds'] == [{'customer_as_id': 64501, 'provider_as_ids': ['174']}]


def test_a_roa_is_written_in_the_transaction_layout():
    root = etree.fromstring(p.encode('roaSpec', p.loads(SAMPLES['roaSpec'][0])))
    assert root.nsmap == {None: p.RPKI}
    wrapper = root.findall('{%s}resources' % p.RPKI)
    assert len(wrapper) == 1 and len(wrapper[0].findall('{%s}roaSpecResource' % p.RPKI)) == 2


def test_an_rpki_listing_in_a_core_collection_decodes_to_a_list():
    body = doc('collection', '<ns5:roaSpec><ns5:asNumber>1</ns5:asNumber></ns5:roaSpec>',
               ' xmlns:ns5="%s"' % p.RPKI)
    assert [item['as_number'] for item in p.loads(body)] == [1]
