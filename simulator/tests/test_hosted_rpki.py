"""Hosted RPKI: ROA and ASPA listings and atomic transactions of their deletes and adds."""
import re

import pytest
import requests

from conftest import OUTSIDER, READONLY, RPKI, WIDGETS, components, error_code, xml

R = {"r": RPKI}
XML = {"Content-Type": "application/xml"}


def roa_spec(asn, name, *resources, auto_link=False):
    """resources: (start, cidr) or (start, cidr, max)."""
    parts = []
    for resource in resources:
        inner = "<startAddress>%s</startAddress><cidrLength>%s</cidrLength>" % resource[:2]
        if len(resource) > 2:
            inner += "<maxLength>%s</maxLength>" % resource[2]
        parts.append("<roaSpecResource>%s</roaSpecResource>" % inner)
    return ("<roaSpec><autoLink>%s</autoLink><asNumber>%s</asNumber><name>%s</name><resources>%s</resources>"
            "</roaSpec>" % ("true" if auto_link else "false", asn, name, "".join(parts)))


def aspa(customer, *providers):
    return ("<aspa><customerAsId>%s</customerAsId><providerAsIds>%s</providerAsIds></aspa>"
            % (customer, "".join("<providerAsId>%s</providerAsId>" % p for p in providers)))


def transaction(deletes=(), adds=(), attribute='autoLink="false"', aspa_deletes=(), aspa_adds=()):
    body = ['<rpkiTransaction xmlns="%s">' % RPKI]
    if deletes:
        body.append("<roaSpecDelete>%s</roaSpecDelete>" % "".join(
            "<roaHandle %s>%s</roaHandle>" % (attribute, h) for h in deletes))
    if adds:
        body.append("<roaSpecAdd>%s</roaSpecAdd>" % "".join(adds))
    if aspa_deletes:
        body.append("<aspaDelete>%s</aspaDelete>" % "".join(
            "<customerAsId>%s</customerAsId>" % c for c in aspa_deletes))
    if aspa_adds:
        body.append("<aspaAdd>%s</aspaAdd>" % "".join(aspa_adds))
    return "".join(body) + "</rpkiTransaction>"


def listing(api, org="EXNET-1", **kw):
    resp = api.get("/roa/" + org, headers=XML, **kw)
    assert resp.status_code == 200, resp.text
    return xml(resp)


def rows(api, org="EXNET-1"):
    """(asNumber, startAddress, cidrLength, maxLength, name, handle) of every listed prefix."""
    out = []
    for spec in listing(api, org).iterfind("r:roaSpec", R):
        for res in spec.iterfind("r:resources", R):
            out.append((spec.findtext("r:asNumber", namespaces=R), res.findtext("r:startAddress", namespaces=R),
                        res.findtext("r:cidrLength", namespaces=R), res.findtext("r:maxLength", namespaces=R),
                        spec.findtext("r:name", namespaces=R), spec.findtext("r:roaHandle", namespaces=R)))
    return sorted(out)


def seeded_handle(api):
    return rows(api)[0][5]


def post(api, body, org="EXNET-1", **kw):
    return api.post("/rpki/" + org, body, **kw)


# --------------------------------------------------------------------------- listing


def test_listing_in_arins_shape(api):
    coll = listing(api)
    assert coll.tag == "{http://www.arin.net/regrws/core/v1}collection"
    specs = coll.findall("r:roaSpec", R)
    assert len(specs) == 1
    spec = specs[0]
    assert spec.findtext("r:asNumber", namespaces=R) == "64500"
    assert spec.findtext("r:name", namespaces=R) == "EDGE ONLINE"
    assert re.match(r"^[0-9a-f]{32}$", spec.findtext("r:roaHandle", namespaces=R))
    assert spec.findtext("r:notValidBefore", namespaces=R) == "2024-01-15T10:00:00-05:00"
    # one bare resources element per prefix; IPv4 zero-padded, IPv6 written out; maxLength always there
    resources = spec.findall("r:resources", R)
    v4, v6 = [{child.tag.split("}")[1]: child.text for child in res} for res in resources]
    assert v4 == {"cidrLength": "24", "endAddress": "198.051.100.255", "ipVersion": "4", "maxLength": "24",
                  "startAddress": "198.051.100.000", "autoLinked": "false"}
    assert v6["startAddress"] == "2001:db8:0:0:0:0:0:0"
    assert v6["endAddress"] == "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"
    assert v6["maxLength"] == "48" and v6["ipVersion"] == "6"
    assert spec.find("r:resources/r:roaSpecResource", R) is None


