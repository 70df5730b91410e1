"""The delegation service: reverse DNS nameservers and DS records of in-addr.arpa/ip6.arpa zones.

Delegations have no handle: a name such as 2.0.192.in-addr.arpa. stands for a block, and
the delegation belongs to the most specific net covering that block. They are not created
or deleted: a block ARIN registered has its delegations, empty until nameservers are set.
"""
from __future__ import annotations

import re

from lxml import etree

from .. import nets, reverse, xmlio
from ..errors import ApiError, bad_request, denied, invalid, not_found
from ..rules import Problems
from .common import Reply, can_net, load_net

TTL = "http://www.arin.net/regrws/ttl/v1"
DEFAULT_TTL = "86400"
ALGORITHMS = {
    "5": "RSA/SHA-1", "7": "RSASHA1-NSEC3-SHA1", "8": "RSA/SHA-256", "10": "RSA/SHA-512",
    "13": "ECDSA Curve P-256 with SHA-256", "14": "ECDSA Curve P-384 with SHA-384",
    "15": "EdDSA Curve Ed25519", "16": "EdDSA Curve Ed448",
}
# Digest type -> (name, hex digits), as ARIN's payload page lists them.
DIGEST_TYPES = {"1": ("SHA-1", 40), "2": ("SHA-256", 64), "3": ("MD5", 32), "4": ("SHA-384", 96)}
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


# --------------------------------------------------------------------------- reading payloads

def _core(elem, name):
    return elem.tag == xmlio.q(xmlio.CORE, name)


def _children(elem, allowed):
    """Core-namespace children of elem (foreign ones ignored); unknown core ones are schema errors."""
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        ns = etree.QName(child).namespace
        if ns in (xmlio.CORE, TTL):
            local = etree.QName(child).localname if ns == xmlio.CORE else "ttl"
            if local not in allowed:
                raise xmlio.SchemaError("unknown element %s in %s" % (local, etree.QName(elem).localname))
            yield local, child


def _parse(ctx, root):
    if not ctx.body.strip():
        raise ApiError(400, "E_SCHEMA_VALIDATION", "A %s payload is required." % root)
    try:
        if b"<!DOCTYPE" in ctx.body.upper():
            raise xmlio.SchemaError("DOCTYPE declarations are not allowed")
        try:
            elem = etree.fromstring(ctx.body, xmlio._PARSER)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise xmlio.SchemaError("malformed XML: %s" % exc) from None
        if not _core(elem, root):
            raise xmlio.SchemaError("expected root element %s in %s" % (root, xmlio.CORE))
        return _read_delegation(elem) if root == "delegation" else _read_key(elem)
    except xmlio.SchemaError as exc:
        raise ApiError(400, "E_SCHEMA_VALIDATION", str(exc)) from None


def _read_key(elem) -> dict:
    key = {}
    for local, child in _children(elem, ("algorithm", "digest", "ttl", "digestType", "keyTag")):
        key[local] = (child.text or "").strip()  # name attributes are ARIN's to fill
    return key


def _read_delegation(elem) -> dict:
    doc = {}
    for local, child in _children(elem, ("name", "nameservers", "delegationKeys")):
        if local == "name":
            doc["name"] = (child.text or "").strip()
        elif local == "nameservers":
            doc["nameservers"] = [{"host": (ns.text or "").strip(), "ttl": ns.get(xmlio.q(TTL, "ttl"))}
                                  for _, ns in _children(child, ("nameserver",))]
        else:
            doc["delegationKeys"] = [_read_key(k) for _, k in _children(child, ("delegationKey",))]
    return doc


# --------------------------------------------------------------------------- rules

def host_name(text: str) -> str | None:
    """ARIN's stored form of a nameserver host name (upper case, no trailing dot), or None."""
    host = (text or "").strip().rstrip(".")
    labels = host.split(".")
    if len(host) > 253 or len(labels) < 2 or not all(_LABEL.match(l) for l in labels):
        return None
    if labels[-1].isdigit():
        return None  # an address, not a host name
    return host.upper()


def check_ttl(ttl, p: Problems, field: str):
    if ttl in (None, ""):
        return DEFAULT_TTL
    if not str(ttl).isdigit() or not 0 < int(ttl) <= 2147483647:
        p.add(field, "The TTL must be a positive number of seconds.")
    return str(int(ttl)) if str(ttl).isdigit() else DEFAULT_TTL


