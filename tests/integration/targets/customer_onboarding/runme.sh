#!/usr/bin/env bash
set -eu
source ../setup_regrws_sim/sim.sh

# Validation, check mode, apply, rerun, with the request log as evidence.
ansible-playbook -i inventory.yml --forks 4 validation.yml "$@"

# What a person reads at default verbosity: one line per net, the counts of each customer
# and of the run, never None. ($1: the output; then the lines expected in it.)
expect_lines() {
    local output="$1"
    shift
    for expected in "$@"; do
        grep -qF -- "$expected" <<<"$output" || { echo "$output"; echo "the output misses: $expected" >&2; exit 1; }
    done
    if grep -q 'None' <<<"$output"; then echo "$output"; echo "the output says None" >&2; exit 1; fi
}
out="$(ansible-playbook -i inventory.yml --forks 4 arin.regrws.onboard_customers --check "$@")" || { echo "$out"; exit 1; }
expect_lines "$out" \
    '"+ 192.0.2.64/26 BAKERY-V4 (new)",' \
    '"+ 2001:db8:1000::/48 bakery-v6 (new)",' \
    '"Example Bakery: 2 nets: 2 created (check mode: nothing was written)"' \
    '"Example Florist: 1 net: 1 created (check mode: nothing was written)"' \
    '"WIDGETS-1: 2 nets: 2 created (check mode: nothing was written)"' \
    '"msg": "4 customers, 6 nets: 6 created (check mode: nothing was written)"'
# Six net lines, four customer lines, one run line, and not the results themselves.
[ "$(grep -cE '^ *"\+ ' <<<"$out")" -eq 6 ] || { echo "$out"; echo "not one line per net" >&2; exit 1; }
[ "$(grep -cE '^ *"[^"]+: [0-9]+ nets?: ' <<<"$out")" -eq 4 ] || { echo "$out"; echo "not one line per customer" >&2; exit 1; }
[ "$(grep -cE '"msg": "[0-9]+ customers?, ' <<<"$out")" -eq 1 ] || { echo "$out"; echo "not one line for the run" >&2; exit 1; }
[ "$(wc -l <<<"$out")" -lt 150 ] || { echo "$out"; echo "the dry run printed $(wc -l <<<"$out") lines" >&2; exit 1; }
# From -v on, every result is shown in full. The concurrency of -e (a string of digits) reaches the module.
out="$(ansible-playbook -i inventory.yml arin.regrws.onboard_customers --check --limit simple -v \
    -e customer_onboarding_concurrency=2 "$@")" || { echo "$out"; exit 1; }
grep -qF '"failed_nets": []' <<<"$out" || { echo "$out"; echo "-v does not show the whole result" >&2; exit 1; }
if out="$(ansible-playbook -i inventory.yml arin.regrws.onboard_customers --check --limit simple \
    -e customer_onboarding_concurrency=0 "$@")"; then echo "$out"; echo "concurrency 0 was taken" >&2; exit 1; fi
expect_lines "$out" 'concurrency must be between 1 and 64, not 0'

ansible-playbook -i inventory.yml --forks 4 playbook.yml "$@"

# The collection's playbook, run again: every host of the PLAY RECAP says changed=0.
out="$(ansible-playbook -i inventory.yml --forks 4 arin.regrws.onboard_customers "$@")" || { echo "$out"; exit 1; }
recap="$(sed -n '/^PLAY RECAP/,$p' <<<"$out")"
[ "$(grep -c ' changed=0 ' <<<"$recap")" -eq 4 ] || { echo "$out"; echo "a rerun changed something" >&2; exit 1; }
expect_lines "$out" '"Example Bakery: 2 nets: 2 unchanged"' '"msg": "4 customers, 6 nets: 6 unchanged"'
if grep -qE '^ *"[-+~!?] ' <<<"$out"; then echo "$out"; echo "a rerun printed a net line" >&2; exit 1; fi

# Drift: a change made behind the playbook's back shows in the report; nothing is written.
ansible-playbook -i inventory.yml drift_prepare.yml "$@"
# The changed field, on the net's line and in the diff alike.
out="$(ansible-playbook -i inventory.yml arin.regrws.onboard_customers --check --diff --limit simple "$@")" || { echo "$out"; exit 1; }
changed='~ 192.0.2.64/26 BAKERY-V4 (NET-192-0-2-64-1) comments: ["Changed by hand"] -> ["Bakery head office"]'
expect_lines "$out" '"Example Bakery: 2 nets: 1 updated, 1 unchanged (check mode: nothing was written)"' \
    '"msg": "1 customer, 2 nets: 1 updated, 1 unchanged (check mode: nothing was written)"'
grep -qxF "$changed" <<<"$out" || { echo "$out"; echo "the diff misses: $changed" >&2; exit 1; }
expect_lines "$out" '"~ 192.0.2.64/26 BAKERY-V4 (NET-192-0-2-64-1) comments: [\"Changed by hand\"] -> [\"Bakery head office\"]",'
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

# A failure on the second net, then a rerun that completes without duplicates. ARIN's
# error is printed once, on the net's line.
out="$(ansible-playbook -i midway.yml fail_midway.yml "$@")" || { echo "$out"; exit 1; }
expect_lines "$out" '"! 192.0.2.32/27 GARAGE-B: reassign from net/NET-192-0-2-0-1: HTTP 500' \
    '"Example Garage: 3 nets: 2 created, 1 failed"' '"Example Garage: 3 nets: 1 created, 2 unchanged"'
[ "$(grep -o 'HTTP 500' <<<"$out" | wc -l)" -eq 1 ] || { echo "$out"; echo "the error is not said once" >&2; exit 1; }
