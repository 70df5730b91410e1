"""Reg-RWS method handlers (POC, Org, Customer, Net, Ticket).

Every handler runs inside one store transaction and either returns a `Reply` or
raises `ApiError`; nothing is written unless the whole request succeeds.
"""
from __future__ import annotations

import base64
import binascii
import datetime
import re
import uuid

from . import nets, views, xmlio
from .errors import ApiError, bad_request, denied, invalid, not_found
from .rules import (FUNCTIONS, NET_FUNCTIONS, Problems, check_characters, check_immutable,
                    check_links, check_net_name, check_org_links, check_phone, validate_customer,
                    validate_org, validate_poc)

TICKET_STATUSES = {"PENDING_CONFIRMATION", "PENDING_REVIEW", "PENDING_CUSTOMER_REVIEW",
                   "ASSIGNED", "IN_PROGRESS", "WAIT_LIST", "RESOLVED", "CLOSED", "APPROVED"}
RESOLUTIONS = {"ACCEPTED", "DENIED", "ABANDONED", "ANSWERED", "PROCESSED", "DUPLICATE",
               "WITHDRAWN", "UNSUCCESSFUL", "OTHER"}


class Reply:
    def __init__(self, body: bytes, content_type="application/xml", headers=None):
        self.body, self.content_type, self.headers = body, content_type, headers or {}


def xml(root: str, doc) -> Reply:
    return Reply(xmlio.emit(root, doc))


def now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


# --------------------------------------------------------------------------- authority

def user_pocs(ctx) -> set:
    return {h.upper() for h in ctx.store.get("user", ctx.user)["pocs"]}


def can_poc(ctx, handle: str) -> bool:
    return handle.upper() in user_pocs(ctx)


def can_org(ctx, org: dict | None) -> bool:
    mine = user_pocs(ctx)
    return bool(org) and any(l["function"] in ("AD", "T") and l["handle"].upper() in mine
                             for l in org.get("pocLinks", []))


def net_org_handle(ctx, net: dict) -> str | None:
    """The org a net belongs to: its own, or the customer's parent org for simple nets."""
    if net.get("orgHandle"):
        return net["orgHandle"]
    customer = ctx.store.get("customer", net.get("customerHandle"))
    return customer.get("parentOrgHandle") if customer else None


def can_net(ctx, net: dict) -> bool:
    """Admin/Tech of the net's org, Tech of the net, or authority over its parent net."""
    seen = set()
    while net and net["handle"] not in seen:
        seen.add(net["handle"])
        if can_org(ctx, ctx.store.get("org", net_org_handle(ctx, net))):
            return True
        if any(l["function"] == "T" and l["handle"].upper() in user_pocs(ctx)
               for l in net.get("pocLinks", [])):
            return True
        net = ctx.store.get("net", net.get("parentNetHandle"))
    return False


def can_customer(ctx, customer: dict) -> bool:
    net = ctx.store.get("net", customer.get("_net"))
    if net and can_net(ctx, net):
        return True
    return can_org(ctx, ctx.store.get("org", customer.get("parentOrgHandle")))


def load(ctx, kind: str, handle: str, check, read=False) -> dict:
    """Fetch an object (404 when missing) and enforce authority over it (401)."""
    doc = ctx.store.get(kind, handle)
    if doc is None:
        raise not_found(kind.upper() if kind != "customer" else "Customer", handle)
    if read and ctx.settings.open_reads:
        return doc
    if not check(ctx, doc):
        raise denied()
    return doc


def load_poc(ctx, handle, read=False):
    return load(ctx, "poc", handle, lambda c, d: can_poc(c, d["handle"]), read)


def load_org(ctx, handle, read=False):
    return load(ctx, "org", handle, can_org, read)


def load_net(ctx, handle, read=False):
    return load(ctx, "net", handle, can_net, read)


def load_customer(ctx, handle, read=False):
    return load(ctx, "customer", handle, can_customer, read)


# --------------------------------------------------------------------------- helpers

def unique_handle(ctx, kind: str, make) -> str:
    """First free handle make(1), make(2), ... (so a deleted handle can be re-issued)."""
    n = 1
    while ctx.store.get(kind, make(n)):
        n += 1
    return make(n)


def stem(text: str, size: int) -> str:
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())[:size] or "X"


MUTABLE_ADDRESS = ("iso3166-1", "iso3166-2", "streetAddress", "city", "postalCode", "comment")


def replace_fields(stored: dict, body: dict, fields) -> dict:
    """PUT semantics: each listed field takes the body's value; an omitted one is cleared."""
    out = dict(stored)
    for field in fields:
        out[field] = body.get(field) or None
    return out


def strip_empty(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if v not in (None, "")}


# --------------------------------------------------------------------------- POC

POC_IMMUTABLE = ("contactType", "firstName", "middleName", "lastName", "handle",
                 "registrationDate")


def poc_from_body(body: dict) -> dict:
    doc = {k: body.get(k) or None for k in xmlio.POC if k not in ("lastModified",)}
    doc["phones"] = [views.phone_in(p) for p in body.get("phones") or []]
    doc["emails"] = list(body.get("emails") or [])
    return doc


