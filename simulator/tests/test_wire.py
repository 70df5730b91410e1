"""Transport rules: routing, auth, content negotiation, malformed input."""
import requests

from conftest import CORE, OPERATOR, OUTSIDER, READONLY, error_code, poc_xml, text, xml


def test_unknown_route_and_wrong_verb(api):
    resp = api.get("/nothing/here")
    assert resp.status_code == 404 and error_code(resp) == "E_UNSPECIFIED"
    resp = api.call("PATCH", "/poc/ADMIN1-ARIN")
    assert resp.status_code == 405 and error_code(resp) == "E_METHOD_NOT_ALLOWED"
    resp = api.post("/net/NET-192-0-2-0-1/org", "<org xmlns='%s'/>" % CORE)
    assert resp.status_code == 404  # N7 exists only in legacy mode
    resp = requests.get(api.base + "/other")
    assert resp.status_code == 404 and error_code(resp) == "E_UNSPECIFIED"


def test_auth_variants(api):
    assert api.get("/poc/ADMIN1-ARIN", auth="header").status_code == 200
    assert api.get("/poc/ADMIN1-ARIN", auth="query").status_code == 200
    # both present and different: the query wins
    resp = api.get("/poc/ADMIN1-ARIN?apikey=" + OPERATOR, key=OUTSIDER, auth="header")
    assert resp.status_code == 200
    resp = api.get("/poc/ADMIN1-ARIN?apikey=" + OUTSIDER, key=OPERATOR, auth="header")
    assert resp.status_code == 401


def test_auth_failures(api):
    cases = [None, "API-1111-2222-3333", "api-1111-2222-3333-4444", "API-0000-0000-0000-0000"]
    for key in cases:
        resp = api.get("/poc/ADMIN1-ARIN", key=key)
        assert resp.status_code == 400, key
        assert error_code(resp) == "E_AUTHENTICATION"
    # wrong parameter case is not a key
    resp = api.get("/poc/ADMIN1-ARIN?APIKEY=" + OPERATOR, key=None)
    assert resp.status_code == 400
    resp = api.get("/poc/ADMIN1-ARIN", key=READONLY)
    assert resp.status_code == 401 and error_code(resp) == "E_AUTHENTICATION"


def test_long_key_format_accepted(api):
    resp = api.get("/poc/ADMIN1-ARIN", key="API-1111-2222-3333-4444-5555-6666-7777-8888")
    assert resp.status_code == 400  # well formed, unknown
    assert "not valid" in text(xml(resp), "a:message")


def test_content_type_rules(api):
    resp = api.post("/poc;makeLink=true", poc_xml(), headers={"Content-Type": "text/plain"})
    assert resp.status_code == 415 and error_code(resp) == "E_UNSUPPORTED_MEDIA_TYPE"
    resp = api.post("/poc;makeLink=true", poc_xml(),
                    headers={"Content-Type": "application/xml; charset=UTF-8"})
    assert resp.status_code == 200
    for accept in ("*/*", "application/*", "application/xml", "application/json, application/xml"):
        assert api.get("/poc/ADMIN1-ARIN", headers={"Accept": accept}).status_code == 200, accept
    resp = api.get("/poc/ADMIN1-ARIN", headers={"Accept": "application/json"})
    assert resp.status_code == 406 and error_code(resp) == "E_NOT_ACCEPTABLE"
    resp = requests.get(api.base + "/rest/poc/ADMIN1-ARIN?apikey=" + OPERATOR)
    assert resp.status_code == 200  # requests sends Accept: */*
    assert resp.headers["Content-Type"].startswith("application/xml")


def test_schema_errors(api):
    bad = [
        b"<poc xmlns='%s'><city>x</city>" % CORE.encode(),  # not well formed
        b"<poc xmlns='%s'><colour>red</colour></poc>" % CORE.encode(),  # unknown core element
        b"<poc><city>x</city></poc>",  # no namespace
        b"<org xmlns='%s'/>" % CORE.encode(),  # wrong root
        b"\xff\xfe<poc/>",  # not UTF-8
        b"<poc xmlns='%s'><shared xmlns='http://www.arin.net/regrws/shared-ticket/v1'>1</shared>"
        b"</poc>" % CORE.encode(),
        b"",
    ]
    for body in bad:
        resp = api.post("/poc;makeLink=true", body, check=False)
        assert resp.status_code == 400, body
        assert error_code(resp) == "E_SCHEMA_VALIDATION", body


