#!/bin/bash
# distreboot auto=yes inside a reboot window, on a real 3-member etcd cluster.
# Two of three nodes need a reboot, one by Debian's reboot-required marker,
# one by requiredcmd (here: "the boot id is the one recorded in a file", as
# a kernel-version check would say until the reboot); outside the window
# nothing starts; when the window opens exactly one daemon starts an
# --only-required cycle; the window closes while the first node is down, so
# the second waits (status and notifycmd say so) until the next night's
# window; exactly the two nodes reboot. The window is read on a test clock
# (DISTREBOOT_TEST_CLOCK_FILE, moved by set_clock) so that "the next night"
# comes at once; every wait is for an event, not for a time.
set -u
source "$(dirname "$0")/../tools/distreboot-cluster.sh"
trap cluster_cleanup EXIT
cluster_init 3
t_begin=$(date +%s)
day=$((($(date +%s) / 86400 + 1) * 86400))  # tomorrow, 00:00 UTC
set_clock $((day + 3600))                   # 01:00: the window is closed
for i in 1 2 3; do
    cat >>"$DR_WORK/node$i/distreboot.properties" <<EOT
auto=yes
checkperiod=5
window=* 02:00-03:00 UTC
requiredcmd=test "\$(cat $DR_WORK/node$i/needs 2>/dev/null)" = "\$(cat $DR_WORK/node$i/boot_id)"
notifycmd=echo "\$DISTREBOOT_EVENT \$DISTREBOOT_NODE" >>$DR_WORK/notify.log
EOT
done
cluster_boot
[ "$failures" = 0 ] || finish

# Which two: the leader and one other, so that the order is fixed (leader last).
lead=$(leader)
other=$(printf '%s\n' node1 node2 node3 | grep -vx "$lead" | head -1)
idle=$(printf '%s\n' node1 node2 node3 | grep -vx "$lead" | tail -1)
touch "$DR_WORK/$lead/reboot-required"
cp "$DR_WORK/$other/boot_id" "$DR_WORK/$other/needs"
required_shown() { [ "$(dr 1 | grep -Ec '^node[0-9] .* ok +yes$')" = 2 ]; }
wait_for 30 "two heartbeats to report reboot-required" required_shown

