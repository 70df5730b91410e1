"""WSGI application: raw-path routing with matrix parameters, auth, content negotiation,
fault injection and the request log around the Reg-RWS handlers."""
from __future__ import annotations

import dataclasses
import re
import traceback
from urllib.parse import parse_qsl, unquote

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from . import control, handlers, seed
from .context import Context
from .errors import ApiError, error_body
from .store import Store

MAX_BODY = 8 * 1024 * 1024
KEY_RE = re.compile(r"^API(-[0-9A-F]{4}){4,8}$")
LOG_BODY_LIMIT = 64 * 1024


@dataclasses.dataclass
class Settings:
    legacy: bool = False
    open_reads: bool = False
    # A queued (legacy) reassign/reallocate keeps its range reserved until the ticket is
    # processed; off, the range stays free and the same request can be queued again.
    hold_ticket_ranges: bool = True
    max_inline_bytes: int = 1024 * 1024
    auth: str = "both"  # where the API key is read: both, query or header


def _compile(pattern: str):
    """'poc/{handle}/phone/{number*}' -> list of literals / (name, may_be_empty)."""
    parts = []
    for seg in pattern.split("/"):
        if seg.startswith("{"):
            parts.append((seg.strip("{}*"), seg.endswith("*}")))
        else:
            parts.append(seg)
    return parts


ROUTES = [(method, _compile(pattern), fn) for method, pattern, fn in handlers.ROUTES]


def split_path(raw_path: str):
    """Raw path -> [(decoded segment, {matrix params})]. '+' stays a literal plus."""
    segments = []
    for raw in raw_path.split("/")[1:]:
        name, *params = raw.split(";")
        matrix = {}
        for param in params:
            key, _, value = param.partition("=")
            matrix[unquote(key)] = unquote(value)
        segments.append((unquote(name), matrix))
    return segments


def match(segments, method):
    """Return (handler, vars) or raise 404/405 ApiError."""
    names = [name for name, _ in segments]
    if method == "POST" and len(names) > 1 and names[-1] == "":
        names = names[:-1]  # ARIN documents its create URLs with a trailing slash (POST /rest/org/)
    allowed = []
    for route_method, parts, fn in ROUTES:
        if len(parts) != len(names):
            continue
        found = {}
        for part, name in zip(parts, names):
            if isinstance(part, tuple):
                if not name and not part[1]:
                    break
                found[part[0]] = name
            elif part != name:
                break
        else:
            if route_method == method:
                return fn, found
            allowed.append(route_method)
    if allowed:
        raise ApiError(405, "E_METHOD_NOT_ALLOWED", "%s is not allowed here; use %s."
                       % (method, ", ".join(sorted(set(allowed)))))
    raise ApiError(404, "E_UNSPECIFIED", "No such resource.")


def accepts_xml(accept: str | None) -> bool:
    if not accept or not accept.strip():
        return True
    for item in accept.split(","):
        media, *params = [p.strip() for p in item.split(";")]
        if any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params):
            continue
        if media.lower() in ("*/*", "application/*", "application/xml", "text/xml"):
            return True
    return False


