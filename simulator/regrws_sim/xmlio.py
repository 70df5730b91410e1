"""XML parsing and emitting for Reg-RWS payloads.

Each payload is described once, as a *shape*: an ordered mapping of child element
names to their own shapes. The same shape drives three things:
  * reading (unknown core elements are schema errors, foreign namespaces ignored),
  * the stored model (documents are dicts keyed by the XML element names),
  * writing (the mapping order is the output order).
"""
from __future__ import annotations

from lxml import etree

CORE = "http://www.arin.net/regrws/core/v1"
MSG = "http://www.arin.net/regrws/messages/v1"
SHARED = "http://www.arin.net/regrws/shared-ticket/v1"
RPKI = "http://www.arin.net/regrws/rpki/v1"
# Namespaces the schemas reserve: elements in them must be known; anything else is foreign.
RESERVED = {CORE, MSG, SHARED, RPKI, None}
NSMAP = {None: CORE}

TEXT = "text"      # leaf string
LINES = "lines"    # multi-line: <line number="n">..</line>*, stored as a list of strings
LINK = "pocLinkRef"  # attribute-only element, stored as {"function", "handle", "description"}


class List:
    """A wrapper element holding repeated items, stored as a list."""

    def __init__(self, item: str, shape):
        self.item, self.shape = item, shape


def q(ns: str, name: str) -> str:
    """Clark name; shapes key non-core elements by it, stored dicts by the local name."""
    return "{%s}%s" % (ns, name)


COUNTRY = {"name": TEXT, "code2": TEXT, "code3": TEXT, "e164": TEXT}
PHONE = {"type": {"description": TEXT, "code": TEXT}, "number": TEXT, "extension": TEXT}
LINKS = List("pocLinkRef", LINK)
ATTACHMENT = {"data": TEXT, "filename": TEXT}
ATTACHMENT_REF = {"attachmentFilename": TEXT, "attachmentId": TEXT}
MESSAGE = {
    q(MSG, "messageId"): TEXT, q(MSG, "createdDate"): TEXT, "subject": TEXT, "text": LINES,
    "category": TEXT, "attachments": List("attachment", ATTACHMENT),
    "attachmentReferences": List("attachmentReference", ATTACHMENT_REF),
}
# ARIN's schema gives a messageReference only messageId and attachmentReferences, but OT&E takes
# a ticket sent back with a subject in its references too (seen by a public client's tests).
MESSAGE_REF = {"messageId": TEXT, "subject": TEXT,
               "attachmentReferences": List("attachmentReference", ATTACHMENT_REF)}
MESSAGES = {"messages": List("message", MESSAGE),
            "messageReferences": List("messageReference", MESSAGE_REF)}

POC = {
    "iso3166-2": TEXT, "iso3166-1": COUNTRY, "emails": List("email", TEXT),
    "streetAddress": LINES, "city": TEXT, "postalCode": TEXT, "comment": LINES,
    "registrationDate": TEXT, "handle": TEXT, "contactType": TEXT, "companyName": TEXT,
    "firstName": TEXT, "middleName": TEXT, "lastName": TEXT, "phones": List("phone", PHONE),
    "lastModified": TEXT,
}
ORG = {
    "iso3166-1": COUNTRY, "streetAddress": LINES, "city": TEXT, "iso3166-2": TEXT,
    "postalCode": TEXT, "comment": LINES, "registrationDate": TEXT, "handle": TEXT,
    "orgName": TEXT, "dbaName": TEXT, "taxId": TEXT, "orgUrl": TEXT, "pocLinks": LINKS,
    # acceptReassignments is in ARIN's current docs but not in its schema: read, never written.
    "acceptReassignments": TEXT, **MESSAGES,
}
CUSTOMER = {
    "customerName": TEXT, "iso3166-1": COUNTRY, "handle": TEXT, "streetAddress": LINES,
    "city": TEXT, "iso3166-2": TEXT, "postalCode": TEXT, "comment": LINES,
    "parentOrgHandle": TEXT, "registrationDate": TEXT, "privateCustomer": TEXT,
}
NETBLOCK = {"type": TEXT, "description": TEXT, "startAddress": TEXT, "endAddress": TEXT,
            "cidrLength": TEXT}
