"""The HTTP server around a Simulator (used by the command line, the tests and bench)."""
from __future__ import annotations

import ssl

from werkzeug.serving import WSGIRequestHandler, make_server

from .app import Simulator
from .control import mask


class QuietKeyHandler(WSGIRequestHandler):
    """Access log lines with API keys masked (the key sits in the query string)."""

    def log(self, type, message, *args):
        super().log(type, message, *(mask(str(a)) for a in args))


def build_server(host="127.0.0.1", port=0, db=None, seed=None, settings=None,
                 certfile=None, keyfile=None):
    """A threaded Werkzeug server around a fresh Simulator (also used by tests and bench)."""
    sim = Simulator(db, seed, settings)
    context = None
    if certfile:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile, keyfile)
    server = make_server(host, port, sim, threaded=True, ssl_context=context,
                         request_handler=QuietKeyHandler)
    return server, sim
