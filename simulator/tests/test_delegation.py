"""Delegations: reverse DNS nameservers and DS records of the zones ARIN registered."""
import pytest

from conftest import CORE, NS, OUTSIDER, WIDGETS, components, error_code, net_xml, schema_unavailable_reason, text, xml

TTL = "http://www.arin.net/regrws/ttl/v1"
V4 = "2.0.192.in-addr.arpa."
V6 = "8.b.d.0.1.0.0.2.ip6.arpa."
SHA256 = "2BB183AF5F22588179A53B0A98631FAD1A292118E7A1C56A2E8C4F8C1E3A9A7B"


def delegation_xml(name=V4, servers=(), keys=(), extra=""):
    body = ['<delegation xmlns="%s" xmlns:ns2="%s">' % (CORE, TTL)]
    if name:
        body.append("<name>%s</name>" % name)
    body.append("<nameservers>%s</nameservers>" % "".join("<nameserver>%s</nameserver>" % s for s in servers))
    body.append("<delegationKeys>%s</delegationKeys>" % "".join(
        "<delegationKey><algorithm>%s</algorithm><digest>%s</digest><digestType>%s</digestType>"
        "<keyTag>%s</keyTag></delegationKey>" % k for k in keys))
    return "".join(body) + extra + "</delegation>"


def servers(resp):
    return [n.text for n in xml(resp).iterfind("a:nameservers/a:nameserver", NS)]


def keys(resp):
    return [(text(k, "a:algorithm"), text(k, "a:digest"), text(k, "a:digestType"), text(k, "a:keyTag"))
            for k in xml(resp).iterfind("a:delegationKeys/a:delegationKey", NS)]


def test_seeded_nets_have_their_delegations(api):
    for handle, names in (("NET-192-0-2-0-1", [V4]), ("NET6-2001-DB8-1", [V6])):
        coll = xml(api.get("/net/%s/delegations" % handle))
        assert [text(d, "a:name") for d in coll] == names
        assert coll[0].find("a:nameservers", NS) is not None


def test_get_accepts_any_case_and_no_trailing_dot(api):
    for name in (V4, "2.0.192.IN-ADDR.ARPA", V6.upper()):
        resp = api.get("/delegation/" + name)
        assert resp.status_code == 200
        assert text(xml(resp), "a:name") in (V4, V6)


@pytest.mark.parametrize("name, status, code", [
    ("not-a-zone", 400, "E_BAD_REQUEST"),
    ("256.0.192.in-addr.arpa", 400, "E_BAD_REQUEST"),
    ("0.10.in-addr.arpa.", 404, "E_OBJECT_NOT_FOUND"),           # not registered at all
    ("0.192.in-addr.arpa.", 404, "E_OBJECT_NOT_FOUND"),          # a /16 the /24 holder cannot have
    ("0.8.b.d.0.1.0.0.2.ip6.arpa.", 404, "E_OBJECT_NOT_FOUND"),  # inside the /32: not a boundary of it
])
def test_names_that_are_not_delegations(api, name, status, code):
    resp = api.get("/delegation/" + name)
    assert resp.status_code == status and error_code(resp) == code


def test_modify_replaces_nameservers_and_keys_in_arins_form(api):
    resp = api.put("/delegation/" + V4, delegation_xml(servers=("ns1.example.net.", "NS2.Example.Net"),
                                                       keys=[("13", SHA256.lower(), "2", "2371")]))
    assert resp.status_code == 200
    assert servers(resp) == ["NS1.EXAMPLE.NET", "NS2.EXAMPLE.NET"]
    assert keys(resp) == [("13", SHA256, "2", "2371")]
    key = xml(resp).find("a:delegationKeys/a:delegationKey", NS)
    assert key.find("a:algorithm", NS).get("name") == "ECDSA Curve P-256 with SHA-256"
    assert key.find("a:digestType", NS).get("name") == "SHA-256"
    assert key.findtext("{%s}ttl" % TTL) == "86400"
    assert xml(resp).find("a:nameservers/a:nameserver", NS).get("{%s}ttl" % TTL) == "86400"
    # the net's listing shows the same
    listed = xml(api.get("/net/NET-192-0-2-0-1/delegations"))[0]
    assert [n.text for n in listed.iterfind("a:nameservers/a:nameserver", NS)] == servers(resp)
    resp = api.put("/delegation/" + V4, delegation_xml(servers=("ns3.example.net",)))
    assert servers(resp) == ["NS3.EXAMPLE.NET"] and keys(resp) == []


