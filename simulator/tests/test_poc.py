"""POC service P1-P8."""
from conftest import (CORE, NS, OUTSIDER, READONLY, components, error_code, poc_xml, text, xml)


def test_get_poc(api):
    resp = api.get("/poc/ADMIN1-ARIN")
    assert resp.status_code == 200
    doc = xml(resp)
    assert doc.tag == "{%s}poc" % CORE
    assert text(doc, "a:handle") == "ADMIN1-ARIN"
    assert text(doc, "a:firstName") == "Alex"
    assert text(doc, "a:iso3166-1/a:name") == "United States"
    assert text(doc, "a:phones/a:phone/a:type/a:description") == "OFFICE"
    assert doc.find("a:streetAddress/a:line", NS).get("number") == "0"


def test_get_poc_case_insensitive_and_header_auth(api):
    resp = api.get("/poc/admin1-arin", auth="header")
    assert resp.status_code == 200
    assert text(xml(resp), "a:handle") == "ADMIN1-ARIN"


def test_get_poc_not_found_and_unauthorised(api):
    assert error_code(api.get("/poc/NOPE1-ARIN")) == "E_OBJECT_NOT_FOUND"
    resp = api.get("/poc/ADMIN1-ARIN", key=OUTSIDER)
    assert resp.status_code == 401 and error_code(resp) == "E_AUTHENTICATION"
    assert api.get("/poc/ADMIN1-ARIN", key=READONLY).status_code == 401


def test_open_reads(api):
    api.control("POST", "config", json={"open_reads": True})
    assert api.get("/poc/ADMIN1-ARIN", key=OUTSIDER).status_code == 200
    assert api.put("/poc/ADMIN1-ARIN/phone", "<phone xmlns='%s'><type><code>F</code></type>"
                   "<number>1</number></phone>" % CORE, key=OUTSIDER).status_code == 401


def test_create_poc_with_link(api):
    resp = api.post("/poc;makeLink=true", poc_xml())
    assert resp.status_code == 200
    handle = text(xml(resp), "a:handle")
    assert handle.endswith("-ARIN")
    assert text(xml(resp), "a:registrationDate")
    assert api.get("/poc/" + handle).status_code == 200


def test_create_poc_without_link_cannot_be_managed(api):
    handle = text(xml(api.post("/poc;makeLink=false", poc_xml())), "a:handle")
    assert api.get("/poc/" + handle).status_code == 401


def test_create_poc_aliases(api):
    assert api.post("/poc/", poc_xml()).status_code == 200
    resp = api.post("/poc/;makeLink=true", poc_xml())
    assert resp.status_code == 200
    assert api.get("/poc/" + text(xml(resp), "a:handle")).status_code == 200


def test_create_poc_post_with_handle_is_405(api):
    resp = api.post("/poc/ADMIN1-ARIN", poc_xml())
    assert resp.status_code == 405 and error_code(resp) == "E_METHOD_NOT_ALLOWED"


def test_create_poc_validation(api):
    cases = [
        (poc_xml(emails=()), "emails"),
        (poc_xml(phones=(("F", "+1-555-555-0199"),)), "phones"),
        (poc_xml(contact="PERSON", last="Smith"), "firstName"),
        (poc_xml(contact="PERSON", first="Al3x", last="Smith"), "firstName"),
        (poc_xml(contact="ROLE", company=None), "companyName"),
        (poc_xml(contact="ROLE", first="Ann"), "firstName"),
        (poc_xml(extra="<middleName>Q</middleName>"), "middleName"),
        (poc_xml(country="XX"), "iso3166-1"),
        (poc_xml(state=None), "iso3166-2"),
        (poc_xml(postal=None), "postalCode"),
        (poc_xml(last="Caf\u00e9 Ops"), "lastName"),
    ]
    for body, field in cases:
        resp = api.post("/poc;makeLink=true", body)
        assert resp.status_code == 400, body
        assert error_code(resp) == "E_ENTITY_VALIDATION"
        assert field in components(resp), (field, resp.text)


def test_create_poc_code3_and_non_us(api):
    body = poc_xml(country="DE", state=None, postal=None).replace(
        "<code2>DE</code2>", "<code3>DEU</code3>")
    resp = api.post("/poc;makeLink=true", body)
    assert resp.status_code == 200
    assert text(xml(resp), "a:iso3166-1/a:code2") == "DE"
    mismatch = poc_xml().replace("<code2>US</code2>", "<code2>US</code2><code3>CAN</code3>")
    assert "iso3166-1" in components(api.post("/poc;makeLink=true", mismatch))


