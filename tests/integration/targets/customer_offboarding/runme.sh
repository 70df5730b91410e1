#!/usr/bin/env bash
set -eu
source ../setup_regrws_sim/sim.sh

ansible-playbook -i inventory.yml --forks 4 playbook.yml "$@"

# The collection's playbook refuses to run unless the customers are named.
if out="$(ansible-playbook -i inventory.yml arin.regrws.offboard_customers "$@" 2>&1)"; then
    echo "$out"; echo "offboard_customers.yml ran without -e offboard or --limit" >&2; exit 1
fi
grep -q 'name the customers to offboard' <<<"$out" || { echo "$out"; exit 1; }

# Named with -e offboard: only that customer goes, with the note; a second run changes nothing.
ansible-playbook -i inventory.yml arin.regrws.offboard_customers -e offboard=garage \
    -e "offboard_message='Contract ended.'" "$@"
out="$(ansible-playbook -i inventory.yml arin.regrws.offboard_customers --limit garage "$@")" || { echo "$out"; exit 1; }
grep -q '^garage .* changed=0 ' <<<"$out" || { echo "$out"; echo "a second offboarding changed something" >&2; exit 1; }
ansible-playbook -i inventory.yml garage_check.yml "$@"
