"""Shared fixtures: one in-process simulator per test module, reset between tests, and
validation of every XML body against ARIN's RELAX NG schemas when they are available."""
from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest
import requests
from lxml import etree

from regrws_sim.server import build_server
from regrws_sim.app import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = REPO_ROOT / ".." / "shared" / "reference" / "arin-schemas"
CORE = "http://www.arin.net/regrws/core/v1"
RPKI = "http://www.arin.net/regrws/rpki/v1"
NS = {"a": CORE, "m": "http://www.arin.net/regrws/messages/v1",
      "s": "http://www.arin.net/regrws/shared-ticket/v1"}

OPERATOR = "API-1111-2222-3333-4444"
WIDGETS = "API-5555-6666-7777-8888"
OUTSIDER = "API-AAAA-BBBB-CCCC-DDDD"
READONLY = "API-9999-9999-9999-9999"

ROOT_SCHEMAS = {
    "poc": "PocPayload", "phone": "PocPayload", "org": "OrgPayload",
    "customer": "CustomerPayload", "net": "NetPayload", "ticket": "TicketPayload",
    "message": "MessagePayload", "ticketedRequest": "TicketedRequestPayload",
    "collection": "PayloadList", "error": "ErrorPayload", "delegation": "DelegationPayload",
}


def schema_unavailable_reason() -> str | None:
    if not SCHEMA_DIR.is_dir():
        return "ARIN schemas not found at %s" % SCHEMA_DIR.resolve()
    if shutil.which("trang") is None:
        return "trang is not on PATH (apt-get install trang) to convert ARIN's RELAX NG schemas"
    return None


class SchemaChecker:
    """Validates XML documents by root element; a no-op when schemas are unavailable."""

    def __init__(self, outdir: Path | None):
        self.schemas = {}
        self.checked = 0
        if outdir is None:
            return
        names = sorted(set(ROOT_SCHEMAS.values()))
        procs = [subprocess.Popen(["trang", "-I", "rnc", "-O", "rng", str(SCHEMA_DIR / (n + ".rnc")),
                                   str(outdir / n / (n + ".rng"))]) for n in names
                 if (outdir / n).mkdir(parents=True) is None]
        for proc in procs:
            assert proc.wait() == 0, "trang failed"
        for name in names:
            self.schemas[name] = etree.RelaxNG(file=str(outdir / name / (name + ".rng")))

    @property
    def active(self) -> bool:
        return bool(self.schemas)

    def validate(self, data: bytes):
        if not self.active or not data:
            return
        doc = etree.fromstring(data)
        if RPKI in {etree.QName(e).namespace for e in doc.iter() if isinstance(e.tag, str)}:
            return  # the schema archive has no RPKI payloads
        root = etree.QName(doc).localname
        items = {etree.QName(c).localname for c in doc} if root == "collection" else set()
        if items & {"ticket", "delegation"}:
            # PayloadList allows only phone|net: validate ticket and delegation items one by one
            for child in doc:
                self._check(ROOT_SCHEMAS[etree.QName(child).localname], child)
            return
        self._check(ROOT_SCHEMAS[root], doc)

    def _check(self, name, elem):
        schema = self.schemas[name]
        if not schema.validate(etree.ElementTree(elem)):
            raise AssertionError("%s does not validate against %s: %s\n%s" % (
                etree.QName(elem).localname, name, schema.error_log,
                etree.tostring(elem).decode()[:2000]))
        self.checked += 1


@pytest.fixture(scope="session")
def schemas(tmp_path_factory):
    reason = schema_unavailable_reason()
    return SchemaChecker(None if reason else tmp_path_factory.mktemp("rng"))


class Api:
    """Thin requests wrapper: base URL, auth, XML headers and schema checks both ways."""

    def __init__(self, base: str, schemas: SchemaChecker, session=None):
        self.base, self.schemas = base, schemas
        self.http = session or requests.Session()

    def call(self, method, path, body=None, key=OPERATOR, auth="query", headers=None,
             params=None, check=True, **kw):
        url = self.base + "/rest" + path
        hdrs = {"Accept": "application/xml"}
        if body is not None:
            hdrs["Content-Type"] = "application/xml"
            if isinstance(body, str):
                body = body.encode("utf-8")
            if check:
                self.schemas.validate(body)
        if key and auth in ("query", "both"):
            url += ("&" if "?" in url else "?") + "apikey=" + key
        if key and auth in ("header", "both"):
            hdrs["Authorization"] = "ApiKey " + key
        hdrs.update(headers or {})
        resp = self.http.request(method, url, data=body, headers=hdrs, params=params,
                                 timeout=30, **kw)
        if check and resp.headers.get("Content-Type", "").startswith("application/xml"):
            self.schemas.validate(resp.content)
        return resp

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def put(self, path, body=None, **kw):
        return self.call("PUT", path, body, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)

    def control(self, method, path, **kw):
        resp = self.http.request(method, self.base + "/__sim__/" + path, timeout=30, **kw)
        return resp


