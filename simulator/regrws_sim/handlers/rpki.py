"""The RPKI service: hosted ROAs and ASPAs of an org, changed in one atomic transaction and listed per org.

An org has hosted RPKI when the seed says so; its resource certificate holds the org's
direct allocations and assignments (not space reallocated or reassigned to it) and the
ASNs the seed gives it. A transaction (`POST /rest/rpki/{org}`) applies every ROA and ASPA
delete, then every add, and either all of it is stored or none (the handler runs inside one
store transaction, and any refusal rolls it back). There is no modify: a changed ROA is a
delete of its handle and an add that gets a new handle; a changed ASPA is the delete and the
add of its customer AS, which is its only identity (an ASPA has no handle).
"""
from __future__ import annotations

import datetime
import hashlib
import ipaddress
import re

from lxml import etree

from .. import nets, xmlio
from ..errors import ApiError, bad_request, denied, not_found
from ..rules import Problems
from .common import Reply, now, user_pocs

RPKI = xmlio.RPKI
CERTIFICATE_TYPES = ("DA", "DS")  # reallocated (A) and reassigned (S) space is not on the certificate
RPKI_FUNCTIONS = ("AD", "T", "R")  # Admin, Tech and Routing POCs may manage ROAs
MAX_ASN = 4294967295
ROA_NAME = re.compile(r"^[A-Za-z0-9 -]{1,256}$")
# AS_TRANS, the last 16-bit ASN, the IANA-reserved block and the last 32-bit ASN. Documentation
# and private-use ASNs are accepted as origins: a route origin AS64496 passed in OT&E.
RESERVED_ASNS = ((23456, 23456), (65535, 65535), (65552, 131071), (MAX_ASN, MAX_ASN))
# ARIN refused the documentation AS64496 as an ASPA provider ("reserved ASN"): as providers the
# documentation (RFC 5398) and private-use (RFC 6996) ASNs are refused too.
PROVIDER_RESERVED = RESERVED_ASNS + ((64496, 65534), (65536, 65551), (4200000000, 4294967294))


# --------------------------------------------------------------------------- reading the transaction

def _rpki_children(elem, allowed):
    """(local name, child) of the rpki-namespace children; unknown ones are schema errors."""
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        ns = etree.QName(child).namespace
        if ns in (RPKI, xmlio.CORE, None):
            local = etree.QName(child).localname
            if ns != RPKI or local not in allowed:
                raise xmlio.SchemaError("unknown element %s in %s" % (local, etree.QName(elem).localname))
            yield local, child


def _text(elem) -> str:
    for child in elem:
        if isinstance(child.tag, str):
            raise xmlio.SchemaError("element %s cannot contain %s"
                                    % (etree.QName(elem).localname, etree.QName(child).localname))
    return (elem.text or "").strip()


def _boolean(elem_or_text, what) -> bool:
    text = elem_or_text if isinstance(elem_or_text, str) else _text(elem_or_text)
    if text not in ("true", "false"):
        raise xmlio.SchemaError("%s must be true or false" % what)
    return text == "true"


def _resource(elem) -> dict:
    out = {}
    # autoLinked is ARIN's to report: read and ignored, like the other server-set fields.
    for local, child in _rpki_children(elem, ("startAddress", "cidrLength", "maxLength", "autoLinked",
                                              "endAddress", "ipVersion")):
        if local in out:
            raise xmlio.SchemaError("element %s appears more than once" % local)
        out[local] = _text(child)
    return out


def _roa_spec(elem) -> dict:
    spec = {"resources": []}
    seen = set()
    for local, child in _rpki_children(elem, ("autoLink", "asNumber", "name", "resources", "roaHandle",
                                              "autoRenewed", "notValidBefore", "notValidAfter")):
        if local in seen:
            raise xmlio.SchemaError("element %s appears more than once" % local)
        seen.add(local)
        if local == "resources":
            items = list(_rpki_children(child, ("roaSpecResource",)))
            spec["resources"] = [_resource(item) for _, item in items]
        elif local == "autoLink":
            spec["autoLink"] = _boolean(child, "autoLink")
        elif local in ("asNumber", "name"):
            spec[local] = _text(child)
        # roaHandle, autoRenewed and the validity dates are set by ARIN: ignored on input
    for required in ("asNumber", "name"):
        if required not in spec:
            raise xmlio.SchemaError("roaSpec needs %s" % required)
    if not re.match(r"^\d+$", spec["asNumber"]):
        raise xmlio.SchemaError("asNumber must be a number (no AS prefix)")
    return spec