def test_bodyless_listing_without_content_type_is_refused(api):
    resp = api.get("/roa/EXNET-1")  # no Content-Type, as a plain GET goes
    assert resp.status_code == 415 and error_code(resp) == "E_UNSUPPORTED_MEDIA_TYPE"
    assert api.get("/roa/EXNET-1", headers={"Content-Type": "text/plain"}).status_code == 415
    assert api.get("/roa/EXNET-1", headers=XML).status_code == 200


@pytest.mark.parametrize("org, key, status, code", [
    ("NOSUCH-1", None, 404, "E_OBJECT_NOT_FOUND"),
    ("OTHERNET-1", None, 401, "E_AUTHENTICATION"),
    ("EXNET-1", READONLY, 401, "E_AUTHENTICATION"),
    ("WIDGETS-1", WIDGETS, 400, "E_BAD_REQUEST"),  # no hosted RPKI
])
def test_listing_refusals(api, org, key, status, code):
    kw = {"key": key} if key else {}
    resp = api.get("/roa/" + org, headers=XML, **kw)
    assert resp.status_code == status and error_code(resp) == code
    resp = post(api, transaction(adds=[roa_spec(64500, "X", ("192.0.2.0", 24))]), org=org, **kw)
    assert resp.status_code == status and error_code(resp) == code


def test_the_outsider_sees_its_own(api):
    resp = api.get("/roa/OTHERNET-1", headers=XML, key=OUTSIDER)
    assert resp.status_code == 200
    assert xml(resp).findtext("r:roaSpec/r:name", namespaces=R) == "OTHER-EDGE"


# --------------------------------------------------------------------------- transactions


def test_add_mints_a_handle_and_answers_the_transaction(api):
    seeded = seeded_handle(api)
    resp = post(api, transaction(adds=[roa_spec(64500, "CUST-1", ("192.000.002.000", 24, 26))]))
    assert resp.status_code == 200, resp.text
    answer = xml(resp)
    assert answer.tag == "{%s}rpkiTransaction" % RPKI
    spec = answer.find("r:roaSpecAdd/r:roaSpec", R)
    handle = spec.findtext("r:roaHandle", namespaces=R)
    assert re.match(r"^[0-9a-f]{32}$", handle) and handle != seeded
    # the answer keeps the request's layout: resources wrapping roaSpecResource
    resource = spec.find("r:resources/r:roaSpecResource", R)
    assert resource.findtext("r:startAddress", namespaces=R) == "192.000.002.000"
    assert resource.findtext("r:maxLength", namespaces=R) == "26"
    assert spec.findtext("r:autoRenewed", namespaces=R) == "true"
    assert ("64500", "192.000.002.000", "24", "26", "CUST-1", handle) in rows(api)


def test_max_length_defaults_to_the_prefix_length(api):
    post(api, transaction(adds=[roa_spec(64501, "NOMAX", ("192.0.2.0", 25))]))
    assert ("64501", "192.000.002.000", "25", "25", "NOMAX") in [r[:5] for r in rows(api)]


def test_replace_is_delete_then_add_in_one_transaction(api):
    old = seeded_handle(api)
    # the same origin AS and prefixes: refused as a duplicate unless the delete goes first
    body = transaction(deletes=[old], adds=[roa_spec(64500, "EDGE ONLINE", ("198.51.100.0", 24, 25),
                                                     ("2001:db8::", 32, 48))])
    resp = post(api, body)
    assert resp.status_code == 200, resp.text
    assert xml(resp).findtext("r:roaSpecDelete/r:roaHandle", namespaces=R) == old
    after = rows(api)
    assert [r[3] for r in after] == ["25", "48"]
    assert old not in {r[5] for r in after} and len({r[5] for r in after}) == 1


def test_a_refused_part_refuses_the_whole_transaction(api):
    before = rows(api)
    body = transaction(deletes=[seeded_handle(api)], adds=[
        roa_spec(64500, "GOOD", ("192.0.2.0", 24)),
        roa_spec(64500, "BAD", ("203.0.113.0", 24)),   # another org's space
    ])
    resp = post(api, body)
    assert resp.status_code == 400 and error_code(resp) == "E_ENTITY_VALIDATION"
    assert components(resp) == ["startAddress"]
    assert "resource certificate" in resp.text
    assert rows(api) == before


