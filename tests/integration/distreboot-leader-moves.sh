#!/bin/bash
# distreboot on a real 3-member etcd cluster: leadership moves mid-cycle.
# While the first node is down, leadership is moved (etcdctl move-leader) to
# the second node. When the second node's turn comes it leads: it moves
# itself to the end of the list (logged), the old leader goes before it, and
# leadership moves only once more, at the very end.
set -u
source "$(dirname "$0")/../tools/distreboot-cluster.sh"
trap cluster_cleanup EXIT
cluster_init 3
cluster_boot
[ "$failures" = 0 ] || finish

read_order
touch "$DR_WORK/$first/hold"
out=$(dr 1 --reboot 2>&1) || fail "--reboot: $out"
rebooted() { grep -qx "reboot $1" "$DR_WORK/events.log" 2>/dev/null; }
wait_for 30 "$first to reboot" rebooted "$first"
lead_with "${second#node}" && pass "leadership moved from $lead to $second while $first is down"
rm "$DR_WORK/$first/hold"

list_gone() { [ -z "$(etcdctl --endpoints="$(all_urls)" get --print-value-only /distreboot/reboot-list 2>/dev/null)" ]; }
wait_for 120 "the cycle to end" list_gone
want="reboot $first"$'\n'"reboot $lead"$'\n'"reboot $second"
[ "$(cat "$DR_WORK/events.log")" = "$want" ] || fail "reboots: $(paste -sd' ' "$DR_WORK/events.log") (expected $first $lead $second)"
grep -q "the etcd leader is now $second: moved it to the end of the reboot list: $lead, $second" "$DR_WORK/$second/daemon.log" ||
    fail "no log line on $second about moving itself to the end"
leaders=$(sed -n 's/.* leader=\([^ ]*\).*/\1/p' "$DR_WORK/reboots.log" | paste -sd' ')
[ "$leaders" = "$lead $second $second" ] || fail "leaders at each reboot: $leaders (expected $lead $second $second)"
pass "order $first, $lead, $second; leaders at each reboot: $leaders (one move by the test, one at the end)"
finish
