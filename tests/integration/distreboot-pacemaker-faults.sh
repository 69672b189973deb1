#!/bin/bash
# distreboot's pacemaker engine under faults, on a real three-node corosync 3 +
# pacemaker 2.1 cluster (tests/tools/distreboot-pcmk-node, distreboot-pcmk.sh):
#
# 0. A daemon killed with SIGKILL while its node stays in the cluster is stale
#    at once (corosync's process group), and --reboot is refused.
# 1. Quorum lost at the moment a node acts: the head is drained and runs its
#    prerebootcmd while its link goes down (its partition: 1 of 3 votes). It
#    must not reboot, must say why, and goes on once it is back in the cluster.
# 2. The DC's node crashes mid-cycle (while the first node is down): nothing
#    reboots while a node is missing; once it is back the cycle goes on and
#    ends with every node rebooted once by the cycle.
# 3. A node that never returns: the cycle stops there, nothing else reboots,
#    the status shows it; --cancel ends the cycle; --reboot is refused while
#    the node is away, also after --drop (its quorum vote still counts).
# 3b. --cancel while the head, back from its reboot, runs its postrebootcmd:
#    either the daemon saw the cancel before the command ended and writes
#    nothing, or its removal from the list (a compare-and-swap) loses; which
#    one depends on when its 500 ms list watch looks. The list stays gone.
# 4. A resource that fails to stop during the drain: the cycle halts at that
#    node with a clear status, notifycmd hears of the halt, nothing reboots.
# ok always succeeds, so "test && ok || fail" is an if-then-else here
# shellcheck disable=SC2015
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/tools/pcmk-nodes.sh
. "$root/tests/tools/pcmk-nodes.sh"
cluster_test distreboot-pacemaker-faults 3 "$@"
# shellcheck source=tests/tools/distreboot-pcmk.sh
. "$root/tests/tools/distreboot-pcmk.sh"
[ -x "$dr_bin" ] || { fail "$dr_bin is not built"; exit 1; }
section() { echo "$* (at ${SECONDS}s)"; }
trap 'stop_sampler; cluster_test_cleanup' EXIT
for i in 1 2 3; do
    # prerebootcmd waits while WORK/NODE.hold-pre exists, postrebootcmd while WORK/NODE.hold-post does
    dr_properties "$i" "prerebootcmd=while [ -e $work/\$DISTREBOOT_NODE.hold-pre ]; do sleep 0.2; done" \
        "postrebootcmd=while [ -e $work/\$DISTREBOOT_NODE.hold-post ]; do sleep 0.2; done" \
        "notifycmd=echo \"\$DISTREBOOT_EVENT \$DISTREBOOT_NODE \$DISTREBOOT_DETAIL\" >>$work/notify.log"
done
num() { echo "${1#node}"; }
logged() { grep -q "$2" "$work/$1/daemon.log"; }
rebooted() { grep -q " reboot $1\$" "$work/events.log"; }
order_now() { dr "$1" --dry-run 2>/dev/null | sed -n 's/^reboot order: //p'; }

section "-- 0. three nodes, resources, a daemon on each"
pcmk_up 1 2 3 || exit 1
add_resources || fail "cannot add the resources"
resources_started

section "-- 0b. a daemon killed (SIGKILL) while its node stays in the cluster"
t0=$(date +%s.%N)
node_on 2 pkill -KILL -x distreboot
stale2() { dr 1 | grep -Eq "^node2 +.* stale "; }
wait_until 30 "node2 stale after its daemon was killed" stale2 &&
    ok "stale $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s after the kill (corosync dropped it from the daemons' group): $(dr 1 | grep '^node2 ')"
out=$(dr 1 --reboot 2>&1)
[ $? = 1 ] && grep -q "stale heartbeat: node2" <<<"$out" && ok "--reboot refused: $(head -1 <<<"$out")" || fail "--reboot with node2's daemon killed: $out"
node_on 2 "$pcmk_node" daemon node2 "$work"
wait_until 30 "node2's daemon alive again" all_alive 1 node1 node2 node3 && ok "restarted, node2's daemon is alive again"

