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


def _store_with(count):
    store = Store(None)
    with store.transaction():
        store.put("net", "NET6-2001-DB8-1", {"handle": "NET6-2001-DB8-1", "blocks": [
            {"type": "A", "version": 6, "first": 0x20010DB8 << 96, "last": (0x20010DB8 << 96) | ((1 << 96) - 1)}]})
        for index in range(count):
            first = (0x20010DB8 << 96) | ((index + 1) << 80)
            store.put("net", "N%d" % index, {"handle": "N%d" % index, "parentNetHandle": "NET6-2001-DB8-1", "blocks": [
                {"type": "S", "version": 6, "first": first, "last": first | ((1 << 80) - 1)}]})
    return store


def _steps(store, lookup, *args):
    """SQLite virtual-machine steps one lookup takes: what it reads, counted, not timed."""
    steps = []
    store.conn.set_progress_handler(lambda: steps.append(1), 1)
    try:
        found = lookup(*args)
    finally:
        store.conn.set_progress_handler(None, 1)
    return len(steps), found


def test_range_lookups_read_as_much_with_5000_nets_stored_as_with_500():
    figures = []
    for count in (500, 5000):
        store = _store_with(count)
        last_net = (0x20010DB8 << 96) | (count << 80)  # the highest start: before it, every other net
        covering, found = _steps(store, store.nets_covering, 6, last_net, last_net | 0xFFFF)
        assert [net["handle"] for net in found] == ["N%d" % (count - 1), "NET6-2001-DB8-1"]
        overlapping, found = _steps(store, store.nets_overlapping, 6, last_net, last_net | ((1 << 81) - 1))
        assert [net["handle"] for net in found] == ["N%d" % (count - 1), "NET6-2001-DB8-1"]
        figures.append((covering, overlapping))
    assert figures[1] == figures[0]


def test_range_lookups_agree_with_every_net_compared():
    import random

    rand = random.Random(19)
    store, held = Store(None), []
    with store.transaction():
        for index in range(2000):
            version = rand.choice((4, 6))
            top = (1 << (32 if version == 4 else 128)) - 1
            first = rand.randrange(top)
            last = min(top, first + rand.choice((0, 1, 255, rand.randrange(1 << rand.randrange(1, 100)))))
            store.put("net", "N%d" % index, {"handle": "N%d" % index, "blocks": [
                {"type": "S", "version": version, "first": first, "last": last}]})
            held.append((version, first, last, "N%d" % index))
    for dummy in range(300):
        version, first, last, handle = rand.choice(held)
        start = rand.randrange(first, last + 1)
        end = rand.randrange(start, last + 1) if rand.random() < 0.5 else start + rand.randrange(1 << 24)
        assert [net["handle"] for net in store.nets_covering(version, start, end)] == sorted(
            h for v, f, l, h in held if v == version and f <= start and l >= end)
        assert [net["handle"] for net in store.nets_overlapping(version, start, end)] == sorted(
            h for v, f, l, h in held if v == version and f <= end and l >= start)


def test_an_index_without_size_classes_is_rebuilt_on_open(tmp_path):
    path = str(tmp_path / "older.sqlite")
    store = Store(path)
    with store.transaction():
        store.put("net", "NET-192-0-2-0-1", {"handle": "NET-192-0-2-0-1", "blocks": [
            {"type": "DA", "version": 4, "first": 3221225984, "last": 3221226239}]})
        store.conn.execute("DROP TABLE net_ranges")
        store.conn.execute("CREATE TABLE net_ranges (key TEXT PRIMARY KEY, version INTEGER,"
                           " first TEXT, last TEXT, parent TEXT)")
    store.conn.close()
    reopened = Store(path)
    assert [net["handle"] for net in reopened.nets_covering(4, 3221226000, 3221226010)] == ["NET-192-0-2-0-1"]
