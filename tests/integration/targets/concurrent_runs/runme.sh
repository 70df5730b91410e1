#!/usr/bin/env bash
# Four runs of one playbook at once, with the writes slowed down by the simulator, must
# create one POC and add one ticket message (runs on one host share the journal).
set -eu
source ../setup_regrws_sim/sim.sh
ansible-playbook -i localhost, arm.yml "$@"
LOGS="$(mktemp -d)"
trap 'sim_stop; rm -rf "$LOGS"' EXIT
pids=()
for run in 1 2 3 4; do
    ansible-playbook -i localhost, race.yml "$@" >"$LOGS/$run.log" 2>&1 &
    pids+=("$!")
done
for pid in "${pids[@]}"; do
    wait "$pid" || true  # a run that found the create in progress fails by design; verify.yml judges
done
cat "$LOGS"/*.log >"$LOGS/all"
ansible-playbook -i localhost, verify.yml -e "race_logs=$LOGS/all" "$@"