@pytest.mark.parametrize("spec, component, words", [
    (roa_spec(64500, "X", ("203.0.113.0", 24)), "startAddress", "resource certificate"),
    (roa_spec(64500, "X", ("10.0.0.0", 8)), "startAddress", "resource certificate"),
    (roa_spec(64500, "X", ("192.0.2.0", 24, 23)), "maxLength", "between 24 and 32"),
    (roa_spec(64500, "X", ("192.0.2.0", 24, 33)), "maxLength", "between 24 and 32"),
    (roa_spec(64500, "X", ("2001:db8::", 32, 129)), "maxLength", "between 32 and 128"),
    (roa_spec(64500, "X", ("192.0.2.1", 24)), "startAddress", "boundary"),
    (roa_spec(64500, "X", ("192.0.2.0", 33)), "startAddress", "cidrLength"),
    (roa_spec(23456, "X", ("192.0.2.0", 24)), "asNumber", "reserved ASN"),
    (roa_spec(65535, "X", ("192.0.2.0", 24)), "asNumber", "reserved ASN"),
    (roa_spec(70000, "X", ("192.0.2.0", 24)), "asNumber", "reserved ASN"),
    (roa_spec(4294967296, "X", ("192.0.2.0", 24)), "asNumber", "not an AS number"),
    (roa_spec(64500, "CUST_1", ("192.0.2.0", 24)), "name", "letters, digits"),
    (roa_spec(64500, "X", ("192.0.2.0", 24), ("192.0.2.0", 24, 25)), "resources", "more than once"),
    # same origin AS and prefix as the seeded ROA, under another name and max length
    (roa_spec(64500, "AGAIN", ("198.51.100.0", 24, 26)), "resources", "same origin AS and prefix"),
    # nothing the seeded 2001:db8::/32-48 does not already authorize
    (roa_spec(64500, "INSIDE", ("2001:db8:1::", 48)), "resources", "overlapping"),
])
def test_rules(api, spec, component, words):
    resp = post(api, transaction(adds=[spec]))
    assert resp.status_code == 400 and error_code(resp) == "E_ENTITY_VALIDATION", resp.text
    assert components(resp) == [component]
    assert words in resp.text


def test_what_the_rules_allow(api):
    body = transaction(adds=[
        roa_spec(64501, "OTHER ORIGIN", ("198.51.100.0", 24)),      # another origin for the same prefix
        roa_spec(64500, "MORE SPECIFIC", ("198.51.100.128", 25)),   # not authorized by the /24-24
        roa_spec(64496, "DOC ASN", ("192.0.2.0", 25)),              # documentation ASNs are origins
        roa_spec(0, "AS0", ("192.0.2.128", 25, 32), auto_link=True),
    ])
    resp = post(api, body)
    assert resp.status_code == 200, resp.text
    assert len(rows(api)) == 6
    as0 = [s for s in listing(api).iterfind("r:roaSpec", R) if s.findtext("r:asNumber", namespaces=R) == "0"][0]
    assert as0.findtext("r:resources/r:autoLinked", namespaces=R) == "false"  # AS0 is never linked


def test_two_adds_of_one_transaction_may_not_overlap(api):
    resp = post(api, transaction(adds=[roa_spec(64500, "A", ("192.0.2.0", 25)),
                                       roa_spec(64500, "B", ("192.0.2.0", 24, 25))]))
    assert resp.status_code == 400 and "overlap" in resp.text


@pytest.mark.parametrize("body, status, code", [
    (transaction(deletes=["0" * 32]), 404, "E_OBJECT_NOT_FOUND"),
    (transaction(), 400, "E_BAD_REQUEST"),
    ('<rpkiTransaction xmlns="%s"><aspaAdd/></rpkiTransaction>' % RPKI, 400, "E_SCHEMA_VALIDATION"),
    ('<rpkiTransaction xmlns="%s"><aspaDelete/></rpkiTransaction>' % RPKI, 400, "E_SCHEMA_VALIDATION"),
    (transaction(aspa_deletes=["AS64501"]), 400, "E_SCHEMA_VALIDATION"),
    (transaction(aspa_adds=[aspa(64500, "AS174")]), 400, "E_SCHEMA_VALIDATION"),
    (transaction(aspa_adds=[aspa(64500, 174).replace("<customerAsId>64500</customerAsId>", "")]),
     400, "E_SCHEMA_VALIDATION"),
    (transaction(aspa_adds=[aspa(64500, 174).replace("providerAsIds", "providers")]), 400, "E_SCHEMA_VALIDATION"),
    (transaction(adds=[roa_spec("AS64500", "X", ("192.0.2.0", 24))]), 400, "E_SCHEMA_VALIDATION"),
    (transaction(adds=[roa_spec(64500, "X", ("192.0.2.0", 24)).replace("<name>X</name>", "")]),
     400, "E_SCHEMA_VALIDATION"),
    (transaction(adds=[roa_spec(64500, "X", ("192.0.2.0", 24)).replace("roaSpecResource", "resource")]),
     400, "E_SCHEMA_VALIDATION"),
    (transaction(adds=[roa_spec(64500, "X", ("192.0.2.0", 24))]).replace(RPKI, "http://www.arin.net/regrws/core/v1"),
     400, "E_SCHEMA_VALIDATION"),
    ("<rpkiTransaction/>", 400, "E_SCHEMA_VALIDATION"),
    ("", 400, "E_SCHEMA_VALIDATION"),
])
def test_malformed_transactions(api, body, status, code):
    resp = post(api, body, check=False) if body else api.post("/rpki/EXNET-1", headers=XML)
    assert resp.status_code == status and error_code(resp) == code, resp.text


