"""Ticket service T1-T9."""
import base64
import re

from lxml import etree

from conftest import CORE, NS, WIDGETS, components, error_code, text, xml

SEEDED = "20240115-X1"
MSG_NS = "http://www.arin.net/regrws/messages/v1"


def message_xml(subject="Hello", data=None, extra=""):
    attachments = ""
    if data is not None:
        attachments = ("<attachments><attachment><data>%s</data><filename>a.txt</filename>"
                       "</attachment></attachments>" % data)
    return ('<message xmlns="%s"><subject>%s</subject><text><line number="1">line one</line>'
            "</text><category>NONE</category>%s%s</message>" % (CORE, subject, attachments, extra))


def new_ticket(api):
    """An ORG_CREATE ticket of the operator (the simplest way to mint one)."""
    from test_org_customer import LINKS, ORG_BODY
    return text(xml(api.post("/org", ORG_BODY % (CORE, LINKS))), "a:ticketNo")


def test_get_ticket_inline(api):
    doc = xml(api.get("/ticket/" + SEEDED))
    assert text(doc, "a:ticketNo") == SEEDED
    assert text(doc, "a:webTicketStatus") == "RESOLVED"
    assert text(doc, "a:webTicketResolution") == "ANSWERED"
    assert doc.find("{%s}shared" % "http://www.arin.net/regrws/shared-ticket/v1") is not None
    msgs = doc.findall("a:messages/a:message", NS)
    # newest first, IDs from one sequence with gaps (as ARIN lists them)
    assert [m.findtext("{%s}messageId" % MSG_NS) for m in msgs] == ["4", "2"]
    data = msgs[0].findtext("a:attachments/a:attachment/a:data", namespaces=NS)
    assert base64.b64decode(data).startswith(b"Reassign with")


