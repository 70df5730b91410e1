#!/usr/bin/env bash
set -eu
source ../setup_regrws_sim/sim.sh

# The collection's playbook over two tickets: the seeded one ARIN has resolved, and an org
# request ARIN is still working on. check_followup.py reads each run's output and the
# simulator's request log: dry run, real run, rerun.
ansible-playbook -i localhost, prepare.yml "$@"
out="$(mktemp)"
trap 'kill "$SIM_PID" 2>/dev/null; rm -f "$SIM_OUT" "$out"; rm -rf "$SIM_JOURNAL_DIR"' EXIT
for run in check apply rerun; do
    flags=()
    [ "$run" = check ] && flags=(--check)
    ansible-playbook -i localhost, arin.regrws.ticket_followup "${flags[@]}" "$@" >"$out" || { cat "$out"; exit 1; }
    "$SIM_PYTHON" check_followup.py "$run" "$out"
done