@pytest.mark.parametrize("body, component", [
    (delegation_xml(servers=("ns1",)), "nameserver"),
    (delegation_xml(servers=("-bad.example.net",)), "nameserver"),
    (delegation_xml(servers=("192.0.2.53",)), "nameserver"),
    (delegation_xml(servers=("ns1.example.net", "NS1.example.net.")), "nameservers"),
    (delegation_xml(name="3.0.192.in-addr.arpa.", servers=("ns1.example.net",)), "name"),
    (delegation_xml(servers=("ns1.example.net",), keys=[("6", SHA256, "2", "1")]), "algorithm"),
    (delegation_xml(servers=("ns1.example.net",), keys=[("13", SHA256, "9", "1")]), "digestType"),
    (delegation_xml(servers=("ns1.example.net",), keys=[("13", SHA256[:40], "2", "1")]), "digest"),
    (delegation_xml(servers=("ns1.example.net",), keys=[("13", "Z" * 64, "2", "1")]), "digest"),
    (delegation_xml(servers=("ns1.example.net",), keys=[("13", SHA256, "2", "70000")]), "keyTag"),
    (delegation_xml(keys=[("13", SHA256, "2", "1")]), "delegationKeys"),
])
def test_modify_validation(api, body, component):
    resp = api.put("/delegation/" + V4, body)
    assert resp.status_code == 400 and error_code(resp) == "E_ENTITY_VALIDATION"
    assert component in components(resp)
    assert servers(api.get("/delegation/" + V4)) == []  # nothing written


def test_modify_schema_errors(api):
    resp = api.put("/delegation/" + V4, delegation_xml(extra="<colour/>"), check=False)
    assert resp.status_code == 400 and error_code(resp) == "E_SCHEMA_VALIDATION"
    resp = api.put("/delegation/" + V4, net_xml(), check=False)
    assert resp.status_code == 400 and error_code(resp) == "E_SCHEMA_VALIDATION"


def test_add_and_delete_one_nameserver(api):
    resp = api.post("/delegation/%s/nameserver/ns1.example.net" % V4)
    assert resp.status_code == 200 and servers(resp) == ["NS1.EXAMPLE.NET"]
    resp = api.post("/delegation/%s/nameserver/ns2.example.net" % V4, params={"ttl": "3600"})
    assert servers(resp) == ["NS1.EXAMPLE.NET", "NS2.EXAMPLE.NET"]
    assert xml(resp).findall("a:nameservers/a:nameserver", NS)[1].get("{%s}ttl" % TTL) == "3600"
    again = api.post("/delegation/%s/nameserver/NS1.EXAMPLE.NET." % V4)
    assert again.status_code == 400 and components(again) == ["nameserver"]
    bad = api.post("/delegation/%s/nameserver/ns_1.example.net" % V4)
    assert bad.status_code == 400 and components(bad) == ["nameserver"]
    resp = api.delete("/delegation/%s/nameserver/NS1.example.net" % V4)
    assert resp.status_code == 200 and servers(resp) == ["NS2.EXAMPLE.NET"]
    missing = api.delete("/delegation/%s/nameserver/ns9.example.net" % V4)
    assert missing.status_code == 404 and error_code(missing) == "E_OBJECT_NOT_FOUND"


def test_delete_all_nameservers_needs_the_ds_records_gone_first(api):
    api.put("/delegation/" + V6, delegation_xml(name=V6, servers=("ns1.example.net", "ns2.example.net"),
                                                keys=[("8", SHA256, "2", "12345")]))
    refused = api.delete("/delegation/%s/nameservers" % V6)
    assert refused.status_code == 400 and components(refused) == ["nameservers"]
    api.put("/delegation/" + V6, delegation_xml(name=V6, servers=("ns1.example.net", "ns2.example.net")))
    resp = api.delete("/delegation/%s/nameservers" % V6)
    assert resp.status_code == 200 and servers(resp) == []


def test_authority_follows_the_net(api):
    assert api.get("/delegation/" + V4, key=OUTSIDER).status_code == 401
    resp = api.post("/delegation/%s/nameserver/ns1.evil.example" % V4, key=OUTSIDER)
    assert resp.status_code == 401 and error_code(resp) == "E_AUTHENTICATION"
    assert api.get("/delegation/113.0.203.in-addr.arpa.", key=OUTSIDER).status_code == 200


def test_a_reallocation_gets_its_own_delegations_and_its_holder_manages_them(api):
    resp = api.put("/net/NET6-2001-DB8-1/reallocate",
                   net_xml("2001:db8:1000::", 36, name="WIDGETS-V6", org="WIDGETS-1"))
    handle = text(xml(resp), "a:net/a:handle")
    coll = xml(api.get("/net/%s/delegations" % handle))
    assert [text(d, "a:name") for d in coll] == ["1.8.b.d.0.1.0.0.2.ip6.arpa."]
    name = "1.8.b.d.0.1.0.0.2.ip6.arpa."
    assert api.post("/delegation/%s/nameserver/ns1.widgets.example" % name, key=WIDGETS).status_code == 200
    # the upstream keeps authority; a /36 inside the upstream's /32 is not the /32's delegation
    assert servers(api.get("/delegation/" + name)) == ["NS1.WIDGETS.EXAMPLE"]
    assert api.post("/delegation/%s/nameserver/ns1.widgets.example" % V6, key=WIDGETS).status_code == 401