def _delete(elem) -> str:
    if elem.get("autolink") is not None:
        raise xmlio.SchemaError("unknown attribute autolink on roaHandle (the attribute is autoLink)")
    if elem.get("autoLink") is None:
        raise xmlio.SchemaError("roaHandle needs the autoLink attribute")
    _boolean(elem.get("autoLink"), "autoLink")  # there are no route objects yet to keep or delete
    handle = _text(elem)
    if not handle:
        raise xmlio.SchemaError("roaHandle is empty")
    return handle


def _asn(elem, what) -> int:
    text = _text(elem)
    if not re.match(r"^\d{1,10}$", text):
        raise xmlio.SchemaError("%s must be a number (no AS prefix)" % what)
    return int(text)


def _aspa(elem) -> dict:
    aspa = {}
    for local, child in _rpki_children(elem, ("customerAsId", "providerAsIds")):
        if local in aspa:
            raise xmlio.SchemaError("element %s appears more than once" % local)
        if local == "customerAsId":
            aspa[local] = _asn(child, "customerAsId")
        else:
            aspa[local] = [_asn(p, "providerAsId") for _, p in _rpki_children(child, ("providerAsId",))]
    for required in ("customerAsId", "providerAsIds"):
        if required not in aspa:
            raise xmlio.SchemaError("aspa needs %s" % required)
    return aspa


def parse_transaction(body: bytes) -> tuple[list, list, list, list]:
    """(ROA handles to delete, ROA specs to add, customer ASes whose ASPA to delete, ASPAs to add)
    of an rpkiTransaction body."""
    try:
        if not body.strip():
            raise xmlio.SchemaError("an rpkiTransaction payload is required")
        if b"<!DOCTYPE" in body.upper():
            raise xmlio.SchemaError("DOCTYPE declarations are not allowed")
        try:
            root = etree.fromstring(body, xmlio._PARSER)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise xmlio.SchemaError("malformed XML: %s" % exc) from None
        if root.tag != xmlio.q(RPKI, "rpkiTransaction"):
            raise xmlio.SchemaError("expected root element rpkiTransaction in %s" % RPKI)
        deletes, adds, aspa_deletes, aspa_adds, seen = [], [], [], [], set()
        for local, child in _rpki_children(root, ("roaSpecDelete", "roaSpecAdd", "aspaDelete", "aspaAdd")):
            if local in seen:
                raise xmlio.SchemaError("element %s appears more than once" % local)
            seen.add(local)
            if local == "roaSpecDelete":
                deletes = [_delete(h) for _, h in _rpki_children(child, ("roaHandle",))]
                if not deletes:
                    raise xmlio.SchemaError("roaSpecDelete needs at least one roaHandle")
            elif local == "roaSpecAdd":
                adds = [_roa_spec(s) for _, s in _rpki_children(child, ("roaSpec",))]
                if not adds:
                    raise xmlio.SchemaError("roaSpecAdd needs at least one roaSpec")
            elif local == "aspaDelete":
                aspa_deletes = [_asn(c, "customerAsId") for _, c in _rpki_children(child, ("customerAsId",))]
                if not aspa_deletes:
                    raise xmlio.SchemaError("aspaDelete needs at least one customerAsId")
            else:
                aspa_adds = [_aspa(a) for _, a in _rpki_children(child, ("aspa",))]
                if not aspa_adds:
                    raise xmlio.SchemaError("aspaAdd needs at least one aspa")
        return deletes, adds, aspa_deletes, aspa_adds
    except xmlio.SchemaError as exc:
        raise ApiError(400, "E_SCHEMA_VALIDATION", str(exc)) from None


# --------------------------------------------------------------------------- rules

def reserved(asn: int) -> bool:
    return any(low <= asn <= high for low, high in RESERVED_ASNS)


def provider_reserved(asn: int) -> bool:
    return any(low <= asn <= high for low, high in PROVIDER_RESERVED)


