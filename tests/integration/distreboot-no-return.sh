#!/bin/bash
# distreboot on a real 3-member etcd cluster: a node that never comes back
# from its reboot. The cycle waits (the next node does not reboot); --cancel
# stops it; the missing node's stale heartbeat then blocks a new --reboot.
# --drop removes the heartbeat but warns that its etcd member is still listed:
# members, not heartbeats, are counted, so --reboot of the other two stays
# refused (each reboot would leave 1 of 3 members up), also after
# `etcdctl member remove` (1 of 2).
set -u
source "$(dirname "$0")/../tools/distreboot-cluster.sh"
trap cluster_cleanup EXIT
cluster_init 3
cluster_boot
[ "$failures" = 0 ] || finish

first=$(dr 1 --dry-run | sed -n 's/^reboot order: \(node[0-9]\),.*/\1/p')
n=${first#node}
touch "$DR_WORK/node$n/no-return"
out=$(dr 1 --reboot 2>&1) || fail "--reboot: $out"
rebooted() { grep -qx "reboot $first" "$DR_WORK/events.log"; }
wait_for 30 "$first to reboot" rebooted
stale() { dr "$1" | grep -Eq "^$first .* stale "; }
other=$((n % 3 + 1))
wait_for 30 "$first's heartbeat to go stale" stale "$other"
# The cycle waits for it: still first, nobody else rebooted.
out=$(dr "$other")
grep -q "^reboot: in progress: $first (rebooting)" <<<"$out" || fail "status while waiting: $out"
[ "$(cat "$DR_WORK/events.log")" = "reboot $first" ] || fail "others rebooted: $(cat "$DR_WORK/events.log")"
pass "the cycle waits for $first"

out=$(dr "$other" --cancel 2>&1)
[ "$out" = "reboot cancelled" ] || fail "--cancel: $out"
out=$(dr "$other" --reboot 2>&1)
rc=$?
[ $rc = 1 ] && grep -q "stale heartbeat: $first" <<<"$out" || fail "--reboot with $first down: exit $rc: $out"
pass "after --cancel, $first's stale heartbeat blocks --reboot"
out=$(dr "$other" --drop="$first" 2>&1)
grep -qx "dropped $first" <<<"$out" && grep -q "^warning: $first is still an etcd member (id [0-9a-f]*, down).*etcdctl member remove [0-9a-f]*$" <<<"$out" ||
    fail "--drop: $out"
echo "$first" >>"$DR_WORK/dropped"
pass "--drop warns that the member is still listed: $(tail -1 <<<"$out")"
for cmd in --dry-run --reboot; do
    out=$(dr "$other" $cmd 2>&1)
    rc=$?
    [ $rc = 1 ] && grep -q "with node[0-9] down, 1 of 3 etcd members would be up, 2 needed (down now: $first)" <<<"$out" ||
        fail "$cmd after --drop: exit $rc: $out"
done
pass "members count, not heartbeats: $(tail -1 <<<"$out")"
id=$(etcdctl --endpoints="$(node_url "$other")" member list | awk -F', ' -v n="$first" '$3 == n {print $1}')
etcdctl --endpoints="$(node_url "$other")" member remove "$id" >/dev/null || fail "etcdctl member remove $id"
out=$(dr "$other" --reboot 2>&1)
rc=$?
[ $rc = 1 ] && grep -q "1 of 2 etcd members would be up, 2 needed" <<<"$out" || fail "--reboot with 2 members: exit $rc: $out"
pass "two members cannot lose one: $out"
[ "$(cat "$DR_WORK/events.log")" = "reboot $first" ] || fail "others rebooted: $(cat "$DR_WORK/events.log")"
finish
