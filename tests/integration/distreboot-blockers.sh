#!/bin/bash
# distreboot's blockers and the reboot window for a manual --reboot, on a
# real 3-member etcd cluster: bad schedule properties stop the daemon at
# start with file:line; --reboot outside the window waits for it (--now does
# not); a failing blockcmd holds the cycle, a hanging one is killed and holds
# it too, both named in the status, notified and in the metrics file (read
# with a real Prometheus parser); settle= spaces the nodes' reboots; a
# failing notifycmd (node1's) is logged and does not stop a cycle; a failed
# rebootcmd is notified as a halt.
set -u
source "$(dirname "$0")/../tools/distreboot-cluster.sh"
trap cluster_cleanup EXIT
cluster_init 3

# --- bad properties: refused at start, with file:line and what is allowed.
# In a sandbox like every daemon: were a file ever accepted, its rebootcmd would be the default, reboot.
refused() {
    local expected=$1 what=$2
    printf 'heartbeat=3\n%s\n' "$3" >"$DR_WORK/bad.properties"
    expect 6 "$expected" "$what" -- "$sandbox" --hostname bad -- env DISTREBOOT_PROPERTIES="$DR_WORK/bad.properties" \
        DISTREBOOT_RUNDIR="$DR_WORK/bad" "$DR_BIN/distreboot" --start --node="$DR_WORK/node1/etcd"
}
p=$DR_WORK/bad.properties
refused "^distreboot: $p:2: window \"Mon-Fri 02:00-05:00\": it must end with a time zone .*the form is DAYS HH:MM-HH:MM ZONE" \
    "a window without a time zone" "window=Mon-Fri 02:00-05:00"
refused "^distreboot: $p:2: window \"Mon-Fry 02:00-05:00 UTC\": \"Fry\" is not a day \(Mon, Tue, Wed, Thu, Fri, Sat, Sun\)" \
    "a window with a bad day" "window=Mon-Fry 02:00-05:00 UTC"
refused "^distreboot: $p:2: window: unknown time zone \"Europe/Berln\" \(no file /usr/share/zoneinfo/Europe/Berln\); use a name" \
    "a window in an unknown time zone" "window=Mon-Fri 02:00-05:00 Europe/Berln"
refused "^distreboot: $p:2: settle must be a number of seconds from 0 to 86400, not \"1h\"" "settle out of range" "settle=1h"
refused "^distreboot: $p:2: unknown property \"blockcommand\" \(known: .*blockcmd" "an unknown property" "blockcommand=true"

# --- the cluster: every node blocks while its block file exists, hangs while its hang file exists.
day=$((($(date +%s) / 86400 + 1) * 86400))
set_clock $((day + 3600))  # 01:00: outside the window
for i in 1 2 3; do
    cat >>"$DR_WORK/node$i/distreboot.properties" <<EOT
window=* 02:00-03:00 UTC
blockcmd=test ! -e $DR_WORK/node$i/block && { test ! -e $DR_WORK/node$i/hang || sleep 300; }
requiredcmd=test ! -e $DR_WORK/node$i/hang-required || sleep 300; exit 1
cmdtimeout=2
checkperiod=5
settle=2
notifycmd=echo "\$DISTREBOOT_EVENT \$DISTREBOOT_NODE \$DISTREBOOT_DETAIL" >>$DR_WORK/notify.log; test \$DISTREBOOT_SENDER != node1
EOT
done
cluster_boot
[ "$failures" = 0 ] || finish
list_absent() { [ -z "$(etcdctl --endpoints="$(all_urls)" get --print-value-only /distreboot/reboot-list)" ]; }
status_has() { dr 1 | grep -qF -- "$1"; }

# --- a requiredcmd that hangs is killed; the node holds its own reboot and says so.
touch "$DR_WORK/node3/hang-required"
held3() { dr 3 | grep -qx "held on this node: requiredcmd hung: killed after 2 s"; }
wait_for 30 "node3's status to name its hanging requiredcmd" held3 && pass "a hanging requiredcmd is killed and holds the node"
grep -q "requiredcmd hung: killed after 2 s; it counts as blocked" "$DR_WORK/node3/daemon.log" || fail "no log line for the hung requiredcmd"
wait_for 30 "node3's metrics: held by requiredcmd" metrics_show 3 "distreboot_blocked node=node3,reason=requiredcmd 1"
rm "$DR_WORK/node3/hang-required"
wait_for 30 "node3's requiredcmd to answer again" bash -c "! DISTREBOOT_RUNDIR=$DR_WORK/node3/run $DR_BIN/distreboot | grep -q 'held on this node'"

