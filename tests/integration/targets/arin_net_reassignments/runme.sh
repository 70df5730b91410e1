#!/usr/bin/env bash
set -eu
source ../setup_regrws_sim/sim.sh
ansible-playbook -i localhost, playbook.yml "$@"

# The drift report over an inventory of two customers: the nets they declare, and the
# orphans (registered under the parent, declared by nobody), as text, set_stats and JSON.
python -c 'import os, urllib.request; urllib.request.urlopen(urllib.request.Request(os.environ["SIM_URL"] + "/__sim__/requests", method="DELETE"))'
report_file="$(mktemp)"
trap 'rm -f "$report_file"' EXIT
out="$(ansible-playbook -i drift_inventory.yml arin.regrws.drift_report -e drift_report_file="$report_file" "$@")" \
    || { echo "$out"; exit 1; }
for expected in \
    'first (Customer 0): in sync with ARIN' \
    'second (Customer 1): 1 of 1 nets differ' \
    '198.51.100.8/29 (NET-198-51-100-8-1): comments [\"Declared comment\"] at ARIN, [\"Changed comment\"] declared' \
    'orphans: 19 registered under 198.51.100.0/24 that no customer declares' \
    '198.51.100.16/29 (NET-198-51-100-16-1, S, customer'; do
    grep -qF "$expected" <<<"$out" || { echo "$out"; echo "the drift report misses: $expected" >&2; exit 1; }
done
ansible-playbook -i localhost, drift_check.yml -e report_file="$report_file" "$@"

# The IPAM export inventory: a CSV file and NetBox's ipam/prefixes answer become the
# customers inventory, and the playbooks run on it unchanged.
ansible-inventory -i ipam/customers.ipam.yml --list > "$report_file"
python - "$report_file" <<'PY'
import json, sys