class Simulator:
    def __init__(self, db: str | None = None, seed_path: str | None = None,
                 settings: Settings | None = None):
        self.store = Store(db)
        self.seed_data = seed.load(seed_path)
        self.defaults = settings or Settings()
        self.settings = dataclasses.replace(self.defaults)
        self.log = control.RequestLog()
        self.faults = control.Faults()
        if self.store.is_empty():
            with self.store.transaction():
                seed.apply(self.store, self.seed_data)

    def reset(self):
        with self.store.transaction():
            self.store.clear()
            seed.apply(self.store, self.seed_data)
        self.log.clear()
        self.faults.clear()
        self.settings = dataclasses.replace(self.defaults)

    # ------------------------------------------------------------------ WSGI entry
    def __call__(self, environ, start_response):
        request = Request(environ)
        request.max_content_length = MAX_BODY
        raw_uri = environ.get("RAW_URI") or environ.get("REQUEST_URI") or request.full_path
        raw_uri = raw_uri.encode("latin-1", "replace").decode("utf-8", "replace")
        raw_path, _, raw_query = raw_uri.partition("?")
        if "://" in raw_path:  # absolute-form request target
            raw_path = "/" + raw_path.split("://", 1)[1].partition("/")[2]
        if raw_path.startswith("/__sim__/"):
            return control.handle(self, request, raw_path, raw_query)(environ, start_response)
        return self.rest(request, environ, raw_path, raw_query)(environ, start_response)

    def rest(self, request, environ, raw_path, raw_query):
        entry = self.log.start(request.method, raw_path, raw_query, request)
        fault = self.faults.take(request.method, raw_path)
        entry["fault"] = fault["kind"] if fault else None
        if fault:
            early = control.early_fault(fault, environ)
            if early is not None:
                if fault["kind"] == "drop_before":
                    self.log.finish(entry, 0, "")
                    return early
                return self.finish(entry, early)
        response = self.respond(request, raw_path, raw_query, entry)
        if fault and fault["kind"] in control.LATE_FAULTS:
            return control.late_fault(fault, environ, response, self.log, entry)
        return self.finish(entry, response)

    def finish(self, entry, response, body=None):
        self.log.finish(entry, response.status_code,
                        body if body is not None else response.get_data())
        return response

    def respond(self, request, raw_path, raw_query, entry) -> Response:
        try:
            try:
                body = request.get_data(cache=True)
            except RequestEntityTooLarge:
                raise ApiError(413, "E_BAD_REQUEST",
                               "Request bodies are limited to %d bytes." % MAX_BODY) from None
            entry["request_body"] = _text(body)
            reply = self.dispatch(request, raw_path, raw_query, body)
            return Response(reply.body, 200, content_type=reply.content_type,
                            headers=reply.headers)
        except ApiError as exc:
            return Response(exc.body(), exc.status, content_type="application/xml",
                            headers=exc.headers)
        except Exception:  # never let a bug take the server down
            traceback.print_exc()
            return Response(error_body("E_UNSPECIFIED", "Internal error."), 500,
                            content_type="application/xml")

    def dispatch(self, request, raw_path, raw_query, body):
        segments = split_path(raw_path)
        if not segments or segments[0][0] != "rest":
            raise ApiError(404, "E_UNSPECIFIED", "No such resource.")
        fn, path_vars = match(segments[1:], request.method)
        if not accepts_xml(request.headers.get("Accept")):
            raise ApiError(406, "E_NOT_ACCEPTABLE", "Responses are only available as application/xml.")
        if body and request.mimetype not in ("application/xml",):
            raise ApiError(415, "E_UNSUPPORTED_MEDIA_TYPE",
                           "Request bodies must be sent as application/xml.")
        query = dict(parse_qsl(raw_query, keep_blank_values=True))
        matrix = {}
        for _, params in segments:
            matrix.update(params)
        user = self.authenticate(query, request.headers.get("Authorization"))
        with self.store.transaction() as store:
            ctx = Context(self, store, user, matrix, query, body, request.mimetype)
            return fn(ctx, **path_vars)

    def authenticate(self, query, header):
        """The query parameter wins over the header when both are present; with auth set to
        query or header, the other place is not looked at (as if no key were sent there)."""
        mode = self.settings.auth
        key = query.get("apikey") if mode != "header" else None
        if key is None and header and mode != "query":
            scheme, _, value = header.strip().partition(" ")
            if scheme.lower() == "apikey":
                key = value.strip()
        if not key:
            raise ApiError(400, "E_AUTHENTICATION", "An API key is required.")
        if not KEY_RE.match(key):
            raise ApiError(400, "E_AUTHENTICATION", "The API key is malformed.")
        with self.store.lock:
            record = self.store.get("apikey", key)
        if record is None:
            raise ApiError(400, "E_AUTHENTICATION", "The API key is not valid.")
        return record["user"]


def _text(data: bytes, limit: int = LOG_BODY_LIMIT) -> str:
    text = data[:limit].decode("utf-8", "replace")
    return text + ("...[truncated %d bytes]" % (len(data) - limit) if len(data) > limit else "")

