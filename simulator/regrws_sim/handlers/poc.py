"""The POC service: POC records, their phones and e-mail addresses."""
from __future__ import annotations

import re

from .. import views, xmlio
from ..errors import ApiError, bad_request, invalid, not_found
from ..rules import Problems, check_characters, check_immutable, check_phone, validate_poc
from .common import (MUTABLE_ADDRESS, Reply, load_poc, now, replace_fields, stem, strip_empty,
                     unique_handle, xml)


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
        # OT&E refuses a ROLE POC sent back with empty firstName or middleName elements, as a
        # change of an immutable field: a ROLE has no such names, so the elements stay out.
        Problems([(field, "%s cannot be changed." % field) for field in ("firstName", "middleName")
                  if field in body and not stored.get(field)]).check()
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
]
