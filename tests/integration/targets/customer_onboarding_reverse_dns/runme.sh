#!/usr/bin/env bash
set -eu
source ../setup_regrws_sim/sim.sh

# Check mode, apply, rerun; the request log and ARIN's state are the evidence.
ansible-playbook -i inventory.yml playbook.yml "$@"

# Reverse DNS changed behind the playbook's back shows in the drift report; nothing is written.
ansible-playbook -i inventory.yml drift_prepare.yml "$@"
out="$(ansible-playbook -i inventory.yml arin.regrws.drift_report "$@")" || { echo "$out"; exit 1; }
report="$(sed -n '/^PLAY \[Report the drift\]/,$p' <<<"$out")"
for expected in \
    'widgets (WIDGETS-1): nets in sync, reverse DNS differs' \
    '2001:db8:1000::/36 reverse DNS: 1.8.b.d.0.1.0.0.2.ip6.arpa. nameservers [\"NS1.WIDGETS.EXAMPLE\", \"NS9.WIDGETS.EXAMPLE\"] at ARIN, [\"NS1.WIDGETS.EXAMPLE\", \"NS2.WIDGETS.EXAMPLE\"] declared'; do
    grep -qF "$expected" <<<"$report" || { echo "$out"; echo "the drift report misses: $expected" >&2; exit 1; }
done
