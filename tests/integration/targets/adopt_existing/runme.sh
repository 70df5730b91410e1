#!/usr/bin/env bash
# Adopt what ARIN holds into an inventory file, then prove the round trip: reconcile on it
# writes nothing and a prune under the same parents removes nothing. The evidence is the
# simulator's request log: adopting reads at the floor and never writes.
set -eu
source ../setup_regrws_sim/sim.sh
PY="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python}"
work="$(mktemp -d)"
trap 'sim_stop; rm -rf "$work"' EXIT
adopted="$work/adopted.yml"
parents='{"adopt_parents": ["NET-192-0-2-0-1", "2001:db8::/32"]}'

fail() { echo "$out"; echo "$1" >&2; exit 1; }
expect() { grep -qF -- "$1" <<<"$out" || fail "the output misses: $1"; }
no_writes() { [ -z "$("$PY" log.py writes)" ] || { "$PY" log.py writes; fail "$1 wrote to ARIN"; }; }
recap_unchanged() { ! sed -n '/^PLAY RECAP/,$p' <<<"$out" | grep -q ' changed=[1-9]' || fail "$1 changed something"; }

ansible-playbook -i localhost, seed.yml "$@"

# The floor: the v4 parent given by handle (its read, then its listing), the v6 one by
# prefix (its listing), the list of open tickets (none is a SWIP or removal request), and
# one read per customer record of a simple reassignment (four; orgs are not read).
floor='/rest/net/NET-192-0-2-0-1
/rest/net/netsByIpRange/192.0.2.0/192.0.2.255
/rest/net/netsByIpRange/2001:db8::/2001:db8:ffff:ffff:ffff:ffff:ffff:ffff
/rest/ticket/summary;ticketType=ANY;ticketStatus=ANY_OPEN'
reads_at_floor() {
    got="$("$PY" log.py reads)"
    [ "$(head -n 4 <<<"$got")" = "$floor" ] || { echo "$got"; fail "$1: not the listing and ticket reads expected"; }
    [ "$(tail -n +5 <<<"$got" | grep -c '^/rest/customer/C[0-9]*$')" -eq "$2" ] && [ "$(wc -l <<<"$got")" -eq $((4 + $2)) ] \
        || { echo "$got"; fail "$1: not one read per customer ($2)"; }
}

# Check mode: the reads only, and no file.
"$PY" log.py clear
out="$(ansible-playbook arin.regrws.adopt_existing --check -e "$parents" -e adopt_output="$adopted" "$@")" || fail 'check mode failed'
[ ! -e "$adopted" ] || fail 'check mode wrote the file'
expect "Would write $adopted: 6 net(s) as rows in 4 host(s), 0 as comments"
no_writes 'check mode'
reads_at_floor 'check mode' 4

# For real: the same reads, and the file.
"$PY" log.py clear
out="$(ansible-playbook arin.regrws.adopt_existing -e "$parents" -e adopt_output="$adopted" "$@")" || fail 'adopt failed'
expect "Wrote $adopted: 6 net(s) as rows in 4 host(s), 0 as comments"
no_writes 'adopt'
reads_at_floor 'adopt' 4
"$PY" - "$adopted" <<'PY'
import sys
import yaml
rows = yaml.safe_load(open(sys.argv[1]))
by_prefix = dict((row['prefix'], row) for row in rows)
assert sorted(by_prefix) == ['192.0.2.0/28', '192.0.2.128/26', '192.0.2.32/27', '192.0.2.64/26',
                             '2001:db8:1000::/48', '2001:db8:2000::/40'], sorted(by_prefix)
assert by_prefix['192.0.2.64/26'] == {
    'customer': 'Example Bakery', 'prefix': '192.0.2.64/26', 'net_name': 'BAKERY-V4',
    'parent_net_handle': 'NET-192-0-2-0-1', 'comments': ['Bakery head office'], 'abuse_poc': 'ABUSE1-ARIN',
    'noc_poc': 'NOC1-ARIN', 'street_address': ['12 Sample Road'], 'city': 'Anytown', 'region': 'VA',
    'postal_code': '22000', 'country': 'US'}, by_prefix['192.0.2.64/26']
assert by_prefix['192.0.2.0/28']['host'] == 'example_bakery_2' and by_prefix['192.0.2.0/28']['city'] == 'Oldtown'
florist = by_prefix['192.0.2.32/27']
assert florist['private'] is True and florist['customer_comments'] == ['Shops since 2019'], florist
assert by_prefix['2001:db8:2000::/40']['type'] == 'reallocate' and by_prefix['2001:db8:2000::/40']['org_handle'] == 'WIDGETS-1'
assert by_prefix['192.0.2.128/26']['tech_poc'] == 'WIDGET1-ARIN'
PY
grep -q 'ELSEWHERE\|WIDGETS-SITE' "$adopted" && fail 'the file holds a net that is not directly under the parents'

