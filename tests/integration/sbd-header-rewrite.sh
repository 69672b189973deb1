#!/bin/bash
# A device's header rewritten under a running node so that it promises less
# than the armed watchdog (issue 13 item 9): armed with watchdog 8 s, the
# header then says watchdog 2 s / msgwait 4 s. A sender now treats the node
# as fenced 4 s after writing a reset, so a hung node must be reset by then.
# Ours re-arms the watchdog to the header's 2 s (checked: the error line
# naming both values, STATUS= on NOTIFY_SOCKET, the re-arm the shim
# recorded, and a hung node -- SIGSTOP on the inquisitor -- reset within
# the header's msgwait of the hang, by the shim's clock). When the driver
# refuses the new timeout, or rounds it above the msgwait, the device counts
# unhealthy and the watchdog resets the node by the device-lost path.
# Debian's sbd 1.5.2 in the same case is run and reported, not asserted: it
# keeps the 8 s watchdog (a deliberate difference, sbd(8)).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib/side-by-side.sh
. "$root/tests/lib/side-by-side.sh"
side_by_side sbd-header-rewrite
export SBD_SYNC_RESOURCE_STARTUP=no
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }
armed=8 new_watchdog=2 new_msgwait=4 minimum=5

# What systemd would hear: one line per datagram.
cat >"$work/listen.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as out:
    while True:
        out.write(s.recv(4096).decode(errors="replace").replace("\n", " | ") + "\n")
EOF

# The header's watchdog and msgwait fields (sector 0, offsets 16 and 28, big
# endian) rewritten in place, as a second `create` with other timeouts would
# write them, but leaving the slots alone.
patch_header() { # DEV WATCHDOG MSGWAIT
    python3 - "$@" <<'EOF'
import mmap, os, struct, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_DIRECT)
sector = mmap.mmap(-1, 512)
os.preadv(fd, [sector], 0)
sector[16:20] = struct.pack(">I", int(sys.argv[2]))
sector[28:32] = struct.pack(">I", int(sys.argv[3]))
os.pwritev(fd, [sector], 0)
os.fsync(fd)
EOF
}

# start NAME BIN ENV...: a node running `BIN -n NAME -d DEV -P -P -I 1 watch`, DEV = dev[NAME].
declare -A dev
start() {
    local name=$1 bin=$2
    shift 2
    truncate -s 1M "$work/$name.img"
    dev[$name]=$(losetup -f --show "$work/$name.img") || { echo "FAIL: losetup"; exit 1; }
    loops+=("${dev[$name]}")
    "$bin" -d "${dev[$name]}" -1 $armed -4 $((2 * armed)) create >/dev/null 2>&1 || { echo "FAIL: create"; exit 1; }
    (
        "$sandbox" --hostname "$name" env LD_PRELOAD="$shim" SBD_SHIM_LOG="$work/$name.shim" "$@" \
            "$work/node" "$work" "$name" "$sink" "$bin" -n "$name" -d "${dev[$name]}" -P -P -I 1 watch
        echo $? >"$work/$name.rc"
    ) &
}
wait_for() { # FILE PATTERN SECONDS
    local i
    for ((i = 0; i < $3 * 10; i++)); do grep -qE -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}
# The host PID of NAME's inquisitor: the oldest process of the node's PID
# namespace running the daemon (the shim's watchdog emulator is a later copy).
inquisitor() { # NAME PATTERN
    local node
    node=$(pgrep -n -f -- "^/bin/bash $work/node $work $1 ")
    pgrep -o --ns "$node" --nslist pid -f -- "$2"
}
shim_time() { # NAME PATTERN: the shim's time stamp of the first matching event
    grep -m1 -E -- "$2" "$work/$1.shim" 2>/dev/null | cut -d' ' -f1
}
show() { echo "--- $1:"; sed 's/^/    /' "$work/$1.shim" "$work/$1.log" "$work/$1.notify" 2>/dev/null | tail -40; }

/usr/bin/python3 "$work/listen.py" "$work/accept.sock" "$work/accept.notify" &
/usr/bin/python3 "$work/listen.py" "$work/refuse.sock" "$work/refuse.notify" &
/usr/bin/python3 "$work/listen.py" "$work/round.sock" "$work/round.notify" &
for s in accept refuse round; do
    for _ in $(seq 50); do [ -S "$work/$s.sock" ] && break; sleep 0.1; done
done
# accept: the driver takes any timeout; refuse: nothing below the minimum
# (EINVAL); round: below the minimum becomes the minimum, above the new msgwait.
start accept "$sbd" NOTIFY_SOCKET="$work/accept.sock"
start refuse "$sbd" NOTIFY_SOCKET="$work/refuse.sock" SBD_SHIM_WATCHDOG_MIN_TIMEOUT=$minimum
start round "$sbd" NOTIFY_SOCKET="$work/round.sock" SBD_SHIM_WATCHDOG_MIN_TIMEOUT=$minimum \
    SBD_SHIM_WATCHDOG_BELOW_MIN=round
start debian "$oracle"
for name in accept refuse round; do
    wait_for "$work/$name.notify" "READY=1" 30 || fail "$name: not watching"