def check_aspa(aspa: dict, index: int, asns: list, p: Problems) -> dict | None:
    """A requested ASPA as stored, or None (with the reasons in p)."""
    where = "aspa[%d] " % index
    customer, providers = aspa["customerAsId"], aspa["providerAsIds"]
    before = len(p)
    if customer > MAX_ASN:
        p.add("customerAsId", where + "AS%d is not an AS number." % customer)
    elif customer not in asns:
        p.add("customerAsId", where + "AS%d is not on the organization's resource certificate." % customer)
    if not providers:
        p.add("providerAsIds", where + "An ASPA needs at least one provider AS.")
    for asn in sorted(set(providers)):
        if providers.count(asn) > 1:
            p.add("providerAsId", where + "Provider AS%d is listed more than once." % asn)
        if asn > MAX_ASN:
            p.add("providerAsId", where + "AS%d is not an AS number." % asn)
        elif asn == customer:
            p.add("providerAsId", where + "AS%d cannot be a provider of itself." % asn)
        elif asn == 0 and len(providers) > 1:
            p.add("providerAsId", where + "AS0 can only be the sole provider (it says the AS has none).")
        elif provider_reserved(asn):
            p.add("providerAsId", where + "AS%d is a reserved ASN and cannot be a provider." % asn)
    if len(p) > before:
        return None
    return {"customerAsId": customer, "providerAsIds": list(providers)}


def check_aspas(kept: list, added: list, p: Problems):
    """One ASPA per customer AS: among those kept and those added."""
    seen = set(a["customerAsId"] for a in kept)
    for index, aspa in enumerate(added):
        if aspa["customerAsId"] in seen:
            p.add("customerAsId", "aspa[%d] An ASPA for customer AS%d already exists." % (index, aspa["customerAsId"]))
        seen.add(aspa["customerAsId"])


def certificate(store, org: str) -> list:
    """(version, first, last) of every block on the org's resource certificate."""
    return [(b["version"], b["first"], b["last"]) for net in store.all("net")
            if (net.get("orgHandle") or "").upper() == org.upper()
            for b in net["blocks"] if b["type"] in CERTIFICATE_TYPES]


def check_spec(spec: dict, index: int, cert: list, p: Problems) -> dict | None:
    """A requested ROA as stored, or None (with the reasons in p)."""
    where = "roaSpec[%d] " % index
    asn = int(spec["asNumber"])
    if asn > MAX_ASN:
        p.add("asNumber", where + "AS%d is not an AS number." % asn)
    elif reserved(asn):
        p.add("asNumber", where + "AS%d is a reserved ASN." % asn)
    if not ROA_NAME.match(spec["name"]):
        p.add("name", where + "The ROA name must be 1 to 256 letters, digits, spaces or hyphens.")
    if not spec["resources"]:
        p.add("resources", where + "A ROA needs at least one resource.")
    resources, prefixes = [], set()
    for item in spec["resources"]:
        resource = check_resource(item, where, cert, p)
        if resource is None:
            continue
        key = (resource["version"], resource["first"], resource["cidr"])
        if key in prefixes:
            p.add("resources", where + "%s is listed more than once." % prefix_text(resource))
            continue
        prefixes.add(key)
        resources.append(resource)
    if len(resources) != len(spec["resources"]) or p:
        return None
    return {"asNumber": asn, "name": spec["name"], "autoLink": spec.get("autoLink", False),
            "resources": resources}


def check_resource(item: dict, where: str, cert: list, p: Problems) -> dict | None:
    if "startAddress" not in item or "cidrLength" not in item:
        p.add("resources", where + "Each resource needs startAddress and cidrLength.")
        return None
    try:
        version, first, last = nets.block_range({"startAddress": item["startAddress"],
                                                 "cidrLength": item["cidrLength"]})
    except ValueError as exc:
        p.add("startAddress", where + str(exc))
        return None
    bits = 32 if version == 4 else 128
    cidr = int(item["cidrLength"])
    text = "%s/%d" % (nets.make_ip(version, first), cidr)
    max_length = item.get("maxLength") or str(cidr)
    if not max_length.isdigit() or not cidr <= int(max_length) <= bits:
        p.add("maxLength", where + "The max length of %s must be between %d and %d." % (text, cidr, bits))
        return None
    if not any(nets.contains(block, (version, first, last)) for block in cert):
        p.add("startAddress", where + "%s is not on the organization's resource certificate." % text)
        return None
    return {"version": version, "first": first, "cidr": cidr, "maxLength": int(max_length)}


