# shellcheck shell=bash
# Sourced by a target's runme.sh: starts a Reg-RWS simulator with the default seed on a
# free loopback port, points the collection at it through the environment, and stops it
# when the script exits. SIM_ARGS adds serve flags (for example --legacy).
SIM_PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python}"
SIM_OUT="$(mktemp)"
# The journal of pending creates belongs to this simulator's records: a fresh one per run.
SIM_JOURNAL_DIR="$(mktemp -d)"
# shellcheck disable=SC2086
"$SIM_PYTHON" -m regrws_sim serve --host 127.0.0.1 --port 0 ${SIM_ARGS:-} >"$SIM_OUT" 2>&1 &
SIM_PID=$!
# A script that needs its own clean-up on exit calls sim_stop in its trap as well.
sim_stop() {
    kill "$SIM_PID" 2>/dev/null
    rm -f "$SIM_OUT"
    rm -rf "$SIM_JOURNAL_DIR"
}
trap sim_stop EXIT
for _ in $(seq 1 200); do
    grep -q '^listening on ' "$SIM_OUT" && break
    sleep 0.05
done
SIM_URL="$(sed -n 's/^listening on //p' "$SIM_OUT" | head -n 1)"
if [ -z "$SIM_URL" ]; then
    echo "the simulator did not start:" >&2
    cat "$SIM_OUT" >&2
    exit 1
fi
export SIM_URL
export ARIN_BASE_URL="$SIM_URL/rest"
export ARIN_API_KEY="API-1111-2222-3333-4444"
export ARIN_CREATE_JOURNAL="$SIM_JOURNAL_DIR/pending_creates.json"
export ANSIBLE_ROLES_PATH="$(cd .. && pwd)"