def check_nameservers(items: list, p: Problems) -> list:
    hosts, seen = [], set()
    for item in items:
        host = host_name(item["host"])
        if host is None:
            p.add("nameserver", "%r is not a valid nameserver host name." % item["host"])
            continue
        if host in seen:
            p.add("nameservers", "Nameserver %s is listed more than once." % host)
            continue
        seen.add(host)
        hosts.append({"host": host, "ttl": check_ttl(item.get("ttl"), p, "nameserver")})
    return hosts


def check_key(key: dict, p: Problems) -> dict:
    algorithm, digest_type = key.get("algorithm", ""), key.get("digestType", "")
    digest = re.sub(r"\s+", "", key.get("digest", "")).upper()
    if algorithm not in ALGORITHMS:
        p.add("algorithm", "Algorithm must be one of %s." % ", ".join(ALGORITHMS))
    if digest_type not in DIGEST_TYPES:
        p.add("digestType", "Digest type must be one of %s." % ", ".join(DIGEST_TYPES))
    elif not re.match(r"^[0-9A-F]+$", digest) or len(digest) != DIGEST_TYPES[digest_type][1]:
        p.add("digest", "A %s digest is %d hexadecimal digits." % DIGEST_TYPES[digest_type])
    tag = key.get("keyTag", "")
    if not tag.isdigit() or int(tag) > 65535:
        p.add("keyTag", "The key tag must be a number from 0 to 65535.")
    return {"algorithm": algorithm, "digest": digest, "digestType": digest_type,
            "keyTag": str(int(tag)) if tag.isdigit() else tag,
            "ttl": check_ttl(key.get("ttl"), p, "ttl")}


# --------------------------------------------------------------------------- lookup

def owner(ctx, version: int, first: int, last: int):
    """The most specific net covering the whole block. Simple reassignments (customer nets)
    get no delegations of their own: their upstream's net keeps them."""
    covering = [n for n in ctx.store.all("net") if not n.get("customerHandle")
                and nets.contains(nets.net_range(n), (version, first, last))]
    return min(covering, key=lambda n: nets.net_range(n)[2] - nets.net_range(n)[1], default=None)


def names_of(net) -> list:
    return [name for block in net["blocks"]
            for name in reverse.names_for_range(block["version"], block["first"], block["last"])]


def load(ctx, name: str, read=False) -> tuple[str, dict]:
    """(canonical name, the zone's stored content) after the 400/404/401 checks."""
    try:
        canonical = reverse.canonical(name)
    except ValueError as exc:
        raise bad_request(str(exc)) from None
    net = owner(ctx, *reverse.parse_name(name))
    if net is None or canonical not in names_of(net):
        raise not_found("Delegation", name)
    if not (read and ctx.settings.open_reads) and not can_net(ctx, net):
        raise denied()
    return canonical, stored(ctx, canonical, net)


def owner_stamp(net) -> list:
    return [net["handle"], net.get("registrationDate")]


def stored(ctx, name: str, net) -> dict:
    """The zone's nameservers and DS records, if set while this net held it: a zone goes
    with its net, so a net removed and registered again starts with an empty zone."""
    doc = ctx.store.get("delegation", name)
    if not doc or doc.get("owner") != owner_stamp(net):
        return {"nameservers": [], "delegationKeys": [], "owner": owner_stamp(net)}
    return doc


def forget(ctx, net) -> None:
    """Drop the zone content set while ``net`` held the zones (the net is being removed)."""
    for doc in ctx.store.all("delegation"):
        if doc.get("owner") == owner_stamp(net):
            ctx.store.delete("delegation", doc["name"])


# --------------------------------------------------------------------------- output

def delegation_element(name: str, doc: dict):
    elem = etree.Element(xmlio.q(xmlio.CORE, "delegation"), nsmap={None: xmlio.CORE, "ns2": TTL})
    keys = etree.SubElement(elem, xmlio.q(xmlio.CORE, "delegationKeys"))
    for key in doc.get("delegationKeys", []):
        k = etree.SubElement(keys, xmlio.q(xmlio.CORE, "delegationKey"))
        etree.SubElement(k, xmlio.q(xmlio.CORE, "algorithm"), name=ALGORITHMS[key["algorithm"]]).text = key["algorithm"]
        etree.SubElement(k, xmlio.q(xmlio.CORE, "digest")).text = key["digest"]
        etree.SubElement(k, xmlio.q(TTL, "ttl")).text = key["ttl"]
        etree.SubElement(k, xmlio.q(xmlio.CORE, "digestType"),
                         name=DIGEST_TYPES[key["digestType"]][0]).text = key["digestType"]
        etree.SubElement(k, xmlio.q(xmlio.CORE, "keyTag")).text = key["keyTag"]
    etree.SubElement(elem, xmlio.q(xmlio.CORE, "name")).text = name
    servers = etree.SubElement(elem, xmlio.q(xmlio.CORE, "nameservers"))
    for ns in doc.get("nameservers", []):
        etree.SubElement(servers, xmlio.q(xmlio.CORE, "nameserver"), {xmlio.q(TTL, "ttl"): ns["ttl"]}).text = ns["host"]
    return elem