def _rows(roa: dict):
    for resource in roa["resources"]:
        yield roa, resource


def _span(resource) -> tuple:
    bits = 32 if resource["version"] == 4 else 128
    return resource["version"], resource["first"], resource["first"] + (1 << (bits - resource["cidr"])) - 1


def _covers(outer, inner) -> bool:
    """True when ``outer`` already authorizes everything ``inner`` would (same origin assumed)."""
    return nets.contains(_span(outer), _span(inner)) and inner["maxLength"] <= outer["maxLength"]


def check_conflicts(kept: list, added: list, p: Problems):
    """Duplicates (same origin AS and prefix) and overlaps (one ROA adding nothing to another)."""
    existing = [(roa, r) for roa in kept for _, r in _rows(roa)]
    new = []
    for index, roa in enumerate(added):
        for _, resource in _rows(roa):
            new.append((index, roa, resource))
    for position, (index, roa, resource) in enumerate(new):
        others = existing + [(o, r) for i, o, r in new[:position] if i != index]
        for other, theirs in others:
            if other["asNumber"] != roa["asNumber"]:
                continue
            if _span(theirs) == _span(resource):
                p.add("resources", "roaSpec[%d] A ROA with the same origin AS and prefix (AS%d %s) already exists."
                      % (index, roa["asNumber"], prefix_text(resource)))
            elif _covers(theirs, resource) or _covers(resource, theirs):
                p.add("resources", "roaSpec[%d] AS%d %s overlaps the ROA for %s: duplicate and overlapping ROAs "
                      "are not allowed." % (index, roa["asNumber"], prefix_text(resource), prefix_text(theirs)))


# --------------------------------------------------------------------------- state

def load(ctx, org_handle: str) -> dict:
    """The org's RPKI state after the 404/401/400 checks."""
    org = ctx.store.get("org", org_handle)
    if org is None:
        raise not_found("ORG", org_handle)
    mine = user_pocs(ctx)
    if not any(l["function"] in RPKI_FUNCTIONS and l["handle"].upper() in mine for l in org.get("pocLinks", [])):
        raise denied()
    state = ctx.store.get("rpki", org["handle"])
    if state is None or not state.get("hosted"):
        raise bad_request("Organization %s has not set up hosted RPKI (no resource certificate)." % org["handle"])
    return state


def mint(ctx, org: str) -> str:
    return hashlib.md5(("roa/%s/%d" % (org.upper(), ctx.store.next("roa"))).encode()).hexdigest()


def validity(start: str) -> tuple[str, str]:
    """ARIN sets the validity of a hosted ROA (and renews it): a year from its creation."""
    begin = datetime.datetime.fromisoformat(start)
    return start, (begin + datetime.timedelta(days=365)).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- output

def address_text(version: int, value: int) -> str:
    """Addresses as ARIN lists them: IPv4 zero-padded, IPv6 every group written out in lower case."""
    if version == 4:
        return nets.fmt_ip(nets.make_ip(4, value))
    return ":".join("%x" % int(group, 16) for group in nets.make_ip(6, value).exploded.split(":"))


def prefix_text(resource) -> str:
    return "%s/%d" % (nets.make_ip(resource["version"], resource["first"]), resource["cidr"])


def _sub(parent, name, text):
    etree.SubElement(parent, xmlio.q(RPKI, name)).text = str(text)


def _resource_children(elem, resource, listing):
    version, first, last = _span(resource)
    if listing:
        _sub(elem, "cidrLength", resource["cidr"])
        _sub(elem, "endAddress", address_text(version, last))
        _sub(elem, "ipVersion", version)
        _sub(elem, "maxLength", resource["maxLength"])
        _sub(elem, "startAddress", address_text(version, first))
        _sub(elem, "autoLinked", "true" if resource.get("autoLinked") else "false")
    else:
        _sub(elem, "autoLinked", "true" if resource.get("autoLinked") else "false")
        _sub(elem, "startAddress", address_text(version, first))
        _sub(elem, "cidrLength", resource["cidr"])
        _sub(elem, "maxLength", resource["maxLength"])