# --- a manual --reboot outside the window waits for it.
touch "$DR_WORK/node2/reboot-required"
wait_for 30 "node2 to report reboot-required" bash -c "DISTREBOOT_RUNDIR=$DR_WORK/node1/run $DR_BIN/distreboot | grep -Eq '^node2 .* ok +yes\$'"
opens=$(date -u -d @$((day + 7200)) '+%Y-%m-%d %H:%M UTC')
expect 0 "^the first reboot waits for the reboot window: closed; next opens $opens" "--reboot outside the window" -- \
    dr 1 --reboot --only-required
wait_for 30 "node2 to wait for the window" status_has "node2 (waiting: outside the reboot window (closed; next opens $opens))" &&
    pass "node2 waits for the window"
notified() { grep -q "$1" "$DR_WORK/notify.log" 2>/dev/null; }
wait_for 30 "a pause notification" notified "^pause node2 "
expect 0 "^reboot cancelled" "--cancel" -- dr 1 --cancel

# --- --now: the window is ignored; a failing blockcmd holds node2.
touch "$DR_WORK/node2/block"
expect 0 "^held now: blockcmd exit status 1" "--dry-run names the blocker" -- dr 2 --dry-run --only-required
expect 0 "^reboot started: node2$" "--reboot --now" -- dr 1 --reboot --only-required --now
wait_for 30 "node2 held by its blockcmd" status_has "node2 (waiting: blockcmd exit status 1)" && pass "a failing blockcmd holds the cycle"
wait_for 30 "a block notification" notified "^block node2 blockcmd exit status 1"
wait_for 30 "node2's metrics: held by blockcmd and the window, first in the list" metrics_show 2 \
    "distreboot_blocked node=node2,reason=blockcmd 1" "distreboot_blocked node=node2,reason=window 1" \
    "distreboot_cycle_in_progress node=node2 1" "distreboot_list_position node=node2 1" ||
    echo "node2's metrics: $(metrics 2)"
metrics_show 2 "distreboot_blocked node=node2,reason=blockcmd 1" && pass "the metrics file parses and names the blockers (the window closed, blockcmd failing)"

# --- a blockcmd that hangs is killed after cmdtimeout and holds the cycle.
touch "$DR_WORK/node2/hang"
rm "$DR_WORK/node2/block"
wait_for 30 "node2 held by its hanging blockcmd" status_has "node2 (waiting: blockcmd hung: killed after 2 s)" &&
    pass "a hanging blockcmd is killed and holds the cycle"
[ ! -e "$DR_WORK/events.log" ] || fail "a node rebooted while blocked: $(cat "$DR_WORK/events.log")"
rm "$DR_WORK/node2/hang"
wait_for 60 "the cycle to end once blockcmd passes" list_absent
[ "$(cat "$DR_WORK/events.log")" = "reboot node2" ] || fail "reboots: $(cat "$DR_WORK/events.log")"
pass "node2 rebooted once blockcmd passed"

# --- settle=2: each node after the first waits after the previous node's return.
wait_for 30 "every heartbeat" heartbeats_shown 1
: >"$DR_WORK/events.log"
expect 0 "^reboot started: node., node., node.$" "--reboot --now of every node" -- dr 3 --reboot --now
wait_for 180 "the cycle to end" list_absent
[ "$(wc -l <"$DR_WORK/events.log")" = 3 ] || fail "reboots: $(cat "$DR_WORK/events.log")"
second=$(sed -n 2p "$DR_WORK/events.log" | cut -d' ' -f2)
third=$(sed -n 3p "$DR_WORK/events.log" | cut -d' ' -f2)
for n in $second $third; do
    grep -q "waiting before this node's reboot: settle: 2s after the previous node's return" "$DR_WORK/$n/daemon.log" ||
        fail "$n did not wait for the settle time"
done
pass "the second and third node waited for the settle time"
grep -q "warning: notifycmd for reboot node1 failed: exit status 1" "$DR_WORK/node1/daemon.log" ||
    fail "node1's failing notifycmd was not logged"
pass "node1's notifycmd failed on each event, logged; the cycle went on"

# --- a failed rebootcmd halts the cycle, and is notified.
wait_for 30 "every heartbeat" heartbeats_shown 1
for i in 1 2 3; do touch "$DR_WORK/node$i/fail-reboot"; done
expect 0 "^reboot started: " "--reboot --now, every rebootcmd failing" -- dr 2 --reboot --now
halted() { grep -q "^halt node. rebootcmd failed (exit status 3)$" "$DR_WORK/notify.log"; }
wait_for 30 "a halt notification" halted && pass "halt notified: $(grep '^halt' "$DR_WORK/notify.log")"
expect 0 "^reboot cancelled" "--cancel after the halt" -- dr 2 --cancel
finish
