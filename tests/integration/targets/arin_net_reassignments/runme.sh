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