def test_create_poc_missing_street_and_city(api):
    body = poc_xml().replace('<streetAddress><line number="1">100 Example Way</line></streetAddress>',
                             "").replace("<city>Anytown</city>", "")
    assert set(components(api.post("/poc;makeLink=true", body))) >= {"streetAddress", "city"}


def test_comment_may_carry_latin1_letters(api):
    body = poc_xml(extra='<comment><line number="1">Caf\u00e9 desk</line></comment>')
    resp = api.post("/poc;makeLink=true", body)
    assert resp.status_code == 200
    assert text(xml(resp), "a:comment/a:line") == "Caf\u00e9 desk"
    bad = poc_xml(extra='<comment><line number="1">snow \u2603</line></comment>')
    assert "comment" in components(api.post("/poc;makeLink=true", bad))


def _get(api, handle="NOC1-ARIN"):
    return api.get("/poc/" + handle).content.decode()


def test_modify_poc_replaces_phones_and_emails(api):
    body = _get(api).replace("noc@example.net", "ops@example.net").replace(
        "+1-555-555-0102", "+1-555-555-0177")
    resp = api.put("/poc/NOC1-ARIN", body)
    assert resp.status_code == 200
    doc = xml(api.get("/poc/NOC1-ARIN"))
    assert [e.text for e in doc.iterfind("a:emails/a:email", NS)] == ["ops@example.net"]
    assert [e.text for e in doc.iterfind("a:phones/a:phone/a:number", NS)] == ["+1-555-555-0177"]


def test_modify_poc_absent_lists_are_kept_and_comment_cleared(api):
    api.put("/poc/NOC1-ARIN", _get(api).replace(
        "</poc>", '<comment><line number="0">hello</line></comment></poc>'))
    assert text(xml(api.get("/poc/NOC1-ARIN")), "a:comment/a:line") == "hello"
    doc = xml(api.get("/poc/NOC1-ARIN"))
    for wrapper in ("a:emails", "a:phones", "a:comment"):
        doc.remove(doc.find(wrapper, NS))
    from lxml import etree
    resp = api.put("/poc/NOC1-ARIN", etree.tostring(doc))
    assert resp.status_code == 200
    after = xml(api.get("/poc/NOC1-ARIN"))
    assert text(after, "a:emails/a:email") == "noc@example.net"
    assert text(after, "a:phones/a:phone/a:number") == "+1-555-555-0102"
    assert after.find("a:comment", NS) is None


def test_modify_poc_immutable_fields(api):
    resp = api.put("/poc/NOC1-ARIN", _get(api).replace("Example Networks NOC", "Renamed NOC"))
    assert resp.status_code == 400 and "lastName" in components(resp)
    resp = api.put("/poc/ADMIN1-ARIN", _get(api, "ADMIN1-ARIN").replace(
        "<firstName>Alex</firstName>", ""))
    assert resp.status_code == 400 and "firstName" in components(resp)
    resp = api.put("/poc/NOC1-ARIN", _get(api).replace("<contactType>ROLE</contactType>",
                                                       "<contactType>PERSON</contactType>"))
    assert resp.status_code == 400 and "contactType" in components(resp)


def test_modify_role_poc_with_empty_name_elements_is_an_immutable_change(api):
    """OT&E refuses a ROLE POC sent back with empty first or middle name elements; omitted, they pass."""
    for name, element in (("firstName", "<firstName/>"), ("middleName", "<middleName></middleName>"),
                          ("firstName", "<firstName> </firstName>")):
        resp = api.put("/poc/NOC1-ARIN", _get(api).replace("</poc>", element + "</poc>"))
        assert resp.status_code == 400 and error_code(resp) == "E_ENTITY_VALIDATION"
        assert components(resp) == [name]
    assert api.put("/poc/NOC1-ARIN", _get(api)).status_code == 200


def test_modify_person_poc_without_middle_name_may_send_it_empty(api):
    resp = api.put("/poc/ADMIN1-ARIN", _get(api, "ADMIN1-ARIN").replace("</poc>", "<middleName/></poc>"))
    assert resp.status_code == 200


