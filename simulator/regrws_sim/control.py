"""Test-only control API under /__sim__/ (JSON, no auth, never logged), the request log
and fault injection."""
from __future__ import annotations

import json
import re
import socket
import threading
import time
from urllib.parse import parse_qsl

from werkzeug.wrappers import Response

from .context import Context
from .handlers import staff
from .errors import ApiError, error_body

FAULT_KINDS = {"429", "500", "503", "delay", "drop_before", "drop_after", "truncate", "html",
               "502_after", "504_after", "oversize_after", "drip"}
# Faults that let the handler run and commit, then spoil the answer.
LATE_FAULTS = {"drop_after", "truncate", "502_after", "504_after", "oversize_after", "drip"}
OVERSIZE_BYTES = 33 * 1024 * 1024  # just over the 32 MiB the collection reads at most
LOG_LIMIT = 10000
KEY_SHAPE = re.compile(r"API(-[0-9A-Za-z]{4}){1,8}", re.I)


def mask(text: str) -> str:
    return KEY_SHAPE.sub("API-****", text)


class RequestLog:
    def __init__(self):
        self.lock = threading.Lock()
        self.entries, self.next_id = [], 1
        self.cleared_at = 1  # the id of the first request after the last clear

    def start(self, method, raw_path, raw_query, request) -> dict:
        pairs = parse_qsl(raw_query, keep_blank_values=True)
        if any(k == "apikey" for k, _ in pairs):
            auth = "query"
        elif request.headers.get("Authorization"):
            auth = "header"
        else:
            auth = "none"
        query = "&".join(part if not part.startswith("apikey=") else "apikey=API-****"
                         for part in raw_query.split("&")) if raw_query else ""
        with self.lock:
            entry = {"id": self.next_id, "method": method, "path": mask(raw_path),
                     "query": mask(query), "auth": auth, "status": None, "request_body": "",
                     "response_body": "", "fault": None}
            self.next_id += 1
            self.entries.append(entry)
            del self.entries[:-LOG_LIMIT]  # bounded memory for long-running servers
        return entry

    def finish(self, entry, status, body):
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        with self.lock:
            entry["status"] = status
            entry["request_body"] = mask(entry["request_body"])
            entry["response_body"] = mask(text[:64 * 1024])

    def since(self, after: int) -> list:
        with self.lock:
            return [dict(e) for e in self.entries if e["id"] > after]

    def logged(self) -> int:
        """Requests since the last clear, the oldest of which the bounded log may have let go."""
        with self.lock:
            return self.next_id - self.cleared_at

    def clear(self):
        with self.lock:
            self.entries = []
            self.cleared_at = self.next_id


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.items = []

    def add(self, spec: dict) -> dict:
        kind = str(spec.get("kind", ""))
        if kind not in FAULT_KINDS:
            raise ValueError("kind must be one of %s" % ", ".join(sorted(FAULT_KINDS)))
        fault = {"method": str(spec.get("method", "*")).upper(), "path": str(spec.get("path", "")),
                 "times": int(spec.get("times", 1)), "kind": kind,
                 "retry_after": int(spec.get("retry_after", 1)),
                 "seconds": float(spec.get("seconds", 1)),
                 "bytes": int(spec.get("bytes", OVERSIZE_BYTES))}
        re.compile(fault["path"])
        with self.lock:
            self.items.append(fault)
        return fault

    def take(self, method: str, raw_path: str) -> dict | None:
        """Consume one use of the first fault matching this request."""
        with self.lock:
            for fault in self.items:
                if fault["method"] in ("*", method) and re.search(fault["path"], raw_path):
                    fault["times"] -= 1
                    if fault["times"] <= 0:
                        self.items.remove(fault)
                    return dict(fault)
        return None

    def list(self) -> list:
        with self.lock:
            return [dict(f) for f in self.items]

    def clear(self):
        with self.lock:
            self.items = []


def _drop(environ):
    """Close the client connection without an HTTP response."""
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _error(status, code, message, headers=None):
    return Response(error_body(code, message), status, content_type="application/xml",
                    headers=headers or {})


def early_fault(fault: dict, environ) -> Response | None:
    """Faults that answer instead of the handler; None means 'handle normally'."""
    kind = fault["kind"]
    if kind == "429":
        return _error(429, "E_TOO_MANY_REQUESTS", "Too many requests.",
                      {"Retry-After": str(fault["retry_after"])})
    if kind == "500":
        return _error(500, "E_UNSPECIFIED", "An unspecified error occurred.")
    if kind == "503":
        return _error(503, "E_OUTAGE", "The service is temporarily unavailable.")
    if kind == "html":
        return Response("<html><head><title>502 Bad Gateway</title></head><body>"
                        "<h1>502 Bad Gateway</h1></body></html>", 502, content_type="text/html")
    if kind == "drop_before":
        _drop(environ)
        return Response(b"", 200)  # never reaches the client (logged with status 0)
    if kind == "delay":
        time.sleep(fault["seconds"])
    return None


