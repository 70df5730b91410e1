"""Real server processes: CLI start-up, persistence across restarts, HTTPS."""
import datetime
import re
import subprocess
import sys

import pytest
import requests

from conftest import CORE, OPERATOR, Api, reassign_simple, text, xml


def start_cli(*args):
    """Start `python -m regrws_sim serve --port 0 ...`; return (process, base URL)."""
    proc = subprocess.Popen([sys.executable, "-m", "regrws_sim", "serve", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    match = re.match(r"listening on (https?://127\.0\.0\.1:\d+)$", line.strip())
    assert match, "unexpected first line: %r" % line
    return proc, match.group(1)


def stop(proc):
    proc.terminate()
    proc.wait(timeout=10)


def test_persistence_across_restart(tmp_path, schemas):
    db = str(tmp_path / "state.sqlite")
    proc, base = start_cli("--db", db)
    try:
        api = Api(base, schemas)
        assert api.post("/poc/NOC1-ARIN/email/persisted@example.net").status_code == 200
        handle = text(xml(reassign_simple(api)), "{%s}net/{%s}handle" % (CORE, CORE))
    finally:
        stop(proc)
    proc, base = start_cli("--db", db)
    try:
        api = Api(base, schemas)
        emails = [e.text for e in xml(api.get("/poc/NOC1-ARIN")).iter("{%s}email" % CORE)]
        assert "persisted@example.net" in emails
        assert api.get("/net/" + handle).status_code == 200
        # reset goes back to the seed, and that too persists
        api.control("POST", "reset")
        assert api.get("/net/" + handle).status_code == 404
    finally:
        stop(proc)


def test_custom_seed_and_flags(tmp_path):
    seed = tmp_path / "seed.yml"
    seed.write_text("users:\n  - name: solo\n    api_keys: [API-ABCD-ABCD-ABCD-ABCD]\n    pocs: []\n")
    proc, base = start_cli("--seed", str(seed), "--legacy", "--open-reads", "--no-hold-ticket-ranges",
                           "--max-inline-bytes", "10", "--auth", "query")
    try:
        config = requests.get(base + "/__sim__/config").json()
        assert config == {"legacy": True, "open_reads": True, "hold_ticket_ranges": False, "max_inline_bytes": 10,
                          "auth": "query"}
        resp = requests.get(base + "/rest/poc/ADMIN1-ARIN?apikey=API-ABCD-ABCD-ABCD-ABCD")
        assert resp.status_code == 404  # not in this seed
        resp = requests.get(base + "/rest/poc/ADMIN1-ARIN?apikey=" + OPERATOR)
        assert resp.status_code == 400
    finally:
        stop(proc)


def make_cert(tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    certfile, keyfile = tmp_path / "cert.pem", tmp_path / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return str(certfile), str(keyfile)


def test_https(tmp_path):
    certfile, keyfile = make_cert(tmp_path)
    proc, base = start_cli("--certfile", certfile, "--keyfile", keyfile)
    try:
        assert base.startswith("https://")
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(base + "/rest/poc/ADMIN1-ARIN?apikey=" + OPERATOR, timeout=10)
        resp = requests.get(base + "/rest/poc/ADMIN1-ARIN?apikey=" + OPERATOR, verify=certfile,
                            timeout=10)
        assert resp.status_code == 200
        assert text(xml(resp), "{%s}handle" % CORE) == "ADMIN1-ARIN"
    finally:
        stop(proc)