def test_delete_poc(api):
    handle = text(xml(api.post("/poc;makeLink=true", poc_xml())), "a:handle")
    resp = api.delete("/poc/" + handle)
    assert resp.status_code == 200 and text(xml(resp), "a:handle") == handle
    assert api.get("/poc/" + handle).status_code == 404


def test_delete_linked_poc_is_409(api):
    resp = api.delete("/poc/NOC1-ARIN")
    assert resp.status_code == 409 and error_code(resp) == "E_NOT_REMOVEABLE"


def test_add_phone(api):
    body = ("<phone xmlns='%s'><type><code>F</code></type><number>+1-555-555-0199</number>"
            "<extension>12</extension></phone>" % CORE)
    resp = api.put("/poc/NOC1-ARIN/phone", body)
    assert resp.status_code == 200
    assert xml(resp).tag == "{%s}phone" % CORE
    assert text(xml(resp), "a:type/a:description") == "FAX"
    again = api.put("/poc/NOC1-ARIN/phone", body.replace("12", "99"))
    assert again.status_code == 200 and text(xml(again), "a:extension") == "12"
    numbers = [p.text for p in xml(api.get("/poc/NOC1-ARIN")).iterfind("a:phones/a:phone/a:number", NS)]
    assert numbers.count("+1-555-555-0199") == 1


def _add(api, code, number):
    api.put("/poc/NOC1-ARIN/phone", "<phone xmlns='%s'><type><code>%s</code></type><number>%s"
            "</number></phone>" % (CORE, code, number))


def test_delete_phone_number_and_type(api):
    _add(api, "F", "+1-555-555-0199")
    _add(api, "M", "+1-555-555-0199")
    resp = api.delete("/poc/NOC1-ARIN/phone/+1-555-555-0199;type=F")
    assert resp.status_code == 200
    removed = xml(resp)
    assert removed.tag == "{%s}collection" % CORE
    assert [text(p, "a:type/a:code") for p in removed] == ["F"]
    resp = api.delete("/poc/NOC1-ARIN/phone/+1-555-555-0199")  # number only: all types
    assert [text(p, "a:type/a:code") for p in xml(resp)] == ["M"]


def test_delete_phone_type_only_and_query_alias(api):
    _add(api, "F", "+1-555-555-0198")
    _add(api, "F", "+1-555-555-0197")
    resp = api.delete("/poc/NOC1-ARIN/phone/;type=F")
    assert len(xml(resp)) == 2
    _add(api, "M", "+1-555-555-0196")
    resp = api.delete("/poc/NOC1-ARIN/phone/+1-555-555-0196?type=M")
    assert len(xml(resp)) == 1


def test_delete_phone_nothing_matched_and_last_office(api):
    resp = api.delete("/poc/NOC1-ARIN/phone/+1-000;type=F")
    assert resp.status_code == 200 and len(xml(resp)) == 0
    resp = api.delete("/poc/NOC1-ARIN/phone/+1-555-555-0102;type=O")
    assert resp.status_code == 400 and error_code(resp) == "E_ENTITY_VALIDATION"
    assert api.delete("/poc/NOC1-ARIN/phone/;type=X").status_code == 400


def test_add_and_delete_email(api):
    resp = api.post("/poc/NOC1-ARIN/email/noc2+ops@example.net")
    assert resp.status_code == 200 and xml(resp).tag == "{%s}poc" % CORE
    emails = [e.text for e in xml(resp).iterfind("a:emails/a:email", NS)]
    assert emails == ["noc@example.net", "noc2+ops@example.net"]  # '+' stays a plus
    again = api.post("/poc/NOC1-ARIN/email/noc2+ops@example.net")
    assert len(xml(again).findall("a:emails/a:email", NS)) == 2
    resp = api.delete("/poc/NOC1-ARIN/email/noc@example.net")
    assert [e.text for e in xml(resp).iterfind("a:emails/a:email", NS)] == ["noc2+ops@example.net"]
    last = api.delete("/poc/NOC1-ARIN/email/noc2+ops@example.net")
    assert last.status_code == 400 and error_code(last) == "E_ENTITY_VALIDATION"
    assert api.delete("/poc/NOC1-ARIN/email/none@example.net").status_code == 404


def test_percent_encoded_email(api):
    resp = api.post("/poc/NOC1-ARIN/email/a%2Bb@example.net")
    assert "a+b@example.net" in [e.text for e in xml(resp).iterfind("a:emails/a:email", NS)]
