#!/bin/bash
# How a node fences itself when it loses its device, Debian's sbd 1.5.2 and
# ours side by side: the same options, the same fault (the header wiped under
# the running daemon), each node in the sandbox with the shim. What is
# compared is the fencing path the shim records (watchdog reset or the
# daemon's own sync / watchdog close / sysrq / reboot(2), in order) and how
# the node ended -- never when. One case a line in the table below; a second
# table changes the node's slot instead (cleared, taken by another name, the
# device full), where the node may stay up. SBD_FENCING_CASES=slot runs only those.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib/side-by-side.sh
. "$root/tests/lib/side-by-side.sh"
side_by_side sbd-fencing
export SBD_SYNC_RESOURCE_STARTUP=no

# start SIDE NAME OPTIONS...: a node running `BIN -n NAME OPTIONS watch` on the side's device.
start() {
    local side=$1 name=$2 bin=$oracle
    shift 2
    [ "$side" = ours ] && bin=$sbd
    (
        "$sandbox" --hostname "$name" env LD_PRELOAD="$shim" SBD_SHIM_LOG="$work/$name.shim" SBD_SHIM_SYSRQ=1 \
            "$work/node" "$work" "$name" "$sink" "$bin" -n "$name" -d "${dev[$side]}" -P -P -I 1 "$@" watch
        rc=$?
        [ -s "$work/$name.rc" ] || echo $rc >"$work/$name.rc"
    ) &
}
wait_for() { # FILE PATTERN SECONDS
    local i
    for ((i = 0; i < $3 * 10; i++)); do grep -qE -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}
# path NAME: what the node did, in order, as the shim saw it, and how it ended.
path() {
    local name=$1 rc
    rc=$(cat "$work/$name.rc" 2>/dev/null)
    sed -nE 's/^[0-9.]+ pid=[0-9]+ //; s/^watchdog [^ ]+ fired.*/watchdog-reset/p; s/^sync$/sync/p;
        s/^watchdog close by the daemon: magic.*/disarm/p; s/^sysrq (.)$/sysrq-\1/p;
        s/^reboot RB_AUTOBOOT$/reboot(2)-restart/p; s/^reboot RB_POWER_OFF$/reboot(2)-power-off/p' "$work/$name.shim" 2>/dev/null |
        tr '\n' ' '
    case $rc in
        129) echo "=> node restarted" ;;
        130) echo "=> node powered off" ;;
        up) echo "=> node up" ;;
        *) echo "=> status ${rc:-none}" ;;
    esac
}
# compare LABEL: case $n's path on both sides, alike or a failure with both logs.
compare() {
    local deb ours side
    deb=$(path "deb$n") ours=$(path "ours$n")
    if [ "$deb" = "$ours" ]; then
        echo "ok   [$1] $deb"
    else
        echo "FAIL [$1] Debian's: $deb"
        echo "     [$1] ours:     $ours"
        for side in deb ours; do echo "--- $side:"; sed 's/^/    /' "$work/$side$n.shim" "$work/$side$n.log" 2>/dev/null | tail -30; done
        failures=$((failures + 1))
    fi
}

# Each side has its own loop device (Debian's sbd reads devices with O_DIRECT).
declare -A dev
for side in deb ours; do
    truncate -s 1M "$work/$side.img"
    dev[$side]=$(losetup -f --show "$work/$side.img") || { echo "FAIL: losetup"; exit 1; }
    loops+=("${dev[$side]}")
done