def roa_element(parent, roa: dict, listing: bool):
    """A roaSpec: in a listing one bare ``resources`` element per prefix, in a transaction's
    answer the request's layout (``resources`` wrapping ``roaSpecResource``)."""
    elem = etree.SubElement(parent, xmlio.q(RPKI, "roaSpec"))
    if not listing:
        _sub(elem, "autoLink", "true" if roa.get("autoLink") else "false")
    _sub(elem, "asNumber", roa["asNumber"])
    _sub(elem, "name", roa["name"])
    _sub(elem, "autoRenewed", "true")
    _sub(elem, "notValidAfter", roa["notValidAfter"])
    _sub(elem, "notValidBefore", roa["notValidBefore"])
    if listing:
        for resource in roa["resources"]:
            _resource_children(etree.SubElement(elem, xmlio.q(RPKI, "resources")), resource, True)
    else:
        wrapper = etree.SubElement(elem, xmlio.q(RPKI, "resources"))
        for resource in roa["resources"]:
            _resource_children(etree.SubElement(wrapper, xmlio.q(RPKI, "roaSpecResource")), resource, False)
    _sub(elem, "roaHandle", roa["roaHandle"])
    return elem


def aspa_element(parent, aspa: dict):
    elem = etree.SubElement(parent, xmlio.q(RPKI, "aspa"))
    _sub(elem, "customerAsId", aspa["customerAsId"])
    wrapper = etree.SubElement(elem, xmlio.q(RPKI, "providerAsIds"))
    for asn in aspa["providerAsIds"]:  # kept in the order given: the order means nothing
        _sub(wrapper, "providerAsId", asn)
    return elem


# --------------------------------------------------------------------------- handlers

def require_content_type(ctx):
    # ARIN production answered 415 to a body-less RPKI listing sent without Content-Type.
    if ctx.content_type != "application/xml":
        raise ApiError(415, "E_UNSUPPORTED_MEDIA_TYPE",
                       "The request media type must be application/xml, with or without a body.")


def list_roas(ctx, org):
    require_content_type(ctx)
    state = load(ctx, org)
    root = etree.Element(xmlio.q(xmlio.CORE, "collection"), nsmap={None: xmlio.CORE, "ns5": RPKI})
    for roa in state["roas"]:
        roa_element(root, roa, listing=True)
    return Reply(xmlio.to_bytes(root))


def list_aspas(ctx, org):
    require_content_type(ctx)
    state = load(ctx, org)
    root = etree.Element(xmlio.q(xmlio.CORE, "collection"), nsmap={None: xmlio.CORE, "ns5": RPKI})
    for aspa in state.get("aspas", []):
        aspa_element(root, aspa)
    return Reply(xmlio.to_bytes(root))


