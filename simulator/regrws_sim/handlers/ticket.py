"""The ticket service: tickets, their messages and attachments, and every ticket state change."""
from __future__ import annotations

import base64
import binascii
import datetime
import uuid

from .. import views
from ..errors import ApiError, bad_request, not_found
from ..rules import Problems, check_characters, check_immutable
from .common import Reply, now, xml


TICKET_STATUSES = {"PENDING_CONFIRMATION", "PENDING_REVIEW", "PENDING_CUSTOMER_REVIEW",
                   "ASSIGNED", "IN_PROGRESS", "WAIT_LIST", "RESOLVED", "CLOSED", "APPROVED"}
RESOLUTIONS = {"ACCEPTED", "DENIED", "ABANDONED", "ANSWERED", "PROCESSED", "DUPLICATE",
               "WITHDRAWN", "UNSUCCESSFUL", "OTHER"}


def new_ticket(ctx, ticket_type: str, status: str, request=None, user=None) -> dict:
    stamp = now()
    number = "%s-X%d" % (datetime.date.today().strftime("%Y%m%d"), ctx.store.next("ticket"))
    return {"ticketNo": number, "user": user or ctx.user, "shared": "false",
            "createdDate": stamp, "updatedDate": stamp, "webTicketType": ticket_type,
            "webTicketStatus": status, "messages": [], "request": request}


MESSAGE_ID_STEP = 2


def next_message_id(store) -> int:
    """Message IDs come from one sequence shared by every ticket, with gaps (a real ticket
    listed messages 4, 3, 1): a client can rely on neither contiguity nor a start at 1."""
    value = store.next("message") + MESSAGE_ID_STEP - 1
    store.set_counter("message", value)
    return value


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
    message = {"messageId": next_message_id(ctx.store), "createdDate": now(),
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
    close(ticket)
    ctx.store.put("ticket", ticket["ticketNo"], ticket)


def close(ticket: dict):
    ticket["webTicketStatus"] = "CLOSED"
    ticket["closedDate"] = ticket["updatedDate"] = now()


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


ROUTES = [
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


def resolve(ticket: dict, resolution: str):
    if resolution not in RESOLUTIONS:
        raise ValueError("unknown resolution %r" % resolution)
    ticket["webTicketStatus"] = "RESOLVED"
    ticket["webTicketResolution"] = resolution
    ticket["resolvedDate"] = ticket["updatedDate"] = now()


def set_status(ticket: dict, status: str):
    if status not in TICKET_STATUSES:
        raise ValueError("unknown status %r" % status)
    ticket["webTicketStatus"] = status
    ticket["updatedDate"] = now()
