"""Range lookups read the nets they answer with, through the index by range: at scale too."""
from regrws_sim.store import Store

from conftest import NS, net_xml, text, xml


def _handles(resp):
    return [text(net, "a:handle") for net in xml(resp).findall("a:net", NS)]


def test_nets_by_range_returns_the_nets_around_and_inside(api):
    for start in ("192.0.2.0", "192.0.2.64", "192.0.2.128"):
        assert api.put("/net/NET-192-0-2-0-1/reassign", net_xml(start, 26, org="WIDGETS-1")).status_code == 200
    # The parent's whole range: the registry block above it, the parent and everything inside
    # it, in address order.
    assert _handles(api.get("/net/netsByIpRange/192.0.2.0/192.0.2.255")) == [
        "NET-192-0-0-0-0", "NET-192-0-2-0-1", "NET-192-0-2-0-2", "NET-192-0-2-64-1", "NET-192-0-2-128-1"]
    # Part of it: the nets covering it and those it overlaps, nothing else.
    assert _handles(api.get("/net/netsByIpRange/192.0.2.64/192.0.2.100")) == [
        "NET-192-0-0-0-0", "NET-192-0-2-0-1", "NET-192-0-2-64-1"]
    assert api.get("/net/netsByIpRange/10.0.0.0/10.0.0.255").status_code == 404
    most = xml(api.get("/net/mostSpecificNet/192.0.2.70/192.0.2.71"))
    assert text(most, "a:handle") == "NET-192-0-2-64-1"
    parent = xml(api.get("/net/parentNet/192.0.2.64/192.0.2.127"))
    assert text(parent, "a:handle") == "NET-192-0-2-0-1"


def test_lookups_and_reassigns_never_decode_every_net(api, monkeypatch):
    count = 300
    # Decoding every net per request is what made lookups slow down as nets were added.
    monkeypatch.setattr(Store, "all", _refuse_nets(Store.all))
    for index in range(count):
        body = net_xml("2001:db8:%x::" % (index + 1), 48, org="WIDGETS-1", name="SCALE-%d" % index)
        assert api.put("/net/NET6-2001-DB8-1/reassign", body).status_code == 200
    for index in (0, 150, 299):
        resp = api.get("/net/mostSpecificNet/2001:db8:%x::/2001:db8:%x:ffff:ffff:ffff:ffff:ffff"
                       % (index + 1, index + 1))
        assert text(xml(resp), "a:netName") == "SCALE-%d" % index
        resp = api.get("/net/parentNet/2001:db8:%x::/2001:db8:%x:ffff:ffff:ffff:ffff:ffff" % (index + 1, index + 1))
        assert text(xml(resp), "a:handle") == "NET6-2001-DB8-1"
    assert len(_handles(api.get("/net/netsByIpRange/2001:db8::/2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"))) == count + 2  # with the registry block and the DA
    assert api.put("/net/NET6-2001-DB8-1/reassign", net_xml("2001:db8:1::", 48, org="WIDGETS-1")).status_code in (
        400, 409)


def _refuse_nets(original):
    def all_but_nets(self, kind):
        assert kind != "net", "a request decoded every net"
        return original(self, kind)
    return all_but_nets


def test_a_database_written_before_the_index_is_indexed_on_open(tmp_path):
    path = str(tmp_path / "old.sqlite")
    store = Store(path)
    with store.transaction():
        store.put("net", "NET-192-0-2-0-1", {"handle": "NET-192-0-2-0-1", "blocks": [
            {"type": "DA", "version": 4, "first": 3221225984, "last": 3221226239}]})
        store.conn.execute("DELETE FROM net_ranges")
    store.conn.close()
    reopened = Store(path)
    assert [net["handle"] for net in reopened.nets_covering(4, 3221226000, 3221226010)] == ["NET-192-0-2-0-1"]
