# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""The one exception tree of the collection.

Every failure that a module can meet is an ArinError; the engine turns it into a
single-line ``msg`` plus a structured ``error`` key, so no expected failure ever
shows a traceback.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ArinError(Exception):
    """Base class: a message that is already safe to show (no API key in it)."""

    kind = 'error'

    def __init__(self, message, operation=None):
        super(ArinError, self).__init__(message)
        self.message = message
        self.operation = operation

    def with_operation(self, operation):
        if self.operation is None:
            self.operation = operation
        return self

    def one_line(self):
        prefix = '%s: ' % self.operation if self.operation else ''
        return ' '.join((prefix + self.message).split())

    def as_dict(self):
        return {'kind': self.kind, 'message': self.message, 'operation': self.operation}


class InputError(ArinError):
    """The task's parameters cannot work; raised before any request."""

    kind = 'input'


class ApiError(ArinError):
    """ARIN answered with an error status (and usually an ``error`` payload)."""

    kind = 'api'

    def __init__(self, status, code=None, message=None, components=None, additional_info=None, operation=None, body=None):
        self.status = status
        self.code = code
        self.arin_message = message
        self.components = components or []
        self.additional_info = additional_info or []
        self.body = body
        super(ApiError, self).__init__(self._render(), operation=operation)

    def _render(self):
        parts = ['HTTP %s' % self.status]
        if self.code:
            parts.append(self.code)
        text = ' '.join(parts)
        if self.arin_message:
            text += ': %s' % self.arin_message
        details = ['%s: %s' % (c.get('name') or '?', c.get('message') or '') for c in self.components]
        details.extend(info for info in self.additional_info if info)
        if details:
            text += ' (%s)' % '; '.join(details)
        if not self.code and not self.arin_message and self.body:
            text += ': %s' % self.body
        return text

    def as_dict(self):
        result = super(ApiError, self).as_dict()
        result.update(
            status=self.status,
            code=self.code,
            arin_message=self.arin_message,
            components=self.components,
            additional_info=self.additional_info,
        )
        return result


class AuthError(ApiError):
    """The key is missing, unknown, or lacks authority over the object."""

    kind = 'authentication'


class NotFound(ApiError):
    kind = 'not_found'


class Conflict(ApiError):
    kind = 'conflict'


class WouldRefuse(ArinError):
    """Check mode: what a read showed means ARIN would refuse the write with ``status``; ``read`` is that read's error."""

    kind = 'would_refuse'

    def __init__(self, status, reason, read):
        super(WouldRefuse, self).__init__('ARIN would refuse (%s): %s (%s)' % (status, reason, read.one_line()))
        self.status = status
        self.read = read

    def as_dict(self):
        result = super(WouldRefuse, self).as_dict()
        result.update(status=self.status, read=self.read.as_dict())
        return result


class Unfinished(ArinError):
    """The task changed something at ARIN but could not finish (a ticket still open, a cleanup refused)."""

    kind = 'unfinished'


class WaitTimeout(ArinError):
    """A ticket did not reach the awaited status in time; ``ticket`` is the last one read."""

    kind = 'timeout'

    def __init__(self, message, ticket=None):
        super(WaitTimeout, self).__init__(message)
        self.ticket = ticket


class TransportError(ArinError):
    """No usable answer: network failure, TLS failure, a body that is not ARIN's XML."""

    kind = 'transport'

    def __init__(self, message, operation=None, status=None):
        super(TransportError, self).__init__(message, operation=operation)
        self.status = status

    def as_dict(self):
        result = super(TransportError, self).as_dict()
        result['status'] = self.status
        return result


class UncertainWrite(TransportError):
    """A write was sent and its outcome is unknown (no answer, or one that may have come after ARIN
    committed it): ARIN may or may not have acted. The engine settles it by reading back."""

    kind = 'uncertain_write'


def api_error_for(status, error=None, operation=None, body=None):
    """Pick the ApiError class that fits an HTTP status and a decoded ``error`` payload."""
    error = error or {}
    cls = ApiError
    if status == 404:
        cls = NotFound
    elif status == 409:
        cls = Conflict
    elif error.get('code') == 'E_AUTHENTICATION' or status == 401:
        cls = AuthError
    return cls(
        status,
        code=error.get('code'),
        message=error.get('message'),
        components=error.get('components') or [],
        additional_info=error.get('additional_info') or [],
        operation=operation,
        body=body,
    )


def is_overlap_refusal(error):
    """True when ARIN refused a new net because its range overlaps a registered one.

    ARIN has answered this both as 409 and as 400 E_ENTITY_VALIDATION naming the
    startAddress (or the netBlock) component.
    """
    if not isinstance(error, ApiError):
        return False
    if error.status == 409:
        return True
    names = set((component.get('name') or '').lower() for component in error.components or [])
    return (error.status == 400 and error.code == 'E_ENTITY_VALIDATION'
            and bool(names & set(['startaddress', 'endaddress', 'netblock', 'netblocks'])))
