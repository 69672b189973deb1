#!/bin/bash
# distreboot on a real 3-member etcd cluster: a daemon restarted while its
# node heads the list is not "back from reboot". The first node's daemon is
# killed while its prerebootcmd runs, then started again in the same boot:
# it must carry out the node's reboot (one reboot, with a new boot id), not
# leave the list. Then a failing rebootcmd on the second node: the failure is
# recorded in the list, and a daemon restarted in that boot stays halted.
set -u
source "$(dirname "$0")/../tools/distreboot-cluster.sh"
trap cluster_cleanup EXIT
cluster_init 3
for i in 1 2 3; do
    echo "prerebootcmd=echo \"pre \$DISTREBOOT_NODE\" >>$DR_WORK/events.log; sleep 3" >>"$DR_WORK/node$i/distreboot.properties"
done
cluster_boot
[ "$failures" = 0 ] || finish

read_order
boot_before=$(cat "$DR_WORK/$first/boot_id")
touch "$DR_WORK/$second/fail-reboot"
out=$(dr 1 --reboot 2>&1) || fail "--reboot: $out"
pre_ran() { grep -qx "pre $1" "$DR_WORK/events.log" 2>/dev/null; }
wait_for 30 "$first's prerebootcmd" pre_ran "$first"
daemon_restart "${first#node}" KILL
pass "killed $first's daemon during its prerebootcmd and started it again (same boot)"

logged() { grep -q "$2" "$DR_WORK/$1/daemon.log"; }
wait_for 30 "$first to see it has not rebooted" logged "$first" "has not rebooted (same boot id); carrying out its reboot"
rebooted() { grep -qx "reboot $1" "$DR_WORK/events.log" 2>/dev/null; }
wait_for 60 "$first to reboot" rebooted "$first"
[ "$(grep -cx "reboot $first" "$DR_WORK/events.log")" = 1 ] || fail "$first rebooted more than once"
recorded() { grep -q "^$first " "$DR_WORK/reboots.log" 2>/dev/null; }
wait_for 30 "$first's reboot recorded" recorded
boot_after=$(grep "^$first " "$DR_WORK/reboots.log" | sed -n 's/.* boot=//p')
[ "$boot_after" = "$boot_before" ] || fail "$first's reboot ran in boot $boot_after, not $boot_before"
pass "$first carried out its reboot after the restart"

# The second node's rebootcmd fails: the list says so everywhere, and a restart in that boot does not retry.
failed() { grep -qx "failed $second" "$DR_WORK/events.log" 2>/dev/null; }
wait_for 90 "$second's rebootcmd to fail" failed
halted() { dr 1 | grep -q "^reboot: in progress: $second (halted: rebootcmd failed (exit status 3))"; }
wait_for 30 "the status to say the cycle halted at $second" halted && pass "status: $(dr 1 | sed -n 's/^reboot: //p')"
daemon_restart "${second#node}" TERM
wait_for 30 "$second's daemon back" logged "$second" "the reboot cycle is halted at this node: rebootcmd failed"
sleep 5
[ "$(grep -c "$second" "$DR_WORK/events.log")" = 2 ] || fail "$second ran again after the restart: $(cat "$DR_WORK/events.log")"
pass "a daemon restarted in the boot of the failure stays halted"
out=$(dr 3 --cancel 2>&1)
[ "$out" = "reboot cancelled" ] || fail "--cancel: $out"
finish
