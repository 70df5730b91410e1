"""Org service O1-O6 and Customer service C1-C4."""
from lxml import etree

from conftest import (CORE, NS, OUTSIDER, WIDGETS, components, customer_xml, error_code,
                      reassign_simple, text, xml)

ORG_BODY = ('<org xmlns="%s"><iso3166-1><code2>US</code2></iso3166-1>'
            '<streetAddress><line number="1">1 New Street</line></streetAddress>'
            "<city>Anytown</city><iso3166-2>VA</iso3166-2><postalCode>22000</postalCode>"
            "<orgName>Brand New Networks</orgName><pocLinks>%s</pocLinks></org>")
LINKS = ('<pocLinkRef function="AD" handle="ADMIN1-ARIN"/><pocLinkRef function="T" handle="NOC1-ARIN"/>'
         '<pocLinkRef function="AB" handle="ABUSE1-ARIN"/>')


def links(doc):
    return sorted((l.get("function"), l.get("handle")) for l in doc.iterfind("a:pocLinks/a:pocLinkRef", NS))


def test_get_org(api):
    doc = xml(api.get("/org/EXNET-1"))
    assert text(doc, "a:orgName") == "Example Networks LLC"
    assert ("AD", "ADMIN1-ARIN") in links(doc)
    assert doc.find("a:pocLinks/a:pocLinkRef[@function='AD']", NS).get("description") == "Admin"
    assert api.get("/org/EXNET-1", key=OUTSIDER).status_code == 401
    assert api.get("/org/NOPE-1").status_code == 404


def test_create_org_returns_ticket_and_approval_mints_org(api):
    resp = api.post("/org", ORG_BODY % (CORE, LINKS))
    assert resp.status_code == 200
    ticket = xml(resp)
    assert ticket.tag == "{%s}ticket" % CORE
    assert text(ticket, "a:webTicketType") == "ORG_CREATE"
    assert text(ticket, "a:webTicketStatus") == "PENDING_REVIEW"
    number = text(ticket, "a:ticketNo")
    assert api.get("/org/BRAND-1").status_code == 404
    result = api.control("POST", "tickets/" + number, json={"action": "approve"}).json()
    assert result["webTicketStatus"] == "RESOLVED" and result["webTicketResolution"] == "ACCEPTED"
    handle = result["created"]["org"]
    assert handle == "BRAND-1"
    assert text(xml(api.get("/org/" + handle)), "a:orgName") == "Brand New Networks"
    t = xml(api.get("/ticket/" + number))
    assert text(t, "a:webTicketStatus") == "RESOLVED"


def test_create_org_validation(api):
    resp = api.post("/org", ORG_BODY % (CORE, '<pocLinkRef function="T" handle="NOC1-ARIN"/>'))
    assert resp.status_code == 400 and "pocLinks" in components(resp)
    resp = api.post("/org", ORG_BODY % (CORE, LINKS.replace("NOC1-ARIN", "GHOST9-ARIN")))
    assert "pocLinkRef" in components(resp)
    resp = api.post("/org", (ORG_BODY % (CORE, LINKS)).replace("<orgName>Brand New Networks</orgName>", ""))
    assert "orgName" in components(resp)
    bad_fn = LINKS + '<pocLinkRef function="X" handle="NOC1-ARIN"/>'
    assert error_code(api.post("/org", ORG_BODY % (CORE, bad_fn), check=False)) == "E_SCHEMA_VALIDATION"
    assert api.post("/org/EXNET-1", ORG_BODY % (CORE, LINKS)).status_code == 405


def test_modify_org_replaces_links_and_changes_admin(api):
    body = api.get("/org/EXNET-1").content.decode()
    doc = etree.fromstring(body.encode())
    wrapper = doc.find("a:pocLinks", NS)
    for link in list(wrapper):
        wrapper.remove(link)
    for fn, h in (("AD", "NOC1-ARIN"), ("T", "NOC1-ARIN"), ("AB", "ABUSE1-ARIN")):
        etree.SubElement(wrapper, "{%s}pocLinkRef" % CORE, function=fn, handle=h)
    doc.find("a:city", NS).text = "Othertown"
    resp = api.put("/org/EXNET-1", etree.tostring(doc))
    assert resp.status_code == 200
    after = xml(api.get("/org/EXNET-1"))
    assert links(after) == [("AB", "ABUSE1-ARIN"), ("AD", "NOC1-ARIN"), ("T", "NOC1-ARIN")]
    assert text(after, "a:city") == "Othertown"


def test_modify_org_without_links_keeps_them_and_immutables(api):
    body = api.get("/org/EXNET-1").content.decode()
    doc = etree.fromstring(body.encode())
    doc.remove(doc.find("a:pocLinks", NS))
    assert api.put("/org/EXNET-1", etree.tostring(doc)).status_code == 200
    assert len(links(xml(api.get("/org/EXNET-1")))) == 4
    resp = api.put("/org/EXNET-1", body.replace("Example Networks LLC", "Renamed LLC"))
    assert resp.status_code == 400 and "orgName" in components(resp)


def test_delete_org(api):
    resp = api.delete("/org/EXNET-1")
    assert resp.status_code == 409 and error_code(resp) == "E_NOT_REMOVEABLE"
    number = text(xml(api.post("/org", ORG_BODY % (CORE, LINKS))), "a:ticketNo")
    handle = api.control("POST", "tickets/" + number, json={"action": "approve"}).json()["created"]["org"]
    resp = api.delete("/org/" + handle)
    assert resp.status_code == 200 and text(xml(resp), "a:handle") == handle
    assert api.get("/org/" + handle).status_code == 404