section "-- 1. quorum lost while the head runs its prerebootcmd"
order=$(order_now 1)
first=${order%%,*}
n=$(num "$first")
touch "$work/$first.hold-pre"
dr 1 --reboot >/dev/null || fail "--reboot: $(dr 1 --reboot 2>&1)"
wait_until 60 "$first to run its prerebootcmd (drained)" logged "$first" "running prerebootcmd"
node_isolate "$n"
no_quorum() { node_on "$n" crm_mon -1 2>/dev/null | grep -q "partition WITHOUT quorum"; }
wait_until 60 "$first to lose quorum" no_quorum
rm -f "$work/$first.hold-pre"
waits() { logged "$first" "waiting before this node's reboot: .*no quorum"; }
wait_until 30 "$first to wait for quorum" waits &&
    ok "$first waits: $(grep -o "waiting before this node's reboot: .*" "$work/$first/daemon.log" | head -1)"
sleep 5
! rebooted "$first" && ok "$first did not reboot without quorum (5 s after its prerebootcmd ended)" ||
    fail "$first rebooted without quorum"
ip link set "vnode$n" up
wait_until 200 "the cycle to end after $first is back" list_gone
rebooted "$first" && ok "back in the quorate partition, $first rebooted and the cycle ended" ||
    fail "$first never rebooted"
wait_until 60 "every daemon alive again" all_alive 1 node1 node2 node3
check_reboots node1,node2,node3
mv "$work/reboots.log" "$work/reboots-1.log"
: >"$work/events.log"