def test_deletes_name_autolink_in_its_live_spelling(api):
    handle = seeded_handle(api)
    for attribute in ('autolink="false"', ""):
        resp = post(api, transaction(deletes=[handle], attribute=attribute))
        assert resp.status_code == 400 and error_code(resp) == "E_SCHEMA_VALIDATION"
    assert post(api, transaction(deletes=[handle])).status_code == 200
    assert rows(api) == []


def test_another_orgs_handle_is_not_found(api):
    resp = api.get("/roa/OTHERNET-1", headers=XML, key=OUTSIDER)
    theirs = xml(resp).findtext("r:roaSpec/r:roaHandle", namespaces=R)
    resp = post(api, transaction(deletes=[theirs]))
    assert resp.status_code == 404 and error_code(resp) == "E_OBJECT_NOT_FOUND"


# --------------------------------------------------------------------------- faults, log, reset


def fault(api, **spec):
    assert api.control("POST", "faults", json=spec).status_code == 200


def test_a_lost_answer_after_the_commit(api):
    fault(api, method="POST", path="/rpki/", kind="drop_after")
    with pytest.raises(requests.ConnectionError):
        post(api, transaction(adds=[roa_spec(64500, "LOST", ("192.0.2.0", 24))]))
    assert "LOST" in [r[4] for r in rows(api)]
    entry = [e for e in api.control("GET", "requests").json()["requests"] if e["method"] == "POST"][0]
    assert entry["fault"] == "drop_after" and entry["status"] == 200
    assert entry["path"] == "/rest/rpki/EXNET-1" and "<name>LOST</name>" in entry["request_body"]


def test_an_early_fault_changes_nothing(api):
    fault(api, method="POST", path="/rpki/", kind="500")
    resp = post(api, transaction(deletes=[seeded_handle(api)]))
    assert resp.status_code == 500
    assert len(rows(api)) == 2
    fault(api, method="GET", path="/roa/", kind="503")
    assert api.get("/roa/EXNET-1", headers=XML).status_code == 503


def test_reset_restores_the_seeded_roas(api):
    before = rows(api)
    post(api, transaction(deletes=[seeded_handle(api)]))
    assert rows(api) == []
    api.control("POST", "reset")
    assert rows(api) == before


# --------------------------------------------------------------------------- ASPAs


def aspas(api, org="EXNET-1", **kw):
    """{customer AS: [provider ASes in the listed order]} of the org's ASPA listing."""
    resp = api.get("/aspa/" + org, headers=XML, **kw)
    assert resp.status_code == 200, resp.text
    coll = xml(resp)
    assert coll.tag == "{http://www.arin.net/regrws/core/v1}collection"
    return {int(a.findtext("r:customerAsId", namespaces=R)):
            [int(p.text) for p in a.iterfind("r:providerAsIds/r:providerAsId", R)]
            for a in coll.iterfind("r:aspa", R)}


def test_aspa_listing_in_arins_shape(api):
    assert aspas(api) == {64501: [3356, 174]}  # the seed's order: ARIN gives the set no order
    assert aspas(api, "OTHERNET-1", key=OUTSIDER) == {}
    assert api.get("/aspa/EXNET-1").status_code == 415  # a bodyless GET without Content-Type
    resp = api.get("/aspa/WIDGETS-1", headers=XML, key=WIDGETS)
    assert resp.status_code == 400 and "hosted RPKI" in resp.text
    assert api.get("/aspa/OTHERNET-1", headers=XML).status_code == 401


