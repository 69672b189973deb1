#!/bin/bash
# The watch daemon, end to end: every node runs in the sandbox (a PID
# namespace) with the shim (emulated watchdog, reboots recorded). Devices are
# plain files and loop devices created with short timeouts (watchdog 2 s,
# loop 1 s, msgwait 4 s) and -I 1, so a lost device is noticed in seconds.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
. "$root/tests/lib/nodes.sh"
loops=()
cleanup() {
    nodes_cleanup
    for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT

watching() { wait_for "$work/$1.out" "watching .* as $1" "${2:-30}"; }
# send ARGS...: `sbd ARGS` in the background (a message waits msgwait); sent_wait waits for it.
send() { "$sbd" "$@" >/dev/null 2>&1 & sender=$!; }
sent_wait() { wait "$sender" 2>/dev/null; }
slot_of() { "$sbd" -d "$1" list | awk -v n="$2" '$2 == n { print $3 " " $4 }'; }

# --- test, then reset: the test is logged and acknowledged, the reset reboots.
d=$(fresh a)
node_start node1 -d "$d" -I 1
if watching node1; then
    send -d "$d" message node1 test
    if wait_for "$work/node1.out" "Received command test from" 10; then ok "test message logged"; else fail "test message not logged"; show node1; fi
    sent_wait
    [ "$(slot_of "$d" node1)" = "clear " ] || fail "test message not cleared by the node: $(slot_of "$d" node1)"
    send -d "$d" message node1 reset
    rc=$(node_end node1 20)
    sent_wait
    if [ "$rc" = 129 ] && grep -q "reboot RB_AUTOBOOT" "$work/node1.shim" && grep -q "sync" "$work/node1.shim"; then
        ok "reset: flushed and rebooted (sandbox status $rc)"
    else
        fail "reset: status $rc"; show node1
    fi
    [ "$(slot_of "$d" node1)" = "reset $(hostname)" ] || fail "reset no longer in the slot: $(slot_of "$d" node1)"
else
    fail "node1 did not start watching"; show node1
fi
nodes_cleanup

# --- start mode clean: refused after the reset above, started after clear.
node_start node1 -d "$d" -I 1 -S 1
rc=$(node_end node1 30)
if [ "$rc" = 1 ] && grep -q "was fenced: .* holds 'reset' from" "$work/node1.out" \
    && grep -q "message node1 clear" "$work/node1.out"; then
    ok "start mode clean refuses after a reset, naming the sender and the fix"
else
    fail "start mode clean: status $rc"; show node1
fi
"$sbd" -d "$d" message node1 clear >/dev/null 2>&1
node_start node1 -d "$d" -I 1 -S 1
if watching node1; then ok "start mode clean starts after 'message node1 clear'"; else fail "no start after clear"; show node1; fi

# --- SIGTERM: clean exit, watchdog disarmed by the magic close.
kill -TERM "$(inquisitor_pid node1)"
rc=$(node_end node1 20)
if [ "$rc" = 0 ] && wait_for "$work/node1.shim" "disarmed by magic close" 5; then
    ok "SIGTERM: clean exit, watchdog disarmed"
else
    fail "SIGTERM: status $rc"; show node1
fi
nodes_cleanup

# --- off, crashdump (with and without sysrq), exit.
for case in "off:130:reboot RB_POWER_OFF" "crashdump:129:reboot RB_AUTOBOOT" "crashdump-sysrq:129:sysrq c" "exit:0:disarmed by magic close"; do
    IFS=: read -r message want record <<<"$case"
    d=$(fresh m)
    NODE_ENV=
    [ "$message" = crashdump-sysrq ] && { NODE_ENV=SBD_SHIM_SYSRQ=1; message=crashdump; }
    node_start node2 -d "$d" -I 1
    NODE_ENV=
    if ! watching node2; then fail "$case: not watching"; show node2; nodes_cleanup; continue; fi
    send -d "$d" message node2 "$message"
    rc=$(node_end node2 20)
    sent_wait
    if [ "$rc" = "$want" ] && wait_for "$work/node2.shim" "$record" 5; then
        ok "message $case: '$record', status $rc"
    else
        fail "message $case: status $rc, wanted $want and '$record'"; show node2
    fi
    if [ "$case" = "crashdump:129:reboot RB_AUTOBOOT" ] && ! grep -q "sysrq-trigger" "$work/node2.out"; then
        fail "crashdump without sysrq does not say so"; show node2
    fi
    nodes_cleanup
done

# --- a wiped header: the watcher fails, tickles stop, the watchdog resets the
# node (as Debian's sbd: the timeout action only follows if it did not;
# sbd-fencing-path.sh compares every mode with Debian's).
d=$(fresh w)
node_start node3 -d "$d" -I 1
if watching node3; then
    dd if=/dev/zero of="$d" bs=512 count=1 conv=notrunc status=none
    rc=$(node_end node3 30)
    if [ "$rc" = 129 ] && grep -q "watchdog /dev/watchdog fired" "$work/node3.shim" && ! grep -q "reboot RB_" "$work/node3.shim"; then
        ok "wiped header: the watchdog resets the node"
    else
        fail "wiped header: status $rc"; show node3
    fi
else
    fail "node3 not watching"; show node3
fi
nodes_cleanup

# --- timeout action noflush,off without a watchdog (the action is the fence): no sync, power off.
d=$(fresh r)
node_start node3 -d "$d" -I 1 -W -W -r noflush,off
if watching node3; then
    dd if=/dev/zero of="$d" bs=512 count=1 conv=notrunc status=none
    rc=$(node_end node3 30)
    if [ "$rc" = 130 ] && grep -q "reboot RB_POWER_OFF" "$work/node3.shim" && ! grep -q " sync" "$work/node3.shim"; then
        ok "timeout action noflush,off"
    else
        fail "timeout action noflush,off: status $rc"; show node3
    fi
else
    fail "node3 not watching"; show node3
fi
nodes_cleanup

# --- three devices (two loop devices and a file): one lost is survived, two are not.
for i in 1 2; do
    truncate -s 2M "$work/loop$i.img"
    loops+=("$(losetup -f --show "$work/loop$i.img")")
done
"$sbd" -d "${loops[0]}" -d "${loops[1]}" -1 2 -4 4 create >/dev/null || fail "create on loop devices"
d3=$(fresh third)
node_start node4 -d "${loops[0]}" -d "${loops[1]}" -d "$d3" -I 1
if watching node4; then
    dd if=/dev/zero of="$d3" bs=512 count=1 conv=notrunc status=none
    wait_for "$work/node4.out" "watcher of $d3: .*no sbd header" 15 || fail "3 devices: the wiped third device went unnoticed"
    sleep 8
    if [ ! -s "$work/node4.rc" ]; then ok "3 devices: one lost is survived"; else fail "3 devices: one lost fenced the node"; show node4; fi
    send -d "${loops[0]}" -d "${loops[1]}" -d "$d3" message node4 test
    wait_for "$work/node4.out" "Received command test" 15 || fail "3 devices: test message lost with one device down"
    sent_wait
    dd if=/dev/zero of="${loops[1]}" bs=512 count=1 conv=notrunc,fsync oflag=direct status=none
    rc=$(node_end node4 30)
    if [ "$rc" = 129 ]; then ok "3 devices: two lost fence the node"; else fail "3 devices: two lost, status $rc"; show node4; fi
else
    fail "node4 not watching"; show node4
fi
nodes_cleanup

# --- a device path that vanishes: one of three is survived, the only one is not.
a=$(fresh v1)
b=$(fresh v2)
c=$(fresh v3)
node_start node13 -d "$a" -d "$b" -d "$c" -I 1
if watching node13; then
    rm -f "$c"
    wait_for "$work/node13.out" "watcher of $c: .*vanished" 15 || fail "a vanished device path went unnoticed"
    sleep 6
    [ ! -s "$work/node13.rc" ] && ok "a vanished path (1 of 3) is survived" || { fail "one vanished path fenced the node"; show node13; }
else
    fail "node13 not watching"; show node13
fi
nodes_cleanup
a=$(fresh v1)
node_start node13 -d "$a" -I 1
if watching node13; then
    mv "$a" "$a.moved"
    rc=$(node_end node13 30)
    [ "$rc" = 129 ] && ok "the only device's path vanished: self-fence" || { fail "vanished only device: $rc"; show node13; }
else
    fail "node13 not watching"; show node13
fi
nodes_cleanup
# A path that leads elsewhere: a by-id style link re-pointed, and the file
# behind an unchanged link replaced, each time by a byte-for-byte copy (the
# same header and slot), so that only the path's identity can tell. One of
# three devices: the node stays up, and the restarted watcher follows the path.
for how in link target; do
    a=$(fresh "v-$how")
    b=$(fresh v2)
    c=$(fresh v3)
    mkdir -p "$work/by-id"
    ln -sfn "../v-$how" "$work/by-id/$how"
    node_start node13 -d "$work/by-id/$how" -d "$b" -d "$c" -I 1
    if watching node13; then
        cp "$a" "$a.copy"
        if [ "$how" = link ]; then ln -sfn "../v-$how.copy" "$work/by-id/$how"; else mv "$a.copy" "$a"; fi
        if wait_for "$work/node13.out" "watcher of $work/by-id/$how: .*now leads to another device" 15 &&
            wait_for "$work/node13.out" "watcher of $work/by-id/$how is healthy again" 15 && [ ! -s "$work/node13.rc" ]; then
            ok "a device path that leads elsewhere ($how replaced) is noticed, and its watcher follows it"
        else
            fail "a device path that leads elsewhere ($how replaced)"; show node13
        fi
    else
        fail "node13 not watching"; show node13
    fi
    nodes_cleanup
done

# --- two devices: one lost at run time is survived.
a=$(fresh two-a)
b=$(fresh two-b)
node_start node5 -d "$a" -d "$b" -I 1
if watching node5; then
    dd if=/dev/zero of="$b" bs=512 count=1 conv=notrunc status=none
    wait_for "$work/node5.out" "watcher of $b: .*no sbd header" 15 || fail "2 devices: the wiped device went unnoticed"
    sleep 8
    if [ ! -s "$work/node5.rc" ]; then ok "2 devices: one lost at run time is survived"; else fail "2 devices: one lost fenced"; show node5; fi
else
    fail "node5 not watching"; show node5
fi
nodes_cleanup
# ... but both are needed to start.
node_start node5 -d "$a" -d "$b" -I 1 -s 0
rc=$(node_end node5 30)
if [ "$rc" = 1 ] && grep -q "not enough devices" "$work/node5.out"; then ok "2 devices: both needed to start"; else fail "2 devices start with one: $rc"; show node5; fi
nodes_cleanup

# --- a stopped inquisitor: the watchdog fires.
d=$(fresh s)
node_start node6 -d "$d" -I 1
if watching node6; then
    kill -STOP "$(inquisitor_pid node6)"
    rc=$(node_end node6 30)
    if [ "$rc" = 129 ] && grep -q "watchdog /dev/watchdog fired" "$work/node6.shim"; then
        ok "stopped inquisitor: the watchdog fired"
    else
        fail "stopped inquisitor: status $rc"; show node6
    fi
else
    fail "node6 not watching"; show node6
fi
nodes_cleanup

# --- a killed watcher: restarted after -t; SIGUSR1 restarts at once.
d=$(fresh k)
node_start node7 -d "$d" -d "$(fresh k2)" -d "$(fresh k3)" -I 1 -F 1 -t 3
if watching node7; then
    old=$(watcher_pid node7 0)
    kill -KILL "$old"
    if wait_for "$work/node7.out" "restarting it in" 10 && for _ in $(seq 100); do
        new=$(watcher_pid node7 0); [ -n "$new" ] && [ "$new" != "$old" ] && break; sleep 0.1
    done && [ -n "$new" ] && [ "$new" != "$old" ]; then
        ok "killed watcher restarted after the dampening delay (-F 1 -t 3)"
    else
        fail "killed watcher not restarted"; show node7
    fi
else
    fail "node7 not watching"; show node7
fi
nodes_cleanup
node_start node7 -d "$d" -d "$work/k2" -d "$work/k3" -I 1 -F 1 -t 600
if watching node7; then
    kill -KILL "$(watcher_pid node7 1)"
    wait_for "$work/node7.out" "restarting it in" 10
    kill -USR1 "$(inquisitor_pid node7)"
    if wait_for "$work/node7.out" "restarting the watcher of .* on request" 10 && sleep 2 && [ -n "$(watcher_pid node7 1)" ]; then
        ok "SIGUSR1 restarts a failed watcher at once"
    else
        fail "SIGUSR1"; show node7
    fi
else
    fail "node7 not watching"; show node7
fi
nodes_cleanup

# --- trace modes. A 5 s watchdog: the flush before the crash can take more
# than a second on a busy machine, and a 2 s watchdog would fire first.
d=$(fresh z -1 5 -4 10)
NODE_ENV=SBD_SHIM_SYSRQ=1 node_start node8 -d "$d" -I 1 -Z
if watching node8; then
    send -d "$d" message node8 reset
    rc=$(node_end node8 20); sent_wait
    if [ "$rc" = 129 ] && grep -q "sysrq c" "$work/node8.shim"; then ok "-Z: the reset became a crashdump"; else fail "-Z: $rc"; show node8; fi
fi
nodes_cleanup
d=$(fresh zz)
node_start node8 -d "$d" -I 1 -Z -Z
if watching node8; then
    send -d "$d" message node8 off
    rc=$(node_end node8 20); sent_wait
    if [ "$rc" = 0 ] && ! grep -q "reboot" "$work/node8.shim" && grep -q "trace mode" "$work/node8.out" \
        && grep -q "disarmed by magic close" "$work/node8.shim"; then
        ok "-Z -Z: logged, exited cleanly instead of powering off"
    else
        fail "-Z -Z: $rc"; show node8
    fi
fi
nodes_cleanup
d=$(fresh zzz)
node_start node8 -d "$d" -I 1 -Z -Z -Z
if watching node8; then
    send -d "$d" message node8 reset
    rc=$(node_end node8 30); sent_wait
    if [ "$rc" = 129 ] && grep -q "disarmed by magic close" "$work/node8.shim" \
        && [ "$(grep -n -m1 disarmed "$work/node8.shim" | cut -d: -f1)" -lt "$(grep -n -m1 'reboot RB_AUTOBOOT' "$work/node8.shim" | cut -d: -f1)" ]; then
        ok "-Z -Z -Z: watchdog disarmed, flushed, then rebooted"
    else
        fail "-Z -Z -Z: $rc"; show node8
    fi
fi
nodes_cleanup

# --- no watchdog: -W -W and -w /dev/null.
for option in "-W -W" "-w /dev/null"; do
    d=$(fresh nw)
    # shellcheck disable=SC2086
    node_start node9 -d "$d" -I 1 $option
    if watching node9; then
        send -d "$d" message node9 reset
        rc=$(node_end node9 20); sent_wait
        if [ "$rc" = 129 ] && ! grep -q "watchdog" "$work/node9.shim" && grep -q "without a watchdog" "$work/node9.out"; then
            ok "$option: runs without a watchdog, still fences"
        else
            fail "$option: $rc"; show node9
        fi
    else
        fail "$option: not watching"; show node9
    fi
    nodes_cleanup
done

# --- going to the background: `sbd watch` returns 0 once watching, 1 with the reason otherwise.
d=$(fresh bg)
node_run node10 bash -c "'$sbd' -n node10 -d '$d' -I 1 -p '$work/node10.pid' watch; echo \"watch returned \$?\"; sleep 1000"
if wait_for "$work/node10.out" "watch returned 0" 30 && [ -s "$work/node10.pid" ]; then
    ok "watch detaches and returns 0 once watching, pid file written"
else
    fail "watch in the background"; show node10
fi
nodes_cleanup
node_run node10 "$sbd" -n node10 -d "$work/missing" -s 0 watch
rc=$(node_end node10 20)
if [ "$rc" = 1 ] && grep -q "missing" "$work/node10.out"; then ok "watch fails with the reason when the device is missing"; else fail "missing device: $rc"; show node10; fi
nodes_cleanup

# --- -T leaves the watchdog's timeout alone; -C sets one before a crashdump.
d=$(fresh t)
node_start node11 -d "$d" -I 1 -T
if watching node11; then
    grep -q "timeout set to" "$work/node11.shim" && fail "-T: the watchdog timeout was set anyway" || ok "-T: watchdog timeout left as it is"
else
    fail "-T: not watching"; show node11
fi
nodes_cleanup
d=$(fresh c)
NODE_ENV=SBD_SHIM_SYSRQ=1 node_start node11 -d "$d" -I 1 -C 30
if watching node11; then
    send -d "$d" message node11 crashdump
    rc=$(node_end node11 20); sent_wait
    asked=$(grep -n -m1 "timeout requested: 30 s" "$work/node11.shim" | cut -d: -f1)
    crashed=$(grep -n -m1 "sysrq c" "$work/node11.shim" | cut -d: -f1)
    if [ "$rc" = 129 ] && [ -n "$asked" ] && [ -n "$crashed" ] && [ "$asked" -lt "$crashed" ]; then
        ok "-C 30: watchdog timeout raised to 30 s just before the crash"
    else
        fail "-C: $rc"; show node11
    fi
fi
nodes_cleanup

# --- query-watchdog prints what Debian's prints (crmsh and pcs parse it); test-watchdog needs a terminal.
oracle=${SBD_ORACLE:-$root/.cache/oracle/root/usr/sbin/sbd}
if [ -x "$oracle" ]; then
    if [ "$("$sbd" query-watchdog 2>/dev/null)" = "$("$oracle" query-watchdog 2>/dev/null)" ]; then
        ok "query-watchdog: same output as Debian's sbd"
    else
        fail "query-watchdog differs from Debian's"; diff <("$sbd" query-watchdog) <("$oracle" query-watchdog)
    fi
fi
# (without a terminal it goes ahead as Debian's does: sbd-test-watchdog.sh compares it)
node_run node12 bash -c "echo Proceed | script -qec '$sbd -w /dev/watchdog test-watchdog' /dev/null"
rc=$(node_end node12 40)
if [ "$rc" = 129 ] && grep -q "watchdog /dev/watchdog fired" "$work/node12.shim"; then
    ok "test-watchdog on a terminal: confirmed, armed, the watchdog reset the node"
else
    fail "test-watchdog on a terminal: $rc"; show node12
fi
nodes_cleanup

[ "$failures" = 0 ] || { echo "$failures daemon test(s) failed"; exit 1; }
echo "all daemon tests passed"