section "-- 2. the DC's node crashes while the first node is down"
order=$(order_now 1)
first=${order%%,*}
dc=${order##*, }
[ "$(dc_of 1)" = "$dc" ] || fail "the DC $(dc_of 1) is not last in $order"
touch "$work/$first.hold"
dr 1 --reboot >/dev/null || fail "--reboot refused"
down() { grep -q " down $1\$" "$work/events.log"; }
wait_until 90 "$first to go down" down "$first"
node_on "$(num "$dc")" "$pcmk_node" crash "$dc" "$work"
rm -f "$work/$first.hold"
sleep 15
others=$(awk '$2 == "reboot" {print $3}' "$work/events.log" | grep -vx "$first")
[ -z "$others" ] && ok "with the DC's node $dc crashed, nothing else rebooted in 15 s" || fail "rebooted while $dc was down: $others"
grep -q "waiting\|settle" "$work/$first/daemon.log" && ok "$first: $(grep -o "settle: .*\|waiting .*" "$work/$first/daemon.log" | tail -1)"
node_on "$(num "$dc")" "$pcmk_node" start "$dc" "$work"
wait_until 300 "the cycle to end after $dc is back" list_gone
got=$(awk '$2 == "reboot" {print $3}' "$work/events.log" | sort | paste -sd' ')
[ "$got" = "node1 node2 node3" ] && ok "each node rebooted once by the cycle: $(awk '$2 == "reboot" {print $3}' "$work/events.log" | paste -sd' ')" ||
    fail "reboots after the crash: $got"
wait_until 60 "every daemon alive again" all_alive 1 node1 node2 node3
check_reboots node1,node2,node3
mv "$work/reboots.log" "$work/reboots-2.log"
: >"$work/events.log"

section "-- 3. a node that never returns"
order=$(order_now 1)
first=${order%%,*}
n=$(num "$first")
other=$(cut -d' ' -f2 <<<"${order//,/}")
touch "$work/$first.no-return"
dr 1 --reboot >/dev/null || fail "--reboot refused"
wait_until 90 "$first to go down" down "$first"
sleep 10
[ "$(grep -c ' reboot ' "$work/events.log")" = 1 ] && ok "nothing else rebooted in 10 s with $first away" ||
    fail "reboots: $(cat "$work/events.log")"
m=$(num "$other")
out=$(dr "$m" 2>&1)
grep -q "^reboot: in progress: $first (rebooting)" <<<"$out" && grep -Eq "^$first +.* stale " <<<"$out" &&
    ok "the status shows it: $(grep -E "^reboot:|^$first " <<<"$out" | paste -sd'|')" || fail "status: $out"
out=$(dr "$m" --cancel 2>&1)
[ "$out" = "reboot cancelled" ] && ok "--cancel: $out" || fail "--cancel: $out"
out=$(dr "$m" --reboot 2>&1)
[ $? = 1 ] && grep -q "$first is offline" <<<"$out" && ok "--reboot refused: $(paste -sd'|' <<<"$out")" || fail "--reboot with $first away: $out"
out=$(dr "$m" --drop="$first" 2>&1)
grep -q "warning: $first is still a node of the cluster" <<<"$out" && ok "--drop warns: $(tail -1 <<<"$out")" || fail "--drop: $out"
out=$(dr "$m" --reboot 2>&1)
[ $? = 1 ] && grep -q "1 of 3 quorum votes would be present, 2 needed (absent now: $first)" <<<"$out" &&
    ok "--reboot after --drop still refused: $(paste -sd'|' <<<"$out")" || fail "--reboot after --drop: $out"
rm -f "$work/$first.no-return"
node_on "$n" "$pcmk_node" start "$first" "$work"
wait_until 120 "every daemon alive again" all_alive 1 node1 node2 node3
out=$(dr 1 --dry-run 2>&1)
[ $? = 1 ] && grep -q "$first is in standby" <<<"$out" && ok "a drained node left by --cancel blocks until it is online: $(grep refused <<<"$out")" ||
    fail "--dry-run with $first in standby: $out"
node_on 1 crm_attribute --node "$first" --name standby --delete
resources_started

section "-- 3b. --cancel while the head, back from its reboot, is about to remove itself"
order=$(order_now 1)
first=${order%%,*}
: >"$work/events.log"
touch "$work/$first.hold-post"
posts=$(grep -c "running postrebootcmd" "$work/$first/daemon.log")
# the two ways the removal can meet the --cancel
lost_or_seen='the reboot list changed before it could be written\|the reboot list was removed while postrebootcmd ran'
lost0=$(grep -c "$lost_or_seen" "$work/$first/daemon.log")
dr 1 --reboot >/dev/null || fail "--reboot refused: $(dr 1 --dry-run 2>&1)"
post() { [ "$(grep -c "running postrebootcmd" "$work/$first/daemon.log")" -gt "$posts" ]; }
wait_until 120 "$first back and in its postrebootcmd" post
out=$(dr 1 --cancel 2>&1)
[ "$out" = "reboot cancelled" ] || fail "--cancel: $out"
rm -f "$work/$first.hold-post"
lost() { [ "$(grep -c "$lost_or_seen" "$work/$first/daemon.log")" -gt "$lost0" ]; }
wait_until 30 "$first's removal to meet the --cancel" lost &&
    ok "$first's removal met the --cancel: $(grep -o "$lost_or_seen" "$work/$first/daemon.log" | tail -1)"
sleep 3
[ -z "$(list_value 1)" ] && [ "$(grep -c ' reboot ' "$work/events.log")" = 1 ] &&
    ok "the cancelled list stays gone, nothing else rebooted" || fail "after the cancel: list '$(list_value 1)', $(cat "$work/events.log")"
wait_until 60 "every daemon alive again" all_alive 1 node1 node2 node3
resources_started

section "-- 4. a resource that fails to stop during the drain"
order=$(order_now 1)
first=${order%%,*}
n=$(num "$first")
: >"$work/events.log"
node_on 1 cibadmin --create --scope resources --xml-text "<primitive id=\"stuck\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"><instance_attributes id=\"stuck-ia\"><nvpair id=\"stuck-sleep\" name=\"op_sleep\" value=\"3\"/></instance_attributes><operations><op id=\"stuck-stop\" name=\"stop\" interval=\"0\" timeout=\"1s\"/></operations></primitive>" &&
    node_on 1 cibadmin --create --scope constraints --xml-text "<rsc_location id=\"stuck-on-first\" rsc=\"stuck\" node=\"$first\" score=\"1000\"/>" ||
    fail "cannot add the resource that fails to stop"
resources_started dc-dummy grp-a grp-b solo stuck
dr 1 --reboot >/dev/null || fail "--reboot refused: $(dr 1 --dry-run 2>&1)"
halted() { dr 1 | grep -q "^reboot: in progress: $first (halted: drain failed (resources failed to stop on $first: stuck"; }
wait_until 120 "the cycle to halt at $first" halted && ok "halted: $(dr 1 | grep '^reboot:')"
# issue 16's notifycmd hears of the built-in drain's failure
halt_notified() { grep -q "^halt $first drain failed (resources failed to stop on $first: stuck" "$work/notify.log"; }
wait_until 30 "a halt notification" halt_notified && ok "notified: $(grep '^halt' "$work/notify.log" | cut -c1-100)"
[ ! -s "$work/events.log" ] && ok "nothing rebooted" || fail "rebooted: $(cat "$work/events.log")"

cluster_down
[ "$failures" = 0 ] || { echo "$failures distreboot pacemaker fault check(s) failed"; exit 1; }
echo "all distreboot pacemaker fault tests passed (${SECONDS}s)"
