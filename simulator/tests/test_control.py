"""Control API: request log, reset, config and fault injection."""
import requests

from conftest import CORE, OPERATOR, error_code, poc_xml, text, xml


def fault(api, **spec):
    resp = api.control("POST", "faults", json=spec)
    assert resp.status_code == 200, resp.text


def test_health(api):
    assert api.control("GET", "health").json() == {"ok": True}


def test_request_log_masks_key(api):
    api.get("/poc/ADMIN1-ARIN")
    api.get("/poc/ADMIN1-ARIN", auth="header")
    api.get("/org/EXNET-1?msgRefs=false")
    api.post("/poc;makeLink=true", poc_xml())
    api.control("GET", "health")  # control calls are not logged
    log = api.control("GET", "requests").json()["requests"]
    assert [e["path"] for e in log] == ["/rest/poc/ADMIN1-ARIN", "/rest/poc/ADMIN1-ARIN",
                                        "/rest/org/EXNET-1", "/rest/poc;makeLink=true"]
    assert [e["auth"] for e in log] == ["query", "header", "query", "query"]
    assert log[0]["query"] == "apikey=API-****"
    assert log[2]["query"] == "msgRefs=false&apikey=API-****"
    assert log[0]["status"] == 200 and "<poc" in log[0]["response_body"]
    assert "<contactType>ROLE" in log[3]["request_body"]
    assert [e["id"] for e in log] == sorted(e["id"] for e in log)
    assert OPERATOR not in api.control("GET", "requests").text
    since = api.control("GET", "requests?since=%d" % log[1]["id"]).json()["requests"]
    assert [e["id"] for e in since] == [log[2]["id"], log[3]["id"]]
    assert api.control("GET", "requests").json()["logged"] == 4
    assert api.control("DELETE", "requests").status_code == 200
    assert api.control("GET", "requests").json() == {"requests": [], "logged": 0}


def test_logged_counts_requests_the_bounded_log_let_go(api, monkeypatch):
    from regrws_sim import control
    monkeypatch.setattr(control, "LOG_LIMIT", 2)
    api.control("DELETE", "requests")
    for dummy in range(3):
        api.get("/poc/ADMIN1-ARIN")
    answer = api.control("GET", "requests").json()
    assert len(answer["requests"]) == 2 and answer["logged"] == 3


def test_reset_restores_seed(api):
    api.post("/poc/NOC1-ARIN/email/extra@example.net")
    api.control("POST", "config", json={"legacy": True})
    fault(api, method="GET", path="poc", kind="500", times=5)
    assert api.control("POST", "reset").status_code == 200
    assert len(xml(api.get("/poc/NOC1-ARIN")).findall("{%s}emails/{%s}email" % (CORE, CORE))) == 1
    assert api.control("GET", "config").json()["legacy"] is False
    assert api.control("GET", "faults").json()["faults"] == []


def test_error_faults(api):
    fault(api, method="GET", path=r"/poc/ADMIN1", kind="429", retry_after=7)
    fault(api, method="*", path=r"/org/", kind="503")
    fault(api, method="PUT", path=r"/poc/", kind="500", times=2)
    resp = api.get("/poc/ADMIN1-ARIN")
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "7"
    assert error_code(resp) == "E_TOO_MANY_REQUESTS"
    assert api.get("/poc/ADMIN1-ARIN").status_code == 200  # used up
    resp = api.get("/org/EXNET-1")
    assert resp.status_code == 503 and error_code(resp) == "E_OUTAGE"
    body = api.get("/poc/NOC1-ARIN").content
    for _ in range(2):
        resp = api.put("/poc/NOC1-ARIN", body)
        assert resp.status_code == 500 and error_code(resp) == "E_UNSPECIFIED"
    assert api.put("/poc/NOC1-ARIN", body).status_code == 200
    log = api.control("GET", "requests").json()["requests"]
    assert [e["fault"] for e in log][:2] == ["429", None]


def test_html_and_listing(api):
    fault(api, path="org", kind="html", times=3)
    assert len(api.control("GET", "faults").json()["faults"]) == 1
    resp = api.get("/org/EXNET-1", check=False)
    assert resp.status_code == 502 and resp.headers["Content-Type"].startswith("text/html")
    api.control("DELETE", "faults")
    assert api.get("/org/EXNET-1").status_code == 200


def test_bad_fault_spec(api):
    assert api.control("POST", "faults", json={"kind": "explode"}).status_code == 400
    assert api.control("POST", "faults", json={"kind": "500", "path": "("}).status_code == 400


def test_delay_fault(api):
    fault(api, method="GET", path="ADMIN1", kind="delay", seconds=0.2)
    assert api.get("/poc/ADMIN1-ARIN").status_code == 200
    assert api.control("GET", "requests").json()["requests"][0]["fault"] == "delay"