# --- outside the window: the daemons notice, and wait.
first_open=$(date -u -d @$((day + 7200)) '+%Y-%m-%d %H:%M UTC')
waits() { grep -q "the automatic cycle waits: outside the reboot window (closed; next opens $first_open)" "$DR_WORK"/node*/daemon.log; }
wait_for 30 "a daemon to log that the automatic cycle waits for the window" waits && pass "outside the window the automatic cycle waits"
list_absent() { [ -z "$(etcdctl --endpoints="$(all_urls)" get --print-value-only /distreboot/reboot-list)" ]; }
list_absent || fail "a cycle started outside the window"
expect 0 "^start: when the reboot window opens, $first_open" "--dry-run says when the cycle would start" -- dr 1 --dry-run --only-required
expect 0 "^reboot window: \* 02:00-03:00 UTC: closed; next opens $first_open" "status shows the window" -- dr 2
expect 0 "^automatic cycles: on \(checked every 5s\)" "status shows auto" -- dr 2
wait_for 30 "$lead's metrics: required, window closed" metrics_show "${lead#node}" \
    "distreboot_reboot_required node=$lead 1" "distreboot_window_open node=$lead 0" \
    "distreboot_blocked node=$lead,reason=window 1" "distreboot_cycle_in_progress node=$lead 0" ||
    echo "$lead's metrics: $(metrics "${lead#node}")"
wait_for 30 "$idle's metrics: not required" metrics_show "${idle#node}" "distreboot_reboot_required node=$idle 0" &&
    pass "the metrics files parse, and say: required (or not), window closed"

# --- the window opens; the first node stays down until the window has closed.
touch "$DR_WORK/$other/hold" "$DR_WORK/$lead/hold"
set_clock $((day + 7200 + 30))
first_down() { grep -q "^reboot node" "$DR_WORK/events.log" 2>/dev/null; }
wait_for 60 "the automatic cycle to reboot a node" first_down
# The leader goes last; should leadership have moved before the cycle began, the order is the list's.
first=$(head -1 "$DR_WORK/events.log" | cut -d' ' -f2)
second=$(printf '%s\n' "$lead" "$other" | grep -vx "$first")
[ "$first" = "$other" ] || echo "note: leadership moved before the cycle; $first went first"
[ "$(wc -w <<<"$second")" = 1 ] && pass "window open: $first reboots" || fail "$first rebooted, not one of $lead, $other"
set_clock $((day + 3 * 3600 + 30))  # 03:00:30: closed
rm -f "$DR_WORK/$first/hold" "$DR_WORK/$second/hold"
next_open=$(date -u -d @$((day + 86400 + 7200)) '+%Y-%m-%d %H:%M UTC')
paused() {
    dr 1 | grep -qF "reboot: in progress (only required): $second (waiting: outside the reboot window (closed; next opens $next_open))"
}
wait_for 90 "$first back and $second paused until the next window" paused && pass "the window closed mid-cycle: $second waits for $next_open"
paused_notified() { grep -q "^pause $second$" "$DR_WORK/notify.log"; }
wait_for 30 "a pause notification" paused_notified
[ "$(cat "$DR_WORK/events.log")" = "reboot $first" ] || fail "reboots while paused: $(cat "$DR_WORK/events.log")"
wait_for 30 "$second's metrics: first in the list, held by the window" metrics_show "${second#node}" \
    "distreboot_list_position node=$second 1" "distreboot_blocked node=$second,reason=window 1" ||
    echo "$second's metrics: $(metrics "${second#node}")"

# --- the next night: it resumes.
set_clock $((day + 86400 + 7200 + 30))
wait_for 90 "the cycle to end in the next window" list_absent && pass "resumed in the next window and finished"
[ "$(cat "$DR_WORK/events.log")" = "reboot $first"$'\n'"reboot $second" ] || fail "reboots: $(cat "$DR_WORK/events.log")"
pass "exactly the two nodes that required it rebooted, $idle did not"
started=$(cat "$DR_WORK"/node*/daemon.log | grep -c "automatic reboot cycle started")
[ "$started" = 1 ] || fail "$started daemons started an automatic cycle"
finished() { grep -q "^finish $second$" "$DR_WORK/notify.log"; }
wait_for 30 "the finish notification" finished
want="start
reboot $first
return $first
pause $second
reboot $second
return $second
finish $second"
# Daemons send their own events, in order; across daemons the order may vary.
got=$(sed 's/^start .*/start/' "$DR_WORK/notify.log" | sort)
[ "$(grep -c '^start' "$DR_WORK/notify.log")" = 1 ] && [ "$got" = "$(sort <<<"$want")" ] &&
    [ "$(grep " $second\$" "$DR_WORK/notify.log" | grep -v '^start')" = "$(grep " $second\$" <<<"$want" | grep -v '^start')" ] ||
    fail "notifications: $(cat "$DR_WORK/notify.log")"
pass "one daemon started the cycle; notifications: $(paste -sd, "$DR_WORK/notify.log")"
for n in "$first" "$second"; do
    wait_for 30 "$n's metrics to show its reboot's duration" bash -c "grep -q '^distreboot_last_reboot_duration_seconds' $DR_WORK/$n/distreboot.prom"
done
# On the real clock, in order (the test clock moves only the window).
wait_for 30 "$idle's metrics to show the cycle's end" grep -q '^distreboot_last_cycle_end_timestamp_seconds' "$DR_WORK/$idle/distreboot.prom"
m=$(metrics "${idle#node}")
start=$(sed -n "s/^distreboot_last_cycle_start_timestamp_seconds node=$idle //p" <<<"$m")
end=$(sed -n "s/^distreboot_last_cycle_end_timestamp_seconds node=$idle //p" <<<"$m")
[ -n "$start" ] && [ -n "$end" ] && [ "$t_begin" -le "$start" ] && [ "$start" -le "$end" ] && [ "$end" -le "$(date +%s)" ] ||
    fail "the cycle's start and end in $idle's metrics: $m"
pass "metrics: reboot durations, the cycle's start and end"
# Nothing requires a reboot any more: no second cycle.
wait_for 30 "heartbeats without reboot-required" bash -c "! DISTREBOOT_RUNDIR=$DR_WORK/node1/run $DR_BIN/distreboot | grep -Eq '^node[0-9] .* yes\$'"
list_absent || fail "a second automatic cycle started"
finish
