"""The org service: orgs, their POC links, the org-create request and the 2011 recipient org."""
from __future__ import annotations

from .. import views, xmlio
from ..errors import ApiError, bad_request, denied, invalid, not_found
from ..rules import FUNCTIONS, Problems, check_immutable, check_org_links, validate_org
from .common import (MUTABLE_ADDRESS, can_net, load_org, net_org_handle, now, replace_fields, stem,
                     strip_empty, unique_handle, xml)
from .ticket import add_body_messages, new_ticket


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


ROUTES = [
    ("GET", "org/{handle}", get_org),
    ("PUT", "org/{handle}", modify_org),
    ("DELETE", "org/{handle}", delete_org),
    ("POST", "org", create_org),
    ("PUT", "org/{handle}/poc/{poc_handle}", add_org_poc),
    ("DELETE", "org/{handle}/poc", remove_org_poc),
    ("DELETE", "org/{handle}/poc/{poc_handle*}", remove_org_poc),
    ("POST", "net/{handle}/org", create_recipient_org),
]
