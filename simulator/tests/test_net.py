"""Net service N1-N12 and the address engine."""
from lxml import etree

from conftest import (CORE, NS, OPERATOR, OUTSIDER, WIDGETS, components, error_code, net_xml,
                      reassign_simple, text, xml)


def test_get_net(api):
    doc = xml(api.get("/net/NET-192-0-2-0-1"))
    assert text(doc, "a:netBlocks/a:netBlock/a:startAddress") == "192.000.002.000"
    assert text(doc, "a:netBlocks/a:netBlock/a:endAddress") == "192.000.002.255"
    assert text(doc, "a:netBlocks/a:netBlock/a:description") == "Direct Allocation"
    assert doc.find("a:originASes", NS) is not None and len(doc.find("a:originASes", NS)) == 0
    assert doc.find("a:pocLinks", NS) is not None
    v6 = xml(api.get("/net/NET6-2001-DB8-1"))
    assert text(v6, "a:netBlocks/a:netBlock/a:startAddress") == "2001:0DB8:0000:0000:0000:0000:0000:0000"
    assert api.get("/net/NET-203-0-113-0-1").status_code == 401
    assert api.get("/net/NET-1-1-1-0-1").status_code == 404


def test_simple_reassign_embedded_customer(api):
    resp = reassign_simple(api)
    assert resp.status_code == 200
    doc = xml(resp)
    assert doc.tag == "{%s}ticketedRequest" % CORE
    net = doc.find("a:net", NS)
    assert text(net, "a:handle") == "NET-192-0-2-64-1"
    assert text(net, "a:netBlocks/a:netBlock/a:type") == "S"
    assert text(net, "a:netBlocks/a:netBlock/a:description") == "Reassigned"
    assert text(net, "a:netBlocks/a:netBlock/a:endAddress") == "192.000.002.127"
    assert text(net, "a:parentNetHandle") == "NET-192-0-2-0-1"
    assert text(net, "a:customerHandle").startswith("C")
    assert api.get("/net/NET-192-0-2-64-1").status_code == 200


def test_detailed_reassign_and_reallocate(api):
    resp = api.put("/net/NET-192-0-2-0-1/reassign", net_xml("192.0.2.0", 27, org="WIDGETS-1"))
    assert resp.status_code == 200
    assert text(xml(resp), "a:net/a:orgHandle") == "WIDGETS-1"
    resp = api.put("/net/NET-192-0-2-0-1/reallocate",
                   net_xml("192.0.2.128", end="192.0.2.255", org="WIDGETS-1"))
    assert resp.status_code == 200
    net = xml(resp).find("a:net", NS)
    assert text(net, "a:netBlocks/a:netBlock/a:type") == "A"
    assert text(net, "a:netBlocks/a:netBlock/a:cidrLength") == "25"
    # the recipient can manage it and sub-delegate from it
    handle = text(net, "a:handle")
    assert api.get("/net/" + handle, key=WIDGETS).status_code == 200
    sub = api.put("/net/%s/reassign" % handle, net_xml("192.0.2.128", 28, embedded=True), key=WIDGETS)
    assert sub.status_code == 200


def test_ipv6_reassign_and_handle(api):
    resp = api.put("/net/NET6-2001-DB8-1/reassign", net_xml("2001:db8:1::", 48, embedded=True))
    assert resp.status_code == 200
    net = xml(resp).find("a:net", NS)
    assert text(net, "a:handle") == "NET6-2001-DB8-1-1"
    assert text(net, "a:version") == "6"
    too_small = api.put("/net/NET6-2001-DB8-1/reassign", net_xml("2001:db8:2::", 80, embedded=True))
    assert too_small.status_code == 400 and error_code(too_small) == "E_ENTITY_VALIDATION"
    detailed = api.put("/net/NET6-2001-DB8-1/reassign", net_xml("2001:db8:3::", 80, org="WIDGETS-1"))
    assert detailed.status_code == 200


def test_zero_padded_input_and_reused_handle(api):
    resp = reassign_simple(api, start="192.000.002.064")
    handle = text(xml(resp), "a:net/a:handle")
    assert api.delete("/net/" + handle).status_code == 200
    again = reassign_simple(api)
    assert text(xml(again), "a:net/a:handle") == handle