def transaction(ctx, org):
    state = load(ctx, org)
    handles, specs, customers, aspas = parse_transaction(ctx.body)
    if not (handles or specs or customers or aspas):
        raise bad_request("The transaction holds no change.")
    by_handle = {roa["roaHandle"].lower(): roa for roa in state["roas"]}
    missing = [h for h in handles if h.lower() not in by_handle]
    if missing:
        raise not_found("ROA", ", ".join(missing))
    if len({h.lower() for h in handles}) != len(handles):
        raise bad_request("A ROA handle is listed more than once in roaSpecDelete.")
    held = {a["customerAsId"] for a in state.get("aspas", [])}
    missing = ["AS%d" % c for c in customers if c not in held]
    if missing:
        raise not_found("ASPA", ", ".join(missing))
    if len(set(customers)) != len(customers):
        raise bad_request("A customer AS is listed more than once in aspaDelete.")
    gone = {h.lower() for h in handles}
    kept = [roa for roa in state["roas"] if roa["roaHandle"].lower() not in gone]  # deletes apply first
    kept_aspas = [a for a in state.get("aspas", []) if a["customerAsId"] not in customers]
    p = Problems()
    cert = certificate(ctx.store, state["org"])
    checked = [check_spec(spec, index, cert, p) for index, spec in enumerate(specs)]
    if not p:
        check_conflicts(kept, checked, p)
    checked_aspas = [check_aspa(aspa, index, state["asns"], p) for index, aspa in enumerate(aspas)]
    if None not in checked_aspas:
        check_aspas(kept_aspas, checked_aspas, p)
    p.check()  # a refused ASPA refuses the ROAs of the transaction too, and the other way round
    start, end = validity(now())
    added = []
    for roa in checked:
        # AS0 ROAs are never linked to route objects, whatever autoLink says.
        linked = roa["autoLink"] and roa["asNumber"] != 0
        added.append({**roa, "roaHandle": mint(ctx, state["org"]), "notValidBefore": start, "notValidAfter": end,
                      "resources": [{**r, "autoLinked": linked} for r in roa["resources"]]})
    deleted = [by_handle[h.lower()]["roaHandle"] for h in handles]
    ctx.store.put("rpki", state["org"], {**state, "roas": kept + added, "aspas": kept_aspas + checked_aspas})
    root = etree.Element(xmlio.q(RPKI, "rpkiTransaction"), nsmap={None: RPKI})
    if deleted:
        wrapper = etree.SubElement(root, xmlio.q(RPKI, "roaSpecDelete"))
        for handle in deleted:
            _sub(wrapper, "roaHandle", handle)
    if added:
        wrapper = etree.SubElement(root, xmlio.q(RPKI, "roaSpecAdd"))
        for roa in added:
            roa_element(wrapper, roa, listing=False)
    if customers:
        wrapper = etree.SubElement(root, xmlio.q(RPKI, "aspaDelete"))
        for customer in customers:
            _sub(wrapper, "customerAsId", customer)
    if checked_aspas:
        wrapper = etree.SubElement(root, xmlio.q(RPKI, "aspaAdd"))
        for aspa in checked_aspas:
            aspa_element(wrapper, aspa)
    return Reply(xmlio.to_bytes(root))


# --------------------------------------------------------------------------- seed

def seed_state(store, org: dict, item: dict, date: str) -> None:
    """The org's hosted RPKI from its seed entry (``hosted_rpki``, ``asns``, ``roas``, ``aspas``)."""
    state = {"org": org["handle"], "hosted": bool(item.get("hosted_rpki")),
             "asns": [int(a) for a in item.get("asns") or []], "roas": [], "aspas": []}
    if not state["hosted"]:
        if item.get("roas") or item.get("aspas"):
            raise ValueError("invalid seed: org %s has ROAs or ASPAs but no hosted RPKI" % org["handle"])
        store.put("rpki", org["handle"], state)
        return
    cert = certificate(store, org["handle"])
    p = Problems()
    start, end = validity(date)
    for index, roa in enumerate(item.get("roas") or []):
        spec = {"asNumber": str(roa["asNumber"]), "name": roa["name"], "resources": [
            {"startAddress": str(ipaddress.ip_network(r["prefix"]).network_address),
             "cidrLength": str(ipaddress.ip_network(r["prefix"]).prefixlen),
             **({"maxLength": str(r["maxLength"])} if r.get("maxLength") is not None else {})}
            for r in roa["resources"]]}
        checked = check_spec(spec, index, cert, p)
        if checked is not None:
            check_conflicts(state["roas"], [checked], p)
        if p:
            raise ValueError("invalid seed: ROA %d of %s: %s" % (index, org["handle"], p))
        handle = roa.get("roaHandle") or hashlib.md5(("seed/%s/%d" % (org["handle"], index)).encode()).hexdigest()
        state["roas"].append({**checked, "roaHandle": handle, "notValidBefore": start, "notValidAfter": end,
                              "resources": [{**r, "autoLinked": False} for r in checked["resources"]]})
    for index, aspa in enumerate(item.get("aspas") or []):
        checked = check_aspa({"customerAsId": int(aspa["customerAsId"]),
                              "providerAsIds": [int(a) for a in aspa["providerAsIds"]]}, index, state["asns"], p)
        if checked is not None:
            check_aspas(state["aspas"], [checked], p)
        if p:
            raise ValueError("invalid seed: ASPA %d of %s: %s" % (index, org["handle"], p))
        state["aspas"].append(checked)
    store.put("rpki", org["handle"], state)


ROUTES = [
    ("GET", "roa/{org}", list_roas),
    ("GET", "aspa/{org}", list_aspas),
    ("POST", "rpki/{org}", transaction),
]