def test_get_ticket_refs_message_and_attachment(api):
    doc = xml(api.get("/ticket/%s?msgRefs=true" % SEEDED))
    assert doc.find("a:messages", NS) is None
    assert [r.findtext("a:messageId", namespaces=NS)
            for r in doc.iterfind("a:messageReferences/a:messageReference", NS)] == ["4", "2"]
    ref = doc.find("a:messageReferences/a:messageReference[a:messageId='4']", NS)
    att_id = ref.findtext("a:attachmentReferences/a:attachmentReference/a:attachmentId", namespaces=NS)
    assert re.fullmatch(r"[0-9a-f]{32}", att_id)
    msg = xml(api.get("/ticket/%s/message/4" % SEEDED))
    assert msg.findtext("{%s}messageId" % MSG_NS) == "4"
    assert msg.findtext("a:attachmentReferences/a:attachmentReference/a:attachmentFilename",
                        namespaces=NS) == "notes.txt"
    raw = api.get("/ticket/%s/message/4/attachment/%s" % (SEEDED, att_id))
    assert raw.status_code == 200
    assert raw.headers["Content-Type"] == "application/octet-stream"
    assert raw.headers["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert raw.content.startswith(b"Reassign with")
    assert api.get("/ticket/%s/message/9" % SEEDED).status_code == 404
    assert api.get("/ticket/%s/message/4/attachment/%s" % (SEEDED, "0" * 32)).status_code == 404


def test_tickets_are_private(api):
    assert api.get("/ticket/" + SEEDED, key=WIDGETS).status_code == 404
    assert api.get("/ticket/20991231-X9").status_code == 404


def test_summary(api):
    doc = xml(api.get("/ticket/%s/summary" % SEEDED))
    assert doc.find("a:messages", NS) is None and doc.find("a:messageReferences", NS) is None
    assert text(doc, "a:webTicketType") == "QUESTION"


def test_list_tickets(api):
    number = new_ticket(api)
    coll = xml(api.get("/ticket;ticketType=ANY;ticketStatus=ANY"))
    assert sorted(text(t, "a:ticketNo") for t in coll) == sorted([SEEDED, number])
    assert all(t.find("a:messages", NS) is None for t in coll)
    api.put("/ticket/%s/ticketStatus/CLOSED" % SEEDED)
    coll = xml(api.get("/ticket;ticketStatus=ANY_OPEN"))
    assert [text(t, "a:ticketNo") for t in coll] == [number]
    coll = xml(api.get("/ticket;ticketStatus=CLOSED"))
    assert [text(t, "a:ticketNo") for t in coll] == [SEEDED]
    coll = xml(api.get("/ticket;ticketType=QUESTION"))
    assert [text(t, "a:ticketNo") for t in coll] == [SEEDED]
    coll = xml(api.get("/ticket;ticketType=QUESTION;ticketStatus=CLOSED?msgRefs=true"))
    assert coll[0].find("a:messageReferences", NS) is not None
    summaries = xml(api.get("/ticket/summary;ticketStatus=ANY;ticketType=ANY"))
    assert len(summaries) == 2
    assert xml(api.get("/ticket;ticketType=ANY", key=WIDGETS)).__len__() == 0
    for path in ("/ticket", "/ticket/summary"):
        resp = api.get(path)
        assert resp.status_code == 400 and error_code(resp) == "E_BAD_REQUEST"


def test_ticket_number_format(api):
    import datetime
    number = new_ticket(api)
    assert re.fullmatch(datetime.date.today().strftime("%Y%m%d") + r"-X\d+", number)
    assert new_ticket(api) != number


def test_close_via_modify(api):
    body = api.get("/ticket/%s?msgRefs=true" % SEEDED).content.decode()
    resp = api.put("/ticket/%s?msgRefs=true" % SEEDED, body.replace(">RESOLVED<", ">CLOSED<"))
    assert resp.status_code == 200
    doc = xml(resp)
    assert text(doc, "a:webTicketStatus") == "CLOSED" and text(doc, "a:closedDate")
    again = api.put("/ticket/" + SEEDED, api.get("/ticket/%s?msgRefs=true" % SEEDED).content)
    assert again.status_code == 400 and error_code(again) == "E_BAD_REQUEST"
    msg = api.put("/ticket/%s/message" % SEEDED, message_xml())
    assert msg.status_code == 400 and error_code(msg) == "E_BAD_REQUEST"


def test_close_via_modify_with_references_that_carry_a_subject(api):
    """OT&E accepts message references carrying messageId and subject, which ARIN's schema leaves out."""
    body = api.get("/ticket/%s?msgRefs=true" % SEEDED).content.decode()
    assert "<subject>" not in body  # the simulator answers as the schema says
    body = re.sub(r"(<messageId>\d+</messageId>)", r"\1<subject>Reassignment question</subject>", body)
    assert body.count("<subject>") == 2
    resp = api.put("/ticket/%s?msgRefs=true" % SEEDED, body.replace(">RESOLVED<", ">CLOSED<"), check=False)
    assert resp.status_code == 200, resp.content
    assert text(xml(resp), "a:webTicketStatus") == "CLOSED"
    unknown = body.replace("<subject>", "<colour>").replace("</subject>", "</colour>")
    resp = api.put("/ticket/%s" % SEEDED, unknown, check=False)
    assert resp.status_code == 400 and error_code(resp) == "E_SCHEMA_VALIDATION"


def test_modify_ticket_other_changes_refused(api):
    body = api.get("/ticket/%s?msgRefs=true" % SEEDED).content.decode()
    resp = api.put("/ticket/" + SEEDED, body.replace(">QUESTION<", ">ORG_CREATE<"))
    assert resp.status_code == 400 and error_code(resp) == "E_BAD_REQUEST"
    doc = etree.fromstring(body.encode())
    doc.remove(doc.find("a:createdDate", NS))
    doc.find("a:webTicketStatus", NS).text = "CLOSED"
    resp = api.put("/ticket/" + SEEDED, etree.tostring(doc))
    assert resp.status_code == 400 and "createdDate" in components(resp)
    number = new_ticket(api)  # PENDING_REVIEW cannot be closed by the user
    body = api.get("/ticket/%s?msgRefs=true" % number).content.decode()
    resp = api.put("/ticket/" + number, body.replace(">PENDING_REVIEW<", ">CLOSED<"))
    assert resp.status_code == 400 and error_code(resp) == "E_BAD_REQUEST"


def test_set_status(api):
    number = new_ticket(api)
    assert api.put("/ticket/%s/ticketStatus/CLOSED" % number).status_code == 400
    assert api.put("/ticket/%s/ticketStatus/RESOLVED" % SEEDED).status_code == 400
    resp = api.put("/ticket/%s/ticketStatus/CLOSED?msgRefs=true" % SEEDED)
    assert resp.status_code == 200 and text(xml(resp), "a:webTicketStatus") == "CLOSED"


def test_add_message_with_attachment(api):
    number = new_ticket(api)
    payload = base64.b64encode(b"hello attachment").decode()
    resp = api.put("/ticket/%s/message" % number, message_xml(data=payload))
    assert resp.status_code == 200
    msg = xml(resp)
    first_id = int(msg.findtext("{%s}messageId" % MSG_NS))
    assert msg.findtext("{%s}createdDate" % MSG_NS)
    second = xml(api.put("/ticket/%s/message" % number, message_xml("Again")))
    second_id = int(second.findtext("{%s}messageId" % MSG_NS))
    assert second_id > first_id + 1  # not contiguous
    listed = xml(api.get("/ticket/%s?msgRefs=true" % number))
    assert [int(r.findtext("a:messageId", namespaces=NS)) for r in
            listed.iterfind("a:messageReferences/a:messageReference", NS)] == [second_id, first_id]
    doc = xml(api.get("/ticket/" + number))
    assert doc.findtext("a:messages/a:message/a:attachments/a:attachment/a:data", namespaces=NS) == payload


def test_add_message_errors(api):
    number = new_ticket(api)
    resp = api.put("/ticket/%s/message" % number, message_xml(data="***not base64***"))
    assert resp.status_code == 400 and "data" in components(resp)
    with_id = message_xml(extra='<ns2:messageId xmlns:ns2="%s">4</ns2:messageId>' % MSG_NS)
    assert api.put("/ticket/%s/message" % number, with_id).status_code == 400


def test_inline_limit_413(api):
    number = new_ticket(api)
    api.control("POST", "config", json={"max_inline_bytes": 100})
    big = base64.b64encode(b"x" * 200).decode()
    assert api.put("/ticket/%s/message" % number, message_xml(data=big)).status_code == 200
    resp = api.get("/ticket/" + number)
    assert resp.status_code == 413 and error_code(resp) == "E_BAD_REQUEST"
    assert "100" in text(xml(resp), "a:message")
    assert api.get("/ticket/%s?msgRefs=true" % number).status_code == 200


def test_control_ticket_actions(api):
    number = new_ticket(api)
    out = api.control("POST", "tickets/" + number, json={
        "action": "resolve", "resolution": "DENIED",
        "message": {"subject": "Decision", "text": "Denied, sorry."}}).json()
    assert out["webTicketStatus"] == "RESOLVED" and out["webTicketResolution"] == "DENIED"
    doc = xml(api.get("/ticket/" + number))
    assert text(doc, "a:messages/a:message/a:subject") == "Decision"
    out = api.control("POST", "tickets/" + number, json={"action": "status",
                                                         "status": "IN_PROGRESS"}).json()
    assert out["webTicketStatus"] == "IN_PROGRESS"
    assert api.control("POST", "tickets/" + number, json={"action": "close"}).json()[
        "webTicketStatus"] == "CLOSED"
    assert api.control("POST", "tickets/20991231-X1", json={"action": "close"}).status_code == 404
    assert api.control("POST", "tickets/" + number, json={"action": "fly"}).status_code == 400