NET = {
    "version": TEXT, "comment": LINES, "registrationDate": TEXT, "orgHandle": TEXT,
    "handle": TEXT, "netBlocks": List("netBlock", NETBLOCK), "customerHandle": TEXT,
    "parentNetHandle": TEXT, "netName": TEXT, "originASes": List("originAS", TEXT),
    "pocLinks": LINKS, "customer": CUSTOMER, **MESSAGES,
}
TICKET = {
    **MESSAGES, "ticketNo": TEXT, q(SHARED, "shared"): TEXT, q(SHARED, "orgHandle"): TEXT,
    "createdDate": TEXT, "resolvedDate": TEXT, "closedDate": TEXT, "updatedDate": TEXT,
    "webTicketType": TEXT, "webTicketStatus": TEXT, "webTicketResolution": TEXT,
    "flagged": TEXT,
}
COMPONENT = {"name": TEXT, "message": TEXT}
ERROR = {"message": TEXT, "code": TEXT, "components": List("component", COMPONENT),
         "additionalInfo": List("message", TEXT)}

ROOTS = {"poc": POC, "phone": PHONE, "org": ORG, "customer": CUSTOMER, "net": NET,
         "ticket": TICKET, "message": MESSAGE, "error": ERROR}


class SchemaError(ValueError):
    """The document is not well-formed or does not fit ARIN's schema."""


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, dtd_validation=False)


