# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""The codec: Reg-RWS XML payloads <-> plain dicts with snake_case keys.

Each payload is declared once as a list of fields. Decoding is namespace-aware and
ignores child order (ARIN's schemas interleave everything); an absent element decodes
to None and an empty wrapper to []. Encoding emits the documented order; given the
element a value was read from, it keeps every child we do not model, so a
GET-modify-PUT round trip never drops what ARIN sent.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import functools
import ipaddress
import re

try:
    from lxml import etree
    HAS_LXML = True
    LXML_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the engine
    etree = None
    HAS_LXML = False
    LXML_IMPORT_ERROR = exc

CORE = 'http://www.arin.net/regrws/core/v1'
MESSAGES = 'http://www.arin.net/regrws/messages/v1'
SHARED = 'http://www.arin.net/regrws/shared-ticket/v1'
RPKI = 'http://www.arin.net/regrws/rpki/v1'
NSMAP = {None: CORE, 'ns2': MESSAGES, 'ns4': SHARED}
# Namespaces a payload's root may be in: RPKI answers are rooted in rpki/v1.
ROOT_NAMESPACES = (CORE, RPKI)


def snake(name):
    """``streetAddress`` -> ``street_address``, ``iso3166-1`` -> ``iso3166_1``."""
    return re.sub(r'(?<=[a-z0-9])([A-Z])', r'_\1', name).replace('-', '_').lower()


def _q(ns, name):
    return '{%s}%s' % (ns, name)


# ---------------------------------------------------------------------------
# Scalar conversions shared by decode and by _normalize

_TZ_OFFSETS = {
    'UTC': '+00:00', 'GMT': '+00:00', 'Z': '+00:00',
    'EST': '-05:00', 'EDT': '-04:00', 'CST': '-06:00', 'CDT': '-05:00',
    'MST': '-07:00', 'MDT': '-06:00', 'PST': '-08:00', 'PDT': '-07:00',
}
_MONTHS = dict((m, i + 1) for i, m in enumerate(
    ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']))
_JAVA_DATE = re.compile(r'^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}:\d{2}:\d{2}) ([A-Z]{1,4}) (\d{4})$')


def parse_date(text):
    """Return an ISO-8601 string for either date form ARIN has used; unknown forms pass through."""
    if text is None:
        return None
    text = text.strip()
    match = _JAVA_DATE.match(text)
    if match and match.group(1) in _MONTHS and match.group(4) in _TZ_OFFSETS:
        month, day, clock, zone, year = match.groups()
        return '%s-%02d-%02dT%s%s' % (year, _MONTHS[month], int(day), clock, _TZ_OFFSETS[zone])
    return text


@functools.lru_cache(maxsize=65536)
def parse_address(text):
    """Canonical text of an IP address: zero padding removed, IPv6 compressed.

    Cached: a net's addresses are read again and again (decoding, ranges, lookups).
    """
    if text is None:
        return None
    text = text.strip()
    candidate = text
    if '.' in text and ':' not in text:
        candidate = '.'.join(str(int(octet)) if octet.isdigit() else octet for octet in text.split('.'))
    try:
        return ipaddress.ip_address(candidate).compressed
    except ValueError:
        return text


def parse_bool(text):
    if text is None:
        return None
    value = text.strip().lower()
    if value in ('true', '1'):
        return True
    if value in ('false', '0'):
        return False
    return None


def parse_int(text):
    if text is None:
        return None
    text = text.strip()
    return int(text) if re.match(r'^-?\d+$', text) else text


# ---------------------------------------------------------------------------
# Field kinds


class Field(object):
    """One child element of a payload."""

    def __init__(self, xml, key=None, ns=CORE):
        self.xml = xml
        self.key = key or snake(xml)
        self.ns = ns
        self.qname = _q(ns, xml)

    def find(self, element):
        return element.find(self.qname)

    def decode(self, element, children=None):
        """The field's value in ``element``; ``children`` maps tags to its children when known."""
        child = self.find(element) if children is None else children.get(self.qname)
        return None if child is None else self.decode_child(child)

    def decode_child(self, child):
        return child.text.strip() if child.text is not None else ''

    def encode(self, parent, value, base=None):
        if value is None:
            return
        child = etree.SubElement(parent, self.qname)
        self.encode_child(child, value, base)

    def encode_child(self, child, value, base):
        child.text = _text(value)


def _text(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return u'%s' % (value,)


class Flag(Field):
    def decode_child(self, child):
        return parse_bool(child.text)


class Number(Field):
    def decode_child(self, child):
        return parse_int(child.text)


class Coded(Number):
    """A number ARIN also names in attributes (a DS record's algorithm and digest type): while the
    number is the one read, it goes back with the attributes ARIN gave it."""

    def encode_child(self, child, value, base):
        Number.encode_child(self, child, value, base)
        old = base.find(self.qname) if base is not None else None
        if old is not None and self.decode_child(old) == value:
            child.attrib.update(old.attrib)


class Name(Field):
    """A POC name, never sent empty: ARIN refuses a ROLE POC that carries an empty firstName or
    middleName element as a change of an immutable field, so a blank name is left out."""

    def encode(self, parent, value, base=None):
        if value is not None and _text(value).strip():
            Field.encode(self, parent, value, base)


class Date(Field):
    """A server-owned date: decoded to ISO-8601, sent back as ARIN wrote it (a Java-style
    date stays Java-style) so that a round trip never rewrites what ARIN holds."""

    def decode_child(self, child):
        return parse_date(child.text)

    def encode_child(self, child, value, base):
        old = base.find(self.qname) if base is not None else None
        if old is not None and old.text is not None and parse_date(old.text) == value:
            child.text = old.text.strip()
        else:
            child.text = _text(value)


class Address(Field):
    def decode_child(self, child):
        return parse_address(child.text)


class Lines(Field):
    """A multi-line element: ``line`` children with a ``number`` attribute, sorted on read."""

    def decode_child(self, child):
        lines = []
        for line in child.findall(_q(CORE, 'line')):
            number = parse_int(line.get('number', '0'))
            lines.append((number if isinstance(number, int) else 0, line.text or ''))
        return [text for dummy, text in sorted(lines, key=lambda item: item[0])]

    def encode_child(self, child, value, base):
        for number, text in enumerate(value):
            line = etree.SubElement(child, _q(CORE, 'line'), number=str(number))
            line.text = _text(text)


class Items(Field):
    """A wrapper holding repeated items: text items, or payloads given as ``item``.

    Encoding a payload item finds the element it was read from (the same values, or the
    same ``identity``) so that what ARIN sent inside an item and we do not model stays; a
    text item keeps the attributes of the item it was read from (a nameserver's TTL).
    """

    def __init__(self, xml, item_xml, item=None, key=None, ns=CORE, identity=None):
        super(Items, self).__init__(xml, key=key, ns=ns)
        self.item_xml = item_xml
        self.item = item
        self.identity = identity

    def decode_child(self, child):
        found = child.findall(_q(self.ns, self.item_xml))
        if self.item is None:
            return [(e.text or '').strip() for e in found]
        return [self.item.decode(e) for e in found]

    def encode_child(self, child, value, base):
        unused = self._base_items(base)
        for entry in value:
            if self.item is None:
                element = etree.SubElement(child, _q(self.ns, self.item_xml))
                element.text = _text(entry)
                old = self._take_text(unused, entry)
                if old is not None:
                    element.attrib.update(old.attrib)
            else:
                child.append(self.item.encode_element(entry, base=self._take(unused, entry)))

    def _base_items(self, base):
        old = base.find(self.qname) if base is not None else None
        if old is None:
            return []
        found = old.findall(_q(self.ns, self.item_xml))
        if self.item is None:
            return [(element, (element.text or '').strip()) for element in found if element.attrib]
        return [(element, self.item.decode(element)) for element in found]

    def _take_text(self, unused, entry):
        """The text item ``entry`` was read from (the same text, or the same ``identity``), used once."""
        same = self.identity or (lambda text: text.strip())
        for index, (element, text) in enumerate(unused):
            if _safe(lambda decoded: same(decoded) == same(_text(entry)), text):
                del unused[index]
                return element
        return None

    def _take(self, unused, entry):
        """The element ``entry`` was read from: itself when it remembers it, else one with the
        same values, else one with the same identity; each is used once."""
        source = getattr(entry, 'source', None)
        if source is not None:
            return source
        tests = [lambda decoded: all(decoded.get(k) == v for k, v in entry.items())]
        if self.identity is not None:
            tests.append(lambda decoded: self.identity(decoded) == self.identity(entry))
        for test in tests:
            for index, (element, decoded) in enumerate(unused):
                if _safe(test, decoded):
                    del unused[index]
                    return element
        return None


def _safe(test, decoded):
    try:
        return test(decoded)
    except (AttributeError, KeyError, TypeError):
        return False


class Nested(Field):
    """A single nested payload (the country, an embedded customer, a ticket's net)."""

    def __init__(self, item, xml=None, key=None, ns=CORE):
        super(Nested, self).__init__(xml or item.tag, key=key, ns=ns)
        self.item = item

    def decode_child(self, child):
        return self.item.decode(child)

    def encode(self, parent, value, base=None):
        if value is None:
            return
        old = base.find(self.qname) if base is not None else None
        parent.append(self.item.encode_element(value, base=old))


class Attribute(Field):
    """Data carried in an attribute (``pocLinkRef``)."""

    def decode(self, element, children=None):
        return element.get(self.xml)

    def encode(self, parent, value, base=None):
        if value is not None:
            parent.set(self.xml, _text(value))


class Content(Field):
    """The element's own text, beside its attributes (a ROA handle with ``autoLink``)."""

    def decode(self, element, children=None):
        return (element.text or '').strip()

    def encode(self, parent, value, base=None):
        if value is not None:
            parent.text = _text(value)


# ---------------------------------------------------------------------------
# Payloads


class Payload(object):
    def __init__(self, tag, fields, ns=CORE):
        self.tag = tag
        self.fields = fields
        self.ns = ns
        self.modelled = frozenset(f.qname for f in fields if not isinstance(f, (Attribute, Content)))

    def decode(self, element):
        # One pass over the children, then a lookup per field (find() would scan them per field).
        children = {}
        for child in element:
            children.setdefault(child.tag, child)
        return dict((f.key, f.decode(element, children)) for f in self.fields)

    def encode_element(self, data, base=None):
        element = etree.Element(_q(self.ns, self.tag), nsmap=NSMAP if self.ns == CORE else {None: self.ns})
        for field in self.fields:
            field.encode(element, data.get(field.key), base)
        if base is not None:
            # Keep what ARIN sent that we do not model, so a PUT does not erase it.
            for child in base:
                if isinstance(child.tag, str) and child.tag not in self.modelled:
                    element.append(copy.deepcopy(child))
        return element


COUNTRY = Payload('iso3166-1', [Field('name'), Field('code2'), Field('code3'), Field('e164')])
PHONE_TYPE = Payload('type', [Field('description'), Field('code')])
PHONE = Payload('phone', [Nested(PHONE_TYPE), Field('number'), Field('extension')])
POC_LINK = Payload('pocLinkRef', [Attribute('handle'), Attribute('function'), Attribute('description')])


# What identifies an item of a list across a modify, when its values changed.
def _link_identity(link):
    return ((link.get('function') or '').upper(), (link.get('handle') or '').upper())


def _phone_identity(phone):
    return (((phone.get('type') or {}).get('code') or '').upper(), (phone.get('number') or '').strip())


def _block_identity(block):
    return parse_address(block.get('start_address'))


ATTACHMENT = Payload('attachment', [Field('data'), Field('filename')])
ATTACHMENT_REFERENCE = Payload('attachmentReference', [Field('attachmentFilename'), Field('attachmentId')])

_ATTACHMENT_FIELDS = [
    Items('attachments', 'attachment', ATTACHMENT),
    Items('attachmentReferences', 'attachmentReference', ATTACHMENT_REFERENCE),
]

MESSAGE = Payload('message', [
    Number('messageId', ns=MESSAGES),
    Date('createdDate', ns=MESSAGES),
    Field('subject'),
    Lines('text'),
    Field('category'),
] + _ATTACHMENT_FIELDS)

MESSAGE_REFERENCE = Payload('messageReference', [
    Number('messageId'),
    _ATTACHMENT_FIELDS[1],
])

_MESSAGE_FIELDS = [
    Items('messages', 'message', MESSAGE),
    Items('messageReferences', 'messageReference', MESSAGE_REFERENCE),
]

POC = Payload('poc', [
    Field('iso3166-2'),
    Nested(COUNTRY),
    Items('emails', 'email'),
    Lines('streetAddress'),
    Field('city'),
    Field('postalCode'),
    Lines('comment'),
    Date('registrationDate'),
    Field('handle'),
    Field('contactType'),
    Field('companyName'),
    Name('firstName'),
    Name('middleName'),
    Name('lastName'),
    Items('phones', 'phone', PHONE, identity=_phone_identity),
    Date('lastModified'),
])

ORG = Payload('org', [
    Nested(COUNTRY),
    Lines('streetAddress'),
    Field('city'),
    Field('iso3166-2'),
    Field('postalCode'),
    Lines('comment'),
    Date('registrationDate'),
    Field('handle'),
    Field('orgName'),
    Field('dbaName'),
    Field('taxId'),
    Field('orgUrl'),
    Items('pocLinks', 'pocLinkRef', POC_LINK, identity=_link_identity),
    Flag('acceptReassignments'),
] + _MESSAGE_FIELDS)

CUSTOMER = Payload('customer', [
    Field('customerName'),
    Nested(COUNTRY),
    Field('handle'),
    Lines('streetAddress'),
    Field('city'),
    Field('iso3166-2'),
    Field('postalCode'),
    Lines('comment'),
    Field('parentOrgHandle'),
    Date('registrationDate'),
    Flag('privateCustomer'),
])

NET_BLOCK = Payload('netBlock', [
    Field('type'),
    Field('description'),
    Address('startAddress'),
    Address('endAddress'),
    Number('cidrLength'),
])

NET = Payload('net', [
    Number('version'),
    Lines('comment'),
    Date('registrationDate'),
    Field('orgHandle'),
    Field('handle'),
    Items('netBlocks', 'netBlock', NET_BLOCK, identity=_block_identity),
    Field('customerHandle'),
    Field('parentNetHandle'),
    Field('netName'),
    Items('originASes', 'originAS'),
    Items('pocLinks', 'pocLinkRef', POC_LINK, identity=_link_identity),
    Nested(CUSTOMER),
] + _MESSAGE_FIELDS)

TICKET = Payload('ticket', _MESSAGE_FIELDS + [
    Field('ticketNo'),
    Flag('shared', ns=SHARED),
    Field('orgHandle', ns=SHARED),
    Date('createdDate'),
    Date('resolvedDate'),
    Date('closedDate'),
    Date('updatedDate'),
    Field('webTicketType'),
    Field('webTicketStatus'),
    Field('webTicketResolution'),
    Field('flagged'),
])

TICKETED_REQUEST = Payload('ticketedRequest', [Nested(TICKET), Nested(NET)])

COMPONENT = Payload('component', [Field('name'), Field('message')])
ERROR = Payload('error', [
    Field('message'),
    Field('code'),
    Items('components', 'component', COMPONENT),
    Items('additionalInfo', 'message'),
])

PAYLOADS = dict((p.tag, p) for p in (
    POC, PHONE, ORG, CUSTOMER, NET, NET_BLOCK, POC_LINK, TICKET, TICKETED_REQUEST,
    MESSAGE, MESSAGE_REFERENCE, ATTACHMENT, ATTACHMENT_REFERENCE, ERROR, COUNTRY,
))


# ---------------------------------------------------------------------------
# Documents


class PayloadError(ValueError):
    """A body that is not a Reg-RWS payload we can read."""


def _parser():
    # No entities, no DTD, no network: a hostile body cannot expand or fetch anything.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_blank_text=True)


def parse(body):
    """Parse a response body into an lxml element, refusing anything with a DOCTYPE."""
    if not body or not body.strip():
        raise PayloadError('empty body')
    try:
        root = etree.fromstring(body, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise PayloadError('not well-formed XML (%s)' % exc)
    if root.getroottree().docinfo.doctype:
        raise PayloadError('a DOCTYPE is not allowed in a Reg-RWS payload')
    if etree.QName(root).namespace not in ROOT_NAMESPACES:
        raise PayloadError('root element %s is not in the Reg-RWS core namespace (nor in the RPKI one)' % root.tag)
    return root


class Document(dict):
    """A decoded payload that remembers the element it came from (for round trips)."""

    def __init__(self, tag, data, source=None):
        super(Document, self).__init__(data)
        self.tag = tag
        self.source = source


def decode(root):
    """Decode a parsed element into a Document (or a list of them for a ``collection``)."""
    tag = etree.QName(root).localname
    if tag == 'collection':
        return [decode(child) for child in root
                if isinstance(child.tag, str) and etree.QName(child).namespace in ROOT_NAMESPACES]
    spec = PAYLOADS.get(tag)
    if spec is None:
        raise PayloadError('unexpected payload <%s>' % tag)
    return Document(tag, spec.decode(root), source=root)


def loads(body):
    return decode(parse(body))


def encode(tag, data, base=None):
    """Serialize ``data`` as payload ``tag``; ``base`` is the element the data was read from."""
    if isinstance(data, Document) and base is None:
        base = data.source
    spec = PAYLOADS[tag]
    element = spec.encode_element(data, base=base)
    etree.cleanup_namespaces(element, top_nsmap={None: spec.ns})
    return etree.tostring(element, xml_declaration=True, encoding='UTF-8')


# ---------------------------------------------------------------------------
# Reverse DNS delegations

TTL = 'http://www.arin.net/regrws/ttl/v1'

# The ``name`` attributes of algorithm and digestType and the TTLs are ARIN's to fill: read as
# text only, and sent back as read for the records ARIN holds (a Modify keeps them).
DELEGATION_KEY = Payload('delegationKey', [
    Coded('algorithm'),
    Field('digest'),
    Number('ttl', ns=TTL),
    Coded('digestType'),
    Number('keyTag'),
])


def _host_identity(host):
    return host.strip().rstrip('.').upper()


DELEGATION = Payload('delegation', [
    Field('name'),
    Items('nameservers', 'nameserver', identity=_host_identity),
    Items('delegationKeys', 'delegationKey', DELEGATION_KEY),
])

PAYLOADS.update((p.tag, p) for p in (DELEGATION, DELEGATION_KEY))


# ---------------------------------------------------------------------------
# Hosted RPKI (rpki/v1): ROAs and ASPAs, listed per org and changed in one transaction


class RoaPrefixes(Items):
    """The prefixes of a ROA. A transaction (and its answer) wraps them, ``resources`` holding
    ``roaSpecResource`` items; ARIN's listing writes one bare ``resources`` element per prefix.
    Both layouts are read; the transaction's is written."""

    def decode(self, element, children=None):
        found = element.findall(self.qname)
        if not found:
            return None
        prefixes = []
        for child in found:
            wrapped = child.findall(_q(self.ns, self.item_xml))
            if wrapped:
                prefixes.extend(self.item.decode(item) for item in wrapped)
            elif len(child):
                prefixes.append(self.item.decode(child))
        return prefixes


ROA_PREFIX = Payload('roaSpecResource', [
    Flag('autoLinked', ns=RPKI),
    Address('startAddress', ns=RPKI),
    Address('endAddress', ns=RPKI),
    Number('cidrLength', ns=RPKI),
    Number('maxLength', ns=RPKI),
    Number('ipVersion', ns=RPKI),
], ns=RPKI)

ROA_SPEC = Payload('roaSpec', [
    Flag('autoLink', ns=RPKI),
    Number('asNumber', ns=RPKI),
    Field('name', ns=RPKI),
    Flag('autoRenewed', ns=RPKI),
    Date('notValidBefore', ns=RPKI),
    Date('notValidAfter', ns=RPKI),
    RoaPrefixes('resources', 'roaSpecResource', ROA_PREFIX, key='prefixes', ns=RPKI),
    Field('roaHandle', ns=RPKI),
], ns=RPKI)

ROA_HANDLE = Payload('roaHandle', [Attribute('autoLink'), Content('roaHandle', key='handle', ns=RPKI)], ns=RPKI)

# An ASPA has no handle: its customer AS is its identity. Provider ASes are read as text (see _rpki).
ASPA = Payload('aspa', [
    Number('customerAsId', ns=RPKI),
    Items('providerAsIds', 'providerAsId', key='provider_as_ids', ns=RPKI),
], ns=RPKI)

RPKI_TRANSACTION = Payload('rpkiTransaction', [
    Items('roaSpecDelete', 'roaHandle', ROA_HANDLE, key='deletes', ns=RPKI),
    Items('roaSpecAdd', 'roaSpec', ROA_SPEC, key='adds', ns=RPKI),
    Items('aspaDelete', 'customerAsId', key='aspa_deletes', ns=RPKI),
    Items('aspaAdd', 'aspa', ASPA, key='aspa_adds', ns=RPKI),
], ns=RPKI)

PAYLOADS.update((p.tag, p) for p in (ROA_PREFIX, ROA_SPEC, ROA_HANDLE, ASPA, RPKI_TRANSACTION))
