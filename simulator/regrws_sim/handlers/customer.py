"""The customer service: customers created under a parent net, modified, deleted."""
from __future__ import annotations

from .. import views
from ..errors import ApiError, denied, not_found
from ..rules import check_immutable, validate_customer
from .common import (MUTABLE_ADDRESS, can_net, load_customer, net_org_handle, now, replace_fields,
                     strip_empty, xml)


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
    for ticket in ctx.store.all("ticket"):
        plan = (ticket.get("request") or {}).get("net") or {}
        if (plan.get("customerHandle") or "").upper() == customer["handle"].upper() \
                and ticket["webTicketStatus"] not in ("RESOLVED", "CLOSED"):
            raise ApiError(409, "E_NOT_REMOVEABLE", "Customer %s is named in pending ticket %s."
                           % (customer["handle"], ticket["ticketNo"]))
    ctx.store.delete("customer", customer["handle"])
    return xml("customer", views.customer_out(customer))


ROUTES = [
    ("GET", "customer/{handle}", get_customer),
    ("PUT", "customer/{handle}", modify_customer),
    ("DELETE", "customer/{handle}", delete_customer),
    ("POST", "net/{handle}/customer", create_customer),
]