def parse(body: bytes, root: str) -> dict:
    """Parse a request body whose root must be `root`; return the stored-model dict."""
    if b"<!DOCTYPE" in body.upper():
        raise SchemaError("DOCTYPE declarations are not allowed")
    try:
        elem = etree.fromstring(body, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise SchemaError("malformed XML: %s" % exc) from None
    if elem.tag != q(CORE, root):
        raise SchemaError("expected root element %s in %s" % (root, CORE))
    return _read(elem, ROOTS[root])


def _key(tag) -> str | None:
    """Shape key of a child tag, or None when the child is foreign (to be ignored)."""
    if not isinstance(tag, str):
        return None  # comments, processing instructions
    ns, _, local = tag[1:].partition("}") if tag.startswith("{") else (None, "", tag)
    if ns not in RESERVED:
        return None
    return local if ns == CORE else tag


def _local(key: str) -> str:
    return key.rsplit("}", 1)[-1]


def _read(elem, shape):
    if shape == TEXT:
        _no_children(elem)
        return (elem.text or "").strip()
    if shape == LINES:
        lines = []
        for child in elem:
            if _key(child.tag) is None:
                continue
            if child.tag != q(CORE, "line"):
                raise SchemaError("unexpected element %s in %s" % (child.tag, _local(elem.tag)))
            try:
                number = int(child.get("number"))
            except (TypeError, ValueError):
                raise SchemaError("line needs an integer number attribute") from None
            _no_children(child)
            lines.append((number, child.text or ""))
        return [text for _, text in sorted(lines, key=lambda pair: pair[0])]
    if shape == LINK:
        _no_children(elem)
        if elem.get("function") not in ("AD", "AB", "N", "T", "R", "D"):
            raise SchemaError("pocLinkRef function must be one of AD, AB, N, T, R, D")
        return {"function": elem.get("function"), "handle": elem.get("handle") or ""}
    if isinstance(shape, List):
        items = []
        for child in elem:
            key = _key(child.tag)
            if key is None:
                continue
            if key != shape.item:
                raise SchemaError("unexpected element %s in %s" % (_local(child.tag), _local(elem.tag)))
            items.append(_read(child, shape.shape))
        return items
    out = {}
    for child in elem:
        key = _key(child.tag)
        if key is None:
            continue
        if key not in shape:
            raise SchemaError("unknown element %s in %s" % (_local(key), _local(elem.tag)))
        name = _local(key)
        if name in out:
            raise SchemaError("element %s appears more than once" % name)
        out[name] = _read(child, shape[key])
    return out


def _no_children(elem):
    for child in elem:
        if _key(child.tag) is not None:
            raise SchemaError("element %s cannot contain %s" % (_local(elem.tag), _local(child.tag)))


def _nsmap(root: str) -> dict:
    """Prefixes as ARIN uses them: messages/v1 as ns2, shared-ticket/v1 as ns4."""
    if root in ("ticket", "ticketedRequest", "collection"):
        return {None: CORE, "ns2": MSG, "ns4": SHARED}
    if root == "message":
        return {None: CORE, "ns2": MSG}
    return {None: CORE}


def element(root: str, doc, shape=None, nsroot: str | None = None) -> etree._Element:
    """Build `root` from a stored-model dict (shape defaults to the root's payload shape)."""
    elem = etree.Element(q(CORE, root), nsmap=_nsmap(nsroot or root))
    _fill(elem, doc, shape if shape is not None else ROOTS[root])
    return elem


def emit(root: str, doc, shape=None) -> bytes:
    """Serialise a stored-model dict as an ARIN-style document (default core namespace)."""
    return to_bytes(element(root, doc, shape))


# The order ARIN's answers put children in (not the documented order; captured from real
# answers in ARIN's Quick Start guide and its CLI's test data). Children not listed follow
# in the shape's order.
ARIN_ORDER = {
    "poc": ["city", "companyName", "contactType", "iso3166-1", "emails", "firstName", "lastName",
            "streetAddress", "phones", "handle", "postalCode", "registrationDate", "iso3166-2"],
    "customer": ["city", "iso3166-1", "handle", "comment", "streetAddress", "customerName",
                 "parentOrgHandle", "postalCode", "privateCustomer", "registrationDate", "iso3166-2"],
    "net": ["pocLinks", "customerHandle", "comment", "netBlocks", "handle", "netName", "originASes",
            "parentNetHandle", "registrationDate", "version"],
    "netBlock": ["cidrLength", "description", "endAddress", "startAddress", "type"],
    "phone": ["number", "type"],
    "type": ["code", "description"],
    "iso3166-1": ["code2", "code3", "e164", "name"],
    "message": ["attachmentReferences", "category", q(MSG, "createdDate"), q(MSG, "messageId"), "text"],
    "ticket": ["createdDate", "ticketNo", "updatedDate", "webTicketStatus", "webTicketType"],
}


def _ordered(elem, shape: dict) -> list:
    first = [key for key in ARIN_ORDER.get(_local(elem.tag), []) if key in shape]
    return first + [key for key in shape if key not in first]


def _fill(elem, value, shape):
    if shape == TEXT:
        elem.text = str(value)
    elif shape == LINES:
        for number, text in enumerate(value):  # ARIN renumbers lines from 0
            etree.SubElement(elem, q(CORE, "line"), number=str(number)).text = text
    elif shape == LINK:
        for attr in ("function", "handle", "description"):
            if value.get(attr):
                elem.set(attr, value[attr])
    elif isinstance(shape, List):
        for item in value:
            _fill(etree.SubElement(elem, q(CORE, shape.item)), item, shape.shape)
    else:
        for key in _ordered(elem, shape):
            name = _local(key)
            if value.get(name) is None:
                continue
            tag = key if key.startswith("{") else q(CORE, key)
            _fill(etree.SubElement(elem, tag), value[name], shape[key])


def to_bytes(elem) -> bytes:
    etree.cleanup_namespaces(elem)  # drop declarations repeated on embedded children
    return etree.tostring(elem, xml_declaration=True, encoding="UTF-8", standalone=True)