def get_poc(ctx, handle):
    return xml("poc", views.poc_out(load_poc(ctx, handle, read=True)))


def create_poc(ctx):
    doc = poc_from_body(ctx.parse("poc"))
    validate_poc(doc)
    doc["handle"] = unique_handle(ctx, "poc", lambda n: "%s%d-ARIN" % (stem(doc["lastName"], 8), n))
    doc["registrationDate"] = now()
    doc = strip_empty(doc)
    ctx.store.put("poc", doc["handle"], doc)
    if ctx.matrix.get("makeLink", "false").lower() == "true":
        user = ctx.store.get("user", ctx.user)
        user["pocs"].append(doc["handle"])
        ctx.store.put("user", ctx.user, user)
    return xml("poc", views.poc_out(doc))


def modify_poc(ctx, handle):
    stored = load_poc(ctx, handle)
    body = ctx.parse("poc")
    omit_ok = {"handle", "registrationDate"}
    if stored["contactType"] == "ROLE":
        omit_ok |= {"firstName", "middleName"}
    check_immutable(stored, body, POC_IMMUTABLE, omit_ok)
    doc = replace_fields(stored, body, MUTABLE_ADDRESS + ("companyName",))
    if "phones" in body:
        doc["phones"] = [views.phone_in(p) for p in body["phones"]]
    if "emails" in body:
        doc["emails"] = list(body["emails"])
    validate_poc(doc)
    doc = strip_empty(doc)
    ctx.store.put("poc", doc["handle"], doc)
    return xml("poc", views.poc_out(doc))


def delete_poc(ctx, handle):
    poc = load_poc(ctx, handle)
    key = poc["handle"].upper()
    for kind in ("org", "net"):
        for obj in ctx.store.all(kind):
            if any(l["handle"].upper() == key for l in obj.get("pocLinks", [])):
                raise ApiError(409, "E_NOT_REMOVEABLE",
                               "POC %s is linked to %s %s." % (poc["handle"], kind, obj["handle"]))
    ctx.store.delete("poc", key)
    for user in ctx.store.all("user"):
        if any(h.upper() == key for h in user["pocs"]):
            user["pocs"] = [h for h in user["pocs"] if h.upper() != key]
            ctx.store.put("user", user["name"], user)
    return xml("poc", views.poc_out(poc))


def add_phone(ctx, handle):
    poc = load_poc(ctx, handle)
    phone = views.phone_in(ctx.parse("phone"))
    p = Problems()
    check_phone(phone, p)
    p.check()
    for existing in poc["phones"]:
        if existing["type"] == phone["type"] and existing["number"] == phone["number"]:
            return xml("phone", views.phone_out(existing))  # duplicate: keep the old extension
    poc["phones"].append(strip_empty(phone))
    ctx.store.put("poc", poc["handle"], poc)
    return xml("phone", views.phone_out(phone))


def delete_phone(ctx, handle, number=""):
    poc = load_poc(ctx, handle)
    # `;type=` is the documented form; `?type=` is accepted as a lenient alias.
    kind = ctx.matrix.get("type") or ctx.query.get("type") or ""
    if not number and not kind:
        raise bad_request("A phone number, a phone type or both are required.")
    if kind and kind not in ("O", "F", "M"):
        raise bad_request("Phone type must be O, F or M.")
    removed = [p for p in poc["phones"]
               if (not number or p["number"] == number) and (not kind or p["type"] == kind)]
    kept = [p for p in poc["phones"] if p not in removed]
    if removed and not any(p["type"] == "O" for p in kept):
        raise invalid([("phones", "At least one office phone (type O) is required.")])
    if removed:
        poc["phones"] = kept
        ctx.store.put("poc", poc["handle"], poc)
    return Reply(views.collection("phone", [views.phone_out(p) for p in removed]))


def add_email(ctx, handle, email):
    poc = load_poc(ctx, handle)
    p = Problems()
    check_characters({"email": email}, p)
    if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        p.add("email", "Invalid email address: %s" % email)
    p.check()
    if email.lower() not in (e.lower() for e in poc["emails"]):
        poc["emails"].append(email)
        ctx.store.put("poc", poc["handle"], poc)
    return xml("poc", views.poc_out(poc))


def delete_email(ctx, handle, email):
    poc = load_poc(ctx, handle)
    kept = [e for e in poc["emails"] if e.lower() != email.lower()]
    if len(kept) == len(poc["emails"]):
        raise not_found("Email", email)
    if not kept:
        raise invalid([("emails", "At least one email address is required.")])
    poc["emails"] = kept
    ctx.store.put("poc", poc["handle"], poc)
    return xml("poc", views.poc_out(poc))


# --------------------------------------------------------------------------- Org

ORG_MUTABLE = MUTABLE_ADDRESS + ("taxId", "orgUrl")


