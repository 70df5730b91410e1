#!/usr/bin/env bash
# `make demo`: the collection's main job against a local Reg-RWS simulator.
# Starts the simulator, shows a dry run, applies, runs again (nothing changes), and
# stops the simulator. Nothing here talks to ARIN.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
python -m regrws_sim serve --host 127.0.0.1 --port 0 --db "$work/sim.db" >"$work/sim.out" 2>&1 &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 200); do grep -q '^listening on ' "$work/sim.out" && break; sleep 0.05; done
sim_url="$(sed -n 's/^listening on //p' "$work/sim.out" | head -n 1)"
[ -n "$sim_url" ] || { cat "$work/sim.out"; exit 1; }

export ARIN_BASE_URL="$sim_url/rest"
export ARIN_API_KEY="API-1111-2222-3333-4444"   # the simulator's demo key, not a real one
export ANSIBLE_COLLECTIONS_PATH="$PWD/build"
export ANSIBLE_NOCOLOR="${ANSIBLE_NOCOLOR:-0}"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

banner() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
requests() {
    python - "$sim_url" <<'PY'
import json, sys, urllib.request
log = json.load(urllib.request.urlopen(sys.argv[1] + '/__sim__/requests'))['requests']
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + '/__sim__/requests', method='DELETE'))
writes = [r for r in log if r['method'] != 'GET']
print('    ARIN saw %d requests: %d reads, %d writes%s' % (
    len(log), len(log) - len(writes), len(writes),
    ''.join('\n      %s %s -> %s' % (r['method'], r['path'], r['status']) for r in writes)))
PY
}

banner "Reg-RWS simulator listening on $sim_url"
banner "1. Dry run: what would change at ARIN (--check --diff)"
ansible-playbook playbooks/poc_contacts.yml --check --diff
requests

banner "2. Apply"
ansible-playbook playbooks/poc_contacts.yml --diff
requests

banner "3. Run again: nothing left to change"
ansible-playbook playbooks/poc_contacts.yml | tee "$work/rerun.out"
requests
grep -q 'changed=0 ' "$work/rerun.out" || { echo "the second run changed something" >&2; exit 1; }

banner "4. A dry run now reports nothing to do"
ansible-playbook playbooks/poc_contacts.yml --check --diff | tail -n 3
requests

banner "Done: the simulator stops now."
