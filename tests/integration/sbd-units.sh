#!/bin/bash
# The systemd units, the SysV script and sbd-generator against the real
# tools: `systemd-analyze verify` on init/*.service alone and with drop-ins
# the generator wrote for sample configurations, the generator's unit names
# against `systemd-escape --path`, hostile configurations (nothing written,
# exit 0, a message), and the SysV script's syntax and LSB header.
#
# verify runs with --root on a scratch root that holds a copy of the host's
# units, ours, the drop-ins (under etc/: verify does not read generator
# directories) and a stand-in /usr/sbin/sbd, since verify checks that
# ExecStart= names an executable. verify exits 0 even on unknown keys or
# unparsable values, so any output at all counts as a failure.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SBD_BIN:-$root/.build/debug}
gen=$bin/sbd-generator
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

[ -x "$gen" ] || { echo "FAIL: $gen missing; run make build"; exit 1; }
command -v systemd-analyze >/dev/null || { echo "FAIL: systemd-analyze missing (package systemd)"; exit 1; }

vroot=$work/root
units=$vroot/usr/lib/systemd/system
mkdir -p "$units" "$vroot/usr/sbin" "$vroot/etc/systemd/system"
cp -a /lib/systemd/system/. "$units/"
cp "$root"/init/sbd.service "$root"/init/sbd_remote.service "$units/"
printf '#!/bin/sh\nexit 0\n' >"$vroot/usr/sbin/sbd"
chmod +x "$vroot/usr/sbin/sbd"

# verify NAME: sbd.service and sbd_remote.service in the scratch root, silently.
verify() {
    local out
    out=$(systemd-analyze verify --man=no --root="$vroot" sbd.service sbd_remote.service 2>&1)
    local rc=$?
    if [ $rc -ne 0 ] || [ -n "$out" ]; then
        fail "$1: systemd-analyze verify (rc $rc):"
        echo "$out" | sed 's/^/    /'
        return 1
    fi
    ok "$1: systemd-analyze verify is silent"
}

# generate NAME: runs the generator on $work/NAME.conf into $work/out-NAME.
generate() {
    rm -rf "$work/out-$1"
    mkdir -p "$work/out-$1"
    SBD_CONFIG=$work/$1.conf timeout 5 "$gen" "$work/out-$1" "$work/out-$1" "$work/out-$1" 2>"$work/$1.err"
}