def org_from_body(body: dict) -> dict:
    doc = {k: body.get(k) or None for k in xmlio.ORG
           if k not in ("messages", "messageReferences", "acceptReassignments")}
    doc["pocLinks"] = [{"function": l["function"], "handle": l["handle"].upper()}
                       for l in body.get("pocLinks") or []]
    doc["acceptReassignments"] = parse_bool(body.get("acceptReassignments"), "acceptReassignments",
                                            default=True)
    return doc


def parse_bool(value, name, default):
    if value in (None, ""):
        return default
    if value not in ("true", "false"):
        raise invalid([(name, "%s must be true or false." % name)])
    return value == "true"


def mint_org(ctx, doc: dict) -> dict:
    doc = dict(doc)
    doc["handle"] = unique_handle(ctx, "org", lambda n: "%s-%d" % (stem(doc["orgName"].split()[0], 10), n))
    doc["registrationDate"] = now()
    doc = strip_empty(doc)
    ctx.store.put("org", doc["handle"], doc)
    return doc


def get_org(ctx, handle):
    return xml("org", views.org_out(load_org(ctx, handle, read=True)))


def create_org(ctx):
    body = ctx.parse("org")
    doc = org_from_body(body)
    validate_org(doc, ctx.store)
    ticket = new_ticket(ctx, "ORG_CREATE", "PENDING_REVIEW", request={"org": doc})
    add_body_messages(ctx, ticket, body)
    ctx.store.put("ticket", ticket["ticketNo"], ticket)
    return xml("ticket", views.ticket_out(ticket))


def create_recipient_org(ctx, handle):
    """N7 (2011 only): an org created on the spot under a parent net."""
    if not ctx.settings.legacy:
        raise ApiError(404, "E_UNSPECIFIED", "No such resource.")
    parent = ctx.store.get("net", handle)
    if parent is None:
        raise not_found("NET", handle)
    if not can_net(ctx, parent):
        raise denied(403)
    doc = org_from_body(ctx.parse("org"))
    validate_org(doc, ctx.store)
    return xml("org", views.org_out(mint_org(ctx, doc)))


def modify_org(ctx, handle):
    stored = load_org(ctx, handle)
    body = ctx.parse("org")
    check_immutable(stored, body, ("orgName", "dbaName", "handle", "registrationDate"),
                    omit_ok={"orgName", "dbaName", "handle", "registrationDate"})
    doc = replace_fields(stored, body, ORG_MUTABLE)
    if "pocLinks" in body:
        doc["pocLinks"] = org_from_body(body)["pocLinks"]
    if "acceptReassignments" in body:
        doc["acceptReassignments"] = parse_bool(body["acceptReassignments"],
                                                "acceptReassignments", True)
    validate_org(doc, ctx.store)
    doc = strip_empty(doc)
    ctx.store.put("org", doc["handle"], doc)
    return xml("org", views.org_out(doc))


def delete_org(ctx, handle):
    org = load_org(ctx, handle)
    key = org["handle"].upper()
    for net in ctx.store.all("net"):
        if (net_org_handle(ctx, net) or "").upper() == key:
            raise ApiError(409, "E_NOT_REMOVEABLE",
                           "Org %s still holds net %s." % (org["handle"], net["handle"]))
    ctx.store.delete("org", key)
    return xml("org", views.org_out(org))


def add_org_poc(ctx, handle, poc_handle):
    org = load_org(ctx, handle)
    function = ctx.matrix.get("pocFunction", "")
    if function not in FUNCTIONS:
        raise bad_request("pocFunction must be one of %s." % ", ".join(FUNCTIONS))
    poc = ctx.store.get("poc", poc_handle)
    if poc is None:
        raise not_found("POC", poc_handle)
    link = {"function": function, "handle": poc["handle"]}
    if function == "AD":
        if not ctx.settings.legacy:
            raise invalid([("pocLinkRef", "The Admin POC can only be changed with Modify Org.")])
        org["pocLinks"] = [l for l in org["pocLinks"] if l["function"] != "AD"]  # 2011: replace
    if link not in org["pocLinks"]:
        org["pocLinks"].append(link)
    ctx.store.put("org", org["handle"], org)
    return xml("org", views.org_out(org))


def remove_org_poc(ctx, handle, poc_handle=""):
    org = load_org(ctx, handle)
    function = ctx.matrix.get("pocFunction", "")
    if not poc_handle and not function:
        raise bad_request("A POC handle, a pocFunction or both are required.")
    if function and function not in FUNCTIONS:
        raise bad_request("pocFunction must be one of %s." % ", ".join(FUNCTIONS))
    if poc_handle and ctx.store.get("poc", poc_handle) is None:
        raise not_found("POC", poc_handle)
    kept = [l for l in org["pocLinks"]
            if not ((not poc_handle or l["handle"].upper() == poc_handle.upper())
                    and (not function or l["function"] == function))]
    p = Problems()
    check_org_links(kept, ctx.store, p)
    p.check()
    org["pocLinks"] = kept
    ctx.store.put("org", org["handle"], org)
    return xml("org", views.org_out(org))


# --------------------------------------------------------------------------- Customer

CUSTOMER_FIELDS = ("customerName",) + MUTABLE_ADDRESS + ("privateCustomer",)