def test_containment_overlap_and_parent_type(api):
    outside = reassign_simple(api, start="192.0.3.0", cidr=26)
    assert outside.status_code == 409 and error_code(outside) == "E_ENTITY_VALIDATION"
    assert reassign_simple(api).status_code == 200
    overlap = reassign_simple(api, start="192.0.2.96", cidr=27)
    # ARIN: 400, one component named startAddress (not a 409, not netBlock)
    assert overlap.status_code == 400 and error_code(overlap) == "E_ENTITY_VALIDATION"
    assert components(overlap) == ["startAddress"]
    assert text(xml(overlap), "a:components/a:component/a:message") == \
        "IP range overlaps with existing network(s)."
    realloc = api.put("/net/NET-192-0-2-0-1/reallocate", net_xml("192.0.2.0", 25, org="WIDGETS-1"))
    assert realloc.status_code == 400 and components(realloc) == ["startAddress"]
    # an S net cannot be subdivided
    sub = reassign_simple(api, start="192.0.2.64", cidr=28, parent="NET-192-0-2-64-1")
    assert sub.status_code == 403 and error_code(sub) == "E_ENTITY_VALIDATION"


def test_reassign_authority_and_missing_parent(api):
    resp = reassign_simple(api, start="203.0.113.0", cidr=26, parent="NET-203-0-113-0-1")
    assert resp.status_code == 403 and error_code(resp) == "E_AUTHENTICATION"
    assert reassign_simple(api, parent="NET-10-0-0-0-1").status_code == 404


def test_reassign_validation(api):
    cases = [
        (net_xml(name="bad_name!", embedded=True), "netName"),
        (net_xml(embedded=True, extra='<pocLinks><pocLinkRef function="T" handle="NOC1-ARIN"/></pocLinks>'),
         "pocLinks"),
        (net_xml(org="WIDGETS-1", embedded=True), "orgHandle"),
        (net_xml(), "orgHandle"),
        (net_xml(customer="C99999999"), "customerHandle"),
        (net_xml(embedded=True, btype="A"), "type"),
        (net_xml("192.0.2.64", end="192.0.2.100", embedded=True), "netBlock"),
        (net_xml("192.0.2.65", 26, embedded=True), "netBlock"),
    ]
    for body, field in cases:
        resp = api.put("/net/NET-192-0-2-0-1/reassign", body)
        assert resp.status_code == 400, (body, resp.text)
        assert field in components(resp), (field, resp.text)
    resp = api.put("/net/NET-192-0-2-0-1/reallocate", net_xml(embedded=True))
    assert resp.status_code == 400 and "orgHandle" in components(resp)


def test_detailed_recipient_checks(api):
    resp = api.put("/net/NET-192-0-2-0-1/reassign", net_xml(org="NOPE-1"))
    assert resp.status_code == 400 and "orgHandle" in components(resp)
    # WIDGETS-1 stops accepting reassignments
    body = api.get("/org/WIDGETS-1", key=WIDGETS).content.decode().replace(
        "</org>", "<acceptReassignments>false</acceptReassignments></org>")
    assert api.put("/org/WIDGETS-1", body, key=WIDGETS, check=False).status_code == 200
    resp = api.put("/net/NET-192-0-2-0-1/reassign", net_xml(org="WIDGETS-1"))
    assert resp.status_code == 403 and error_code(resp) == "E_ENTITY_VALIDATION"


def test_origin_as_accepted_and_dropped(api):
    body = net_xml(embedded=True, extra="<originASes><originAS>AS64496</originAS></originASes>")
    resp = api.put("/net/NET-192-0-2-0-1/reassign", body)
    assert resp.status_code == 200
    assert len(xml(resp).find("a:net/a:originASes", NS)) == 0


def _net_doc(api, handle):
    return etree.fromstring(api.get("/net/" + handle).content)


