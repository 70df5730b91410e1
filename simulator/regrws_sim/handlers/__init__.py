"""Reg-RWS method handlers, one module per ARIN service (mirroring the client's _api).

Every handler runs inside one store transaction and either returns a `Reply` or
raises `ApiError`; nothing is written unless the whole request succeeds.
"""
from __future__ import annotations

from . import customer, delegation, net, org, poc, rpki, ticket

ROUTES = (poc.ROUTES + org.ROUTES + customer.ROUTES + net.ROUTES + ticket.ROUTES + delegation.ROUTES
          + rpki.ROUTES)