def test_aspa_add_and_answer(api):
    resp = post(api, transaction(aspa_adds=[aspa(64500, 6939, 174)]))
    assert resp.status_code == 200, resp.text
    answer = xml(resp)
    added = answer.find("r:aspaAdd/r:aspa", R)
    assert added.findtext("r:customerAsId", namespaces=R) == "64500"
    assert [p.text for p in added.iterfind("r:providerAsIds/r:providerAsId", R)] == ["6939", "174"]
    assert answer.find("r:aspaDelete", R) is None
    assert aspas(api) == {64501: [3356, 174], 64500: [6939, 174]}


def test_aspa_change_is_delete_then_add_of_the_customer(api):
    # an add for a customer AS that has an ASPA is refused unless its delete goes first
    resp = post(api, transaction(aspa_adds=[aspa(64501, 6939)]))
    assert resp.status_code == 400 and "already exists" in resp.text
    resp = post(api, transaction(aspa_deletes=[64501], aspa_adds=[aspa(64501, 6939, 3356)]))
    assert resp.status_code == 200, resp.text
    assert xml(resp).findtext("r:aspaDelete/r:customerAsId", namespaces=R) == "64501"
    assert aspas(api) == {64501: [6939, 3356]}
    assert post(api, transaction(aspa_deletes=[64501])).status_code == 200
    assert aspas(api) == {}


def test_roas_and_aspas_in_one_transaction(api):
    old = seeded_handle(api)
    body = transaction(deletes=[old], adds=[roa_spec(64501, "MOVED", ("198.51.100.0", 24))],
                       aspa_deletes=[64501], aspa_adds=[aspa(64501, 174), aspa(64500, 3356)])
    resp = post(api, body)
    assert resp.status_code == 200, resp.text
    assert aspas(api) == {64501: [174], 64500: [3356]}
    assert [(r[0], r[4]) for r in rows(api)] == [("64501", "MOVED")]


@pytest.mark.parametrize("bad, words", [
    (aspa(64500, 64496), "reserved ASN"),        # documentation ASN, as ARIN refused in OT&E
    (aspa(64500, 65000), "reserved ASN"),        # private use
    (aspa(64500, 4200000001), "reserved ASN"),   # 32-bit private use
    (aspa(64500, 23456), "reserved ASN"),        # AS_TRANS
    (aspa(64500, 4294967296), "not an AS number"),
    (aspa(64500, 174, 174), "more than once"),
    (aspa(64500, 64500), "provider of itself"),
    (aspa(64500, 0, 174), "sole provider"),
    (aspa(64500), "at least one provider"),
    (aspa(64510, 174), "resource certificate"),  # another org's ASN
    (aspa(3356, 174), "resource certificate"),
])
def test_a_refused_aspa_refuses_the_whole_transaction(api, bad, words):
    before_roas, before = rows(api), aspas(api)
    body = transaction(deletes=[seeded_handle(api)], adds=[roa_spec(64500, "GOOD", ("192.0.2.0", 24))],
                       aspa_deletes=[64501], aspa_adds=[aspa(64501, 6939), bad])
    resp = post(api, body)
    assert resp.status_code == 400 and error_code(resp) == "E_ENTITY_VALIDATION", resp.text
    assert words in resp.text
    assert rows(api) == before_roas and aspas(api) == before


def test_a_refused_roa_refuses_the_aspas_too(api):
    body = transaction(adds=[roa_spec(64500, "BAD", ("203.0.113.0", 24))], aspa_adds=[aspa(64500, 174)])
    assert post(api, body).status_code == 400
    assert aspas(api) == {64501: [3356, 174]}


def test_aspa_rules_allow(api):
    resp = post(api, transaction(aspa_adds=[aspa(64500, 0)]))  # AS0 alone: no provider at all
    assert resp.status_code == 200, resp.text
    assert aspas(api)[64500] == [0]


def test_aspa_deletes_and_duplicates(api):
    resp = post(api, transaction(aspa_deletes=[64500]))
    assert resp.status_code == 404 and error_code(resp) == "E_OBJECT_NOT_FOUND"
    resp = post(api, transaction(aspa_deletes=[64501, 64501]))
    assert resp.status_code == 400 and "more than once" in resp.text
    resp = post(api, transaction(aspa_adds=[aspa(64500, 174), aspa(64500, 3356)]))
    assert resp.status_code == 400 and "already exists" in resp.text
    assert aspas(api) == {64501: [3356, 174]}


def test_aspa_lost_answer_and_reset(api):
    fault(api, method="POST", path="/rpki/", kind="drop_after")
    with pytest.raises(requests.ConnectionError):
        post(api, transaction(aspa_adds=[aspa(64500, 174)]))
    assert aspas(api)[64500] == [174]
    api.control("POST", "reset")
    assert aspas(api) == {64501: [3356, 174]}