# options | a log line (either side's) after which the node stays up ("" = it must end)
cases=(
    "|"
    "-r off|"
    "-W -W|"
    "-W -W -r off|"
    "-W -W -r noflush,reboot|"
    "-W -W -r crashdump|"
    "-Z|"
    "-Z -Z|Shutting down SBD instead|exiting cleanly instead"
    "-Z -Z -Z|"
    "-Z -Z -Z -Z|"
    "-W -W -Z|"
    "-W -W -Z -Z|[Ww]ould have fenced"
    "-W -W -Z -Z -Z -Z|[Ww]ould have fenced"
)
n=0
[ "${SBD_FENCING_CASES:-all}" = slot ] && cases=() # only the slot faults below
for case in "${cases[@]}"; do
    opts=${case%%|*} survives=${case#*|}
    n=$((n + 1))
    for side in deb ours; do
        bin=$oracle
        [ $side = ours ] && bin=$sbd
        "$bin" -d "${dev[$side]}" -1 5 -4 10 create >/dev/null 2>&1 || { echo "FAIL: create with $side"; exit 1; }
        # shellcheck disable=SC2086
        start $side "$side$n" $opts
    done
    for side in deb ours; do
        wait_for "$work/$side$n.log" "watch returned 0" 30 ||
            { echo "FAIL [${opts:-default}] $side: not watching"; failures=$((failures + 1)); }
    done
    for side in deb ours; do
        dd if=/dev/zero of="${dev[$side]}" bs=512 count=1 conv=notrunc,fsync oflag=direct status=none
    done
    for side in deb ours; do
        if [ -n "$survives" ] && wait_for "$work/$side$n.log" "$survives" 40; then
            echo up >"$work/$side$n.rc"
            pkill -TERM -f -- "$work/node $work $side$n " 2>/dev/null
        fi
        wait_for "$work/$side$n.rc" "." 60 || echo timeout >"$work/$side$n.rc"
    done
    compare "${opts:-default}"
done

# A running node's slot changed under it, the header intact. Debian's sbd
# restarts the device's watcher, which claims a slot for the node again (the
# first unused one) without clearing the mailbox; with no slot left to claim
# the device stays lost. A node that stays up proves it by receiving a test
# message in its new slot; one that does not must end.
# fault(SIDE FAULT): writes the fault over slot 0 (the node's) and its mailbox.
sector() { # IN-USE NAME: a slot sector (or a mailbox sector: command byte, sender)
    python3 -c 'import sys; b = bytes([int(sys.argv[1])]) + sys.argv[2].encode(); sys.stdout.buffer.write(b + bytes(512 - len(b)))' "$1" "$2"
}
fault() {
    local f=$work/fault
    case $2 in
        slot-cleared) sector 0 "" >"$f" ;;
        slot-cleared-reset-waiting) { sector 0 ""; sector 2 intruder; } >"$f" ;;
        slot-taken) sector 1 intruder >"$f" ;;
        slot-taken-device-full)
            { sector 1 intruder; sector 0 ""; } >"$f"
            python3 -c 'import sys
for i in range(1, 255):
    b = b"\x01filler%d" % i
    sys.stdout.buffer.write(b + bytes(512 - len(b)) + bytes(512))' >>"$f" ;;
    esac
    dd if="$f" of="${dev[$1]}" bs=512 seek=1 conv=notrunc,fsync oflag=direct status=none
}
received() { # LOG: how many test messages the node logged
    local count
    count=$(grep -c "Received command test from" "$1" 2>/dev/null)
    echo "${count:-0}"
}
# probe SIDE NAME: true once NAME holds a slot again and received a test
# message there. Sent again while unanswered: a watcher at start clears its
# mailbox after claiming the slot, which may take a test sent meanwhile.
probe() {
    local side=$1 name=$2 bin=$oracle before attempt i
    [ "$side" = ours ] && bin=$sbd
    before=$(received "$work/$name.log")
    for ((attempt = 0; attempt < 10; attempt++)); do
        if "$bin" -d "${dev[$side]}" list 2>/dev/null | grep -qE "^[0-9]+[[:space:]]+$name[[:space:]]"; then
            "$bin" -d "${dev[$side]}" message "$name" test >/dev/null 2>&1 &
        fi
        for ((i = 0; i < 50; i++)); do
            [ "$(received "$work/$name.log")" -gt "$before" ] && return 0
            [ -s "$work/$name.rc" ] && return 1
            sleep 0.1
        done
    done
    return 1
}
# stop NAME: ends a node that is up and waits until its processes are gone.
stop() {
    local i
    pkill -TERM -f -- "$work/node $work $1 " 2>/dev/null
    for ((i = 0; i < 100; i++)); do pgrep -f -- "$work/node $work $1 " >/dev/null || return 0; sleep 0.1; done
}
# fault | whether a test message is a fair probe (a waiting reset must not be overwritten)
slot_cases=(
    "slot-cleared|probe"
    "slot-cleared-reset-waiting|"
    "slot-taken|probe"
    "slot-taken-device-full|probe"
)
for case in "${slot_cases[@]}"; do
    what=${case%%|*} probing=${case#*|}
    n=$((n + 1))
    for side in deb ours; do
        bin=$oracle
        [ $side = ours ] && bin=$sbd
        "$bin" -d "${dev[$side]}" -1 5 -4 10 create >/dev/null 2>&1 || { echo "FAIL: create with $side"; exit 1; }
        start $side "$side$n"
    done
    # Watching means in the loop with slot 0 read: a test message went through.
    for side in deb ours; do
        probe $side "$side$n" || { echo "FAIL [$what] $side: not watching"; failures=$((failures + 1)); }
    done
    for side in deb ours; do fault $side "$what"; done
    for side in deb ours; do
        if [ -n "$probing" ] && probe $side "$side$n"; then
            echo up >"$work/$side$n.rc"
        fi
        wait_for "$work/$side$n.rc" "." 60 || echo running >"$work/$side$n.rc"
        stop "$side$n"
    done
    compare "$what"
done

[ $failures = 0 ] || { echo "$failures fencing path(s) differ from Debian's"; exit 1; }
echo "every fencing path matches Debian's"
