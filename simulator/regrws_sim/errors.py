"""The one error type handlers raise, and the one builder of ARIN `error` payloads."""
from __future__ import annotations

from . import xmlio

MESSAGES = {
    "E_SCHEMA_VALIDATION": "Payload does not conform to the schema.",
    "E_ENTITY_VALIDATION": "Payload has an invalid field.",
    "E_OBJECT_NOT_FOUND": "The object was not found.",
    "E_AUTHENTICATION": "The API key is not authorized to make that request.",
    "E_NOT_REMOVEABLE": "The object cannot be removed.",
    "E_BAD_REQUEST": "The request is not valid.",
    "E_OUTAGE": "The service is temporarily unavailable.",
    "E_METHOD_NOT_ALLOWED": "The method is not allowed for this resource.",
    "E_NOT_ACCEPTABLE": "The requested media type cannot be produced.",
    "E_UNSUPPORTED_MEDIA_TYPE": "The request media type is not supported.",
    "E_TOO_MANY_REQUESTS": "Too many requests.",
    "E_UNSPECIFIED": "An unspecified error occurred.",
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str | None = None,
                 components=(), headers=None):
        super().__init__(message or MESSAGES[code])
        self.status, self.code = status, code
        self.message = message or MESSAGES[code]
        self.components = list(components)  # [(element name, message), ...]
        self.headers = headers or {}

    def body(self) -> bytes:
        return error_body(self.code, self.message, self.components)


def error_body(code: str, message: str, components=()) -> bytes:
    return xmlio.emit("error", {
        "message": message, "code": code,
        "components": [{"name": n, "message": m} for n, m in components],
        "additionalInfo": [],
    })


def invalid(components, message=None, status=400):
    """Business-rule failure with one component per offending field."""
    return ApiError(status, "E_ENTITY_VALIDATION", message, components)


def not_found(what: str, handle: str):
    return ApiError(404, "E_OBJECT_NOT_FOUND", "%s %s was not found." % (what, handle))


def bad_request(message: str):
    return ApiError(400, "E_BAD_REQUEST", message)


def denied(status: int = 401, message: str | None = None):
    return ApiError(status, "E_AUTHENTICATION", message)
