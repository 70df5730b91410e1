"""The net service: reassign, reallocate, modify and remove nets, and the range lookups."""
from __future__ import annotations

from .. import nets, views
from ..errors import ApiError, bad_request, denied, invalid, not_found
from ..rules import (NET_FUNCTIONS, Problems, check_characters, check_immutable, check_links, check_net_name,
                     validate_customer)
from .common import Reply, can_net, load_net, net_org_handle, now, strip_empty, unique_handle, xml
from .customer import customer_from_body, make_customer
from .delegation import forget as forget_zones
from .ticket import add_body_messages, new_ticket


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


def reserved_ranges(ctx, rng: tuple, exclude: str | None = None):
    """Ranges overlapping ``rng`` held by live nets and (unless hold_ticket_ranges is off) by
    queued (legacy) reassign/reallocate tickets."""
    for net in ctx.store.nets_overlapping(*rng):
        yield net["handle"], net.get("parentNetHandle"), nets.net_range(net)
    if not ctx.settings.hold_ticket_ranges:
        return
    for ticket in ctx.store.all("ticket"):
        plan = (ticket.get("request") or {}).get("net")
        if plan and ticket["ticketNo"] != exclude and ticket["webTicketStatus"] not in (
                "RESOLVED", "CLOSED"):
            yield "ticket " + ticket["ticketNo"], plan["parentNetHandle"], nets.net_range(plan)


def net_name(body: dict) -> str:
    """ARIN stores net names upper-cased, whatever case was sent."""
    return body["netName"].strip().upper()


def overlapping(ctx, parent_handle: str, rng, exclude: str | None = None) -> str | None:
    """What already holds part of ``rng`` under the parent (a net or a queued request), or None."""
    for what, parent_of, other in reserved_ranges(ctx, rng, exclude):
        if (parent_of or "").upper() == parent_handle.upper() and nets.overlaps(other, rng):
            return what
    return None


def overlap_refusal() -> ApiError:
    """ARIN's answer to a range that overlaps a registered net: a 400 naming startAddress."""
    return invalid([("startAddress", "IP range overlaps with existing network(s).")])


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
    if overlapping(ctx, parent["handle"], rng):
        raise overlap_refusal()
    if org_handle:
        org = ctx.store.get("org", org_handle)
        links = [l["function"] for l in (org or {}).get("pocLinks", [])]
        # A missing or incomplete recipient is a validation failure (400); only an org that
        # refuses reassignments is a 403.
        if org is None:
            raise invalid([("orgHandle", "Org %s does not exist." % org_handle)])
        if links.count("AD") != 1 or "T" not in links or "AB" not in links:
            raise invalid([("orgHandle", "Org %s lacks an Admin, Tech or Abuse POC." % org_handle)])
        if not org.get("acceptReassignments", True):
            raise invalid([("orgHandle", "Org %s does not accept reassignments." % org_handle)],
                          status=403)
        org_handle = org["handle"]
    doc = {"version": version, "comment": body.get("comment") or None, "orgHandle": org_handle,
           "customerHandle": customer["handle"] if customer else None,
           "parentNetHandle": parent["handle"], "netName": net_name(body), "pocLinks": [],
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
    doc = dict(stored, netName=net_name(body), comment=body.get("comment") or None,
               pocLinks=links)
    doc = strip_empty(doc)
    ctx.store.put("net", doc["handle"], doc)
    return xml("net", views.net_out(doc))


def children(ctx, net: dict) -> list:
    return ctx.store.nets_under(net["handle"])


def remove_nets(ctx, net: dict):
    """Delete a net and its descendants; their customers stay (detached)."""
    for child in children(ctx, net):
        remove_nets(ctx, child)
    ctx.store.delete("net", net["handle"])
    forget_zones(ctx, net)
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
    covering = ctx.store.nets_covering(*rng)
    strict = [n for n in covering if nets.net_range(n) != rng]
    found = min(strict or covering, key=_size, default=None)
    if found is None:
        raise not_found("NET covering", "%s-%s" % (start, end))
    return xml("net", views.net_out(found))


def most_specific_net(ctx, start, end):
    rng = ip_range(start, end)
    covering = ctx.store.nets_covering(*rng)
    if not covering:
        raise not_found("NET covering", "%s-%s" % (start, end))
    return xml("net", views.net_out(min(covering, key=_size)))


def nets_by_range(ctx, start, end):
    """N10: every net related to the range, those around it and those inside it (ARIN's docs)."""
    rng = ip_range(start, end)
    found = ctx.store.nets_overlapping(*rng)
    if not found:
        raise not_found("NET in range", "%s-%s" % (start, end))
    found.sort(key=lambda n: (nets.net_range(n)[1], -_size(n)))
    return Reply(views.collection("net", [views.net_out(n) for n in found]))


ROUTES = [
    ("GET", "net/parentNet/{start}/{end}", parent_net),
    ("GET", "net/netsByIpRange/{start}/{end}", nets_by_range),
    ("GET", "net/mostSpecificNet/{start}/{end}", most_specific_net),
    ("GET", "net/{handle}", get_net),
    ("PUT", "net/{handle}", modify_net),
    ("DELETE", "net/{handle}", delete_net),
    ("PUT", "net/{handle}/reassign", reassign),
    ("PUT", "net/{handle}/reallocate", reallocate),
    ("PUT", "net/{handle}/remove", remove_net),
]