def test_foreign_elements_and_order_ignored(api):
    body = poc_xml(extra="<x:note xmlns:x='urn:example:other'><x:deep/></x:note>")
    resp = api.post("/poc;makeLink=true", body, check=False)
    assert resp.status_code == 200
    # child order is free
    reordered = poc_xml().replace("<city>Anytown</city>", "").replace(
        "</poc>", "<city>Anytown</city></poc>")
    assert api.post("/poc;makeLink=true", reordered).status_code == 200


def test_xml_attacks_are_refused(api):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b"<poc xmlns='%s'><city>&lol2;</city></poc>" % CORE.encode())
    resp = api.post("/poc;makeLink=true", bomb, check=False)
    assert resp.status_code == 400 and error_code(resp) == "E_SCHEMA_VALIDATION"
    xxe = (b'<?xml version="1.0"?><!DOCTYPE poc [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b"<poc xmlns='%s'><city>&x;</city></poc>" % CORE.encode())
    resp = api.post("/poc;makeLink=true", xxe, check=False)
    assert resp.status_code == 400 and b"root:" not in resp.content


def test_huge_body_413(api):
    body = b"<poc xmlns='%s'>" % CORE.encode() + b" " * (9 * 1024 * 1024) + b"</poc>"
    resp = api.post("/poc;makeLink=true", body, check=False)
    assert resp.status_code == 413 and error_code(resp) == "E_BAD_REQUEST"


def test_non_ascii_path_and_garbage(api):
    assert api.get("/poc/%C3%A9%FF").status_code == 404
    assert api.get("/poc/;;;==;").status_code in (404, 405)
    resp = api.get("/net/parentNet/1.2.3/::1")
    assert resp.status_code == 400 and error_code(resp) == "E_BAD_REQUEST"


def test_success_is_always_200_xml(api):
    for path in ("/poc/ADMIN1-ARIN", "/org/EXNET-1", "/net/NET-192-0-2-0-1"):
        resp = api.get(path)
        assert resp.status_code == 200
        assert resp.headers["Content-Type"].startswith("application/xml")
        assert xml(resp).nsmap[None] == CORE


def test_auth_switch_limits_where_a_key_is_taken(schemas):
    from conftest import Api, Settings, start_server
    for where, accepted, refused in (("query", "query", "header"), ("header", "header", "query")):
        srv, sim = start_server(Settings(auth=where))
        try:
            api = Api("http://127.0.0.1:%d" % srv.server_port, schemas)
            assert api.get("/poc/ADMIN1-ARIN", auth=accepted).status_code == 200
            resp = api.get("/poc/ADMIN1-ARIN", auth=refused)
            assert resp.status_code == 400 and error_code(resp) == "E_AUTHENTICATION"
            # Both present: only the accepted one counts, even when the other is wrong.
            wrong = {"query": {"Authorization": "ApiKey " + OUTSIDER}, "header": {}}[where]
            path = "/poc/ADMIN1-ARIN" + ("?apikey=" + OUTSIDER if where == "header" else "")
            assert api.get(path, auth=accepted, headers=wrong).status_code == 200
        finally:
            srv.shutdown()
            srv.server_close()


def test_create_urls_take_a_trailing_slash(api):
    """ARIN documents its create URLs with a trailing slash (POST /rest/org/, /rest/poc/)."""
    from conftest import customer_xml
    from test_org_customer import LINKS, ORG_BODY
    resp = api.post("/org/", ORG_BODY % (CORE, LINKS))
    assert resp.status_code == 200 and text(xml(resp), "a:webTicketType") == "ORG_CREATE"
    resp = api.post("/poc/;makeLink=true", poc_xml(last="Slash Ops"))
    assert resp.status_code == 200 and text(xml(resp), "a:handle").startswith("SLASHOPS")
    resp = api.post("/poc/", poc_xml(last="Slash Two"))
    assert resp.status_code == 200
    resp = api.post("/net/NET-192-0-2-0-1/customer/", customer_xml())
    assert resp.status_code == 200 and text(xml(resp), "a:handle").startswith("C")
    # without the slash too; other verbs do not take it
    assert api.post("/org", ORG_BODY % (CORE, LINKS)).status_code == 200
    assert api.get("/poc/ADMIN1-ARIN/").status_code == 404
