#!/usr/bin/env bash
# `make demo`: the collection's main job against a local Reg-RWS simulator.
# Starts the simulator, keeps the operator's peering contact, then onboards the customers
# of the example inventory: a dry run, the real run, a run that changes nothing, a drift
# report after a change made behind the playbook's back, the offboarding of one customer
# and the follow-up of tickets. Stops the simulator. Nothing here talks to ARIN.
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
# The journal of creates belongs to this simulator's records: never the operator's ~/.ansible one.
export ARIN_CREATE_JOURNAL="$work/pending_creates.json"
export ANSIBLE_COLLECTIONS_PATH="$PWD/build"
# Colours only on a terminal: output written to a file or a pipe stays plain text.
if [ -t 1 ]; then
    bold=$'\033[1m' plain=$'\033[0m'
    export ANSIBLE_FORCE_COLOR="${ANSIBLE_FORCE_COLOR:-1}"
else
    bold='' plain=''
    export ANSIBLE_NOCOLOR="${ANSIBLE_NOCOLOR:-1}"
fi

banner() { printf '\n%s==> %s%s\n' "$bold" "$*" "$plain"; }
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
inventory=playbooks/inventory/customers.yml
# Every host line of the PLAY RECAP must say changed=0.
nothing_changed() {
    awk '/^PLAY RECAP/ {recap = 1; next}
         recap && /changed=/ {hosts++; if ($0 !~ / changed=0 /) {print "changed: " $1; bad = 1}}
         END {exit (bad || hosts == 0)}' "$1"
}
no_writes() {
    python - "$sim_url" <<'PY'
import json, sys, urllib.request
log = json.load(urllib.request.urlopen(sys.argv[1] + '/__sim__/requests'))['requests']
sys.exit(1 if [r for r in log if r['method'] != 'GET'] else 0)
PY
}

banner "1. The operator's peering contact (playbooks/poc_contacts.yml)"
ansible-playbook -i localhost, playbooks/poc_contacts.yml | tail -n 3
requests

banner "2. Dry run of the onboarding: the whole plan, nothing written (--check --diff)"
ansible-playbook -i "$inventory" playbooks/onboard_customers.yml --check --diff
no_writes || { echo "the dry run wrote to ARIN" >&2; exit 1; }
requests

banner "3. Onboard the customers (three hosts, run in parallel)"
ansible-playbook -i "$inventory" playbooks/onboard_customers.yml --forks 8 --diff
requests

banner "4. Run again: nothing left to change (changed=0 for every customer)"
ansible-playbook -i "$inventory" playbooks/onboard_customers.yml --forks 8 | tee "$work/rerun.out" | tail -n 5
no_writes || { echo "the second run wrote to ARIN" >&2; exit 1; }
requests
nothing_changed "$work/rerun.out" || { echo "the second run changed something" >&2; exit 1; }

banner "5. Someone edits a net's comment behind the playbook's back (a PUT through the API)"
python - "$ARIN_BASE_URL" NET-192-0-2-64-1 <<'PY'
import os, re, sys, urllib.request
base, handle = sys.argv[1], sys.argv[2]
headers = {'Authorization': 'ApiKey ' + os.environ['ARIN_API_KEY'], 'Accept': 'application/xml'}
url = '%s/net/%s' % (base, handle)
xml = urllib.request.urlopen(urllib.request.Request(url, headers=headers)).read().decode('utf-8')
xml = re.sub(r'<comment>.*?</comment>', '<comment><line number="0">Moved to the new site</line></comment>', xml)
request = urllib.request.Request(url, data=xml.encode('utf-8'), method='PUT',
                                 headers=dict(headers, **{'Content-Type': 'application/xml'}))
print('    PUT net/%s: comment "Moved to the new site" -> HTTP %d' % (handle, urllib.request.urlopen(request).status))
PY
requests

banner "6. Drift report: what differs at ARIN, per customer (check mode, nothing written)"
ansible-playbook -i "$inventory" playbooks/drift_report.yml --forks 8 | sed -n '/^PLAY \[Report the drift\]/,$p'
no_writes || { echo "the drift report wrote to ARIN" >&2; exit 1; }
requests

banner "7. Offboard one customer (florist): its net and its customer record go"
ansible-playbook -i "$inventory" playbooks/offboard_customers.yml -e offboard=florist \
    -e "offboard_message='Contract ended.'" --diff | sed -n '/^TASK \[Show what was removed\]/,$p'
requests

banner "8. Ticket follow-up: list the tickets in progress and the resolved ones, close the resolved ones"
ansible-playbook -i localhost, playbooks/ticket_followup.yml | sed -n '/^TASK \[Show the tickets ARIN is still working on\]/,$p'
requests

banner "Done: the simulator stops now."
