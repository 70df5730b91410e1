"""`python -m regrws_sim bench`: requests per second on loopback (a figure, not a test)."""
from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from .app import Settings
from .server import build_server

KEY = "API-1111-2222-3333-4444"
HEADERS = {"Accept": "application/xml", "Content-Type": "application/xml"}
CORE = "http://www.arin.net/regrws/core/v1"
SLOTS = 32  # /29 reassignments that fit in 192.0.2.0/24


def _reassign_body(slot: int) -> str:
    return ('<net xmlns="%s"><netBlocks><netBlock><startAddress>192.0.2.%d</startAddress>'
            "<cidrLength>29</cidrLength></netBlock></netBlocks><netName>BENCH-%d</netName>"
            "<customer><customerName>Bench Customer %d</customerName>"
            "<iso3166-1><code2>US</code2></iso3166-1>"
            '<streetAddress><line number="0">1 Bench Road</line></streetAddress>'
            "<city>Anytown</city><iso3166-2>VA</iso3166-2><postalCode>22000</postalCode>"
            "</customer></net>" % (CORE, slot * 8, slot, slot))


def _run(calls, threads: int) -> float:
    """Run callables on a pool; return elapsed seconds; every call must answer 200."""
    local = threading.local()

    def one(call):
        if not hasattr(local, "http"):
            local.http = requests.Session()
        status = call(local.http)
        assert status == 200, status

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, calls))
    return time.perf_counter() - start


def run(total: int, threads: int) -> int:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log lines
    server, _ = build_server(port=0, settings=Settings())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = "http://127.0.0.1:%d" % server.server_port
    try:
        url = "%s/rest/poc/ADMIN1-ARIN?apikey=%s" % (base, KEY)
        calls = [lambda http: http.get(url, headers=HEADERS).status_code] * total
        elapsed = _run(calls, threads)
        print("GET POC:          %5d requests, %d threads: %8.1f req/s" %
              (total, threads, total / elapsed), flush=True)

        done, busy = 0, 0.0
        reassign = "%s/rest/net/NET-192-0-2-0-1/reassign?apikey=%s" % (base, KEY)
        while done < total:
            batch = min(SLOTS, total - done)
            calls = [lambda http, s=s: http.put(reassign, data=_reassign_body(s),
                                                headers=HEADERS).status_code
                     for s in range(batch)]
            busy += _run(calls, threads)
            done += batch
            requests.post(base + "/__sim__/reset")  # free the /24 again (not timed)
        print("Reassign simple:  %5d requests, %d threads: %8.1f req/s" %
              (done, threads, done / busy), flush=True)
    finally:
        server.shutdown()
        server.server_close()
    return 0
