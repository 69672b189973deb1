#!/bin/bash
# A device that stops answering: sbd must give up after the -I timeout with
# an error naming the device, instead of hanging. The device is a loop device
# over a file of a FUSE file system (tests/tools/hangfs.py) whose I/O blocks
# on demand, as a storage path that died does.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
sbd=${SBD_BIN:-$root/.build/debug}/sbd
sandbox=$root/../shared/tools/sandbox
work=$(mktemp -d)
mnt=$work/mnt
flag=$work/hang
loop=
fs_pid=
cleanup() {
    rm -f "$flag"
    [ -z "$loop" ] || losetup -d "$loop" 2>/dev/null
    mountpoint -q "$mnt" && { umount "$mnt" 2>/dev/null || umount -l "$mnt"; }
    [ -z "$fs_pid" ] || kill "$fs_pid" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
export SBD_CONFIG=$work/empty.conf WORK=$work
: >"$SBD_CONFIG"

if [ ! -e /dev/fuse ] || ! /usr/bin/python3 -c 'import fusepy' 2>/dev/null; then
    echo "FAIL: needs /dev/fuse and python3-fusepy (scripts/setup installs the package)"
    exit 1
fi
mkdir -p "$mnt"
truncate -s 1M "$work/image"
/usr/bin/python3 "$root/tests/tools/hangfs.py" "$work/image" "$mnt" --hang-flag "$flag" &
fs_pid=$!
for _ in $(seq 50); do [ -e "$mnt/disk" ] && break; sleep 0.1; done
[ -e "$mnt/disk" ] || { echo "FAIL: hangfs did not mount"; exit 1; }
loop=$(losetup -f --show --direct-io=on "$mnt/disk" 2>/dev/null || losetup -f --show "$mnt/disk")

"$sandbox" "$sbd" -d "$loop" create >/dev/null || { echo "FAIL: create on the healthy device"; exit 1; }
"$sandbox" "$sbd" -d "$loop" dump >/dev/null || { echo "FAIL: dump on the healthy device"; exit 1; }

touch "$flag"
start=$(date +%s%N)
# The sandbox stays up while the worker stuck on the device lives, so sbd's
# own exit is seen through the file its exit code is written to.
"$sandbox" sh -c '"$0" -I 1 -d "$1" dump >"$2/out" 2>"$2/err"; echo $? >"$2/rc"' "$sbd" "$loop" "$work" &
node=$!
# Generous bound: the check is that sbd returns at all while the device hangs.
for _ in $(seq 300); do [ -s "$work/rc" ] && break; sleep 0.1; done
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
if [ ! -s "$work/rc" ]; then
    echo "FAIL: sbd -I 1 dump still blocked on the hung device after 30 s"
    exit 1
fi
rc=$(cat "$work/rc")
rm -f "$flag"
wait $node
if [ $rc -ne 1 ] || ! grep -qE "device $loop (did not complete a read within 1 s \\(-I\\)|did not answer within [0-9]+ s)" "$work/err"; then
    echo "FAIL: expected exit 1 and a timeout error naming $loop, got rc=$rc:"; cat "$work/err"
    exit 1
fi
grep -q "== disk $loop unreadable!" "$work/err" || { echo "FAIL: unreadable marker missing"; exit 1; }
echo "ok   hung device: sbd gave up after ${elapsed_ms} ms with: $(tail -1 "$work/err")"

# Three devices, one of them hung: a message still reaches the majority.
truncate -s 1M "$work/a.img" "$work/b.img"
devs=(-d "$work/a.img" -d "$work/b.img" -d "$loop")
"$sandbox" "$sbd" -1 2 -4 4 "${devs[@]}" create >/dev/null && "$sandbox" "$sbd" -2 1 "${devs[@]}" allocate node1 >/dev/null \
    || { echo "FAIL: setting up three devices"; exit 1; }
touch "$flag"
rm -f "$work/rc"
"$sandbox" sh -c '"$0" -I 1 "$@" message node1 test 2>"$WORK/err"; echo $? >"$WORK/rc"' "$sbd" "${devs[@]}" &
node=$!
for _ in $(seq 300); do [ -s "$work/rc" ] && break; sleep 0.1; done
rc=$(cat "$work/rc" 2>/dev/null)
rm -f "$flag"
wait $node
[ "$rc" = 0 ] || { echo "FAIL: message with 1 of 3 devices hung: rc=${rc:-none}"; cat "$work/err"; exit 1; }
for img in a b; do
    [ "$(od -An -tu1 -j $((2 * 512)) -N1 "$work/$img.img" | tr -d ' ')" = 1 ] || { echo "FAIL: test message missing on $img.img"; exit 1; }
done
echo "ok   message delivered via 2 of 3 devices while the third hangs"
