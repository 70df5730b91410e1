"""What every Reg-RWS service shares: replies, timestamps, authority checks, handles."""
from __future__ import annotations

import datetime
import re

from .. import xmlio
from ..errors import denied, not_found


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
