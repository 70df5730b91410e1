"""What a handler sees of one request (shared by the REST routes and the control API)."""
from __future__ import annotations

from . import xmlio
from .errors import ApiError


class Context:
    """What a handler sees of the request."""

    def __init__(self, sim, store, user, matrix, query, body, content_type=""):
        self.sim, self.store, self.settings = sim, store, sim.settings
        self.user, self.matrix, self.query, self.body = user, matrix, query, body
        self.content_type = content_type  # the request's media type, "" when it names none
        self._parsed = {}

    def parse(self, root: str) -> dict:
        if root not in self._parsed:
            if not self.body.strip():
                raise ApiError(400, "E_SCHEMA_VALIDATION", "A %s payload is required." % root)
            try:
                self._parsed[root] = xmlio.parse(self.body, root)
            except xmlio.SchemaError as exc:
                raise ApiError(400, "E_SCHEMA_VALIDATION", str(exc)) from None
        return self._parsed[root]