def test_add_org_poc(api):
    resp = api.put("/org/EXNET-1/poc/ADMIN1-ARIN;pocFunction=T")
    assert resp.status_code == 200
    assert ("T", "ADMIN1-ARIN") in links(xml(resp))
    resp = api.put("/org/EXNET-1/poc/NOC1-ARIN;pocFunction=AD")
    assert resp.status_code == 400 and error_code(resp) == "E_ENTITY_VALIDATION"
    assert api.put("/org/EXNET-1/poc/GHOST9-ARIN;pocFunction=T").status_code == 404
    assert api.put("/org/EXNET-1/poc/NOC1-ARIN;pocFunction=ZZ").status_code == 400


def test_remove_org_poc_selectors(api):
    api.put("/org/EXNET-1/poc/ADMIN1-ARIN;pocFunction=T")
    api.put("/org/EXNET-1/poc/ADMIN1-ARIN;pocFunction=R")
    resp = api.delete("/org/EXNET-1/poc/ADMIN1-ARIN;pocFunction=R")
    assert resp.status_code == 200 and ("R", "ADMIN1-ARIN") not in links(xml(resp))
    resp = api.delete("/org/EXNET-1/poc/;pocFunction=N")  # function only
    assert resp.status_code == 200 and not [l for l in links(xml(resp)) if l[0] == "N"]
    resp = api.delete("/org/EXNET-1/poc/NOC1-ARIN")  # handle only: every function
    assert resp.status_code == 200 and not [l for l in links(xml(resp)) if l[1] == "NOC1-ARIN"]


def test_remove_last_tech_or_abuse_is_400(api):
    resp = api.delete("/org/EXNET-1/poc/NOC1-ARIN;pocFunction=T")
    assert resp.status_code == 400 and error_code(resp) == "E_ENTITY_VALIDATION"
    resp = api.delete("/org/EXNET-1/poc/ABUSE1-ARIN;pocFunction=AB")
    assert resp.status_code == 400


def create_customer(api, parent="NET-192-0-2-0-1", **kw):
    return api.post("/net/%s/customer" % parent, customer_xml(), **kw)


def test_customer_lifecycle(api):
    resp = create_customer(api)
    assert resp.status_code == 200
    doc = xml(resp)
    handle = text(doc, "a:handle")
    assert len(handle) == 9 and handle[0] == "C" and handle[1:].isdigit()
    assert text(doc, "a:parentOrgHandle") == "EXNET-1"
    got = api.get("/customer/" + handle)
    assert got.status_code == 200
    body = got.content.decode().replace("Example Customer", "Renamed Customer")
    resp = api.put("/customer/" + handle, body)
    assert resp.status_code == 200 and text(xml(resp), "a:customerName") == "Renamed Customer"
    resp = api.delete("/customer/" + handle)
    assert resp.status_code == 200
    assert api.get("/customer/" + handle).status_code == 404


def test_customer_errors(api):
    assert create_customer(api, parent="NET-203-0-113-0-1").status_code == 401
    assert create_customer(api, parent="NET-1-2-3-4-1").status_code == 404
    resp = api.post("/net/NET-192-0-2-0-1/customer", customer_xml().replace(
        "<customerName>Example Customer</customerName>", ""))
    assert resp.status_code == 400 and "customerName" in components(resp)
    handle = text(xml(create_customer(api)), "a:handle")
    body = api.get("/customer/" + handle).content.decode()
    no_handle = body.replace("<handle>%s</handle>" % handle, "")
    resp = api.put("/customer/" + handle, no_handle)
    assert resp.status_code == 400 and "handle" in components(resp)
    assert api.get("/customer/" + handle, key=WIDGETS).status_code == 401


def test_customer_on_net_cannot_be_deleted(api):
    handle = text(xml(create_customer(api)), "a:handle")
    net = api.put("/net/NET-192-0-2-0-1/reassign",
                  '<net xmlns="%s"><customerHandle>%s</customerHandle><netBlocks><netBlock>'
                  "<startAddress>192.0.2.0</startAddress><cidrLength>28</cidrLength></netBlock>"
                  "</netBlocks><netName>C-NET</netName></net>" % (CORE, handle))
    assert net.status_code == 200
    resp = api.delete("/customer/" + handle)
    assert resp.status_code == 409 and error_code(resp) == "E_NOT_REMOVEABLE"
    # a customer may sit on one net only
    again = api.put("/net/NET-192-0-2-0-1/reassign",
                    '<net xmlns="%s"><customerHandle>%s</customerHandle><netBlocks><netBlock>'
                    "<startAddress>192.0.2.16</startAddress><cidrLength>28</cidrLength></netBlock>"
                    "</netBlocks><netName>C-NET</netName></net>" % (CORE, handle))
    assert again.status_code == 400 and "customerHandle" in components(again)
    # deleting the net keeps the customer, which can then be deleted
    net_handle = text(xml(net), "a:net/a:handle")
    assert api.delete("/net/" + net_handle).status_code == 200
    assert api.get("/customer/" + handle).status_code == 200
    assert api.delete("/customer/" + handle).status_code == 200


def test_embedded_customer_belongs_to_parent_org(api):
    resp = reassign_simple(api)
    handle = text(xml(resp), "a:net/a:customerHandle")
    doc = xml(api.get("/customer/" + handle))
    assert text(doc, "a:parentOrgHandle") == "EXNET-1"
