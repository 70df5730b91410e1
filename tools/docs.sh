#!/usr/bin/env bash
# `make docs`: the collection's HTML site, as docs.ansible.com builds collection docs:
# antsibull-docs lays out a Sphinx project (sphinx-init), then its build.sh renders every
# module and role, and every page of docs/docsite/rst listed in docs/docsite/extra-docs.yml.
# The collection comes from ANSIBLE_COLLECTIONS_PATH (`make docs` points it at build/).
#
#   tools/docs.sh DEST    writes DEST/build/html (DEST is replaced)
#
# Links into Ansible's and Python's own docs go through intersphinx; without network the
# build still succeeds and those few references stay plain text (warnings, not errors).
set -euo pipefail
dest="${1:?usage: tools/docs.sh DEST}"

rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mkdir -m 700 "$dest"   # antsibull-docs wants a directory only its owner can write
antsibull-docs sphinx-init --use-current --squash-hierarchy --lenient --fail-on-error \
    --project arin.regrws --copyright 'arin.regrws contributors' --title 'arin.regrws' \
    --dest-dir "$dest" arin.regrws >/dev/null
# Fail fast rather than hang when the inventories of other sites cannot be reached.
printf '\nintersphinx_timeout = 10\n' >>"$dest/conf.py"
bash "$dest/build.sh"
echo "The site is in $dest/build/html (open index.html)."
