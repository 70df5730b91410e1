#!/usr/bin/env bash
set -eu
source ../setup_regrws_sim/sim.sh

# Validation, check mode, apply, rerun, with the request log as evidence.
ansible-playbook -i inventory.yml --forks 4 validation.yml "$@"
ansible-playbook -i inventory.yml --forks 4 playbook.yml "$@"

# The collection's playbook, run again: every host of the PLAY RECAP says changed=0.
out="$(ansible-playbook -i inventory.yml --forks 4 arin.regrws.onboard_customers "$@")" || { echo "$out"; exit 1; }
recap="$(sed -n '/^PLAY RECAP/,$p' <<<"$out")"
[ "$(grep -c ' changed=0 ' <<<"$recap")" -eq 4 ] || { echo "$out"; echo "a rerun changed something" >&2; exit 1; }

# Drift: a change made behind the playbook's back shows in the report; nothing is written.
ansible-playbook -i inventory.yml drift_prepare.yml "$@"
out="$(ansible-playbook -i inventory.yml --forks 4 arin.regrws.drift_report "$@")" || { echo "$out"; exit 1; }
report="$(sed -n '/^PLAY \[Report the drift\]/,$p' <<<"$out")"
for expected in \
    'simple (Example Bakery): 1 of 2 nets differ' \
    '192.0.2.64/26 (NET-192-0-2-64-1): comments [\"Changed by hand\"] at ARIN, [\"Bakery head office\"] declared' \
    'private (Example Florist): in sync with ARIN' \
    'detailed (WIDGETS-1): in sync with ARIN' \
    'realloc (WIDGETS-1): in sync with ARIN'; do
    grep -qF "$expected" <<<"$report" || { echo "$out"; echo "the drift report misses: $expected" >&2; exit 1; }
done
ansible-playbook -i inventory.yml drift_check.yml "$@"

# A failure on the second net, then a rerun that completes without duplicates.
ansible-playbook -i midway.yml fail_midway.yml "$@"
