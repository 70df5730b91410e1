"""Stored documents -> output dicts in ARIN's shape (descriptions, padded addresses, wrappers)."""
from __future__ import annotations

import datetime

from . import nets, xmlio
from .rules import FUNCTIONS, PHONE_TYPES

FUNCTION_ORDER = list(FUNCTIONS)


def phone_in(d: dict) -> dict:
    return {"type": (d.get("type") or {}).get("code") or "", "number": d.get("number") or "",
            "extension": d.get("extension") or None}


def phone_out(p: dict) -> dict:
    return {"type": {"description": PHONE_TYPES.get(p["type"]), "code": p["type"]},
            "number": p["number"], "extension": p.get("extension")}


def links_out(links: list) -> list:
    ordered = sorted(links, key=lambda l: (FUNCTION_ORDER.index(l["function"]), l["handle"]))
    return [{"function": l["function"], "handle": l["handle"],
             "description": FUNCTIONS[l["function"]]} for l in ordered]


def poc_out(poc: dict) -> dict:
    return {**poc, "phones": [phone_out(p) for p in poc.get("phones", [])]}


def org_out(org: dict) -> dict:
    out = {k: v for k, v in org.items() if k not in ("acceptReassignments", "messages")}
    out["pocLinks"] = links_out(org.get("pocLinks", []))
    return out


def customer_out(customer: dict) -> dict:
    return {k: v for k, v in customer.items() if not k.startswith("_")}


def net_out(net: dict) -> dict:
    return {
        "version": str(net["version"]), "comment": net.get("comment") or None,
        "registrationDate": net.get("registrationDate"), "orgHandle": net.get("orgHandle"),
        "handle": net["handle"], "netBlocks": [nets.block_out(b) for b in net["blocks"]],
        "customerHandle": net.get("customerHandle"),
        "parentNetHandle": net.get("parentNetHandle"), "netName": net.get("netName"),
        "originASes": [],  # Origin AS data was retired by ARIN: always empty
        "pocLinks": links_out(net.get("pocLinks", [])),
    }


def attachment_refs(message: dict) -> list:
    return [{"attachmentFilename": a["filename"], "attachmentId": a["attachmentId"]}
            for a in message.get("attachments", [])]


def message_out(message: dict, store=None) -> dict:
    """Inline attachments when a store is given (T1), references otherwise (T4, T8)."""
    out = {"messageId": str(message["messageId"]), "createdDate": message["createdDate"],
           "subject": message.get("subject"), "text": message.get("text") or None,
           "category": message.get("category") or "NONE"}
    if message.get("attachments"):
        if store is not None:
            out["attachments"] = [{"data": store.get("attachment", a["attachmentId"])["data"],
                                   "filename": a["filename"]} for a in message["attachments"]]
        else:
            out["attachmentReferences"] = attachment_refs(message)
    return out


def message_ref(message: dict) -> dict:
    return {"messageId": str(message["messageId"]),
            "attachmentReferences": attachment_refs(message) or None}


def newest_first(messages: list) -> list:
    """ARIN lists a ticket's messages newest first (by creation, then ID)."""
    return sorted(messages, key=lambda m: (datetime.datetime.fromisoformat(m["createdDate"]),
                                           int(m["messageId"])), reverse=True)


def ticket_out(ticket: dict, messages: str = "none", store=None) -> dict:
    """messages: 'none' (summaries, lists), 'refs' (msgRefs=true) or 'inline' (T1 default)."""
    out = {k: ticket.get(k) for k in (
        "ticketNo", "shared", "orgHandle", "createdDate", "resolvedDate", "closedDate",
        "updatedDate", "webTicketType", "webTicketStatus", "webTicketResolution")}
    msgs = newest_first(ticket.get("messages", []))
    if messages == "refs" and msgs:
        out["messageReferences"] = [message_ref(m) for m in msgs]
    elif messages == "inline" and msgs:
        out["messages"] = [message_out(m, store) for m in msgs]
    return out


def ticketed(child: str, doc: dict) -> bytes:
    """ticketedRequest wrapping exactly one `net` or `ticket`."""
    root = xmlio.element("ticketedRequest", {}, {}, nsroot="ticketedRequest")
    root.append(xmlio.element(child, doc))
    return xmlio.to_bytes(root)


def collection(child: str, docs: list) -> bytes:
    root = xmlio.element("collection", {}, {})
    for doc in docs:
        root.append(xmlio.element(child, doc))
    return xmlio.to_bytes(root)
