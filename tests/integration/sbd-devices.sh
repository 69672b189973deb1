#!/bin/bash
# Kinds of devices: plain files on a disk file system (O_DIRECT) and on tmpfs
# (no O_DIRECT, O_SYNC instead), loop devices with 512- and 4096-byte
# sectors, and a header whose sector size does not match the device.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
sbd=${SBD_BIN:-$root/.build/debug}/sbd
sandbox=$root/../shared/tools/sandbox
work=$(mktemp -d -p /var/tmp)
shm=$(mktemp -d -p /dev/shm)
loops=()
cleanup() {
    for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null; done
    rm -rf "$work" "$shm"
}
trap cleanup EXIT
export SBD_CONFIG=$work/empty.conf
: >"$SBD_CONFIG"
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
sbd() { "$sandbox" --hostname node1 "$sbd" "$@"; }

# A full round on one device: create, dump, allocate, message, list.
round() {
    local name=$1 dev=$2 sector=$3
    local out
    sbd -1 1 -2 1 -4 2 -d "$dev" create >/dev/null 2>"$work/err" || { fail "$name: create"; cat "$work/err"; return; }
    out=$(sbd -d "$dev" dump) || { fail "$name: dump"; return; }
    grep -q "^Sector size        : $sector\$" <<<"$out" || fail "$name: dump shows no sector size $sector"
    sbd -d "$dev" allocate node1 >/dev/null || { fail "$name: allocate"; return; }
    sbd -d "$dev" message node1 test || { fail "$name: message"; return; }
    out=$(sbd -d "$dev" list)
    [ "$out" = "$(printf '0\tnode1\ttest\tnode1')" ] || fail "$name: list printed '$out'"
    echo "ok   $name"
}

truncate -s 1M "$work/file.img" "$shm/file.img"
round "plain file on $(stat -f -c %T "$work")" "$work/file.img" 512
sbd -vv -d "$work/file.img" list 2>&1 >/dev/null | grep -q "regular file.*O_DIRECT I/O" || fail "file on disk should use O_DIRECT"
round "plain file on tmpfs" "$shm/file.img" 512
# tmpfs refuses O_DIRECT before Linux 6.6 and accepts it since: either way works.
mode=$(sbd -vv -d "$shm/file.img" list 2>&1 >/dev/null | grep -o "[A-Za-z_]* I/O")
[ -n "$mode" ] && echo "     (tmpfs on $(uname -r): $mode)" || fail "no I/O mode reported for tmpfs"

truncate -s 4M "$work/loop512.img" "$work/loop4k.img"
l512=$(losetup -f --show "$work/loop512.img") && loops+=("$l512")
l4k=$(losetup -f --show --sector-size 4096 "$work/loop4k.img") && loops+=("$l4k")
round "loop device, 512-byte sectors" "$l512" 512
sbd -vv -d "$l512" list 2>&1 >/dev/null | grep -q "block device.*O_DIRECT" || fail "loop device should use O_DIRECT"
round "loop device, 4096-byte sectors" "$l4k" 4096

# The 4k-sector image seen through 512-byte sectors: the header says 4096.
losetup -d "$l4k"
l4k512=$(losetup -f --show "$work/loop4k.img") && loops+=("$l4k512")
sbd -d "$l4k512" dump >/dev/null 2>"$work/err"
rc=$?
{ [ $rc -eq 1 ] && grep -q "written for 4096-byte sectors but the device has 512-byte sectors" "$work/err"; } \
    && echo "ok   sector size mismatch is refused" || { fail "sector size mismatch: rc=$rc"; cat "$work/err"; }

# A device shorter than the layout its header describes (truncated after create).
cp "$work/file.img" "$work/short.img"
truncate -s 100K "$work/short.img"
sbd -d "$work/short.img" list >/dev/null 2>"$work/err"
rc=$?
{ [ $rc -eq 1 ] && grep -q "holds 102400 bytes but the layout needs 261632" "$work/err"; } \
    && echo "ok   truncated device is refused" || { fail "truncated device: rc=$rc"; cat "$work/err"; }

if [ $failures -gt 0 ]; then echo "$failures failure(s)"; exit 1; fi
echo "all device kinds passed"