def xml(resp):
    assert resp.headers["Content-Type"].startswith("application/xml"), resp.headers
    return etree.fromstring(resp.content)


def text(elem, path):
    return elem.findtext(path, namespaces=NS)


def error_code(resp):
    return text(xml(resp), "a:code")


def components(resp):
    return [c.findtext("a:name", namespaces=NS)
            for c in xml(resp).iterfind("a:components/a:component", NS)]


def start_server(settings=None, **kw):
    server, sim = build_server(port=0, settings=settings, **kw)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, sim


@pytest.fixture(scope="module")
def server():
    srv, sim = start_server(Settings())
    yield srv, sim
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def api(server, schemas):
    srv, sim = server
    client = Api("http://127.0.0.1:%d" % srv.server_port, schemas)
    assert client.control("POST", "reset").status_code == 200
    return client


# ---------------------------------------------------------------------- payload builders

def poc_xml(contact="ROLE", last="Example Ops", first=None, company="Example Networks LLC",
            emails=("ops@example.net",), phones=(("O", "+1-555-555-0150"),), country="US",
            state="VA", postal="22000", extra=""):
    parts = ['<poc xmlns="%s">' % CORE]
    if state:
        parts.append("<iso3166-2>%s</iso3166-2>" % state)
    parts.append("<iso3166-1><code2>%s</code2></iso3166-1>" % country)
    parts.append("<emails>%s</emails>" % "".join("<email>%s</email>" % e for e in emails))
    parts.append('<streetAddress><line number="1">100 Example Way</line></streetAddress>')
    parts.append("<city>Anytown</city>")
    if postal:
        parts.append("<postalCode>%s</postalCode>" % postal)
    parts.append("<contactType>%s</contactType>" % contact)
    if company:
        parts.append("<companyName>%s</companyName>" % company)
    if first:
        parts.append("<firstName>%s</firstName>" % first)
    parts.append("<lastName>%s</lastName>" % last)
    parts.append("<phones>%s</phones>" % "".join(
        "<phone><type><code>%s</code></type><number>%s</number></phone>" % p for p in phones))
    parts.append(extra + "</poc>")
    return "".join(parts)


def customer_xml(name="Example Customer", extra=""):
    return ('<customer xmlns="%s"><customerName>%s</customerName>'
            "<iso3166-1><code2>US</code2></iso3166-1>"
            '<streetAddress><line number="1">42 Sample Street</line></streetAddress>'
            "<city>Anytown</city><iso3166-2>VA</iso3166-2><postalCode>22000</postalCode>"
            "<privateCustomer>false</privateCustomer>%s</customer>" % (CORE, name, extra))


def net_xml(start="192.0.2.64", cidr=26, name="CUST-NET", org=None, customer=None,
            embedded=False, parent=None, extra="", end=None, btype=None):
    parts = ['<net xmlns="%s">' % CORE]
    if org:
        parts.append("<orgHandle>%s</orgHandle>" % org)
    if customer:
        parts.append("<customerHandle>%s</customerHandle>" % customer)
    block = "<startAddress>%s</startAddress>" % start
    block += ("<endAddress>%s</endAddress>" % end) if end else ("<cidrLength>%s</cidrLength>" % cidr)
    if btype:
        block = "<type>%s</type>" % btype + block
    parts.append("<netBlocks><netBlock>%s</netBlock></netBlocks>" % block)
    if parent:
        parts.append("<parentNetHandle>%s</parentNetHandle>" % parent)
    parts.append("<netName>%s</netName>" % name)
    if embedded:
        parts.append(customer_xml().replace(' xmlns="%s"' % CORE, ""))
    parts.append(extra + "</net>")
    return "".join(parts)


def reassign_simple(api, start="192.0.2.64", cidr=26, parent="NET-192-0-2-0-1", **kw):
    return api.put("/net/%s/reassign" % parent, net_xml(start, cidr, embedded=True), **kw)