def test_modify_net(api):
    doc = _net_doc(api, "NET-192-0-2-0-1")
    doc.find("a:netName", NS).text = "RENAMED-NET"
    links = doc.find("a:pocLinks", NS)
    etree.SubElement(links, "{%s}pocLinkRef" % CORE, function="T", handle="NOC1-ARIN")
    etree.SubElement(links, "{%s}pocLinkRef" % CORE, function="AB", handle="ABUSE1-ARIN")
    comment = etree.SubElement(doc, "{%s}comment" % CORE)
    etree.SubElement(comment, "{%s}line" % CORE, number="1").text = "hello"
    resp = api.put("/net/NET-192-0-2-0-1", etree.tostring(doc))
    assert resp.status_code == 200
    after = xml(api.get("/net/NET-192-0-2-0-1"))
    assert text(after, "a:netName") == "RENAMED-NET"
    assert text(after, "a:comment/a:line") == "hello"
    assert len(after.findall("a:pocLinks/a:pocLinkRef", NS)) == 2
    # a linked POC cannot be deleted
    assert api.delete("/poc/NOC1-ARIN").status_code == 409


def test_modify_net_rules(api):
    doc = _net_doc(api, "NET-192-0-2-0-1")
    etree.SubElement(doc.find("a:pocLinks", NS), "{%s}pocLinkRef" % CORE, function="AD",
                     handle="ADMIN1-ARIN")
    resp = api.put("/net/NET-192-0-2-0-1", etree.tostring(doc))
    assert resp.status_code == 400 and "pocLinkRef" in components(resp)
    for field in ("a:orgHandle", "a:netBlocks", "a:version", "a:handle"):
        doc = _net_doc(api, "NET-192-0-2-0-1")
        doc.remove(doc.find(field, NS))
        resp = api.put("/net/NET-192-0-2-0-1", etree.tostring(doc))
        assert resp.status_code == 400, field
        assert field[2:] in components(resp)
    doc = _net_doc(api, "NET-192-0-2-0-1")
    doc.find("a:netBlocks/a:netBlock/a:cidrLength", NS).text = "25"
    doc.find("a:netBlocks/a:netBlock", NS).remove(doc.find("a:netBlocks/a:netBlock/a:endAddress", NS))
    resp = api.put("/net/NET-192-0-2-0-1", etree.tostring(doc))
    assert resp.status_code == 400 and "netBlocks" in components(resp)


def test_delete_net_without_children(api):
    handle = text(xml(reassign_simple(api)), "a:net/a:handle")
    resp = api.delete("/net/" + handle)
    assert resp.status_code == 200
    assert text(xml(resp), "a:net/a:handle") == handle
    assert api.get("/net/" + handle).status_code == 404


def test_delete_da_is_403(api):
    resp = api.delete("/net/NET-192-0-2-0-1")
    assert resp.status_code == 403 and error_code(resp) == "E_ENTITY_VALIDATION"


def test_delete_with_children_opens_ticket(api):
    realloc = api.put("/net/NET-192-0-2-0-1/reallocate", net_xml("192.0.2.0", 25, org="WIDGETS-1"))
    parent = text(xml(realloc), "a:net/a:handle")
    child = text(xml(reassign_simple(api, "192.0.2.0", 27, parent=parent)), "a:net/a:handle")
    resp = api.delete("/net/" + parent)
    ticket = xml(resp).find("a:ticket", NS)
    assert text(ticket, "a:webTicketType") == "NET_DELETE_REQUEST"
    assert text(ticket, "a:webTicketStatus") == "IN_PROGRESS"
    assert api.get("/net/" + parent).status_code == 200
    number = text(ticket, "a:ticketNo")
    result = api.control("POST", "tickets/" + number, json={"action": "process"}).json()
    assert result["webTicketResolution"] == "PROCESSED"
    assert api.get("/net/" + parent).status_code == 404
    assert api.get("/net/" + child).status_code == 404