def reply(name: str, doc: dict) -> Reply:
    return Reply(xmlio.to_bytes(delegation_element(name, doc)))


def save(ctx, name: str, doc: dict) -> Reply:
    ctx.store.put("delegation", name, {**doc, "name": name})
    return reply(name, doc)


# --------------------------------------------------------------------------- handlers

def get_delegation(ctx, name):
    return reply(*load(ctx, name, read=True))


def modify_delegation(ctx, name):
    """Replace the nameservers and DS records with the payload's (absent wrapper = none)."""
    canonical, zone = load(ctx, name)
    body = _parse(ctx, "delegation")
    p = Problems()
    # A Modify that leaves out the delegation's name is refused (reported of OT&E).
    if not body.get("name"):
        p.add("name", "The payload must carry the delegation's name.")
    else:
        try:
            same = reverse.canonical(body["name"]) == canonical
        except ValueError:
            same = False
        if not same:
            p.add("name", "The payload's name does not match the URL.")
    servers = check_nameservers(body.get("nameservers") or [], p)
    keys = [check_key(k, p) for k in body.get("delegationKeys") or []]
    if len({(k["keyTag"], k["algorithm"], k["digestType"], k["digest"]) for k in keys}) != len(keys):
        p.add("delegationKeys", "The same DS record is listed more than once.")
    if keys and not servers:
        p.add("delegationKeys", "DS records need nameservers on the delegation.")
    p.check()
    return save(ctx, canonical, {**zone, "nameservers": servers, "delegationKeys": keys})


def add_nameserver(ctx, name, host):
    canonical, zone = load(ctx, name)
    p = Problems()
    servers = check_nameservers([{"host": host, "ttl": ctx.query.get("ttl")}], p)
    p.check()
    if any(ns["host"] == servers[0]["host"] for ns in zone["nameservers"]):
        raise invalid([("nameserver", "Nameserver %s is already on %s." % (servers[0]["host"], canonical))])
    return save(ctx, canonical, {**zone, "nameservers": zone["nameservers"] + servers})


def delete_nameserver(ctx, name, host):
    canonical, zone = load(ctx, name)
    wanted = host_name(host) or host.upper()
    kept = [ns for ns in zone["nameservers"] if ns["host"] != wanted]
    if len(kept) == len(zone["nameservers"]):
        raise not_found("Nameserver", "%s on %s" % (host, canonical))
    if not kept and zone["delegationKeys"]:
        raise invalid([("nameserver", "Remove the DS records before the last nameserver.")])
    return save(ctx, canonical, {**zone, "nameservers": kept})


def delete_nameservers(ctx, name):
    canonical, zone = load(ctx, name)
    if zone["delegationKeys"]:
        raise invalid([("nameservers", "Remove the DS records before the nameservers.")])
    return save(ctx, canonical, {**zone, "nameservers": []})


def net_delegations(ctx, handle):
    """N12: the delegations of a net's blocks at ARIN's boundaries, in address order."""
    net = load_net(ctx, handle, read=True)
    names = [] if net.get("customerHandle") else names_of(net)
    root = etree.Element(xmlio.q(xmlio.CORE, "collection"), nsmap={None: xmlio.CORE, "ns2": TTL})
    for name in names:
        root.append(delegation_element(name, stored(ctx, name, owner(ctx, *reverse.parse_name(name)))))
    return Reply(xmlio.to_bytes(root))


ROUTES = [
    ("GET", "delegation/{name}", get_delegation),
    ("PUT", "delegation/{name}", modify_delegation),
    ("POST", "delegation/{name}/nameserver/{host}", add_nameserver),
    ("DELETE", "delegation/{name}/nameserver/{host}", delete_nameserver),
    ("DELETE", "delegation/{name}/nameservers", delete_nameservers),
    ("GET", "net/{handle}/delegations", net_delegations),
]
