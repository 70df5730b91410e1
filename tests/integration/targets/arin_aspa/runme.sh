#!/usr/bin/env bash
set -eu
source ../setup_regrws_sim/sim.sh
ansible-playbook -i localhost, playbook.yml "$@"