def _proxy_page(status, title):
    return Response("<html><head><title>%d %s</title></head><body><h1>%d %s</h1>"
                    "<hr><center>proxy</center></body></html>" % (status, title, status, title),
                    status, content_type="text/html")


def late_fault(fault, environ, response, log, entry):
    """The request was applied and committed; spoil the answer as a network or a proxy would."""
    kind = fault["kind"]
    body = response.get_data()
    log.finish(entry, response.status_code, body)
    if kind == "drop_after":
        _drop(environ)
        return response
    if kind == "502_after":
        return _proxy_page(502, "Bad Gateway")
    if kind == "504_after":
        return _proxy_page(504, "Gateway Time-out")
    if kind == "oversize_after":
        padding = max(0, fault["bytes"] - len(body))

        def padded():  # the real answer, then whitespace (still well-formed XML) up to the size
            yield body
            chunk = b" " * 65536
            left = padding
            while left > 0:
                yield chunk[:left]
                left -= len(chunk)

        response.response = padded()
        response.headers["Content-Length"] = str(len(body) + padding)
        return response
    if kind == "drip":
        def drip():  # headers at once, then one byte every `seconds`
            for index in range(len(body)):
                if index:
                    time.sleep(fault["seconds"])
                yield body[index:index + 1]

        response.response = drip()
        response.headers["Content-Length"] = str(len(body))
        return response

    def halves():
        yield body[: len(body) // 2]
        _drop(environ)

    response.response = halves()
    response.headers["Content-Length"] = str(len(body))
    return response


# ---------------------------------------------------------------------- control endpoints

def _json(data, status=200):
    return Response(json.dumps(data, indent=1), status, content_type="application/json")


def handle(sim, request, raw_path, raw_query):
    path = raw_path[len("/__sim__/"):].strip("/")
    method = request.method
    try:
        payload = request.get_json(force=True, silent=True) if request.get_data() else {}
        if payload is None or not isinstance(payload, dict):
            return _json({"error": "body must be a JSON object"}, 400)
        if path == "health" and method == "GET":
            return _json({"ok": True})
        if path == "requests":
            if method == "GET":
                since = int(dict(parse_qsl(raw_query)).get("since", 0))
                return _json({"requests": sim.log.since(since), "logged": sim.log.logged()})
            if method == "DELETE":
                sim.log.clear()
                return _json({"ok": True})
        if path == "reset" and method == "POST":
            specs = payload.get("faults", [])
            if not isinstance(specs, list):
                return _json({"error": "faults must be a list"}, 400)
            sim.reset()
            # Faults given with the reset arm the next scenario in one call (the fault matrix).
            return _json({"ok": True, "faults": [sim.faults.add(spec) for spec in specs]})
        if path == "faults":
            if method == "GET":
                return _json({"faults": sim.faults.list()})
            if method == "POST":
                return _json({"fault": sim.faults.add(payload)})
            if method == "DELETE":
                sim.faults.clear()
                return _json({"ok": True})
        if path == "config":
            if method == "POST":
                for key, kind in (("legacy", bool), ("open_reads", bool),
                                  ("hold_ticket_ranges", bool), ("max_inline_bytes", int)):
                    if key in payload:
                        if not isinstance(payload[key], kind):
                            return _json({"error": "%s must be %s" % (key, kind.__name__)}, 400)
                        setattr(sim.settings, key, payload[key])
            if method in ("GET", "POST"):
                return _json(vars(sim.settings))
        if path.startswith("tickets/") and method == "POST":
            return _json(ticket_action(sim, path.split("/", 1)[1], payload))
        return _json({"error": "no such control endpoint"}, 404)
    except ApiError as exc:
        return _json({"error": exc.message, "code": exc.code}, exc.status)
    except (ValueError, TypeError, KeyError, re.error) as exc:
        return _json({"error": str(exc)}, 400)
    except Exception as exc:  # a control call must not break the server either
        return _json({"error": "internal error: %r" % exc}, 500)


def ticket_json(ticket: dict) -> dict:
    return {k: v for k, v in ticket.items() if v is not None}


def ticket_action(sim, number: str, payload: dict) -> dict:
    """Move a ticket as ARIN staff would; see README for the actions."""
    with sim.store.transaction() as store:
        ticket = store.get("ticket", number)
        if ticket is None:
            raise ApiError(404, "E_OBJECT_NOT_FOUND", "Ticket %s was not found." % number)
        ctx = Context(sim, store, ticket.get("user"), {}, {}, b"")
        created = staff.act(ctx, ticket, payload)
        store.put("ticket", ticket["ticketNo"], ticket)
    out = ticket_json(ticket)
    if created:
        out["created"] = created
    return out
