#!/bin/bash
# `sbd test-watchdog` without a terminal (as pcs runs it), Debian's sbd 1.5.2
# and ours side by side: stdout line for line, the exit status and how the
# node ended. Each run is a node of its own (the sandbox) with the shim and
# 0, 1 or 2 emulated watchdog devices (sysfs entries and /dev nodes in the
# node's mount namespace; the shim answers for the devices). Debian's stdout
# is unbuffered with stdbuf, or a reset would lose it. One case a line.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
sbd=${SBD_BIN:-$root/.build/debug}/sbd
oracle=${SBD_ORACLE:-${SBD_ORACLE_DIR:-$root/.cache/oracle}/root/usr/sbin/sbd}
sandbox=$root/../shared/tools/sandbox
shim=${SBD_SHIM:-$root/.build/test-shim/libsbd-shim.so}
[ -x "$sbd" ] || { echo "FAIL: $sbd is not built (make build)"; exit 1; }
[ -x "$oracle" ] || { echo "FAIL: Debian's sbd not found at $oracle (run make setup)"; exit 1; }
[ -f "$shim" ] || { echo "FAIL: $shim is not built (make shim)"; exit 1; }
work=$(mktemp -d -p /var/tmp sbd-test-watchdog.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
export SBD_CONFIG=/dev/null
failures=0

# Runs inside a node: N emulated watchdogs (watchdogI = 248:I, plus the
# legacy /dev/watchdog = 10:130 when N > 0), then the command.
cat >"$work/watchdogs" <<'EOF'
#!/bin/bash
d=$1 n=$2
shift 2
mkdir -p "$d" && mount -t tmpfs tmpfs "$d" && mkdir "$d/up" "$d/w" "$d/class" "$d/char" "$d/devices" &&
    mount -t overlay overlay -o "lowerdir=/dev,upperdir=$d/up,workdir=$d/w" /dev || exit 125
rm -f /dev/watchdog*
for ((i = 0; i < n; i++)); do
    mkdir -p "$d/devices/watchdog$i/device"
    echo "248:$i" >"$d/devices/watchdog$i/dev"
    echo "sbd test shim" >"$d/devices/watchdog$i/identity"
    ln -s ../../../drivers/shimdog "$d/devices/watchdog$i/device/driver"
    ln -s "$d/devices/watchdog$i" "$d/class/watchdog$i"
    ln -s "$d/devices/watchdog$i" "$d/char/248:$i"
    mknod "/dev/watchdog$i" c 248 "$i"
done
[ "$n" = 0 ] || mknod /dev/watchdog c 10 130
mount -t tmpfs tmpfs /sys/class && mkdir /sys/class/watchdog && mount --bind "$d/class" /sys/class/watchdog &&
    mount --bind "$d/char" /sys/dev/char || exit 125
exec "$@"
EOF
chmod 755 "$work/watchdogs"

# run SIDE NAME DEVICES ENV OPTIONS: test-watchdog in a node; NAME.out, NAME.rc, NAME.shim.
run() {
    local side=$1 name=$2 n=$3 env=$4 bin=$oracle
    shift 4
    [ "$side" = ours ] && bin=$sbd
    # shellcheck disable=SC2086
    "$sandbox" --hostname "$name" "$work/watchdogs" "$work/$name.env" "$n" \
        env LD_PRELOAD="$shim" SBD_SHIM_LOG="$work/$name.shim" SBD_SHIM_WATCHDOG=/dev/watchdog:/dev/watchdog0:/dev/watchdog1 \
        SBD_WATCHDOG_TIMEOUT=2 $env stdbuf -o0 "$bin" "$@" test-watchdog </dev/null >"$work/$name.out" 2>"$work/$name.err"
    echo $? >"$work/$name.rc"
}
# The device listing in the order of /dev's directory (Debian's) or of sysfs
# (ours): compared as a set of entries; the legacy /dev/watchdog's driver is
# not compared (Debian's looks it up under 10:130, which the emulation lacks).
normal() {
    awk '/^\[[0-9]+\] / { sub(/^\[[0-9]+\] /, "[n] "); block = $0; legacy = ($2 == "/dev/watchdog"); next }
        block != "" && /^$/ { blocks[++nb] = block; block = ""; print; next }
        block != "" { if (legacy && /^Driver: /) $0 = "Driver: (legacy name)"; block = block "|" $0; next }
        { print }
        END { if (block != "") blocks[++nb] = block; for (i = 1; i <= nb; i++) print blocks[i] | "sort" }' "$1"
}

# devices | environment | options
cases=(
    "0||"
    "1||"
    "1||-w /dev/watchdog0"
    "2||"
    "2||-w /dev/watchdog1"
    "2|SBD_SHIM_WATCHDOG_BROKEN=1|-w /dev/watchdog0"
    "1||-w /dev/nonexistent"
    "1||-W -W"
    "1||-w /dev/watchdog0 -T"
)
n=0
for case in "${cases[@]}"; do
    IFS='|' read -r devices env opts <<<"$case"
    n=$((n + 1))
    # shellcheck disable=SC2086
    { run deb "deb$n" "$devices" "$env" $opts & run ours "ours$n" "$devices" "$env" $opts & wait; }
    what="$devices device(s)${env:+, $env}${opts:+, $opts}"
    deb_rc=$(cat "$work/deb$n.rc") ours_rc=$(cat "$work/ours$n.rc")
    normal "$work/deb$n.out" >"$work/deb$n.norm"
    normal "$work/ours$n.out" >"$work/ours$n.norm"
    # A reset cuts the countdown at a moment of its own: then the shorter
    # output must be the start of the longer one.
    if [ "$deb_rc" = 129 ] && [ "$ours_rc" = 129 ]; then
        lines=$(wc -l <"$work/deb$n.norm")
        [ "$(wc -l <"$work/ours$n.norm")" -lt "$lines" ] && lines=$(wc -l <"$work/ours$n.norm")
        head -n "$lines" "$work/deb$n.norm" >"$work/deb$n.cut" && mv "$work/deb$n.cut" "$work/deb$n.norm"
        head -n "$lines" "$work/ours$n.norm" >"$work/ours$n.cut" && mv "$work/ours$n.cut" "$work/ours$n.norm"
    fi
    if [ "$deb_rc" = "$ours_rc" ] && cmp -s "$work/deb$n.norm" "$work/ours$n.norm" &&
        [ "$(tail -n1 "$work/deb$n.err")" = "$(tail -n1 "$work/ours$n.err")" ]; then
        echo "ok   [$what] status $ours_rc, $(wc -l <"$work/ours$n.out") stdout lines alike, last: $(grep . "$work/ours$n.out" | tail -n1)"
    else
        echo "FAIL [$what] Debian's status $deb_rc, ours $ours_rc"
        diff "$work/deb$n.norm" "$work/ours$n.norm" | sed 's/^/    /'
        echo "    stderr, last line: Debian's '$(tail -n1 "$work/deb$n.err")', ours '$(tail -n1 "$work/ours$n.err")'"
        failures=$((failures + 1))
    fi
done

[ $failures = 0 ] || { echo "$failures test-watchdog case(s) differ from Debian's"; exit 1; }
echo "test-watchdog without a terminal prints what Debian's prints"
