#!/usr/bin/env bash
set -eu
source ../setup_regrws_sim/sim.sh
ansible-playbook -i localhost, playbook.yml "$@"

# The key must not show in the most verbose output, in either transport.
for transport in header query; do
    out="$(ARIN_API_KEY_TRANSPORT=$transport ansible-playbook -i localhost, -vvvv verbose.yml 2>&1)" || { echo "$out"; exit 1; }
    if grep -q "$ARIN_API_KEY" <<<"$out"; then
        echo "the API key appears in -vvvv output ($transport transport)" >&2
        exit 1
    fi
    grep -q 'NOC1-ARIN' <<<"$out"
done