def customer_from_body(body: dict) -> dict:
    return {k: body.get(k) or None for k in CUSTOMER_FIELDS}


def make_customer(ctx, doc: dict, parent_org: str | None) -> dict:
    doc = dict(doc, parentOrgHandle=parent_org, registrationDate=now())
    doc["handle"] = "C%08d" % ctx.store.next("customer")
    doc = strip_empty(doc)
    ctx.store.put("customer", doc["handle"], doc)
    return doc


def get_customer(ctx, handle):
    return xml("customer", views.customer_out(load_customer(ctx, handle, read=True)))


def create_customer(ctx, handle):
    parent = ctx.store.get("net", handle)
    if parent is None:
        raise not_found("NET", handle)
    if not can_net(ctx, parent):
        raise denied()
    doc = customer_from_body(ctx.parse("customer"))
    validate_customer(doc)
    return xml("customer", views.customer_out(make_customer(ctx, doc, net_org_handle(ctx, parent))))


def modify_customer(ctx, handle):
    stored = load_customer(ctx, handle)
    body = ctx.parse("customer")
    check_immutable(stored, body, ("handle", "registrationDate"))
    doc = replace_fields(stored, body, CUSTOMER_FIELDS)
    validate_customer(doc)
    doc = strip_empty(doc)
    ctx.store.put("customer", doc["handle"], doc)
    return xml("customer", views.customer_out(doc))


def delete_customer(ctx, handle):
    customer = load_customer(ctx, handle)
    if customer.get("_net"):
        raise ApiError(409, "E_NOT_REMOVEABLE", "Customer %s is still attached to net %s."
                       % (customer["handle"], customer["_net"]))
    ctx.store.delete("customer", customer["handle"])
    return xml("customer", views.customer_out(customer))


# --------------------------------------------------------------------------- Net

def get_net(ctx, handle):
    return xml("net", views.net_out(load_net(ctx, handle, read=True)))


def parse_blocks(body_blocks: list, p: Problems) -> list:
    """Input netBlocks -> stored blocks; each must be one CIDR block, together contiguous."""
    blocks = []
    for block in body_blocks:
        try:
            version, first, last = nets.block_range(block)
        except ValueError as exc:
            p.add("netBlock", str(exc))
            continue
        if nets.cidr_of(version, first, last) is None:
            p.add("netBlock", "The range is not a single CIDR block; send one netBlock per CIDR.")
            continue
        blocks.append({"type": block.get("type") or None, "version": version,
                       "first": first, "last": last})
    if not body_blocks:
        p.add("netBlocks", "At least one netBlock is required.")
    blocks.sort(key=lambda b: b["first"])
    for a, b in zip(blocks, blocks[1:]):
        if a["version"] != b["version"] or a["last"] + 1 != b["first"]:
            p.add("netBlocks", "Multiple netBlocks must form one contiguous range.")
            break
    return blocks


def reserved_ranges(ctx, exclude: str | None = None):
    """Ranges held by live nets and by queued (legacy) reassign/reallocate tickets."""
    for net in ctx.store.all("net"):
        yield net["handle"], net.get("parentNetHandle"), nets.net_range(net)
    for ticket in ctx.store.all("ticket"):
        plan = (ticket.get("request") or {}).get("net")
        if plan and ticket["ticketNo"] != exclude and ticket["webTicketStatus"] not in (
                "RESOLVED", "CLOSED"):
            yield "ticket " + ticket["ticketNo"], plan["parentNetHandle"], nets.net_range(plan)


