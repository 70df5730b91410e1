#!/usr/bin/env bash
set -eu

# Plain http on loopback: options, environment fallbacks, key transports, faults.
(
    source ../setup_regrws_sim/sim.sh
    ansible-playbook -i localhost, playbook.yml "$@"
)

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
