#!/bin/bash
# Waiting for devices at start-up (-s): `sbd watch` is started with a
# /dev/disk/by-id path that does not exist yet; the loop device is attached
# later and a real systemd-udevd creates the symlink. sbd must proceed on the
# udev event, say while waiting which device it waits for, and, when the wait
# runs out, fail naming the missing device. Without udevd it still finds a
# device that appears (periodic re-check).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
. "$root/tests/lib/nodes.sh"
udevd=
loops=()
rules=/run/udev/rules.d/99-sbd-test-$$.rules
cleanup() {
    nodes_cleanup
    for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null; done
    rm -f "$rules"
    if [ -n "$udevd" ]; then
        kill "$udevd" 2>/dev/null
        wait "$udevd" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT

udevd_bin=$(command -v systemd-udevd || echo /lib/systemd/systemd-udevd)
[ -x "$udevd_bin" ] || { echo "FAIL: systemd-udevd missing (scripts/setup installs udev)"; exit 1; }
pgrep -x systemd-udevd >/dev/null && { echo "FAIL: a systemd-udevd runs already; this test starts its own"; exit 1; }

# A by-id style name for our loop device only: udev derives it from the backing file.
tag=sbd-test-$$
mkdir -p /run/udev/rules.d
cat >"$rules" <<RULES
SUBSYSTEM=="block", KERNEL=="loop*", ATTR{loop/backing_file}=="$work/*", SYMLINK+="disk/by-id/$tag-%k"
RULES
"$udevd_bin" --resolve-names=never >"$work/udevd.log" 2>&1 &
udevd=$!
for _ in $(seq 50); do udevadm control --ping 2>/dev/null && break; sleep 0.1; done
udevadm control --reload

truncate -s 2M "$work/disk.img"
"$sbd" -d "$work/disk.img" -1 2 -4 4 create >/dev/null || { echo "FAIL: create"; exit 1; }
next=$(losetup -f)
link=/dev/disk/by-id/$tag-${next#/dev/}
[ ! -e "$link" ] || { echo "FAIL: $link exists before the test attached anything"; exit 1; }

node_start node1 -d "$link" -I 1 -s 60
if wait_for "$work/node1.out" "waiting for devices .*$link does not exist" 20; then
    ok "sbd says which device it waits for"
else
    fail "no waiting message naming $link"; show node1
fi
attached=$(date +%s.%N)
loops+=("$(losetup --show "$next" "$work/disk.img")")
if wait_for "$work/node1.out" "watching .* as node1" 30; then
    grep -q "devices ready after .* (woken by a udev event)" "$work/node1.out" \
        && ok "sbd proceeded on the udev event" || { fail "sbd did not proceed on the udev event"; show node1; }
    ready=$(grep -m1 "devices ready after" "$work/node1.out")
    echo "measured: loop device attached at $attached; sbd: ${ready#sbd: }"
else
    fail "sbd did not start once $link appeared"; show node1
fi
nodes_cleanup

# The wait runs out: the error names the missing device.
node_start node1 -d "/dev/disk/by-id/$tag-never" -I 1 -s 3
rc=$(node_end node1 30)
if [ "$rc" = 1 ] && grep -q "not enough devices after waiting 3 s (-s): .*$tag-never does not exist" "$work/node1.out"; then
    ok "the wait runs out with an error naming the device"
else
    fail "timeout: status $rc"; show node1
fi
nodes_cleanup

# Without udevd: a device node that appears is still found.
kill "$udevd"; wait "$udevd" 2>/dev/null; udevd=
truncate -s 2M "$work/disk2.img"
"$sbd" -d "$work/disk2.img" -1 2 -4 4 create >/dev/null
next=$(losetup -f)
if [ -e "$next" ]; then
    # losetup -f may name an existing, unused node: use a fresh number instead.
    n=${next#/dev/loop}
    while [ -e "/dev/loop$n" ]; do n=$((n + 1)); done
    next=/dev/loop$n
fi
node_start node1 -d "$next" -I 1 -s 60
wait_for "$work/node1.out" "waiting for devices" 20 || fail "no waiting message without udevd"
loops+=("$(losetup --show "$next" "$work/disk2.img" 2>/dev/null || losetup -f --show "$work/disk2.img")")
if wait_for "$work/node1.out" "watching .* as node1" 30 && grep -q "periodic check" "$work/node1.out"; then
    ok "without udevd the periodic re-check finds the device"
else
    fail "without udevd"; show node1
fi
grep -q "kernel name that can change" "$work/node1.out" && ok "a kernel name (/dev/loopN) draws the unstable-name warning" \
    || fail "no warning about the unstable name $next"

nodes_cleanup

# Type=notify: what systemd hears on NOTIFY_SOCKET while sbd waits, delays and starts.
cat >"$work/listen.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as out:
    while True:
        out.write(s.recv(4096).decode(errors="replace").replace("\n", " | ") + "\n")
PY
/usr/bin/python3 "$work/listen.py" "$work/notify.sock" "$work/notify.log" &
listener=$!
for _ in $(seq 50); do [ -S "$work/notify.sock" ] && break; sleep 0.1; done
truncate -s 2M "$work/disk3.img"
"$sbd" -d "$work/disk3.img" -1 2 -4 4 create >/dev/null
printf 'SBD_DELAY_START=2\n' >"$SBD_CONFIG"
NODE_ENV="NOTIFY_SOCKET=$work/notify.sock" node_start node1 -d "$work/disk3.img" -d "$work/not-yet" -d "$work/disk3b.img" -I 1 -s 30
wait_for "$work/notify.log" "STATUS=Waiting for devices" 20 || fail "no STATUS while waiting"
cp "$work/disk3.img" "$work/disk3b.img"
"$sbd" -d "$work/disk3b.img" -1 2 -4 4 create >/dev/null
if wait_for "$work/notify.log" "READY=1" 30; then
    kill -TERM "$(inquisitor_pid node1)"
    wait_for "$work/notify.log" "STOPPING=1" 20 || fail "no STOPPING=1"
fi
kill "$listener" 2>/dev/null; wait "$listener" 2>/dev/null
: >"$SBD_CONFIG"
for want in "STATUS=Waiting for devices (.* s left): .*not-yet does not exist" "EXTEND_TIMEOUT_USEC=[0-9]" \
    "STATUS=Delaying start-up by 2 s" "READY=1 | MAINPID=[0-9]* | STATUS=Watching 2 of 3 devices as node1" "STOPPING=1"; do
    grep -q -- "$want" "$work/notify.log" && ok "sd_notify: $want" || { fail "sd_notify: no '$want'"; cat "$work/notify.log"; show node1; }
done

[ "$failures" = 0 ] || { echo "$failures udev test(s) failed"; exit 1; }
echo "all udev tests passed"