def plan_net(ctx, parent_handle: str, kind: str) -> tuple[dict, dict | None]:
    """Validate a reassign ('reassign') or reallocate ('reallocate') request.

    Returns (net document without handle, embedded customer to create or None).
    """
    parent = ctx.store.get("net", parent_handle)
    if parent is None:
        raise not_found("NET", parent_handle)
    if not can_net(ctx, parent):
        raise denied(403, "The API key has no authority over parent net %s." % parent["handle"])
    body = ctx.parse("net")
    p = Problems()
    check_characters(body, p)
    check_net_name(body.get("netName"), p)
    blocks = parse_blocks(body.get("netBlocks") or [], p)
    if body.get("pocLinks"):
        p.add("pocLinks", "POC links cannot be added while creating a net; use Modify NET.")
    org_handle, customer_handle = body.get("orgHandle"), body.get("customerHandle")
    embedded = body.get("customer")
    if sum(bool(x) for x in (org_handle, customer_handle, embedded)) > 1:
        p.add("orgHandle", "orgHandle, customerHandle and customer are mutually exclusive.")
    elif kind == "reallocate" and not org_handle:
        p.add("orgHandle", "A reallocation needs the recipient's orgHandle.")
    elif not (org_handle or customer_handle or embedded):
        p.add("orgHandle", "A reassignment needs orgHandle, customerHandle or customer.")
    net_type = "A" if kind == "reallocate" else "S"
    for block in blocks:
        if block["type"] not in (None, net_type):
            p.add("type", "A %s creates nets of type %s." % (kind, net_type))
        block["type"] = net_type
    if body.get("parentNetHandle") and body["parentNetHandle"].upper() != parent["handle"].upper():
        p.add("parentNetHandle", "parentNetHandle does not match the URL's parent net.")
    customer = None
    if customer_handle:
        customer = ctx.store.get("customer", customer_handle)
        if customer is None:
            p.add("customerHandle", "Customer %s does not exist." % customer_handle)
        elif customer.get("_net"):
            p.add("customerHandle", "Customer %s is already tied to net %s."
                  % (customer["handle"], customer["_net"]))
    if embedded:
        embedded = customer_from_body(embedded)
        try:
            validate_customer(embedded)
        except ApiError as exc:
            p.extend(exc.components)
    p.check()
    version, first, last = blocks[0]["version"], blocks[0]["first"], blocks[-1]["last"]
    if body.get("version") and body["version"] != str(version):
        raise invalid([("version", "version does not match the addresses.")])
    if version == 6 and net_type == "S" and not org_handle and nets.cidr_of(6, first, last) is not None \
            and nets.cidr_of(6, first, last) > 64:
        raise invalid([("netBlock", "An IPv6 simple reassignment cannot be smaller than a /64.")])
    if parent["blocks"][0]["type"] not in ("DA", "A"):
        raise invalid([("parentNetHandle", "Only DA and A nets can be subdivided.")], status=403)
    rng = (version, first, last)
    if not nets.contains(nets.net_range(parent), rng):
        raise invalid([("netBlock", "The range is not inside parent net %s." % parent["handle"])],
                      status=409)
    for what, parent_of, other in reserved_ranges(ctx):
        if (parent_of or "").upper() == parent["handle"].upper() and nets.overlaps(other, rng):
            raise invalid([("netBlock", "The range overlaps %s." % what)], status=409)
    if org_handle:
        org = ctx.store.get("org", org_handle)
        links = [l["function"] for l in (org or {}).get("pocLinks", [])]
        if org is None:
            raise invalid([("orgHandle", "Org %s does not exist." % org_handle)], status=403)
        if links.count("AD") != 1 or "T" not in links or "AB" not in links:
            raise invalid([("orgHandle", "Org %s lacks an Admin, Tech or Abuse POC." % org_handle)],
                          status=403)
        if not org.get("acceptReassignments", True):
            raise invalid([("orgHandle", "Org %s does not accept reassignments." % org_handle)],
                          status=403)
        org_handle = org["handle"]
    doc = {"version": version, "comment": body.get("comment") or None, "orgHandle": org_handle,
           "customerHandle": customer["handle"] if customer else None,
           "parentNetHandle": parent["handle"], "netName": body["netName"], "pocLinks": [],
           "blocks": blocks}
    return doc, embedded


def commit_net(ctx, doc: dict, embedded: dict | None) -> dict:
    """Create the planned net (and its embedded customer); returns the stored net."""
    doc = dict(doc)
    parent = ctx.store.get("net", doc["parentNetHandle"])
    if embedded:
        doc["customerHandle"] = make_customer(ctx, embedded, net_org_handle(ctx, parent))["handle"]
    base = nets.handle_stem(doc["version"], doc["blocks"][0]["first"])
    doc["handle"] = unique_handle(ctx, "net", lambda n: "%s-%d" % (base, n))
    doc["registrationDate"] = now()
    doc = strip_empty(doc)
    ctx.store.put("net", doc["handle"], doc)
    if doc.get("customerHandle"):
        customer = ctx.store.get("customer", doc["customerHandle"])
        customer["_net"] = doc["handle"]
        ctx.store.put("customer", customer["handle"], customer)
    return doc


def swip_ticket_type(doc: dict, kind: str) -> str:
    if kind == "reallocate":
        return "IPV%d_REALLOCATE" % doc["version"]
    return "IPV%d_%s_REASSIGN" % (doc["version"], "DETAILED" if doc.get("orgHandle") else "SIMPLE")


def reassign(ctx, handle, kind="reassign"):
    doc, embedded = plan_net(ctx, handle, kind)
    if ctx.settings.legacy:
        # 2011 behaviour: every request is queued for review; the range stays reserved.
        ticket = new_ticket(ctx, swip_ticket_type(doc, kind), "PENDING_REVIEW",
                            request={"net": doc, "customer": embedded})
        add_body_messages(ctx, ticket, ctx.parse("net"))
        ctx.store.put("ticket", ticket["ticketNo"], ticket)
        return Reply(views.ticketed("ticket", views.ticket_out(ticket)))
    return Reply(views.ticketed("net", views.net_out(commit_net(ctx, doc, embedded))))


def reallocate(ctx, handle):
    return reassign(ctx, handle, "reallocate")


NET_IMMUTABLE = ("version", "orgHandle", "customerHandle", "parentNetHandle", "handle",
                 "registrationDate")