done
wait_for "$work/debian.log" "watch returned 0" 30 || fail "Debian's: not watching"
for name in accept refuse round debian; do
    wait_for "$work/$name.shim" "timeout set to $armed s" 10 || fail "$name: the watchdog was not armed with $armed s"
    patch_header "${dev[$name]}" $new_watchdog $new_msgwait
done

# accept: re-armed, logged and shown with both values.
promise="msgwait $new_msgwait s, less than the armed watchdog timeout $armed s"
wait_for "$work/accept.log" "$promise: watchdog re-armed to $new_watchdog s" 15 &&
    ok "accept: the error names both values: $(grep -m1 -o "header of .*re-armed to $new_watchdog s" "$work/accept.log")" ||
    fail "accept: no error line naming msgwait $new_msgwait s and the armed $armed s"
wait_for "$work/accept.notify" "STATUS=.*$promise: watchdog re-armed to $new_watchdog s" 5 &&
    ok "accept: STATUS= shows it: $(grep -m1 -o "STATUS=.*re-armed to $new_watchdog s" "$work/accept.notify")" ||
    fail "accept: STATUS= does not show the re-arm"
wait_for "$work/accept.shim" "watchdog [^ ]+ timeout set to $new_watchdog s" 5 &&
    ok "accept: the shim recorded the re-arm to $new_watchdog s" || fail "accept: the shim recorded no re-arm to $new_watchdog s"
# Both daemons hang (SIGSTOP on the inquisitor); the watchdog must reset
# the node within the header's msgwait of the hang.
hung() { # NAME PATTERN: stops the inquisitor; prints the time of the hang
    local pid
    pid=$(inquisitor "$1" "$2")
    [ -n "$pid" ] || { echo none; return; }
    date +%s.%N
    kill -STOP "$pid"
}
accept_hang=$(hung accept "^$sbd -n accept ")
debian_hang=$(hung debian "^sbd: inquisitor")
wait_for "$work/accept.rc" "." 20
wait_for "$work/debian.rc" "." 20
fired=$(shim_time accept "watchdog [^ ]+ fired")
if [ "$accept_hang" = none ] || [ -z "$fired" ]; then
    fail "accept: the hung node was not reset by its watchdog (hang $accept_hang, status $(cat "$work/accept.rc" 2>/dev/null))"
    show accept
elif python3 -c "import sys; sys.exit(0 if float(sys.argv[2]) - float(sys.argv[1]) <= float(sys.argv[3]) else 1)" \
    "$accept_hang" "$fired" $new_msgwait; then
    ok "accept: hung node reset $(python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" \
        "$accept_hang" "$fired") s after the hang, within the header's msgwait $new_msgwait s"
else
    fail "accept: hung node reset $(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" \
        "$accept_hang" "$fired") s after the hang: more than the header's msgwait $new_msgwait s"
    show accept
fi

# refuse / round: the device counts unhealthy and the watchdog, still armed
# with what the driver holds, resets the node (the device-lost path).
for case in "refuse|failed \\(the driver refused|$armed" "round|failed \\(the driver took $minimum s instead\\)|$minimum"; do
    IFS='|' read -r name why holds <<<"$case"
    wait_for "$work/$name.log" "$promise: re-arming the watchdog to $new_watchdog s $why" 15 &&
        ok "$name: the error names both values: $(grep -m1 -o "header of .*failed (.*)" "$work/$name.log")" ||
        fail "$name: no error line naming the refused re-arm and both values"
    wait_for "$work/$name.notify" "STATUS=.*counting that device unhealthy" 5 &&
        ok "$name: STATUS= shows it: $(grep -m1 -o "STATUS=.*unhealthy" "$work/$name.notify")" ||
        fail "$name: STATUS= does not say the device counts unhealthy"
    wait_for "$work/$name.rc" "." 30
    rc=$(cat "$work/$name.rc" 2>/dev/null)
    if [ "$rc" = 129 ] && grep -qE "watchdog [^ ]+ fired after $holds s" "$work/$name.shim"; then
        ok "$name: the device counted unhealthy, the watchdog ($holds s) reset the node"
    else
        fail "$name: status ${rc:-none}, no watchdog reset after $holds s"
        show "$name"
    fi
done

# Debian's, recorded for comparison.
changed=$(grep -m1 -o "Header on .* changed since start-up!" "$work/debian.log")
rearmed=$(grep -cE "timeout requested: $new_watchdog s" "$work/debian.shim")
fired=$(shim_time debian "watchdog [^ ]+ fired")
echo "note Debian's sbd 1.5.2: logs '${changed:-no change line}', asks the driver for $new_watchdog s $rearmed time(s);" \
    "$(grep -m1 -oE "fired after [0-9]+ s" "$work/debian.shim" || echo "no watchdog reset")" \
    "$([ -n "$fired" ] && [ "$debian_hang" != none ] &&
        python3 -c "import sys; print('%.2f s after the hang, msgwait %s s' % (float(sys.argv[2]) - float(sys.argv[1]), sys.argv[3]))" \
            "$debian_hang" "$fired" $new_msgwait)"

[ $failures = 0 ] || { echo "$failures header-rewrite check(s) failed"; exit 1; }
echo "a rewritten header's promise is kept or its device counts unhealthy"
