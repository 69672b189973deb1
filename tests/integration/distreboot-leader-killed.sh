#!/bin/bash
# distreboot on a real 3-member etcd cluster: the leader's etcd member is
# killed (SIGKILL) while the first node reboots. The other two members elect
# a new leader and the cycle goes on; the killed node's daemon waits for its
# member, and when the member is back the node takes its turn, last (it is
# killed while the first node is down, so the cluster has no quorum until
# that node is back: the cycle must wait through that as well). Each
# node reboots once, in the planned order, and the list is gone at the end.
set -u
source "$(dirname "$0")/../tools/distreboot-cluster.sh"
trap cluster_cleanup EXIT
cluster_init 3
cluster_boot
[ "$failures" = 0 ] || finish

lead=$(leader)
order=$(dr 1 --dry-run | sed -n 's/^reboot order: //p')
first=${order%%,*}
[ "${order##*, }" = "$lead" ] || fail "the leader $lead is not last in $order"
touch "$DR_WORK/$first/hold"  # $first stays down until the test lets it come back
out=$(dr 1 --reboot 2>&1) || fail "--reboot: $out"
rebooted() { grep -qx "reboot $1" "$DR_WORK/events.log" 2>/dev/null; }
wait_for 30 "$first to reboot" rebooted "$first"

# With $first down too, one member is left: no quorum until $first is back.
etcd_stop "${lead#node}" KILL
rm "$DR_WORK/$first/hold"
new_leader() { l=$(leader); [ -n "$l" ] && [ "$l" != "$lead" ]; }
wait_for 60 "a new leader once $first is back" new_leader && pass "killed $lead's member; new leader $l"

second=$(cut -d' ' -f2 <<<"${order//,/}")
wait_for 120 "$second to reboot" rebooted "$second"
# The killed node is next, but its daemon cannot see etcd: the cycle waits for it.
waits_for_leader() { dr "${first#node}" | grep -q "^reboot: in progress: $lead (rebooting)"; }
wait_for 120 "the list to reach $lead" waits_for_leader && pass "the cycle waits for $lead"
rebooted "$lead" && fail "$lead rebooted without its etcd member"

etcd_start "${lead#node}" || fail "starting $lead's member again"
list_gone() { [ -z "$(etcdctl --endpoints="$(all_urls)" get --print-value-only /distreboot/reboot-list 2>/dev/null)" ]; }
wait_for 180 "the cycle to end" list_gone
want="reboot $first"$'\n'"reboot $second"$'\n'"reboot $lead"
[ "$(cat "$DR_WORK/events.log")" = "$want" ] || fail "reboots: $(cat "$DR_WORK/events.log")"
pass "each node rebooted once, in order: $order"
finish
