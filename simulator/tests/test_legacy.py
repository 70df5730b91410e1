"""2011-era behaviours (--legacy, or switched on through the control API)."""
import pytest

from conftest import CORE, NS, components, error_code, net_xml, reassign_simple, text, xml
from test_org_customer import LINKS, ORG_BODY, links


@pytest.fixture
def legacy(api):
    assert api.control("POST", "config", json={"legacy": True}).json()["legacy"] is True
    return api


def test_reassign_is_queued_and_reserved(legacy):
    resp = reassign_simple(legacy)
    assert resp.status_code == 200
    ticket = xml(resp).find("a:ticket", NS)
    assert text(ticket, "a:webTicketType") == "IPV4_SIMPLE_REASSIGN"
    assert text(ticket, "a:webTicketStatus") == "PENDING_REVIEW"
    assert legacy.get("/net/NET-192-0-2-64-1").status_code == 404
    clash = reassign_simple(legacy, start="192.0.2.64", cidr=27)
    assert clash.status_code == 400 and error_code(clash) == "E_ENTITY_VALIDATION"
    assert components(clash) == ["startAddress"]
    number = text(ticket, "a:ticketNo")
    out = legacy.control("POST", "tickets/" + number, json={"action": "process"}).json()
    assert out["webTicketResolution"] == "ACCEPTED" and out["created"]["net"] == "NET-192-0-2-64-1"
    net = xml(legacy.get("/net/NET-192-0-2-64-1"))
    assert text(net, "a:customerHandle").startswith("C")


def test_ticket_types(legacy):
    cases = [
        ("reassign", net_xml("192.0.2.0", 27, org="WIDGETS-1"), "IPV4_DETAILED_REASSIGN"),
        ("reallocate", net_xml("192.0.2.128", 25, org="WIDGETS-1"), "IPV4_REALLOCATE"),
        ("reallocate", net_xml("2001:db8:1::", 48, org="WIDGETS-1"), "IPV6_REALLOCATE"),
        ("reassign", net_xml("2001:db8:2::", 48, org="WIDGETS-1"), "IPV6_DETAILED_REASSIGN"),
    ]
    for call, body, expected in cases:
        parent = "NET6-2001-DB8-1" if "2001:db8" in body else "NET-192-0-2-0-1"
        resp = legacy.put("/net/%s/%s" % (parent, call), body)
        assert text(xml(resp), "a:ticket/a:webTicketType") == expected, resp.text


def test_add_admin_replaces(legacy):
    resp = legacy.put("/org/EXNET-1/poc/NOC1-ARIN;pocFunction=AD")
    assert resp.status_code == 200
    admins = [h for f, h in links(xml(resp)) if f == "AD"]
    assert admins == ["NOC1-ARIN"]


def test_create_recipient_org(legacy):
    resp = legacy.post("/net/NET-192-0-2-0-1/org", ORG_BODY % (CORE, LINKS))
    assert resp.status_code == 200
    assert text(xml(resp), "a:orgName") == "Brand New Networks"


def test_ranges_of_queued_requests_left_free(legacy):
    """hold_ticket_ranges off: a registry that does not reserve the range while the ticket is open."""
    out = legacy.control("POST", "config", json={"hold_ticket_ranges": False}).json()
    assert out["hold_ticket_ranges"] is False
    first, second = reassign_simple(legacy), reassign_simple(legacy)
    numbers = [text(xml(resp), "a:ticket/a:ticketNo") for resp in (first, second)]
    assert first.status_code == second.status_code == 200 and numbers[0] != numbers[1]
    done = legacy.control("POST", "tickets/" + numbers[0], json={"action": "process"}).json()
    assert done["created"]["net"] == "NET-192-0-2-64-1"
    # The second request now overlaps the net the first one made.
    resp = legacy.control("POST", "tickets/" + numbers[1], json={"action": "process"})
    assert resp.status_code == 400 and "overlaps NET-192-0-2-64-1" in resp.json()["error"]
    assert legacy.control("POST", "reset").status_code == 200
    assert legacy.control("GET", "config").json()["hold_ticket_ranges"] is True


def test_switch_back(legacy):
    legacy.control("POST", "config", json={"legacy": False})
    assert text(xml(reassign_simple(legacy)), "a:net/a:handle") == "NET-192-0-2-64-1"


def test_process_refused_when_parent_is_gone(legacy):
    realloc = legacy.put("/net/NET-192-0-2-0-1/reallocate", net_xml("192.0.2.0", 25, org="WIDGETS-1"))
    first = text(xml(realloc), "a:ticket/a:ticketNo")
    net = legacy.control("POST", "tickets/" + first, json={"action": "process"}).json()["created"]["net"]
    queued = reassign_simple(legacy, "192.0.2.0", 26, parent=net)
    number = text(xml(queued), "a:ticket/a:ticketNo")
    assert legacy.delete("/net/" + net).status_code == 200
    resp = legacy.control("POST", "tickets/" + number, json={"action": "process"})
    assert resp.status_code == 400 and "no longer exists" in resp.json()["error"]


def test_queued_customer_cannot_be_deleted_and_processing_never_crashes(legacy):
    from conftest import customer_xml
    handle = text(xml(legacy.post("/net/NET-192-0-2-0-1/customer", customer_xml())), "a:handle")
    queued = legacy.put("/net/NET-192-0-2-0-1/reassign", net_xml("192.0.2.128", 26, customer=handle))
    number = text(xml(queued), "a:ticket/a:ticketNo")
    resp = legacy.delete("/customer/" + handle)
    assert resp.status_code == 409 and error_code(resp) == "E_NOT_REMOVEABLE"
    out = legacy.control("POST", "tickets/" + number, json={"action": "process"})
    assert out.status_code == 200, out.text
    net = out.json()["created"]["net"]
    assert text(xml(legacy.get("/net/" + net)), "a:customerHandle") == handle
    # once the net exists, the customer is tied to it (and still not removable)
    assert legacy.delete("/customer/" + handle).status_code == 409


def test_processing_a_request_whose_customer_vanished(legacy, server):
    """A customer gone before processing (an older database) turns the request down and frees
    the range, instead of failing with the ticket left pending."""
    from conftest import customer_xml
    handle = text(xml(legacy.post("/net/NET-192-0-2-0-1/customer", customer_xml())), "a:handle")
    number = text(xml(legacy.put("/net/NET-192-0-2-0-1/reassign",
                                 net_xml("192.0.2.128", 26, customer=handle))), "a:ticket/a:ticketNo")
    sim = server[1]
    with sim.store.transaction() as store:
        store.delete("customer", handle)
    out = legacy.control("POST", "tickets/" + number, json={"action": "process"})
    assert out.status_code == 200, out.text
    assert out.json()["webTicketResolution"] == "UNSUCCESSFUL"
    assert reassign_simple(legacy, "192.0.2.128", 26).status_code == 200  # range free again


def test_process_embedded_customer(legacy):
    number = text(xml(reassign_simple(legacy)), "a:ticket/a:ticketNo")
    out = legacy.control("POST", "tickets/" + number, json={"action": "process"}).json()
    net = xml(legacy.get("/net/" + out["created"]["net"]))
    customer = text(net, "a:customerHandle")
    assert legacy.get("/customer/" + customer).status_code == 200
    assert legacy.delete("/customer/" + customer).status_code == 409  # tied to the net
