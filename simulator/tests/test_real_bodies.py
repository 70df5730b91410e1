"""The simulator against real Reg-RWS bodies (../shared/reference/captures): it accepts what
ARIN documents as request bodies and answers in the shape ARIN answers."""
import re
from pathlib import Path

import pytest
from lxml import etree

from conftest import CORE, NS, REPO_ROOT, customer_xml, net_xml, poc_xml, text, xml

CAPTURES = REPO_ROOT / ".." / "shared" / "reference" / "captures"
MSG = "{http://www.arin.net/regrws/messages/v1}"

pytestmark = pytest.mark.skipif(not CAPTURES.is_dir(),
                                reason="captures not found at %s" % CAPTURES.resolve())


def capture(name):
    return (CAPTURES / name).read_bytes()


def tags(elem):
    return {child.tag for child in elem if isinstance(child.tag, str)}


def test_quickstart_customer_body_accepted_and_answered_as_arin_does(api):
    resp = api.post("/net/NET-192-0-2-0-1/customer/", capture("quickstart-customer-content.xml"))
    assert resp.status_code == 200, resp.text
    got, real = xml(resp), etree.fromstring(capture("quickstart-customer-return.xml"))
    assert tags(got) == tags(real)
    assert re.fullmatch(r"C\d{8}", text(got, "a:handle"))
    assert text(got, "a:iso3166-1/a:name") == text(real, "a:iso3166-1/a:name") == "United States"
    assert [line.get("number") for line in got.iterfind("a:streetAddress/a:line", NS)] == ["0"]
    assert text(got, "a:customerName") == "NewCustomer"
    assert text(got, "a:parentOrgHandle") == "EXNET-1"  # from the parent net, not the body


def test_quickstart_net_reassign_body_accepted_and_answered_as_arin_does(api):
    customer = text(xml(api.post("/net/NET6-2001-DB8-1/customer", customer_xml())), "a:handle")
    body = capture("quickstart-net-reassign-content.xml").decode()
    body = body.replace("NET6-2605-49C0-1", "NET6-2001-DB8-1").replace("C07361391", customer)
    resp = api.put("/net/NET6-2001-DB8-1/reassign", body)
    assert resp.status_code == 200, resp.text
    real = etree.fromstring(capture("quickstart-ticketedRequest-return.xml"))
    got_net, real_net = xml(resp).find("a:net", NS), real.find("a:net", NS)
    assert tags(got_net) == tags(real_net)
    assert text(got_net, "a:netName") == text(real_net, "a:netName") == "NETNAME"
    block, real_block = got_net.find("a:netBlocks/a:netBlock", NS), real_net.find("a:netBlocks/a:netBlock", NS)
    assert tags(block) == tags(real_block)
    assert text(block, "a:description") == "Reassigned"  # the sent DESCRIPTION is ARIN's to set
    assert text(block, "a:endAddress").upper() == text(real_block, "a:endAddress").upper().replace(
        "2001:DB8:", "2001:0DB8:")
    assert [line.get("number") for line in got_net.iterfind("a:comment/a:line", NS)] == ["0"]
    assert len(got_net.find("a:originASes", NS)) == 0


def test_quickstart_poc_return_shape(api):
    resp = api.post("/poc;makeLink=true", poc_xml(contact="PERSON", first="Jane", last="Doe", company="Test Company"))
    got, real = xml(resp), etree.fromstring(capture("quickstart-poc-return.xml"))
    assert tags(got) == tags(real)
    phone, real_phone = got.find("a:phones/a:phone", NS), real.find("a:phones/a:phone", NS)
    assert tags(phone) == tags(real_phone)
    assert tags(phone.find("a:type", NS)) == tags(real_phone.find("a:type", NS))
    assert text(phone, "a:type/a:description") == text(real_phone, "a:type/a:description") == "OFFICE"


def test_arincli_poc_accepted_as_a_create_body(api):
    """ARIN ignores handle and registrationDate on create (here a Java-style date)."""
    resp = api.post("/poc/", capture("arincli-poc-reg-test-poc.xml"))
    assert resp.status_code == 200, resp.text
    doc = xml(resp)
    assert text(doc, "a:handle") != "ARIN-HOSTMASTER"
    assert re.match(r"\d{4}-\d\d-\d\dT", text(doc, "a:registrationDate"))
    assert text(doc, "a:phones/a:phone/a:type/a:description") == "OFFICE"  # ARIN's own description


def test_ticket_and_message_shapes(api):
    real_summary = etree.fromstring(capture("arincli-ticket-summary.xml"))
    got = xml(api.get("/ticket/20240115-X1/summary"))
    assert tags(real_summary) <= tags(got)
    real_msg = etree.fromstring(capture("arincli-ticket-message.xml"))
    refs = xml(api.get("/ticket/20240115-X1?msgRefs=true"))
    newest = text(refs, "a:messageReferences/a:messageReference/a:messageId")
    msg = xml(api.get("/ticket/20240115-X1/message/" + newest))
    assert {MSG + "messageId", MSG + "createdDate"} <= tags(msg)
    assert tags(real_msg) - {"{%s}subject" % CORE} <= tags(msg) | {"{%s}subject" % CORE}
    ref, real_ref = msg.find("a:attachmentReferences/a:attachmentReference", NS), \
        real_msg.find("a:attachmentReferences/a:attachmentReference", NS)
    assert tags(ref) == tags(real_ref)
    assert [line.get("number") for line in msg.iterfind("a:text/a:line", NS)][0] == "0"


def same_order(got, real):
    """The children both have come in the same order."""
    shared = tags(got) & tags(real)
    return [c.tag for c in got if c.tag in shared] == [c.tag for c in real if c.tag in shared]


def test_answers_put_children_in_arin_order(api):
    poc = xml(api.post("/poc;makeLink=true", poc_xml(
        contact="PERSON", first="Jane", last="Doe", company="Test Company")))
    real_poc = etree.fromstring(capture("quickstart-poc-return.xml"))
    assert same_order(poc, real_poc)
    assert same_order(poc.find("a:phones/a:phone", NS), real_poc.find("a:phones/a:phone", NS))
    assert same_order(poc.find("a:iso3166-1", NS), real_poc.find("a:iso3166-1", NS))
    customer = xml(api.post("/net/NET-192-0-2-0-1/customer", capture("quickstart-customer-content.xml")))
    assert same_order(customer, etree.fromstring(capture("quickstart-customer-return.xml")))
    net = xml(api.put("/net/NET-192-0-2-0-1/reassign", net_xml(embedded=True)))
    real_net = etree.fromstring(capture("quickstart-ticketedRequest-return.xml")).find("a:net", NS)
    assert same_order(net.find("a:net", NS), real_net)
    assert same_order(net.find("a:net/a:netBlocks/a:netBlock", NS), real_net.find("a:netBlocks/a:netBlock", NS))
    summary = xml(api.get("/ticket/20240115-X1/summary"))
    assert same_order(summary, etree.fromstring(capture("arincli-ticket-summary.xml")))
    message = xml(api.get("/ticket/20240115-X1/message/4"))
    assert same_order(message, etree.fromstring(capture("arincli-ticket-message.xml")))
