#!/bin/bash
# Issue 16's schedule on the pacemaker engine, on a real three-node corosync +
# pacemaker cluster (the harness of distreboot-pacemaker.sh: a network
# namespace per node, corosync, pacemakerd and a distreboot daemon in each
# node's sandbox; rebootcmd restarts the node's stack, never a real reboot).
# Every daemon has auto=yes, a window * 02:00-03:00 UTC read on a test clock
# (DISTREBOOT_TEST_CLOCK_FILE, moved by set_clock), settle=10, a blockcmd
# that fails while WORK/NODE/block exists, a notifycmd and a metrics file.
#
# 1. Debian's marker (DISTREBOOT_REBOOT_REQUIRED) on the DC's node and one
#    other: outside the window the daemons wait (log, status, metrics).
# 2. Once it opens, exactly one daemon starts an --only-required cycle (one
#    start notification); the window closes while the first node is down, so
#    the DC's node pauses until the next night's window (told once, though
#    the reason changes when settle= ends during the pause); exactly those two
#    nodes reboot, one at a time, the DC last, each drained before and
#    settled after, the second at least settle= after the first's return;
#    the metrics files parse with prometheus_client and hold the reboots'
#    durations and the cycle's start and end (real time).
# 3. The third node needs a reboot too, but its blockcmd fails: the cycle
#    starts and holds, and the status (on every node), the block
#    notification, --dry-run and the metrics name blockcmd; once it passes,
#    the node reboots and the cycle ends.
# ok always succeeds, so "test && ok || fail" is an if-then-else here
# shellcheck disable=SC2015
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/tools/pcmk-nodes.sh
. "$root/tests/tools/pcmk-nodes.sh"
cluster_test distreboot-pacemaker-auto 3 "$@"
# shellcheck source=tests/tools/distreboot-pcmk.sh
. "$root/tests/tools/distreboot-pcmk.sh"
[ -x "$dr_bin" ] || { fail "$dr_bin is not built"; exit 1; }
section() { echo "$* (at ${SECONDS}s)"; }

day=$((($(date +%s) / 86400 + 1) * 86400)) # tomorrow, 00:00 UTC
set_clock $((day + 3600))                  # 01:00: the window is closed
for i in 1 2 3; do
    dr_properties "$i" auto=yes checkperiod=5 "window=* 02:00-03:00 UTC" settle=10 \
        "blockcmd=test ! -e $work/node$i/block" \
        "notifycmd=echo \"\$DISTREBOOT_EVENT \$DISTREBOOT_NODE \$DISTREBOOT_DETAIL\" >>$work/notify.log"
done