def modify_net(ctx, handle):
    stored = load_net(ctx, handle)
    body = ctx.parse("net")
    check_immutable({k: str(v) if k == "version" else v for k, v in stored.items()}, body,
                    NET_IMMUTABLE)
    p = Problems()
    if "netBlocks" not in body:
        p.add("netBlocks", "netBlocks is immutable and must be sent unchanged.")
    else:
        blocks = parse_blocks(body["netBlocks"], Problems())
        given = [(b["first"], b["last"]) for b in blocks]
        types = [b.get("type") for b in body["netBlocks"]]
        if given != [(b["first"], b["last"]) for b in stored["blocks"]] or any(
                t and t != stored["blocks"][0]["type"] for t in types):
            p.add("netBlocks", "netBlocks cannot be changed.")
    check_characters(body, p)
    check_net_name(body.get("netName"), p)
    links = [{"function": l["function"], "handle": l["handle"].upper()}
             for l in body.get("pocLinks") or []]
    if any(l["function"] not in NET_FUNCTIONS for l in links):
        p.add("pocLinkRef", "Networks may only have Tech, NOC, and Abuse POCs.")
    else:
        check_links(links, ctx.store, p, NET_FUNCTIONS)
    p.check()
    doc = dict(stored, netName=body["netName"], comment=body.get("comment") or None,
               pocLinks=links)
    doc = strip_empty(doc)
    ctx.store.put("net", doc["handle"], doc)
    return xml("net", views.net_out(doc))


def children(ctx, net: dict) -> list:
    return [n for n in ctx.store.all("net")
            if (n.get("parentNetHandle") or "").upper() == net["handle"].upper()]


def remove_nets(ctx, net: dict):
    """Delete a net and its descendants; their customers stay (detached)."""
    for child in children(ctx, net):
        remove_nets(ctx, child)
    ctx.store.delete("net", net["handle"])
    customer = ctx.store.get("customer", net.get("customerHandle"))
    if customer:
        customer.pop("_net", None)
        ctx.store.put("customer", customer["handle"], customer)


def delete_net(ctx, handle, body=None):
    net = load_net(ctx, handle)
    if net["blocks"][0]["type"] not in ("A", "S"):
        raise invalid([("netBlock", "Only reassigned (S) and reallocated (A) nets can be removed;"
                                    " contact ARIN to return a %s." % net["blocks"][0]["type"])],
                      status=403)
    if children(ctx, net):
        ticket = new_ticket(ctx, "NET_DELETE_REQUEST", "IN_PROGRESS",
                            request={"delete": net["handle"]})
        if body:
            add_body_messages(ctx, ticket, body)
        ctx.store.put("ticket", ticket["ticketNo"], ticket)
        return Reply(views.ticketed("ticket", views.ticket_out(ticket)))
    remove_nets(ctx, net)
    return Reply(views.ticketed("net", views.net_out(net)))


def remove_net(ctx, handle):
    """N8: like N3, with a net body that may carry messages."""
    load_net(ctx, handle)  # 404/401 before looking at the body
    body = ctx.parse("net")
    if body.get("handle") and body["handle"].upper() != handle.upper():
        raise invalid([("handle", "The payload's handle does not match the URL.")])
    return delete_net(ctx, handle, body)


def delegations(ctx, handle):
    load_net(ctx, handle, read=True)
    return Reply(views.collection("delegation", []))


def ip_range(start: str, end: str):
    try:
        a, b = nets.parse_ip(start), nets.parse_ip(end)
    except ValueError as exc:
        raise bad_request(str(exc)) from None
    if a.version != b.version or int(b) < int(a):
        raise bad_request("The addresses do not form a range.")
    return a.version, int(a), int(b)


def _size(net):
    v, first, last = nets.net_range(net)
    return last - first


def parent_net(ctx, start, end):
    rng = ip_range(start, end)
    covering = [n for n in ctx.store.all("net") if nets.contains(nets.net_range(n), rng)]
    strict = [n for n in covering if nets.net_range(n) != rng]
    found = min(strict or covering, key=_size, default=None)
    if found is None:
        raise not_found("NET covering", "%s-%s" % (start, end))
    return xml("net", views.net_out(found))


def most_specific_net(ctx, start, end):
    rng = ip_range(start, end)
    covering = [n for n in ctx.store.all("net") if nets.contains(nets.net_range(n), rng)]
    if not covering:
        raise not_found("NET covering", "%s-%s" % (start, end))
    return xml("net", views.net_out(min(covering, key=_size)))


def nets_by_range(ctx, start, end):
    rng = ip_range(start, end)
    found = [n for n in ctx.store.all("net") if nets.overlaps(nets.net_range(n), rng)]
    if not found:
        raise not_found("NET in range", "%s-%s" % (start, end))
    found.sort(key=lambda n: (nets.net_range(n)[1], -_size(n)))
    return Reply(views.collection("net", [views.net_out(n) for n in found]))


# --------------------------------------------------------------------------- Tickets

def new_ticket(ctx, ticket_type: str, status: str, request=None, user=None) -> dict:
    stamp = now()
    number = "%s-X%d" % (datetime.date.today().strftime("%Y%m%d"), ctx.store.next("ticket"))
    return {"ticketNo": number, "user": user or ctx.user, "shared": "false",
            "createdDate": stamp, "updatedDate": stamp, "webTicketType": ticket_type,
            "webTicketStatus": status, "messages": [], "request": request}