# An existing file is kept: refused before any request, the file untouched.
before="$(cksum <"$adopted")"
"$PY" log.py clear
out="$(ansible-playbook arin.regrws.adopt_existing -e "$parents" -e adopt_output="$adopted" "$@")" && fail 'an existing file was overwritten'
expect "$adopted exists: give -e adopt_force=true to overwrite it, or another adopt_output"
[ "$(cksum <"$adopted")" = "$before" ] || fail 'the refused run changed the file'
[ -z "$("$PY" log.py reads)" ] || fail 'the refused run made requests'
# With adopt_force and nothing new at ARIN, the file stays as it is.
out="$(ansible-playbook arin.regrws.adopt_existing -e "$parents" -e adopt_output="$adopted" -e adopt_force=true "$@")" \
    || fail 'adopt with adopt_force failed'
expect "Unchanged: $adopted"
recap_unchanged 'a second adopt'

# Bad input: one line, before any request.
"$PY" log.py clear
out="$(ansible-playbook arin.regrws.adopt_existing -e adopt_output="$work/x.yml" "$@")" && fail 'no parents was accepted'
expect 'adopt_parents: give the parent nets (handles or prefixes)'
out="$(ansible-playbook arin.regrws.adopt_existing -e "$parents" -e adopt_output="$work/x.csv" "$@")" && fail 'a .csv output was accepted'
expect 'adopt_output: give the file to write, ending in .yml or .yaml'
out="$(ansible-playbook arin.regrws.adopt_existing -e adopt_parents=NET-192-0-2-0-1 -e adopt_output="$work/none/x.yml" "$@")" \
    && fail 'a missing directory was accepted'
expect "$work/none is not a directory"
[ -z "$("$PY" log.py reads)" ] || fail 'bad input made requests'

# The round trip, through the inventory config the file's header gives.
sed -n 's/^#   //p' "$adopted" >"$work/adopted.ipam.yml"
grep -qx 'path: adopted.yml' "$work/adopted.ipam.yml" || fail 'the header gives no inventory config'
"$PY" log.py clear
out="$(ansible-playbook -i "$work/adopted.ipam.yml" arin.regrws.reconcile_customers --check "$@")" || fail 'reconcile --check failed'
expect '"6 nets: 6 unchanged (check mode: nothing was written)"'
out="$(ansible-playbook -i "$work/adopted.ipam.yml" arin.regrws.reconcile_customers "$@")" || fail 'reconcile failed'
expect '"6 nets: 6 unchanged"'
recap_unchanged 'reconcile on the adopted file'
# prune_limit=0: a single orphan would fail the task; the count line would name any removal.
out="$(ansible-playbook -i "$work/adopted.ipam.yml" arin.regrws.reconcile_customers \
    -e swip_prune=true -e swip_prune_limit=0 "$@")" || fail 'prune under the same parents refused to run'
expect '"6 nets: 6 unchanged"'
recap_unchanged 'prune under the same parents'
no_writes 'reconcile and prune on the adopted file'

# Requests ARIN is still working on, and customers the key cannot read, become comments.
ansible-playbook -i localhost, tickets.yml "$@"
"$PY" log.py clear
out="$(ansible-playbook arin.regrws.adopt_existing -e "$parents" -e adopt_output="$adopted" -e adopt_force=true "$@")" \
    || fail 'adopt with open requests failed'
expect "Wrote $adopted: 5 net(s) as rows in 4 host(s), 1 as comments, 1 open request(s) noted"
expect '  - 2001:db8:2000::/40 (NET6-2001-DB8-2000-1): ARIN is removing it under ticket '
expect '  - 192.0.2.192/26: requested in ticket '
no_writes 'adopt with open requests'
# The floor, plus a read of each open request's ticket.
[ "$("$PY" log.py reads | grep -c '^/rest/ticket/[0-9]*-X[0-9]*$')" -eq 2 ] || fail 'not one read per open request'
grep -q '^# - org_handle: WIDGETS-1$' "$adopted" || fail 'the net being removed is not written as a commented-out row'
out="$(ansible-playbook -i "$work/adopted.ipam.yml" arin.regrws.reconcile_customers "$@")" || fail 'reconcile failed'
expect '"5 nets: 5 unchanged"'
no_writes 'reconcile with open requests'

# A key whose user has no authority over the customers (the downstream org's): their
# nets are written as comments, the detailed reassignment to the org as a row.
out="$(ARIN_API_KEY=API-5555-6666-7777-8888 ansible-playbook arin.regrws.adopt_existing \
    -e '{"adopt_parents": ["192.0.2.0/24"]}' -e adopt_output="$work/widgets.yml" "$@")" || fail 'adopt with another key failed'
expect "Wrote $work/widgets.yml: 1 net(s) as rows in 1 host(s), 3 as comments"
expect '  - 192.0.2.64/26 (NET-192-0-2-64-1): its customer C'
expect 'cannot be read: the key has no authority over it (HTTP 401); add the customer and its address to the row'
