"""Command line: `python -m regrws_sim serve ...` and `python -m regrws_sim bench ...`."""
from __future__ import annotations

import argparse
import sys

from . import bench
from .app import Settings
from .server import build_server


def serve(args) -> int:
    settings = Settings(legacy=args.legacy, open_reads=args.open_reads,
                        hold_ticket_ranges=args.hold_ticket_ranges,
                        max_inline_bytes=args.max_inline_bytes, auth=args.auth)
    server, _ = build_server(args.host, args.port, args.db, args.seed, settings,
                             args.certfile, args.keyfile)
    scheme = "https" if args.certfile else "http"
    # make_server has bound and is listening: connections are accepted from here on.
    url = "%s://%s:%d" % (scheme, args.host, server.server_port)
    # The first line is what scripts wait for; the second is what a person pastes
    # (the key is the default seed's operator key).
    key = "" if args.seed else " ARIN_API_KEY=API-1111-2222-3333-4444"
    print("listening on %s\nexport ARIN_BASE_URL=%s/rest%s" % (url, url, key), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="regrws_sim", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="run the simulator")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    s.add_argument("--db", help="SQLite file that keeps state across restarts (default: memory)")
    s.add_argument("--seed", help="seed YAML (default: the packaged seeds/default.yml)")
    s.add_argument("--legacy", action="store_true", help="2011-era behaviours")
    s.add_argument("--open-reads", action="store_true", help="GETs need no authority")
    s.add_argument("--hold-ticket-ranges", action=argparse.BooleanOptionalAction, default=True,
                   help="a queued (legacy) reassign/reallocate reserves its range until processed"
                        " (default); --no-hold-ticket-ranges leaves it free")
    s.add_argument("--max-inline-bytes", type=int, default=1024 * 1024,
                   help="largest total of inline attachments in a ticket answer (413 above)")
    s.add_argument("--auth", choices=("both", "query", "header"), default="both",
                   help="where the API key is accepted: the apikey query parameter, the"
                        " Authorization header, or both (default)")
    s.add_argument("--certfile", help="PEM certificate: serve HTTPS")
    s.add_argument("--keyfile", help="PEM private key for --certfile")
    b = sub.add_parser("bench", help="measure requests per second on loopback")
    b.add_argument("--requests", type=int, default=500, help="requests per measurement")
    b.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    if args.command == "serve":
        if bool(args.certfile) != bool(args.keyfile):
            parser.error("--certfile and --keyfile go together")
        return serve(args)
    return bench.run(args.requests, args.threads)


if __name__ == "__main__":
    sys.exit(main())
