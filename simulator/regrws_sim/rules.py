"""Business-rule validation (E_ENTITY_VALIDATION) shared by the handlers."""
from __future__ import annotations

import re

import pycountry

from .errors import invalid

PHONE_TYPES = {"O": "OFFICE", "F": "FAX", "M": "MOBILE"}
FUNCTIONS = {"AD": "Admin", "AB": "Abuse", "N": "NOC", "T": "Tech", "R": "Routing", "D": "DNS"}
NET_FUNCTIONS = {"T", "N", "AB"}
NET_NAME = re.compile(r"^[A-Za-z0-9 -]+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Problems(list):
    """Collects (element name, message) pairs; `check()` raises when any were found."""

    def add(self, name, message):
        self.append((name, message))

    def check(self):
        if self:
            raise invalid(self)


def _strings(value, name, skip_comment):
    """Yield (element name, string) for every leaf string of a stored-model value."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, name, skip_comment)
    elif isinstance(value, dict):
        for key, sub in value.items():
            if key == "comment" and skip_comment:
                continue
            yield from _strings(sub, key, skip_comment)


def check_characters(doc: dict, problems: Problems):
    """ASCII everywhere; comment lines may also carry Latin-1 letters."""
    for name, text in _strings(doc, "", True):
        if not text.isascii():
            problems.add(name, "Only ASCII characters are allowed.")
            return
    for line in doc.get("comment") or []:
        if any(not (ch.isascii() or (ord(ch) < 256 and ch.isalpha())) for ch in line):
            problems.add("comment", "Comments may contain only ASCII and accented letters.")
            return


def check_address(doc: dict, problems: Problems):
    """Country (normalised in place with name/code2/code3), subdivision, street, city."""
    country = doc.get("iso3166-1") or {}
    code2, code3 = country.get("code2"), country.get("code3")
    found = None
    if not code2 and not code3:
        problems.add("iso3166-1", "A country code (code2 or code3) is required.")
    else:
        by2 = pycountry.countries.get(alpha_2=code2.upper()) if code2 else None
        by3 = pycountry.countries.get(alpha_3=code3.upper()) if code3 else None
        if (code2 and not by2) or (code3 and not by3):
            problems.add("iso3166-1", "Unknown country code.")
        elif by2 and by3 and by2 != by3:
            problems.add("iso3166-1", "code2 and code3 denote different countries.")
        else:
            found = by2 or by3
    if found:
        # ARIN replaces the country name with its own spelling ("United States", as the
        # Quick Start's returned POC and customer show, whatever name was sent).
        doc["iso3166-1"] = {"name": found.name, "code2": found.alpha_2,
                            "code3": found.alpha_3, "e164": country.get("e164") or None}
        if found.alpha_2 in ("US", "CA"):
            if not doc.get("iso3166-2"):
                problems.add("iso3166-2", "A state or province is required for US and CA.")
            elif not pycountry.subdivisions.get(code="%s-%s" % (found.alpha_2,
                                                                doc["iso3166-2"].upper())):
                problems.add("iso3166-2", "Unknown state or province.")
            if not doc.get("postalCode"):
                problems.add("postalCode", "A postal code is required for US and CA.")
    if not any(line.strip() for line in doc.get("streetAddress") or []):
        problems.add("streetAddress", "A street address is required.")
    if not doc.get("city"):
        problems.add("city", "A city is required.")


def validate_poc(doc: dict):
    p = Problems()
    check_characters(doc, p)
    check_address(doc, p)
    kind = doc.get("contactType")
    if kind not in ("PERSON", "ROLE"):
        p.add("contactType", "contactType must be PERSON or ROLE.")
    if not doc.get("lastName"):
        p.add("lastName", "A last name is required.")
    if kind == "PERSON":
        if not doc.get("firstName"):
            p.add("firstName", "A first name is required for a PERSON.")
        for field in ("firstName", "middleName", "lastName"):
            if any(ch.isdigit() for ch in doc.get(field) or ""):
                p.add(field, "Names may not contain digits.")
    elif kind == "ROLE":
        if not doc.get("companyName"):
            p.add("companyName", "A company name is required for a ROLE.")
        for field in ("firstName", "middleName"):
            if doc.get(field):
                p.add(field, "A ROLE may not have a %s." % field)
    emails = doc.get("emails") or []
    if not emails:
        p.add("emails", "At least one email address is required.")
    for email in emails:
        if not EMAIL.match(email):
            p.add("email", "Invalid email address: %s" % email)
    check_phones(doc.get("phones") or [], p)
    p.check()


def check_phones(phones: list, p: Problems):
    for phone in phones:
        check_phone(phone, p)
    if not any(phone.get("type") == "O" for phone in phones):
        p.add("phones", "At least one office phone (type O) is required.")


def check_phone(phone: dict, p: Problems):
    if phone.get("type") not in PHONE_TYPES:
        p.add("type", "Phone type code must be O, F or M.")
    if not phone.get("number"):
        p.add("number", "A phone number is required.")
    elif not phone["number"].isascii():
        p.add("number", "Only ASCII characters are allowed.")


def validate_org(doc: dict, store):
    p = Problems()
    check_characters(doc, p)
    check_address(doc, p)
    if not doc.get("orgName"):
        p.add("orgName", "An organization name is required.")
    check_org_links(doc.get("pocLinks") or [], store, p)
    p.check()


def check_org_links(links: list, store, p: Problems):
    check_links(links, store, p, FUNCTIONS)
    count = {f: sum(1 for link in links if link["function"] == f) for f in FUNCTIONS}
    if count["AD"] != 1:
        p.add("pocLinks", "An organization needs exactly one Admin POC.")
    if count["T"] < 1:
        p.add("pocLinks", "An organization needs at least one Tech POC.")
    if count["AB"] < 1:
        p.add("pocLinks", "An organization needs at least one Abuse POC.")


def check_links(links: list, store, p: Problems, allowed: dict | set):
    for link in links:
        if link["function"] not in allowed:
            p.add("pocLinkRef", "POC function %s is not allowed here." % (link["function"] or "(none)"))
        elif not store.get("poc", link["handle"]):
            p.add("pocLinkRef", "POC %s does not exist." % (link["handle"] or "(none)"))


def validate_customer(doc: dict, name: str = "customerName"):
    p = Problems()
    check_characters(doc, p)
    check_address(doc, p)
    if not doc.get("customerName"):
        p.add(name, "A customer name is required.")
    if doc.get("privateCustomer") not in (None, "true", "false"):
        p.add("privateCustomer", "privateCustomer must be true or false.")
    p.check()


def check_net_name(name: str | None, p: Problems):
    if not name:
        p.add("netName", "A net name is required.")
    elif not NET_NAME.match(name):
        p.add("netName", "Only letters, numbers, hyphens and spaces are allowed.")


def check_immutable(stored: dict, body: dict, fields, omit_ok=()):
    """Immutable fields must be echoed unchanged; omitting one is an error unless allowed."""
    p = Problems()
    for field in fields:
        if field not in body:
            if field not in omit_ok and stored.get(field):
                p.add(field, "%s is immutable and must be sent unchanged." % field)
        elif (body[field] or None) != (stored.get(field) or None):
            p.add(field, "%s cannot be changed." % field)
    p.check()
