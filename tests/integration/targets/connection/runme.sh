#!/usr/bin/env bash
set -eu

# Plain http on loopback: options, environment fallbacks, key transports, faults.
(
    source ../setup_regrws_sim/sim.sh
    ansible-playbook -i localhost, playbook.yml "$@"
)

# A service that takes the key in the query string only, then one that takes the header only.
for auth in query header; do
    (
        SIM_ARGS="--auth $auth"
        source ../setup_regrws_sim/sim.sh
        ansible-playbook -i localhost, auth.yml -e connection_auth=$auth "$@"
    )
done

# HTTPS with a self-signed certificate: verified by default, accepted only when told.
certs="$(mktemp -d)"
trap 'rm -rf "$certs"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -keyout "$certs/key.pem" -out "$certs/cert.pem" >/dev/null 2>&1
(
    SIM_ARGS="--certfile $certs/cert.pem --keyfile $certs/key.pem"
    source ../setup_regrws_sim/sim.sh
    case "$SIM_URL" in https://*) ;; *) echo "expected an https simulator, got $SIM_URL" >&2; exit 1 ;; esac
    ansible-playbook -i localhost, tls.yml "$@"
)
