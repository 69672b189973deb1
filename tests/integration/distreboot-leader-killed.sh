#!/bin/bash
# distreboot on a real 3-member etcd cluster: the leader's etcd member is
# killed (SIGKILL) while the first node is down. When the first node is back
# the cluster is in quorum again (2 of 3 members), but the second node's
# reboot would leave 1 of 3: it must wait, say why in the status and the log,
# and go on only once the killed member is back. Then the new leader (elected
# during the fault) goes last. Each node reboots once; the invariants are
# checked at every reboot (check_invariants).
set -u
source "$(dirname "$0")/../tools/distreboot-cluster.sh"
trap cluster_cleanup EXIT
cluster_init 3
cluster_boot
[ "$failures" = 0 ] || finish

read_order
[ "${order##*, }" = "$lead" ] || fail "the leader $lead is not last in $order"
touch "$DR_WORK/$first/hold"  # $first stays down until the test lets it come back
out=$(dr 1 --reboot 2>&1) || fail "--reboot: $out"
rebooted() { grep -qx "reboot $1" "$DR_WORK/events.log" 2>/dev/null; }
wait_for 30 "$first to reboot" rebooted "$first"

# With $first down too, one member is left: no quorum until $first's member is back.
etcd_stop "${lead#node}" KILL
touch "$DR_WORK/$first/hold-daemon"
rm "$DR_WORK/$first/hold"
new_leader() { l=$(leader); [ -n "$l" ] && [ "$l" != "$lead" ]; }
wait_for 60 "a new leader once $first's member is back" new_leader && pass "killed $lead's member; new leader $l"
# If $second led, it would go last (finding 6, tested apart): lead with $first, so that $second's turn comes now.
lead_with "${first#node}"
rm "$DR_WORK/$first/hold-daemon"

# $first is back and leaves the list; $second must not go down with $lead's member down.
second_head() { dr "${first#node}" | grep -q "^reboot: in progress: $second (waiting: .*1 of 3 etcd members would be up"; }
wait_for 60 "$second to wait for $lead's member" second_head && pass "$second waits: $(dr "${first#node}" | sed -n 's/^reboot: //p')"
grep -q "waiting before this node's reboot: .*1 of 3 etcd members would be up, 2 needed (down now: $lead)" \
    "$DR_WORK/$second/daemon.log" || fail "no log line on $second saying why it waits"
sleep 5
rebooted "$second" && fail "$second rebooted while $lead's member was down"

etcd_start "${lead#node}" || fail "starting $lead's member again"
list_gone() { [ -z "$(etcdctl --endpoints="$(all_urls)" get --print-value-only /distreboot/reboot-list 2>/dev/null)" ]; }
wait_for 180 "the cycle to end" list_gone
for n in node1 node2 node3; do
    [ "$(grep -cx "reboot $n" "$DR_WORK/events.log")" = 1 ] || fail "$n rebooted $(grep -cx "reboot $n" "$DR_WORK/events.log") times"
done
[ "$(head -1 "$DR_WORK/events.log")" = "reboot $first" ] || fail "first reboot: $(head -1 "$DR_WORK/events.log")"
[ "$(sed -n 2p "$DR_WORK/events.log")" = "reboot $second" ] || fail "second reboot: $(sed -n 2p "$DR_WORK/events.log")"
pass "each node rebooted once: $(paste -sd' ' "$DR_WORK/events.log" | sed 's/reboot //g')"
finish
