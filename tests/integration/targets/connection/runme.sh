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

# A proxy on another host, named by every proxy variable: a plain-http (loopback) service is
# reached directly, so the proxy never sees a request or the key. The other host is a network
# namespace joined by a veth pair; its listener records what reaches it.
(
    source ../setup_regrws_sim/sim.sh
    # A subshell of its own, so that its clean-up does not replace the simulator's.
    (
        ns="arinproxy$$"
        host_if="arp$$h"
        ns_if="arp$$n"
        net="10.$(( $$ % 200 + 20 )).$(( $$ / 200 % 250 ))"
        here="$net.1"
        there="$net.2"
        python="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python}"
        seen="$(mktemp)"
        cleanup() {
            [ -n "${proxy_pid:-}" ] && kill "$proxy_pid" 2>/dev/null
            ip netns delete "$ns" 2>/dev/null
            ip link delete "$host_if" 2>/dev/null
            rm -f "$seen"
        }
        trap cleanup EXIT
        ip netns add "$ns"
        ip link add "$host_if" type veth peer name "$ns_if"
        ip link set "$ns_if" netns "$ns"
        ip addr add "$here/30" dev "$host_if"
        ip link set "$host_if" up
        ip netns exec "$ns" ip addr add "$there/30" dev "$ns_if"
        ip netns exec "$ns" ip link set "$ns_if" up
        ip netns exec "$ns" "$python" -c '
import socket, sys
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind((sys.argv[1], 3128))
listener.listen(8)
while True:
    connection, peer = listener.accept()
    with open(sys.argv[2], "ab") as seen:
        seen.write(connection.recv(65536) + b"\n")
    connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    connection.close()
' "$there" "$seen" &
        proxy_pid=$!
        # The proxy is up and reachable from here: a probe reaches it and is recorded.
        for _ in $(seq 1 100); do
            "$python" -c 'import socket, sys; socket.create_connection((sys.argv[1], 3128), 0.5).sendall(b"probe")' \
                "$there" 2>/dev/null && break
            sleep 0.1
        done
        for _ in $(seq 1 50); do grep -q probe "$seen" && break; sleep 0.1; done
        grep -q probe "$seen" || { echo "the proxy in the namespace is not reachable" >&2; exit 1; }
        : >"$seen"
        OTHER_HOST_PROXY="http://$there:3128" ansible-playbook -i localhost, proxy.yml "$@"
        if [ -s "$seen" ]; then
            echo "the proxy on another host received:" >&2
            cat "$seen" >&2
            exit 1
        fi
    )
)