def add_message(ctx, ticket: dict, msg: dict, from_arin=False) -> dict:
    """Append a message (attachments given as base64 in msg) and store its attachments."""
    p = Problems()
    if msg.get("messageId") or msg.get("createdDate"):
        p.add("messageId", "messageId and createdDate are generated; do not send them.")
    if msg.get("category") not in (None, "", "NONE", "JUSTIFICATION"):
        p.add("category", "category must be NONE or JUSTIFICATION.")
    if msg.get("attachmentReferences"):
        p.add("attachmentReferences", "Send attachments inline, not as references.")
    check_characters({k: v for k, v in msg.items() if k != "attachments"}, p)
    decoded = []
    for att in msg.get("attachments") or []:
        try:
            data = base64.b64decode("".join((att.get("data") or "").split()), validate=True)
        except (binascii.Error, ValueError):
            p.add("data", "Attachment data is not valid base64.")
            continue
        if not att.get("filename"):
            p.add("filename", "An attachment needs a filename.")
        decoded.append((att.get("filename") or "", data))
    p.check()
    message = {"messageId": len(ticket["messages"]) + 1, "createdDate": now(),
               "subject": msg.get("subject") or None, "text": msg.get("text") or [],
               "category": msg.get("category") or "NONE", "fromArin": from_arin,
               "attachments": []}
    for filename, data in decoded:
        attachment_id = uuid.uuid4().hex
        ctx.store.put("attachment", attachment_id, {
            "data": base64.b64encode(data).decode(), "filename": filename, "size": len(data)})
        message["attachments"].append({"attachmentId": attachment_id, "filename": filename,
                                       "size": len(data)})
    ticket["messages"].append(message)
    ticket["updatedDate"] = message["createdDate"]
    return message


def add_body_messages(ctx, ticket: dict, body: dict):
    for msg in body.get("messages") or []:
        add_message(ctx, ticket, msg)


def load_ticket(ctx, number: str) -> dict:
    ticket = ctx.store.get("ticket", number)
    if ticket is None or ticket.get("user") != ctx.user:
        # Someone else's ticket is indistinguishable from a missing one.
        raise not_found("Ticket", number)
    return ticket


def msg_refs(ctx) -> bool:
    value = ctx.query.get("msgRefs", "false").lower()
    if value not in ("true", "false"):
        raise bad_request("msgRefs must be true or false.")
    return value == "true"


def ticket_reply(ctx, ticket: dict) -> Reply:
    """T1/T3/T7 answer: inline messages unless msgRefs=true (413 past the inline limit)."""
    if msg_refs(ctx):
        return xml("ticket", views.ticket_out(ticket, "refs"))
    inline = sum(a["size"] for m in ticket["messages"] for a in m["attachments"])
    limit = ctx.settings.max_inline_bytes
    if inline > limit:
        raise ApiError(413, "E_BAD_REQUEST",
                       "Inline attachments total %d bytes, over the limit of %d bytes;"
                       " use msgRefs=true and fetch attachments individually." % (inline, limit))
    return xml("ticket", views.ticket_out(ticket, "inline", ctx.store))


def get_ticket(ctx, number):
    return ticket_reply(ctx, load_ticket(ctx, number))


def ticket_summary(ctx, number):
    return xml("ticket", views.ticket_out(load_ticket(ctx, number)))


def list_tickets(ctx, summary=False):
    ttype, status = ctx.matrix.get("ticketType"), ctx.matrix.get("ticketStatus")
    if not ttype and not status:
        raise bad_request("At least one of ticketType and ticketStatus is required.")
    if status and status not in TICKET_STATUSES | {"ANY", "ANY_OPEN"}:
        raise bad_request("Unknown ticketStatus %s." % status)
    refs = msg_refs(ctx) and not summary
    found = []
    for ticket in ctx.store.all("ticket"):
        if ticket.get("user") != ctx.user:
            continue
        if ttype and ttype != "ANY" and ticket["webTicketType"] != ttype:
            continue
        if status == "ANY_OPEN" and ticket["webTicketStatus"] == "CLOSED":
            continue
        if status and status not in ("ANY", "ANY_OPEN") and ticket["webTicketStatus"] != status:
            continue
        found.append(views.ticket_out(ticket, "refs" if refs else "none"))
    return Reply(views.collection("ticket", found))


def list_summaries(ctx):
    return list_tickets(ctx, summary=True)


def close_ticket(ctx, ticket: dict):
    if ticket["webTicketStatus"] != "RESOLVED":
        raise bad_request("Only a RESOLVED ticket can be closed (ticket is %s)."
                          % ticket["webTicketStatus"])
    ticket["webTicketStatus"] = "CLOSED"
    ticket["closedDate"] = ticket["updatedDate"] = now()
    ctx.store.put("ticket", ticket["ticketNo"], ticket)


TICKET_IMMUTABLE = ("ticketNo", "createdDate", "resolvedDate", "closedDate", "updatedDate",
                    "webTicketType", "webTicketResolution", "shared", "orgHandle")


