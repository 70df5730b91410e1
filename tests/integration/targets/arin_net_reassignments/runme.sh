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