def test_a_reallocation_across_octets_gets_one_name_per_boundary(api):
    # a /25 is too small for a delegation of its own
    resp = api.put("/net/NET-192-0-2-0-1/reallocate", net_xml("192.0.2.0", 25, org="WIDGETS-1"))
    handle = text(xml(resp), "a:net/a:handle")
    assert len(xml(api.get("/net/%s/delegations" % handle))) == 0
    resp = api.put("/net/NET6-2001-DB8-1/reallocate", net_xml("2001:db8:2000::", 35, org="WIDGETS-1"))
    handle = text(xml(resp), "a:net/a:handle")
    assert [text(d, "a:name") for d in xml(api.get("/net/%s/delegations" % handle))] == [
        "2.8.b.d.0.1.0.0.2.ip6.arpa.", "3.8.b.d.0.1.0.0.2.ip6.arpa."]


def test_requests_are_logged_and_faults_apply(api):
    api.control("POST", "faults", json={"method": "POST", "path": "^/rest/delegation/", "kind": "503"})
    assert api.post("/delegation/%s/nameserver/ns1.example.net" % V4).status_code == 503
    assert servers(api.get("/delegation/" + V4)) == []
    log = api.control("GET", "requests").json()
    assert [(r["method"], r["path"].split("/nameserver")[0]) for r in log["requests"]][-2:] == [
        ("POST", "/rest/delegation/" + V4), ("GET", "/rest/delegation/" + V4)]


def test_delegation_bodies_are_checked_against_arins_schema(schemas, api):
    reason = schema_unavailable_reason()
    if reason:
        pytest.skip("XML bodies are not schema-checked: " + reason)
    before = schemas.checked
    api.put("/delegation/" + V4, delegation_xml(servers=("ns1.example.net",), keys=[("13", SHA256, "2", "1")]))
    schemas.validate(api.get("/net/NET-192-0-2-0-1/delegations").content)
    assert schemas.checked >= before + 3  # request, answer, and the listed item
    with pytest.raises(AssertionError):
        schemas.validate(delegation_xml(extra="<handle>X</handle>").encode())


def test_a_zone_goes_with_its_net(api):
    name = "1.8.b.d.0.1.0.0.2.ip6.arpa."
    handle = text(xml(api.put("/net/NET6-2001-DB8-1/reallocate",
                              net_xml("2001:db8:1000::", 36, name="WIDGETS-V6", org="WIDGETS-1"))), "a:net/a:handle")
    api.post("/delegation/%s/nameserver/ns1.widgets.example" % name)
    assert api.delete("/net/" + handle).status_code == 200
    assert api.get("/delegation/" + name).status_code == 404  # not a zone of the /32
    api.put("/net/NET6-2001-DB8-1/reallocate", net_xml("2001:db8:1000::", 36, name="WIDGETS-V6", org="WIDGETS-1"))
    assert servers(api.get("/delegation/" + name)) == []


def test_modify_without_the_delegation_name_is_refused(api):
    resp = api.put("/delegation/" + V4, delegation_xml(name=None, servers=("ns1.example.net",)))
    assert resp.status_code == 400
    assert b"<name>name</name>" in resp.content
    assert servers(api.get("/delegation/" + V4)) == []


def test_server_attributes_come_back_and_a_modify_that_sends_them_keeps_them(api):
    """ARIN's answers carry a TTL on each nameserver and DS record and names for the algorithm and digest
    type; a Modify that sends back what it read (attributes and all) keeps a TTL set elsewhere, while one
    that leaves a TTL out resets it to ARIN's default."""
    api.post("/delegation/%s/nameserver/ns1.example.net" % V4, params={"ttl": "3600"})
    read = api.get("/delegation/" + V4).content.decode()
    assert 'ns2:ttl="3600">NS1.EXAMPLE.NET<' in read
    key = ('<delegationKey><algorithm name="ECDSA Curve P-256 with SHA-256">13</algorithm><digest>%s</digest>'
           '<ns2:ttl>7200</ns2:ttl><digestType name="SHA-256">2</digestType><keyTag>2371</keyTag></delegationKey>'
           % SHA256)
    resp = api.put("/delegation/" + V4, read.replace("<delegationKeys/>", "<delegationKeys>%s</delegationKeys>" % key))
    assert resp.status_code == 200
    doc = xml(api.get("/delegation/" + V4))
    assert doc.find("a:nameservers/a:nameserver", NS).get("{%s}ttl" % TTL) == "3600"
    stored = doc.find("a:delegationKeys/a:delegationKey", NS)
    assert stored.findtext("{%s}ttl" % TTL) == "7200"
    assert stored.find("a:algorithm", NS).get("name") == "ECDSA Curve P-256 with SHA-256"
    resp = api.put("/delegation/" + V4, delegation_xml(servers=("ns1.example.net",), keys=[("13", SHA256, "2", "2371")]))
    assert resp.status_code == 200
    assert xml(resp).find("a:nameservers/a:nameserver", NS).get("{%s}ttl" % TTL) == "86400"
    assert xml(resp).find("a:delegationKeys/a:delegationKey", NS).findtext("{%s}ttl" % TTL) == "86400"
