#!/bin/bash
# distreboot on a real 3-member etcd cluster: a node that never comes back
# from its reboot. The cycle waits (the next node does not reboot); --cancel
# stops it; the missing node's stale heartbeat then blocks a new --reboot
# until --drop removes it.
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
[ "$out" = "dropped $first" ] || fail "--drop: $out"
out=$(dr "$other" --dry-run 2>&1)
rc=$?
[ $rc = 0 ] && ! grep -q "$first" <<<"$out" || fail "--dry-run after --drop: exit $rc: $out"
pass "--drop lets a reboot of the others go ahead: $out"
[ "$(cat "$DR_WORK/events.log")" = "reboot $first" ] || fail "others rebooted: $(cat "$DR_WORK/events.log")"
finish