def test_remove_net_with_message(api):
    handle = text(xml(reassign_simple(api)), "a:net/a:handle")
    body = api.get("/net/" + handle).content.decode().replace(
        "</net>", "<messages><message><subject>Returning</subject><text><line number='0'>bye</line>"
        "</text></message></messages></net>")
    resp = api.put("/net/%s/remove" % handle, body)
    assert resp.status_code == 200 and text(xml(resp), "a:net/a:handle") == handle
    assert api.get("/net/" + handle).status_code == 404
    assert api.put("/net/NET-192-0-2-0-1/remove",
                   api.get("/net/NET-192-0-2-0-1").content).status_code == 403


def test_lookups(api):
    reassign_simple(api)  # 192.0.2.64/26
    doc = xml(api.get("/net/parentNet/192.0.2.64/192.0.2.127"))
    assert text(doc, "a:handle") == "NET-192-0-2-0-1"
    doc = xml(api.get("/net/mostSpecificNet/192.000.002.064/192.0.2.127"))
    assert text(doc, "a:handle") == "NET-192-0-2-64-1"
    doc = xml(api.get("/net/mostSpecificNet/192.0.2.70/192.0.2.71"))
    assert text(doc, "a:handle") == "NET-192-0-2-64-1"
    coll = xml(api.get("/net/netsByIpRange/192.0.2.0/192.0.2.255"))
    assert [text(n, "a:handle") for n in coll] == ["NET-192-0-0-0-0", "NET-192-0-2-0-1",
                                                   "NET-192-0-2-64-1"]
    v6 = xml(api.get("/net/parentNet/2001:db8::/2001:0db8:0000:0000:0000:0000:0000:00ff"))
    assert text(v6, "a:handle") == "NET6-2001-DB8-1"
    assert api.get("/net/parentNet/10.0.0.0/10.0.0.255").status_code == 404
    assert api.get("/net/mostSpecificNet/nonsense/10.0.0.1").status_code == 400


def test_outsider_cannot_modify_or_delete(api):
    handle = text(xml(reassign_simple(api)), "a:net/a:handle")
    assert api.delete("/net/" + handle, key=OUTSIDER).status_code == 401
    body = api.get("/net/" + handle).content
    assert api.put("/net/" + handle, body, key=OUTSIDER).status_code == 401


def test_net_refuses_routing_and_dns_links(api):
    for function in ("R", "D"):
        doc = _net_doc(api, "NET-192-0-2-0-1")
        etree.SubElement(doc.find("a:pocLinks", NS), "{%s}pocLinkRef" % CORE, function=function,
                         handle="NOC1-ARIN")
        resp = api.put("/net/NET-192-0-2-0-1", etree.tostring(doc))
        assert resp.status_code == 400 and error_code(resp) == "E_ENTITY_VALIDATION", function
    doc = _net_doc(api, "NET-192-0-2-0-1")
    etree.SubElement(doc.find("a:pocLinks", NS), "{%s}pocLinkRef" % CORE, function="T",
                     handle="GHOST9-ARIN")
    assert "pocLinkRef" in components(api.put("/net/NET-192-0-2-0-1", etree.tostring(doc)))


def test_remove_net_handle_mismatch(api):
    handle = text(xml(reassign_simple(api)), "a:net/a:handle")
    body = api.get("/net/" + handle).content.decode().replace(handle, "NET-192-0-2-0-1")
    resp = api.put("/net/%s/remove" % handle, body)
    assert resp.status_code == 400 and "handle" in components(resp)
    assert api.get("/net/" + handle).status_code == 200


def test_org_holding_customer_nets_cannot_be_deleted(api):
    # WIDGETS-1 receives a reallocation, reassigns to a customer, then tries to go away
    realloc = api.put("/net/NET-192-0-2-0-1/reallocate", net_xml("192.0.2.0", 25, org="WIDGETS-1"))
    parent = text(xml(realloc), "a:net/a:handle")
    resp = api.delete("/org/WIDGETS-1", key=WIDGETS)
    assert resp.status_code == 409 and error_code(resp) == "E_NOT_REMOVEABLE"
    assert api.delete("/net/" + parent).status_code == 200
    assert api.delete("/org/WIDGETS-1", key=WIDGETS).status_code == 200