def plain(value):
    # ansible-inventory marks inventory values as unsafe ({"__ansible_unsafe": text}) on some cores.
    if isinstance(value, dict):
        return value['__ansible_unsafe'] if set(value) == {'__ansible_unsafe'} else dict((k, plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


inventory = plain(json.load(open(sys.argv[1])))
assert sorted(inventory['customers']['hosts']) == ['customer_0', 'customer_1'], inventory
bakery = inventory['_meta']['hostvars']['customer_0']
assert bakery['customer_onboarding_nets'] == [{'prefix': '198.51.100.0/29', 'net_name': 'CUST-0',
                                               'comments': ['Declared comment']}], bakery
assert bakery['customer_onboarding_customer']['street_address'] == ['1 Example Road'], bakery
PY
out="$(ansible-playbook -i ipam/customers.ipam.yml arin.regrws.drift_report "$@")" || { echo "$out"; exit 1; }
for expected in 'customer_0 (Customer 0): in sync with ARIN' 'customer_1 (Customer 1): 1 of 1 nets differ'; do
    grep -qF "$expected" <<<"$out" || { echo "$out"; echo "the CSV drift report misses: $expected" >&2; exit 1; }
done
out="$(ansible-playbook -i ipam/netbox.ipam.yml arin.regrws.reconcile_customers --check -e swip_concurrency=8 "$@")" \
    || { echo "$out"; exit 1; }
grep -qF '"2 nets: 2 unchanged (check mode: nothing was written)"' <<<"$out" \
    || { echo "$out"; echo "the NetBox inventory does not match ARIN" >&2; exit 1; }
# swip_concurrency reaches the module, which refuses a value out of its range before any request.
if out="$(ansible-playbook -i ipam/netbox.ipam.yml arin.regrws.reconcile_customers --check -e swip_concurrency=0 "$@")"; then
    echo "$out"; echo "swip_concurrency=0 was taken" >&2; exit 1
fi
grep -qF 'concurrency must be between 1 and 64, not 0' <<<"$out" || { echo "$out"; echo "swip_concurrency did not reach the module" >&2; exit 1; }

# Prune never runs on a partial declaration: a play limited to some of the hosts, a NetBox
# answer that is one page of several. Each is refused before any request, and the drift
# report names no orphans, saying why.
sim_log() {  # clear | count | writes
    python - "$1" <<'PY'
import json, os, sys, urllib.request
url = os.environ["SIM_URL"] + "/__sim__/requests"
if sys.argv[1] == "clear":
    urllib.request.urlopen(urllib.request.Request(url, method="DELETE"))
else:
    requests = json.load(urllib.request.urlopen(url))["requests"]
    print(len([r for r in requests if sys.argv[1] == "count" or r["method"] != "GET"]))
PY
}
refused() {  # message, then the ansible-playbook arguments: the run fails with message and sends nothing
    local message="$1"
    shift
    sim_log clear
    if out="$(ansible-playbook "$@")"; then
        echo "$out"; echo "prune was not refused: $*" >&2; exit 1
    fi
    grep -qF "$message" <<<"$out" || { echo "$out"; echo "the refusal misses: $message" >&2; exit 1; }
    [ "$(sim_log count)" -eq 0 ] || { echo "$out"; echo "a refused prune sent requests: $*" >&2; exit 1; }
}
prune='{"swip_prune": true, "swip_prune_limit": 1000}'
limited='prune refused: the declaration is partial (--limit customer_0 leaves out 1 host(s) that declare nets: customer_1)'
refused "$limited" -i ipam/customers.ipam.yml arin.regrws.reconcile_customers --limit customer_0 -e "$prune" "$@"
refused "$limited" -i ipam/customers.ipam.yml arin.regrws.reconcile_customers --check --limit customer_0 -e "$prune" "$@"

# A limit that leaves no host out is the whole declaration: prune plans the 19 orphans.
out="$(ansible-playbook -i ipam/customers.ipam.yml arin.regrws.reconcile_customers --check --limit 'customer_*' \
    -e "$prune" "$@")" || { echo "$out"; exit 1; }
grep -qF '19 removed' <<<"$out" || { echo "$out"; echo "prune of the whole declaration was not planned" >&2; exit 1; }

sim_log clear
out="$(ansible-playbook -i ipam/customers.ipam.yml arin.regrws.drift_report --limit customer_0 \
    -e drift_report_file="$report_file" "$@")" || { echo "$out"; exit 1; }
grep -qF "orphans: not looked for, the declaration is partial (--limit customer_0 leaves out 1 host(s) that declare nets: customer_1): what it leaves out is not an orphan" <<<"$out" \
    || { echo "$out"; echo "the limited drift report does not say why it names no orphans" >&2; exit 1; }
[ "$(sim_log writes)" -eq 0 ] || { echo "$out"; echo "the drift report wrote" >&2; exit 1; }
python - "$report_file" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
assert report['orphans'] is None and report['partial'] == [
    '--limit customer_0 leaves out 1 host(s) that declare nets: customer_1'], report
assert list(report['customers']) == ['customer_0'], report
PY

# The NetBox answer as one page of 1500 prefixes.
paged="$(mktemp -d)"
trap 'rm -f "$report_file"; rm -rf "$paged"' EXIT
cp ipam/netbox.ipam.yml "$paged/paged.ipam.yml"
python - ipam/prefixes.json "$paged/prefixes.json" <<'PY'
import json, sys
answer = json.load(open(sys.argv[1]))
answer.update(count=1500, next='https://netbox.example.net/api/ipam/prefixes/?limit=3&offset=3')
json.dump(answer, open(sys.argv[2], 'w'))
PY
one_page='prune refused: the declaration is partial ('"$paged"'/prefixes.json is one page of a NetBox answer (3 of 1500 prefixes, next https://netbox.example.net/api/ipam/prefixes/?limit=3&offset=3): export with limit=0 or join the pages)'
refused "$one_page" -i "$paged/paged.ipam.yml" arin.regrws.reconcile_customers -e "$prune" "$@"
refused "$one_page" -i "$paged/paged.ipam.yml" arin.regrws.reconcile_customers --check -e "$prune" "$@"
sim_log clear
out="$(ansible-playbook -i "$paged/paged.ipam.yml" arin.regrws.drift_report "$@" 2>&1)" || { echo "$out"; exit 1; }
for expected in \
    "$paged/prefixes.json is one page of a NetBox answer (3 of 1500 prefixes" \
    "orphans: not looked for, the declaration is partial ($paged/prefixes.json is one page of a NetBox answer"; do
    grep -qF "$expected" <<<"$out" || { echo "$out"; echo "the paged drift report misses: $expected" >&2; exit 1; }
done
[ "$(sim_log writes)" -eq 0 ] || { echo "$out"; echo "the drift report wrote" >&2; exit 1; }
