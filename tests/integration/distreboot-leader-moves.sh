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

lead=$(leader)
order=$(dr 1 --dry-run | sed -n 's/^reboot order: //p')
first=${order%%,*}
second=$(cut -d' ' -f2 <<<"${order//,/}")
touch "$DR_WORK/$first/hold"
out=$(dr 1 --reboot 2>&1) || fail "--reboot: $out"
rebooted() { grep -qx "reboot $1" "$DR_WORK/events.log" 2>/dev/null; }
wait_for 30 "$first to reboot" rebooted "$first"
second_leads() {
    [ "$(leader)" = "$second" ] && return 0
    id=$(etcdctl --endpoints="$(node_url "${second#node}")" member list | awk -F', ' -v n="$second" '$3 == n {print $1}')
    etcdctl --endpoints="$(node_url "${second#node}"),$(node_url "${lead#node}")" move-leader "$id" >/dev/null 2>&1
    sleep 0.5
    [ "$(leader)" = "$second" ]
}
wait_for 30 "leadership to move to $second" second_leads && pass "leadership moved from $lead to $second while $first is down"
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