DA_AS_ARIN_SENDS_IT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<net xmlns="http://www.arin.net/regrws/core/v1">
  <pocLinks/>
  <comment><line number="0">Seen at ARIN</line><line number="1">second line</line></comment>
  <netBlocks><netBlock><cidrLength>24</cidrLength><description>Direct Allocation</description>
    <endAddress>192.000.002.255</endAddress><startAddress>192.000.002.000</startAddress>
    <type>DA</type></netBlock></netBlocks>
  <handle>NET-192-0-2-0-1</handle>
  <netName>exnet-v4-renamed</netName>
  <orgHandle>EXNET-1</orgHandle>
  <originASes/>
  <parentNetHandle>NET-192-0-0-0-0</parentNetHandle>
  <registrationDate>2024-01-15T10:00:00-05:00</registrationDate>
  <version>4</version>
</net>"""


def test_registry_block_above_every_direct_allocation(api):
    for handle, parent in (("NET-192-0-2-0-1", "NET-192-0-0-0-0"), ("NET-198-51-100-0-1", "NET-198-0-0-0-0"),
                           ("NET6-2001-DB8-1", "NET6-2001-0"), ("NET-203-0-113-0-1", "NET-203-0-0-0-0")):
        doc = xml(api.get("/net/" + handle, key=OUTSIDER if "203" in handle else OPERATOR))
        assert text(doc, "a:parentNetHandle") == parent
    # the DA's own range: parentNet answers the registry block, mostSpecificNet the DA itself
    assert text(xml(api.get("/net/parentNet/192.0.2.0/192.0.2.255")), "a:handle") == "NET-192-0-0-0-0"
    assert text(xml(api.get("/net/mostSpecificNet/192.0.2.0/192.0.2.255")), "a:handle") == "NET-192-0-2-0-1"
    registry = xml(api.get("/net/parentNet/2001:db8::/2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"))
    assert text(registry, "a:handle") == "NET6-2001-0" and text(registry, "a:orgHandle") == "ARIN"
    assert text(registry, "a:netBlocks/a:netBlock/a:type") == "AR"
    # the user has no authority over the registry's block
    assert api.get("/net/NET-192-0-0-0-0").status_code == 401
    body = api.get("/net/parentNet/192.0.2.0/192.0.2.255").content
    assert api.put("/net/NET-192-0-0-0-0", body).status_code == 401
    resp = api.put("/net/NET-192-0-0-0-0/reassign", net_xml("192.0.3.0", 24, embedded=True))
    assert resp.status_code == 403


def test_direct_allocation_round_trip_as_arin_sends_it(api):
    resp = api.put("/net/NET-192-0-2-0-1", DA_AS_ARIN_SENDS_IT)
    assert resp.status_code == 200, resp.text
    doc = xml(resp)
    assert text(doc, "a:netName") == "EXNET-V4-RENAMED"  # stored upper-cased
    assert text(doc, "a:parentNetHandle") == "NET-192-0-0-0-0"
    assert [line.get("number") for line in doc.iterfind("a:comment/a:line", NS)] == ["0", "1"]
    assert text(doc, "a:netBlocks/a:netBlock/a:startAddress") == "192.000.002.000"
    assert len(doc.find("a:originASes", NS)) == 0


def test_net_names_stored_upper_case(api):
    resp = reassign_simple(api)
    handle = text(xml(resp), "a:net/a:handle")
    assert text(xml(resp), "a:net/a:netName") == "CUST-NET"
    lower = api.put("/net/NET-192-0-2-0-1/reassign", net_xml("192.0.2.128", 26, name="cust-lower", embedded=True))
    assert text(xml(lower), "a:net/a:netName") == "CUST-LOWER"
    realloc = api.put("/net/NET-192-0-2-0-1/reallocate", net_xml("192.0.2.0", 26, name="re-Alloc", org="WIDGETS-1"))
    assert text(xml(realloc), "a:net/a:netName") == "RE-ALLOC"
    body = api.get("/net/" + handle).content.decode().replace("CUST-NET", "Mixed Case")
    assert text(xml(api.put("/net/" + handle, body)), "a:netName") == "MIXED CASE"
    assert text(xml(api.get("/net/" + handle)), "a:netName") == "MIXED CASE"