# with_dropins NAME: installs NAME's drop-ins into the scratch root's /etc.
with_dropins() {
    rm -rf "$vroot"/etc/systemd/system/*.d
    cp -r "$work/out-$1"/. "$vroot/etc/systemd/system/"
}

echo "== units"
verify "the units alone"

# The check itself must see drop-ins: a broken one has to be reported.
mkdir -p "$vroot/etc/systemd/system/sbd.service.d"
printf '[Service]\nTimeoutStartSec=soon\n' >"$vroot/etc/systemd/system/sbd.service.d/50-sbd-generator.conf"
if systemd-analyze verify --man=no --root="$vroot" sbd.service 2>&1 | grep -q "TimeoutStartSec"; then
    ok "control: verify reports a broken drop-in under etc/"
else
    fail "control: verify did not read the drop-in; the drop-in checks below prove nothing"
fi

echo "== generated drop-ins"
cat >"$work/three.conf" <<'CONF'
SBD_DEVICE="/dev/disk/by-id/scsi-36001405aa-part1;/dev/disk/by-path/pci-0000:00:1f.2-ata-1;/dev/mapper/vg-sbd"
SBD_DELAY_START=40
SBD_OPTS="-n node1 -s 200"
CONF
cat >"$work/odd.conf" <<'CONF'
# spaces, non-ASCII, a plain file, a repeated device
SBD_DEVICE="/dev/disk/by-id/my disk-ä;/var/lib/sbd/disk;//dev//disk/by-id/my disk-ä/"
SBD_DELAY_START=yes
SBD_UNKNOWN_FUTURE=1
CONF
cat >"$work/diskless.conf" <<'CONF'
SBD_DEVICE=""
SBD_WATCHDOG_DEV=/dev/null
CONF
cat >"$work/huge.conf" <<'CONF'
SBD_DEVICE=/dev/sdb
SBD_DELAY_START=4294967295
SBD_OPTS="-s 2147483646"
CONF
cp "$root/etc/default/sbd" "$work/template.conf"
for name in three odd diskless huge template; do
    generate "$name" || fail "$name: generator exit status $?"
    [ -s "$work/$name.err" ] && { fail "$name: generator complained:"; sed 's/^/    /' "$work/$name.err"; }
    for unit in sbd.service sbd_remote.service; do
        [ -s "$work/out-$name/$unit.d/50-sbd-generator.conf" ] || fail "$name: no drop-in for $unit"
    done
    with_dropins "$name"
    verify "$name"
done
grep -q '^TimeoutStartSec=300$' "$work/out-three/sbd.service.d/50-sbd-generator.conf" ||
    fail "three: TimeoutStartSec is not 200 + 40 + 60"
grep -q '^TimeoutStartSec=6442451001$' "$work/out-huge/sbd.service.d/50-sbd-generator.conf" ||
    fail "huge: TimeoutStartSec is not the exact sum"

echo "== unit names against systemd-escape"
paths=(
    "/dev/disk/by-id/scsi-36001405aa-part1" "/dev/disk/by-path/pci-0000:00:1f.2-ata-1" "/dev/mapper/vg-sbd"
    "/dev/disk/by-id/my disk-ä" "/dev/disk/by-id/wwn-0x5000c5€" "/dev/.x" "/dev/a+b@c~d%e" "/dev/-x"
)
list=$(printf '%s;' "${paths[@]:0:3}")
printf 'SBD_DEVICE="%s"\n' "$list" >"$work/esc1.conf"
list=$(printf '%s;' "${paths[@]:3:3}")
printf 'SBD_DEVICE="%s"\n' "$list" >"$work/esc2.conf"
list=$(printf '%s;' "${paths[@]:6:2}")
printf 'SBD_DEVICE="%s"\n' "$list" >"$work/esc3.conf"
: >"$work/ours"
for name in esc1 esc2 esc3; do
    generate "$name"
    sed -n 's/^Wants=//p' "$work/out-$name/sbd.service.d/50-sbd-generator.conf" >>"$work/ours"
done
for p in "${paths[@]}"; do systemd-escape --path --suffix=device -- "$p"; done >"$work/theirs"
if diff -u "$work/theirs" "$work/ours" >"$work/esc.diff"; then
    ok "${#paths[@]} device unit names equal systemd-escape --path --suffix=device"
else
    fail "unit names differ from systemd-escape:"
    sed 's/^/    /' "$work/esc.diff"
fi

echo "== hostile configurations: a message, nothing written, exit 0"
printf 'SBD_DEVICE="/dev/sdb\nSBD_OPTS=-v\n' >"$work/quote.conf"
printf 'SBD_DEVICE="/dev/a;/dev/b;/dev/c;/dev/d"\n' >"$work/four.conf"
printf 'SBD_DEVICE=/dev/sd\xff\xfe\n' >"$work/latin1.conf"
printf 'SBD_OPTS="-s 99999999999"\n' >"$work/bigopt.conf"
printf 'SBD_DELAY_START=soon\n' >"$work/baddelay.conf"
head -c 2000000 /dev/zero | tr '\0' '#' >"$work/large.conf"
mkdir "$work/dir.conf"
mkfifo "$work/fifo.conf"
for name in quote four latin1 bigopt baddelay large dir fifo missing; do
    generate "$name"
    rc=$?
    files=$(find "$work/out-$name" -type f | wc -l)
    if [ $rc -eq 0 ] && [ "$files" -eq 0 ] && grep -q "no drop-ins written" "$work/$name.err"; then
        ok "$name: $(head -n 1 "$work/$name.err" | cut -c1-110)"
    else
        fail "$name: exit $rc, $files file(s) written, message: $(cat "$work/$name.err")"
    fi
done

echo "== SysV script"
script=$root/init/sbd.init
sh -n "$script" && ok "sh -n init/sbd.init" || fail "sh -n init/sbd.init"
if command -v checkbashisms >/dev/null; then
    checkbashisms "$script" && ok "checkbashisms" || fail "checkbashisms init/sbd.init"
fi
if command -v shellcheck >/dev/null; then
    shellcheck -s sh -e SC1091 "$script" && ok "shellcheck" || fail "shellcheck init/sbd.init"
fi
header=$(sed -n '/^### BEGIN INIT INFO$/,/^### END INIT INFO$/p' "$script")
[ -n "$header" ] || fail "no LSB header block"
expect_field() {
    local field=$1 pattern=$2 value
    value=$(echo "$header" | sed -n "s/^# $field:[[:space:]]*//p")
    if [[ " $value " == *" $pattern "* ]]; then ok "LSB $field has $pattern"; else fail "LSB $field is '$value', lacks $pattern"; fi
}
expect_field Provides sbd
expect_field Required-Start '$remote_fs'
expect_field Required-Stop '$remote_fs'
expect_field X-Start-Before corosync
expect_field X-Start-Before pacemaker
expect_field X-Stop-After corosync
expect_field Default-Start "2 3 4 5"
expect_field Default-Stop "0 1 6"
echo "$header" | grep -q '^# Short-Description: .' || fail "LSB Short-Description missing"
for action in start stop restart force-reload status; do
    grep -qE "^ +([a-z-]+ \| )?$action( \| [a-z-]+)?\)" "$script" || fail "the script lacks the $action action"
done

echo "== speed"
generate three
start=$(date +%s%N)
for _ in $(seq 200); do SBD_CONFIG=$work/three.conf "$gen" "$work/out-three" 2>/dev/null; done
end=$(date +%s%N)
echo "    sbd-generator: $(( (end - start) / 200000 )) µs per run (200 runs, ${bin##*/} build, with fork and exec)"

[ "$failures" = 0 ] || { echo "$failures unit check(s) failed"; exit 1; }
echo "all unit checks passed"
