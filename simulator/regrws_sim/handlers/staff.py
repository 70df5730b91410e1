"""What ARIN staff do to a ticket (the control API's ticket actions): resolve, close,
approve an org-create request, process a queued SWIP or net removal, set a status."""
from __future__ import annotations

from .. import nets
from . import net, org, ticket as tickets


def act(ctx, ticket: dict, payload: dict) -> dict:
    """Apply one staff action to ``ticket`` (stored by the caller); returns what it created."""
    action = payload.get("action")
    request = ticket.get("request") or {}
    created = {}
    if action == "resolve":
        tickets.resolve(ticket, payload.get("resolution", "ACCEPTED"))
    elif action == "close":
        tickets.close(ticket)
    elif action == "approve":
        if ticket["webTicketType"] != "ORG_CREATE" or "org" not in request:
            raise ValueError("only an ORG_CREATE ticket can be approved")
        if ticket["webTicketStatus"] in ("RESOLVED", "CLOSED"):
            raise ValueError("ticket is already %s" % ticket["webTicketStatus"])
        created["org"] = org.mint_org(ctx, request["org"])["handle"]
        tickets.resolve(ticket, "ACCEPTED")
    elif action == "process":
        if ticket["webTicketStatus"] in ("RESOLVED", "CLOSED"):
            raise ValueError("ticket is already %s" % ticket["webTicketStatus"])
        created = process(ctx, ticket, request)
    elif action == "status":
        tickets.set_status(ticket, payload.get("status"))
    elif action is not None:
        raise ValueError("unknown action %r" % action)
    if payload.get("message"):
        msg = payload["message"]
        text = msg.get("text") or ""
        tickets.add_message(ctx, ticket, {
            "subject": msg.get("subject"),
            "text": text.splitlines() if isinstance(text, str) else list(text)}, from_arin=True)
    return created


def process(ctx, ticket: dict, request: dict) -> dict:
    """Carry out a queued request: register the planned net, or remove the net."""
    if "net" in request:
        plan = request["net"]
        if ctx.store.get("net", plan["parentNetHandle"]) is None:
            raise ValueError("parent net %s no longer exists" % plan["parentNetHandle"])
        for what, parent_of, other in net.reserved_ranges(ctx, nets.net_range(plan), exclude=ticket["ticketNo"]):
            if parent_of == plan["parentNetHandle"] and nets.overlaps(other, nets.net_range(plan)):
                raise ValueError("the range now overlaps %s" % what)
        handle = net.commit_net(ctx, plan, request.get("customer"))["handle"]
        tickets.resolve(ticket, "ACCEPTED")
        return {"net": handle}
    if "delete" in request:
        found = ctx.store.get("net", request["delete"])
        if found:
            net.remove_nets(ctx, found)
        tickets.resolve(ticket, "PROCESSED")
        return {"deleted": request["delete"]}
    raise ValueError("this ticket has nothing to process")
