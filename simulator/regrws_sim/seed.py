"""Seed files: YAML declaring users/keys, POCs, orgs, nets, customers and tickets.

The seed is applied to an empty database and again on every reset. Objects go through
the same validation as API input, so a broken seed fails loudly at start-up.
"""
from __future__ import annotations

import base64
import hashlib
from importlib import resources

import yaml

from . import nets, rules
from .handlers import rpki
from .errors import ApiError

SEED_DATE = "2024-01-15T10:00:00-05:00"  # fixed, so reset restores identical documents
RPKI_KEYS = ("hosted_rpki", "asns", "roas", "aspas")  # an org's hosted RPKI, kept apart from the org record


def load(path: str | None) -> dict:
    if path:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle) or {}
    text = resources.files("regrws_sim").joinpath("seeds/default.yml").read_text("utf-8")
    return yaml.safe_load(text)


def _address(item: dict) -> dict:
    doc = {k: v for k, v in item.items() if k not in ("country", "accept_reassignments") + RPKI_KEYS}
    doc["iso3166-1"] = {"code2": str(item.get("country", ""))}
    doc.setdefault("registrationDate", SEED_DATE)
    for key in ("streetAddress", "comment"):
        if isinstance(doc.get(key), str):
            doc[key] = [doc[key]]
    for key in ("postalCode",):
        if key in doc:
            doc[key] = str(doc[key])
    return doc


def apply(store, data: dict) -> None:
    try:
        _apply(store, data)
    except ApiError as exc:
        raise ValueError("invalid seed: %s %s" % (exc.message, exc.components)) from None


def _apply(store, data: dict) -> None:
    for user in data.get("users") or []:
        store.put("user", user["name"], {"name": user["name"], "pocs": list(user.get("pocs") or [])})
        for key in user.get("api_keys") or []:
            store.put("apikey", key, {"user": user["name"]})
    for item in data.get("pocs") or []:
        doc = _address(item)
        doc["phones"] = [{"type": p["type"], "number": str(p["number"]),
                          **({"extension": str(p["extension"])} if p.get("extension") else {})}
                         for p in item.get("phones") or []]
        doc["emails"] = list(item.get("emails") or [])
        rules.validate_poc(doc)
        store.put("poc", doc["handle"], doc)
    for item in data.get("orgs") or []:
        doc = _address(item)
        doc["acceptReassignments"] = bool(item.get("accept_reassignments", True))
        rules.validate_org(doc, store)
        store.put("org", doc["handle"], doc)
    for item in data.get("customers") or []:
        doc = _address(item)
        rules.validate_customer(doc)
        store.put("customer", doc["handle"], doc)
    for item in data.get("nets") or []:
        version, first, last = nets.block_range(item)
        doc = {"handle": item["handle"], "version": version, "netName": item["netName"].upper(),
               "orgHandle": item.get("orgHandle"), "customerHandle": item.get("customerHandle"),
               "parentNetHandle": item.get("parentNetHandle"), "pocLinks": item.get("pocLinks", []),
               "comment": item.get("comment"), "registrationDate": item.get("registrationDate", SEED_DATE),
               "blocks": [{"type": item.get("type", "DA"), "version": version, "first": first,
                           "last": last}]}
        store.put("net", doc["handle"], {k: v for k, v in doc.items() if v is not None})
        if doc["customerHandle"]:
            customer = store.get("customer", doc["customerHandle"])
            customer["_net"] = doc["handle"]
            store.put("customer", customer["handle"], customer)
    for item in data.get("orgs") or []:
        rpki.seed_state(store, store.get("org", item["handle"]), item, SEED_DATE)  # needs the nets
    highest = message_id = 0
    for item in data.get("tickets") or []:
        highest = max(highest, int(item["ticketNo"].rsplit("X", 1)[-1]))
        ticket = {k: item.get(k) for k in (
            "ticketNo", "user", "webTicketType", "webTicketStatus", "webTicketResolution",
            "createdDate", "resolvedDate", "closedDate", "orgHandle")}
        ticket["shared"] = "true" if item.get("shared") else "false"
        ticket["updatedDate"] = item.get("updatedDate") or item.get("resolvedDate") or item["createdDate"]
        ticket["messages"] = []
        for msg in item.get("messages") or []:
            message_id += 2  # one sequence for all tickets, with gaps, as at ARIN
            number = message_id
            message = {"messageId": number, "createdDate": msg.get("createdDate", ticket["createdDate"]),
                       "subject": msg.get("subject"), "text": list(msg.get("text") or []),
                       "category": msg.get("category", "NONE"),
                       "fromArin": bool(msg.get("from_arin")), "attachments": []}
            for att in msg.get("attachments") or []:
                data_bytes = att["content"].encode("utf-8")
                att_id = hashlib.md5(("%s/%d/%s" % (ticket["ticketNo"], number, att["filename"]))
                                     .encode()).hexdigest()
                store.put("attachment", att_id, {"data": base64.b64encode(data_bytes).decode(),
                                                 "filename": att["filename"], "size": len(data_bytes)})
                message["attachments"].append({"attachmentId": att_id, "filename": att["filename"],
                                               "size": len(data_bytes)})
            ticket["messages"].append(message)
        ticket["request"] = None
        store.put("ticket", ticket["ticketNo"], {k: v for k, v in ticket.items() if v is not None or k == "request"})
    store.set_counter("ticket", highest)
    store.set_counter("message", message_id)
