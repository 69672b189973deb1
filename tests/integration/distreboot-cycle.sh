#!/bin/bash
# distreboot: a full rolling reboot of three nodes on a real 3-member etcd
# cluster. Each node's rebootcmd is a harmless script that stops the node's
# daemon and etcd member and starts them again (tests/tools/distreboot-node).
# Checks the status, --dry-run, --reboot with the pre/post hooks, a second
# --reboot refused during the cycle, the order (leader last), one leadership
# change, and the list gone at the end.
set -u
source "$(dirname "$0")/../tools/distreboot-cluster.sh"
trap cluster_cleanup EXIT
cluster_init 3
for i in 1 2 3; do
    cat >>"$DR_WORK/node$i/distreboot.properties" <<EOT
prerebootcmd=echo "pre \$DISTREBOOT_NODE" >>$DR_WORK/events.log
postrebootcmd=echo "post \$DISTREBOOT_NODE" >>$DR_WORK/events.log
EOT
done
cluster_boot
[ "$failures" = 0 ] || finish

# Status: connected, every node with its expiry, no reboot.
lead=$(leader)
for i in 1 2 3; do
    wait_for 30 "node$i sees every heartbeat" heartbeats_shown "$i"
    out=$(dr "$i" 2>&1)
    rc=$?
    [ $rc = 0 ] || fail "status on node$i: exit $rc"
    if [ "node$i" = "$lead" ]; then role="(leader)"; else role="(follower; leader is $lead)"; fi
    grep -qF "node node$i: connected to etcd member node$i at $(node_url "$i") $role" <<<"$out" ||
        fail "status on node$i: connection line: $out"
    grep -qx "reboot: none in progress" <<<"$out" || fail "status on node$i: reboot line: $out"
    for j in 1 2 3; do
        grep -Eq "^node$j +20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC \(in [0-9]+s\) +ok +no\$" <<<"$out" ||
            fail "status on node$i: no fresh heartbeat line for node$j: $out"
    done
done
pass "status on every node"

# --dry-run: the others by name, the leader last.
expected=$(printf '%s\n' node1 node2 node3 | grep -vx "$lead" | paste -sd' ')
expected="${expected// /, }, $lead"
out=$(dr 1 --dry-run 2>&1)
rc=$?
[ $rc = 0 ] && [ "$out" = "reboot order: $expected" ] || fail "--dry-run: exit $rc: $out (expected $expected)"
[ ! -e "$DR_WORK/events.log" ] || fail "--dry-run ran something"
pass "--dry-run: $expected"

# --reboot, then a second one refused while the first runs.
start=$(date +%s.%N)
out=$(dr 2 --reboot 2>&1)
rc=$?
[ $rc = 0 ] && [ "$out" = "reboot started: $expected" ] || fail "--reboot: exit $rc: $out"
out=$(dr 3 2>&1)
grep -q "^reboot: in progress: " <<<"$out" || fail "status during the cycle: $out"
out=$(dr 3 --reboot 2>&1)
rc=$?
[ $rc = 1 ] && grep -q "reboot refused: a reboot is already in progress: " <<<"$out" ||
    fail "second --reboot: exit $rc: $out"
pass "a second --reboot is refused: $out"

list_gone() { [ -z "$(etcdctl --endpoints="$(all_urls)" get --print-value-only /distreboot/reboot-list)" ]; }
wait_for 180 "the reboot cycle to end (reboot list gone)" list_gone
end=$(date +%s.%N)
echo "measured: the three-node cycle took $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}') s (DR_PAUSE=${DR_PAUSE:-1} s down per node)"

# One node at a time, each with its hooks, in the planned order.
want=""
for n in ${expected//,/}; do want+="pre $n"$'\n'"reboot $n"$'\n'"post $n"$'\n'; done
got=$(cat "$DR_WORK/events.log" 2>/dev/null)
[ "$got"$'\n' = "$want" ] || fail "events: got
$got
expected
$want"
pass "each node ran prerebootcmd, rebootcmd, postrebootcmd once, in order"

# The leader was the same at every reboot and changed once, when it rebooted last.
leaders=$(sed -n 's/.* leader=\([^ ]*\).*/\1/p' "$DR_WORK/reboots.log" | sort -u)
[ "$leaders" = "$lead" ] || fail "the leader changed before the last reboot: $(cat "$DR_WORK/reboots.log")"
wait_for 30 "a leader after the cycle" has_leader
after=$(leader)
[ -n "$after" ] && [ "$after" != "$lead" ] || fail "leader after the cycle: '$after' (was $lead)"
pass "one leadership change: $lead -> $after"

for i in 1 2 3; do
    wait_for 30 "node$i back with every heartbeat" heartbeats_shown "$i"
    out=$(dr "$i" 2>&1)
    grep -qx "reboot: none in progress" <<<"$out" || fail "status on node$i after the cycle: $out"
done
pass "the list is gone and every node is back"
finish