def modify_ticket(ctx, number):
    ticket = load_ticket(ctx, number)
    body = ctx.parse("ticket")
    if ticket["webTicketStatus"] == "CLOSED":
        raise bad_request("Ticket %s is closed." % ticket["ticketNo"])
    try:
        check_immutable(ticket, body, TICKET_IMMUTABLE, omit_ok={"shared", "orgHandle"})
    except ApiError as exc:
        raise ApiError(400, "E_BAD_REQUEST", "Only webTicketStatus may change (RESOLVED to CLOSED).",
                       exc.components) from None
    status = body.get("webTicketStatus")
    if status != ticket["webTicketStatus"]:
        if status != "CLOSED":
            raise bad_request("The only permitted change is webTicketStatus RESOLVED to CLOSED.")
        close_ticket(ctx, ticket)
    return ticket_reply(ctx, ticket)


def set_ticket_status(ctx, number, status):
    ticket = load_ticket(ctx, number)
    if status != "CLOSED":
        raise bad_request("The only permitted status change is to CLOSED.")
    close_ticket(ctx, ticket)
    return ticket_reply(ctx, ticket)


def add_ticket_message(ctx, number):
    ticket = load_ticket(ctx, number)
    body = ctx.parse("message")
    if ticket["webTicketStatus"] == "CLOSED":
        raise bad_request("Messages cannot be added to a closed ticket.")
    message = add_message(ctx, ticket, body)
    ctx.store.put("ticket", ticket["ticketNo"], ticket)
    return xml("message", views.message_out(message))


def find_message(ticket: dict, message_id: str) -> dict:
    for message in ticket["messages"]:
        if str(message["messageId"]) == message_id:
            return message
    raise not_found("Message", message_id)


def get_message(ctx, number, message_id):
    ticket = load_ticket(ctx, number)
    return xml("message", views.message_out(find_message(ticket, message_id)))


def get_attachment(ctx, number, message_id, attachment_id):
    message = find_message(load_ticket(ctx, number), message_id)
    for att in message["attachments"]:
        if att["attachmentId"].lower() == attachment_id.lower():
            data = base64.b64decode(ctx.store.get("attachment", att["attachmentId"])["data"])
            safe = att["filename"].replace('"', "'")
            return Reply(data, "application/octet-stream",
                         {"Content-Disposition": 'attachment; filename="%s"' % safe})
    raise not_found("Attachment", attachment_id)


# --------------------------------------------------------------------------- route table

ROUTES = [
    ("GET", "poc/{handle}", get_poc),
    ("PUT", "poc/{handle}", modify_poc),
    ("DELETE", "poc/{handle}", delete_poc),
    ("POST", "poc", create_poc),
    ("POST", "poc/", create_poc),  # lenient alias (2011 text, and `/poc/;makeLink=`)
    ("PUT", "poc/{handle}/phone", add_phone),
    ("DELETE", "poc/{handle}/phone", delete_phone),
    ("DELETE", "poc/{handle}/phone/{number*}", delete_phone),
    ("POST", "poc/{handle}/email/{email}", add_email),
    ("DELETE", "poc/{handle}/email/{email}", delete_email),
    ("GET", "org/{handle}", get_org),
    ("PUT", "org/{handle}", modify_org),
    ("DELETE", "org/{handle}", delete_org),
    ("POST", "org", create_org),
    ("PUT", "org/{handle}/poc/{poc_handle}", add_org_poc),
    ("DELETE", "org/{handle}/poc", remove_org_poc),
    ("DELETE", "org/{handle}/poc/{poc_handle*}", remove_org_poc),
    ("GET", "customer/{handle}", get_customer),
    ("PUT", "customer/{handle}", modify_customer),
    ("DELETE", "customer/{handle}", delete_customer),
    ("GET", "net/parentNet/{start}/{end}", parent_net),
    ("GET", "net/netsByIpRange/{start}/{end}", nets_by_range),
    ("GET", "net/mostSpecificNet/{start}/{end}", most_specific_net),
    ("GET", "net/{handle}", get_net),
    ("PUT", "net/{handle}", modify_net),
    ("DELETE", "net/{handle}", delete_net),
    ("PUT", "net/{handle}/reassign", reassign),
    ("PUT", "net/{handle}/reallocate", reallocate),
    ("POST", "net/{handle}/customer", create_customer),
    ("POST", "net/{handle}/org", create_recipient_org),
    ("PUT", "net/{handle}/remove", remove_net),
    ("GET", "net/{handle}/delegations", delegations),
    ("GET", "ticket", list_tickets),
    ("GET", "ticket/summary", list_summaries),
    ("GET", "ticket/{number}", get_ticket),
    ("PUT", "ticket/{number}", modify_ticket),
    ("PUT", "ticket/{number}/message", add_ticket_message),
    ("GET", "ticket/{number}/summary", ticket_summary),
    ("PUT", "ticket/{number}/ticketStatus/{status}", set_ticket_status),
    ("GET", "ticket/{number}/message/{message_id}", get_message),
    ("GET", "ticket/{number}/message/{message_id}/attachment/{attachment_id}", get_attachment),
]
