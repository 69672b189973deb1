#!/bin/bash
# `sbd test-watchdog` and `sbd query-watchdog`, Debian's sbd 1.5.2 and ours
# side by side: stdout line for line (the device list in its order too:
# pcs numbers its choices by it), the exit status and how the node ended.
# Without a terminal (as pcs runs it), and on one (under script(1), with an
# answer typed at the question). Each run is a node of its own (the sandbox)
# with the shim and 0, 1 or 2 emulated watchdog devices (sysfs entries and
# /dev nodes in the node's mount namespace; the shim answers for the
# devices), optionally an alias in /dev and a process holding a device.
# Debian's stdout is unbuffered with stdbuf, or a reset would lose it.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib/side-by-side.sh
. "$root/tests/lib/side-by-side.sh"
side_by_side sbd-test-watchdog

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
# WD_LINK=NAME=TARGET: an alias in /dev; WD_BUSY=PATH: a process holds it
# (O_PATH: the emulated device cannot really be opened).
[ -z "${WD_LINK:-}" ] || ln -s "${WD_LINK#*=}" "/dev/${WD_LINK%%=*}" || exit 125
if [ -n "${WD_BUSY:-}" ]; then
    python3 -c 'import os, sys, time; os.open(sys.argv[1], os.O_PATH); print(flush=True); time.sleep(600)' "$WD_BUSY" >"$d/held" &
    holder=$!
    until [ -s "$d/held" ]; do kill -0 $holder 2>/dev/null || exit 125; sleep 0.05; done
    "$@"
    rc=$?
    kill $holder  # the node ends when its last process does
    exit $rc
fi
# WD_ANSWER=TEXT: on a terminal of its own, TEXT typed once the question is
# on the screen (typed earlier, the terminal's echo would come before it).
# The keys come through a FIFO held open here: an end of input would answer.
if [ -n "${WD_ANSWER:-}" ]; then
    mkdir -p /dev/pts && mount -t devpts devpts /dev/pts -o newinstance,ptmxmode=666 && ln -sf pts/ptmx /dev/ptmx || exit 125
    mkfifo "$d/keys" || exit 125
    (set -o pipefail; script -qec "$(printf '%q ' "$@")" /dev/null | tee "$d/screen" | sed -u 's/\r$//') <"$d/keys" &
    terminal=$!
    exec 3>"$d/keys"
    until grep -qs 'Proceed?' "$d/screen"; do kill -0 $terminal 2>/dev/null || break; sleep 0.05; done
    printf '%s\r' "$WD_ANSWER" >&3
    wait $terminal
    exit $?
fi
exec "$@"
EOF
chmod 755 "$work/watchdogs"

# run SIDE NAME DEVICES ENV COMMAND OPTIONS: the command in a node; NAME.out, NAME.rc, NAME.shim.
run() {
    local side=$1 name=$2 n=$3 env=$4 command=$5 bin=$oracle
    shift 5
    [ "$side" = ours ] && bin=$sbd
    # shellcheck disable=SC2086
    "$sandbox" --hostname "$name" env $env "$work/watchdogs" "$work/$name.env" "$n" \
        env LD_PRELOAD="$shim" SBD_SHIM_LOG="$work/$name.shim" SBD_SHIM_WATCHDOG=/dev/watchdog:/dev/watchdog0:/dev/watchdog1 \
        SBD_WATCHDOG_TIMEOUT=2 $env stdbuf -o0 "$bin" "$@" "$command" </dev/null >"$work/$name.out" 2>"$work/$name.err"
    echo $? >"$work/$name.rc"
}
# devices | environment | command | options
cases=(
    "0||test-watchdog|"
    "1||test-watchdog|"
    "1||test-watchdog|-w /dev/watchdog0"
    "2||test-watchdog|"
    "2||test-watchdog|-w /dev/watchdog1"
    "2|SBD_SHIM_WATCHDOG_BROKEN=1|test-watchdog|-w /dev/watchdog0"
    "1||test-watchdog|-w /dev/nonexistent"
    "1||test-watchdog|-W -W"
    "1||test-watchdog|-w /dev/watchdog0 -T"
    "1||test-watchdog|-w /dev/watchdog0 -1 3"
    "1||test-watchdog|-w /dev/watchdog0 -1 0"
    "1|WD_LINK=wd-alias=watchdog0|test-watchdog|"
    "1|WD_ANSWER=no|test-watchdog|-w /dev/watchdog0"
    "1|WD_ANSWER=Proceed|test-watchdog|-w /dev/watchdog0"
    "0||query-watchdog|"
    "1||query-watchdog|"
    "2||query-watchdog|"
    "2|WD_LINK=wd-alias=watchdog1|query-watchdog|"
    "2|WD_LINK=wd-out=../run/watchdog1|query-watchdog|"
    "2|WD_BUSY=/dev/watchdog0|query-watchdog|"
)
n=0
for case in "${cases[@]}"; do
    IFS='|' read -r devices env command opts <<<"$case"
    n=$((n + 1))
    # shellcheck disable=SC2086
    { run deb "deb$n" "$devices" "$env" "$command" $opts & run ours "ours$n" "$devices" "$env" "$command" $opts & wait; }
    what="$command, $devices device(s)${env:+, $env}${opts:+, $opts}"
    deb_rc=$(cat "$work/deb$n.rc") ours_rc=$(cat "$work/ours$n.rc")
    # A holder's PID is its own in each node: the same process, started first.
    cp "$work/deb$n.out" "$work/deb$n.norm"
    cp "$work/ours$n.out" "$work/ours$n.norm"
    # A reset cuts the countdown at a moment of its own: then the shorter
    # output must be the start of the longer one.
    if [ "$deb_rc" = 129 ] && [ "$ours_rc" = 129 ]; then
        lines=$(wc -l <"$work/deb$n.norm")
        [ "$(wc -l <"$work/ours$n.norm")" -lt "$lines" ] && lines=$(wc -l <"$work/ours$n.norm")
        head -n "$lines" "$work/deb$n.norm" >"$work/deb$n.cut" && mv "$work/deb$n.cut" "$work/deb$n.norm"
        head -n "$lines" "$work/ours$n.norm" >"$work/ours$n.cut" && mv "$work/ours$n.cut" "$work/ours$n.norm"
    fi
    # A failure ends with Debian's closing line on stderr (pcs shows it);
    # otherwise stderr is ours to use (query-watchdog warns of several devices).
    if [ "$deb_rc" = "$ours_rc" ] && cmp -s "$work/deb$n.norm" "$work/ours$n.norm" &&
        { [ "$ours_rc" = 0 ] || [ "$(tail -n1 "$work/deb$n.err")" = "$(tail -n1 "$work/ours$n.err")" ]; }; then
        echo "ok   [$what] status $ours_rc, $(wc -l <"$work/ours$n.out") stdout lines alike, last: $(grep . "$work/ours$n.out" | tail -n1)"
    else
        echo "FAIL [$what] Debian's status $deb_rc, ours $ours_rc"
        diff "$work/deb$n.norm" "$work/ours$n.norm" | sed 's/^/    /'
        echo "    stderr, last line: Debian's '$(tail -n1 "$work/deb$n.err")', ours '$(tail -n1 "$work/ours$n.err")'"
        failures=$((failures + 1))
    fi
done

[ $failures = 0 ] || { echo "$failures watchdog command case(s) differ from Debian's"; exit 1; }
echo "test-watchdog and query-watchdog print what Debian's prints"