section "-- 0. three nodes, resources, a daemon on each"
pcmk_up 1 2 3 || exit 1
add_resources || fail "cannot add the resources"
resources_started && ok "a clone, a group and a primitive started"
dc0=$(dc_of 1)
[ -n "$dc0" ] && ok "the DC is $dc0" || { fail "no DC"; exit 1; }
# Which two: the DC and one other, so that the order is fixed (the DC last).
others=$(printf '%s\n' node1 node2 node3 | grep -vx "$dc0")
other=$(head -1 <<<"$others")
idle=$(tail -1 <<<"$others")
n_dc=${dc0#node} n_other=${other#node} n_idle=${idle#node}

section "-- 1. $other and $dc0 need a reboot; the window is closed"
touch "$work/$dc0/reboot-required" "$work/$other/reboot-required"
both() { [ "$(dr "$n_idle" --dry-run --only-required 2>/dev/null | head -1)" = "reboot order: $other, $dc0" ]; }
wait_until 30 "the heartbeats of $other and $dc0 to report reboot-required" both &&
    ok "$idle's --dry-run --only-required: $(dr "$n_idle" --dry-run --only-required | paste -sd'|')"
opens=$(date -u -d @$((day + 7200)) '+%Y-%m-%d %H:%M UTC')
waits() { grep -q "the automatic cycle waits: outside the reboot window (closed; next opens $opens)" "$work"/node*/daemon.log; }
wait_until 30 "a daemon to log that the automatic cycle waits for the window" waits &&
    ok "outside the window the automatic cycle waits: $(grep -h "the automatic cycle waits" "$work"/node*/daemon.log | head -1 | cut -d' ' -f4-)"
waiting_shown() {
    local out
    out=$(dr "$n_idle" 2>&1) && grep -qx "reboot: none in progress" <<<"$out" &&
        grep -qx "reboot window: \* 02:00-03:00 UTC: closed; next opens $opens (in .*)" <<<"$out" &&
        grep -q "^automatic cycles: on (checked every 5s); a node needs a reboot, the cycle waits: outside the reboot window" <<<"$out"
}
wait_until 30 "$idle's status to show the window and the waiting cycle" waiting_shown &&
    ok "the status shows the window and the waiting cycle: $(dr "$n_idle" | grep '^reboot\|^automatic' | paste -sd'|')" ||
    echo "$idle's status: $(dr "$n_idle" 2>&1)"
wait_until 30 "$dc0's metrics: required, the window closed" metrics_show "$n_dc" \
    "distreboot_reboot_required node=$dc0 1" "distreboot_window_open node=$dc0 0" \
    "distreboot_blocked node=$dc0,reason=window 1" "distreboot_cycle_in_progress node=$dc0 0" ||
    echo "$dc0's metrics: $(metrics "$n_dc" 2>&1)"
wait_until 30 "$idle's metrics: not required" metrics_show "$n_idle" "distreboot_reboot_required node=$idle 0" &&
    ok "the metrics files parse, and say: required (or not), the window closed"

section "-- 2. the window opens; it closes while $other is down"
t0=$(date +%s)
touch "$work/$other.hold"
set_clock $((day + 7200 + 30))
down() { grep -q " down $1\$" "$work/events.log"; }
wait_until 60 "the automatic cycle to take $other down" down "$other"
set_clock $((day + 3 * 3600 + 30)) # 03:00:30: closed
rm "$work/$other.hold"
next_open=$(date -u -d @$((day + 86400 + 7200)) '+%Y-%m-%d %H:%M UTC')
# (and for settle=10, while the 10 s since $other's return have not passed)
paused() { dr "$n_idle" 2>/dev/null | grep -qF "reboot: in progress (only required): $dc0 (waiting: outside the reboot window (closed; next opens $next_open)"; }
wait_until 120 "$other back and $dc0 paused until the next window" paused &&
    ok "the window closed mid-cycle: $(dr "$n_idle" | grep '^reboot:')"
paused_notified() { grep -q "^pause $dc0 " "$work/notify.log"; }
wait_until 30 "a pause notification" paused_notified
wait_until 30 "$dc0's metrics: first in the list, held by the window" metrics_show "$n_dc" \
    "distreboot_list_position node=$dc0 1" "distreboot_blocked node=$dc0,reason=window 1" \
    "distreboot_cycle_in_progress node=$dc0 1" ||
    echo "$dc0's metrics: $(metrics "$n_dc" 2>&1)"
# settle=10 ends while the window is still closed: the reason changes (the record too), the pause is not told again
window_only() { dr "$n_idle" 2>/dev/null | grep -qxF "reboot: in progress (only required): $dc0 (waiting: outside the reboot window (closed; next opens $next_open))"; }
wait_until 60 "$dc0's settle time to end while the window is closed" window_only &&
    ok "the settle time ended during the pause: $(dr "$n_idle" | grep '^reboot:')"
down "$dc0" && fail "$dc0 rebooted outside the window"
set_clock $((day + 86400 + 7200 + 30)) # the next night
t1=$(date +%s.%N)
wait_until 120 "the cycle to end in the next window (the list gone)" list_gone
t2=$(date +%s.%N)
echo "measured: $dc0's turn took $(awk -v a="$t1" -v b="$t2" 'BEGIN {printf "%.1f", b - a}') s from the window's opening (DR_PAUSE=${DR_PAUSE:-1} s down)"
wait_until 60 "every daemon alive again" all_alive 1 node1 node2 node3

got=$(awk '$2 == "reboot" {print $3}' "$work/events.log" | paste -sd' ')
[ "$got" = "$other $dc0" ] && ok "exactly the two nodes that need it rebooted, the DC last: $got" ||
    fail "reboots: $got (expected $other $dc0)"
down_overlap=$(awk '$2 == "down" {d[$3] = 1; n++} $2 == "boot" && d[$3] {d[$3] = 0; n--} n > 1 {print}' "$work/events.log")
[ -z "$down_overlap" ] && ok "never two nodes down at once" || fail "two nodes down at once: $down_overlap"
check_reboots node1,node2,node3
# drained before, settled after, and the DC's drain only once the other node had settled
for n in "$other" "$dc0"; do
    grep -q "drain ended: $n runs no resource" "$work/$n/daemon.log" && grep -q "settle ended: the cluster has settled" "$work/$n/daemon.log" ||
        fail "$n was not drained and settled: $(grep 'drain\|settle' "$work/$n/daemon.log" | paste -sd'|')"
done
settled=$(grep -h "settle ended" "$work/$other/daemon.log" | head -1 | cut -c1-23)
drain=$(grep -h "drain: starting" "$work/$dc0/daemon.log" | head -1 | cut -c1-23)
[ -n "$settled" ] && [ -n "$drain" ] && [[ "$settled" < "$drain" ]] &&
    ok "each node drained before and settled after its reboot; $dc0's drain ($drain) after $other settled ($settled)" ||
    fail "$dc0's drain began at ${drain:-never}, $other settled at ${settled:-never}"
# settle=10: the DC's turn began at least 10 s after the other node left the list, having said so
removed=$(grep -h "removed $other from the reboot list" "$work/$other/daemon.log" | head -1 | cut -c1-23)
gap=$(python3 -c 'import sys, datetime as d; f = lambda s: d.datetime.strptime(s, "%Y-%m-%d %H:%M:%S.%f")
print("%.1f" % (f(sys.argv[2]) - f(sys.argv[1])).total_seconds())' "$removed" "$drain" 2>/dev/null)
grep -q "waiting before this node's reboot: .*settle: 10s after the previous node's return" "$work/$dc0/daemon.log" &&
    awk -v g="${gap:-0}" 'BEGIN {exit !(g >= 10)}' &&
    ok "settle=10: $dc0 waited for it; its drain began $gap s after $other left the list" ||
    fail "settle=10: $dc0's drain began ${gap:-?} s after $other left the list: $(grep -h "waiting before" "$work/$dc0/daemon.log" | paste -sd'|')"

starters=$(grep -l "automatic reboot cycle started" "$work"/node*/daemon.log | wc -l)
[ "$starters" = 1 ] && [ "$(grep -c '^start ' "$work/notify.log")" = 1 ] &&
    ok "one daemon started the cycle: $(grep -h "automatic reboot cycle started" "$work"/node*/daemon.log | cut -d' ' -f4-)" ||
    fail "$starters daemons started an automatic cycle; notifications: $(paste -sd'|' "$work/notify.log")"
finished() { grep -q "^finish $dc0 " "$work/notify.log"; }
wait_until 30 "the finish notification" finished
want="start
reboot $other
return $other
pause $dc0
reboot $dc0
return $dc0
finish $dc0"
got=$(cut -d' ' -f1,2 "$work/notify.log" | sed 's/^start .*/start/')
[ "$(sort <<<"$got")" = "$(sort <<<"$want")" ] && [ "$(grep " $other\$" <<<"$got")" = "$(grep " $other\$" <<<"$want")" ] &&
    [ "$(grep " $dc0\$" <<<"$got")" = "$(grep " $dc0\$" <<<"$want")" ] &&
    ok "notifications: $(cut -d' ' -f1,2 "$work/notify.log" | paste -sd,)" ||
    fail "notifications: $(paste -sd'|' "$work/notify.log")"

for n in "$other" "$dc0"; do
    wait_until 30 "$n's metrics: its reboot's duration, no reboot required" bash -c \
        "grep -q '^distreboot_last_reboot_duration_seconds{node=\"$n\"} [0-9]' $work/$n/distreboot.prom &&
         grep -q '^distreboot_reboot_required{node=\"$n\"} 0' $work/$n/distreboot.prom"
done
# the cycle's start and end on the real clock (the test clock moves only the window)
ended() { metrics "$n_idle" | grep -q "^distreboot_last_cycle_end_timestamp_seconds "; }
wait_until 30 "$idle's metrics to show the cycle's end" ended
m=$(metrics "$n_idle")
start=$(sed -n "s/^distreboot_last_cycle_start_timestamp_seconds node=$idle //p" <<<"$m")
end=$(sed -n "s/^distreboot_last_cycle_end_timestamp_seconds node=$idle //p" <<<"$m")
[ -n "$start" ] && [ -n "$end" ] && [ "$t0" -le "$start" ] && [ "$start" -le "$end" ] && [ "$end" -le "$(date +%s)" ] &&
    grep -qx "distreboot_cycle_in_progress node=$idle 0" <<<"$m" &&
    ok "metrics parse: reboot durations ($(cat "$work/$other/distreboot.prom" "$work/$dc0/distreboot.prom" | grep -h '^distreboot_last_reboot_duration' | paste -sd' ')), the cycle's start and end ($start, $end; the test began its cycle at $t0)" ||
    fail "the cycle in $idle's metrics (the test began its cycle at $t0, now $(date +%s)): $m"
st=$(node_on 1 crm_mon -1 --output-as=xml | grep -c 'standby="true"')
[ "$st" = 0 ] || fail "$st node(s) left in standby"

section "-- 3. $idle needs a reboot, but its blockcmd fails"
: >"$work/notify.log"
touch "$work/$idle/block" "$work/$idle/reboot-required"
wait_until 60 "an automatic cycle for $idle" started
held() { dr "$1" 2>/dev/null | grep -qxF "reboot: in progress (only required): $idle (waiting: blockcmd exit status 1)"; }
wait_until 60 "$idle held by its blockcmd" held "$n_idle" &&
    ok "the cycle holds: $(dr "$n_idle" | grep '^reboot:')"
for i in 1 2 3; do held "$i" || fail "node$i's status does not name the blockcmd: $(dr "$i" 2>&1 | grep '^reboot')"; done
blocked() { grep -q "^block $idle blockcmd exit status 1" "$work/notify.log"; }
wait_until 30 "a block notification" blocked
wait_until 30 "$idle's metrics: held by blockcmd, first in the list" metrics_show "$n_idle" \
    "distreboot_blocked node=$idle,reason=blockcmd 1" "distreboot_cycle_in_progress node=$idle 1" \
    "distreboot_list_position node=$idle 1" ||
    echo "$idle's metrics: $(metrics "$n_idle" 2>&1)"
dr "$n_idle" --dry-run --only-required 2>&1 | grep -qx "held now: blockcmd exit status 1" ||
    fail "--dry-run does not name the blockcmd: $(dr "$n_idle" --dry-run --only-required 2>&1)"
[ "$(grep -c " reboot $idle$" "$work/events.log")" = 0 ] &&
    ok "status on every node, the block notification, --dry-run and the metrics name blockcmd; $idle has not rebooted" ||
    fail "$idle rebooted while its blockcmd failed"
rm "$work/$idle/block"
wait_until 120 "the cycle to end once blockcmd passes" list_gone
[ "$(grep -c "^[0-9.]* reboot $idle\$" "$work/events.log")" = 1 ] && ok "$idle rebooted once its blockcmd passed" ||
    fail "reboots: $(grep ' reboot ' "$work/events.log" | paste -sd'|')"

# The election's other half: a daemon that finds no list set yet creates it with cibadmin --create, which the
# CIB refuses once the set exists (CRM_EX_EXISTS, 108) - the exit status PacemakerEngine counts as "lost".
node_on "$n_idle" cibadmin --create --scope crm_config --xml-text '<cluster_property_set id="distreboot"/>' >/dev/null 2>&1
rc=$?
[ "$rc" = 108 ] && ok "a second create of the list's set is refused with exit status 108" ||
    fail "a second create of the list's set exited $rc, not 108"

cluster_down
[ "$failures" = 0 ] || { echo "$failures distreboot pacemaker auto check(s) failed"; exit 1; }
echo "all distreboot pacemaker auto tests passed (${SECONDS}s)"