def test_drop_before_changes_nothing(api):
    fault(api, method="POST", path="/email/", kind="drop_before")
    try:
        api.post("/poc/NOC1-ARIN/email/dropped@example.net")
        raise AssertionError("the connection should have been dropped")
    except requests.ConnectionError:
        pass
    emails = [e.text for e in xml(api.get("/poc/NOC1-ARIN")).iter("{%s}email" % CORE)]
    assert "dropped@example.net" not in emails


def test_drop_after_applies_the_change(api):
    fault(api, method="POST", path="/email/", kind="drop_after")
    try:
        api.post("/poc/NOC1-ARIN/email/kept@example.net")
        raise AssertionError("the connection should have been dropped")
    except requests.ConnectionError:
        pass
    emails = [e.text for e in xml(api.get("/poc/NOC1-ARIN")).iter("{%s}email" % CORE)]
    assert "kept@example.net" in emails
    entry = api.control("GET", "requests").json()["requests"][0]
    assert entry["fault"] == "drop_after" and entry["status"] == 200


def test_truncate_applies_and_spoils_body(api):
    fault(api, method="POST", path="/email/", kind="truncate")
    try:
        resp = api.post("/poc/NOC1-ARIN/email/half@example.net", check=False)
        complete = resp.content.endswith(b"</poc>")
    except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
        complete = False
    assert not complete
    emails = [e.text for e in xml(api.get("/poc/NOC1-ARIN")).iter("{%s}email" % CORE)]
    assert "half@example.net" in emails


def test_config_validation(api):
    assert api.control("POST", "config", json={"legacy": "yes"}).status_code == 400
    assert api.control("POST", "config", json={"hold_ticket_ranges": 0}).status_code == 400
    out = api.control("POST", "config", json={"max_inline_bytes": 5}).json()
    assert out["max_inline_bytes"] == 5
    assert api.control("GET", "nowhere").status_code == 404
    assert text(xml(api.get("/poc/ADMIN1-ARIN")), "{%s}handle" % CORE) == "ADMIN1-ARIN"


def emails_of(api, handle="NOC1-ARIN"):
    return [e.text for e in xml(api.get("/poc/%s" % handle)).iter("{%s}email" % CORE)]


def test_proxy_errors_after_commit(api):
    for kind, status, address in (("502_after", 502, "gw502@example.net"), ("504_after", 504, "gw504@example.net")):
        fault(api, method="POST", path="/email/", kind=kind)
        resp = api.post("/poc/NOC1-ARIN/email/%s" % address, check=False)
        assert resp.status_code == status and resp.headers["Content-Type"].startswith("text/html")
        assert address in emails_of(api)  # committed although the answer says otherwise
    log = api.control("GET", "requests").json()["requests"]
    faulted = [e for e in log if e["fault"]]
    assert [(e["fault"], e["status"]) for e in faulted] == [("502_after", 200), ("504_after", 200)]


def test_oversize_after_commit(api):
    fault(api, method="POST", path="/email/", kind="oversize_after", bytes=200000)
    resp = api.post("/poc/NOC1-ARIN/email/big@example.net", check=False)
    assert resp.status_code == 200 and len(resp.content) == 200000
    assert resp.content.rstrip().endswith(b"</poc>") and resp.content.endswith(b" ")
    assert "big@example.net" in emails_of(api)


def test_oversize_default_is_over_32_mib(api):
    out = api.control("POST", "faults", json={"kind": "oversize_after"}).json()["fault"]
    assert out["bytes"] > 32 * 1024 * 1024


def test_drip_sends_one_byte_at_a_time(api):
    fault(api, method="GET", path="ADMIN1", kind="drip", seconds=0.001)
    resp = api.get("/poc/ADMIN1-ARIN")
    assert resp.status_code == 200 and resp.content.endswith(b"</poc>")
    assert api.control("GET", "requests").json()["requests"][0]["fault"] == "drip"


def test_slow_drip_trips_a_read_timeout_after_commit(api):
    fault(api, method="POST", path="/email/", kind="drip", seconds=1.5)
    try:
        requests.post(api.base + "/rest/poc/NOC1-ARIN/email/slow@example.net",
                      params={"apikey": OPERATOR}, headers={"Accept": "application/xml"}, timeout=0.5).content
        raise AssertionError("the answer should have been too slow")
    except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError):
        pass
    assert "slow@example.net" in emails_of(api)


def test_reset_can_arm_faults(api):
    fault(api, method="GET", path="old", kind="500")
    out = api.control("POST", "reset", json={"faults": [
        {"method": "PUT", "path": "/poc/NOC1-ARIN$", "kind": "502_after"},
        {"method": "POST", "path": "/email/", "kind": "drip", "seconds": 0.5}]}).json()
    assert [f["kind"] for f in out["faults"]] == ["502_after", "drip"]
    assert [f["path"] for f in api.control("GET", "faults").json()["faults"]] == ["/poc/NOC1-ARIN$", "/email/"]
    assert api.control("POST", "reset", json={"faults": {"kind": "500"}}).status_code == 400
    assert api.control("POST", "reset", json={"faults": [{"kind": "explode"}]}).status_code == 400
