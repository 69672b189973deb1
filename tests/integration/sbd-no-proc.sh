#!/bin/bash
# Every executable understands its command line where /proc is missing (a
# rescue shell, a chroot) or belongs to another PID namespace (nsenter -m
# without -p): argv comes from the process entry, not /proc/self/cmdline.
# Each case runs once with /proc unmounted (unshare -m, umount -l /proc) and
# once in a mount namespace whose /proc is another PID namespace's; one case a
# line. None of them starts a daemon or reaches a reboot path.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SBD_BIN:-$root/.build/debug}
for b in sbd distreboot sbd-generator sbd-cluster-servant sbd-pacemaker-servant; do
    [ -x "$bin/$b" ] || { echo "FAIL: $bin/$b is not built (make build)"; exit 1; }
done
work=$(mktemp -d)
holder=
cleanup() {
    [ -z "$holder" ] || kill -KILL "$holder" 2>/dev/null  # unshare ignores TERM; --kill-child ends the sleep
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
export SBD_CONFIG=/dev/null
truncate -s 1M "$work/disk"
"$bin/sbd" -d "$work/disk" -1 7 create >/dev/null || { echo "FAIL: create"; exit 1; }
failures=0

# A mount namespace whose /proc is that of a PID namespace we are not in.
unshare --pid --fork --kill-child --mount --mount-proc sleep 600 &
holder=$!
for _ in $(seq 50); do
    inner=$(pgrep -P "$holder" -x sleep) && [ -n "$inner" ] && break
    sleep 0.1
done
[ -n "${inner:-}" ] || { echo "FAIL: no namespace with another /proc"; exit 1; }

# command | what its output must contain | exit status
cases=(
    "sbd -h|Usage: sbd|0"
    "sbd -d $work/disk dump|Timeout (watchdog) : 7|0"
    "sbd -d $work/disk -n probe allocate probe|Slot for probe has been allocated|0"
    "sbd -d $work/disk list|probe	clear|0"
    "sbd -x|unknown option -x|1"
    "distreboot --help|usage: distreboot|0"
    "distreboot --frobnicate|--frobnicate|2"
    "sbd-generator|usage: sbd-generator NORMAL-DIR|2"
    "sbd-generator $work/gen||0"
    "sbd-cluster-servant bogus|started by sbd watch -P only|2"
)
run_without_proc() { unshare --mount sh -c 'umount -l /proc && exec "$@"' sh "$@"; }
run_foreign_proc() { nsenter -t "$inner" -m -- "$@"; }
for case in "${cases[@]}"; do
    IFS='|' read -r command want status <<<"$case"
    # shellcheck disable=SC2086
    set -- $command
    exe=$bin/$1
    shift
    for how in without_proc foreign_proc; do
        mkdir -p "$work/gen"
        out=$("run_$how" "$exe" "$@" 2>&1)
        rc=$?
        if [ "$rc" = "$status" ] && [[ $out == *"$want"* ]]; then
            echo "ok   ${how/_/ } /proc: $command"
        else
            echo "FAIL ${how/_/ } /proc: $command: status $rc (want $status), output:"
            echo "$out" | sed 's/^/    /' | head -10
            failures=$((failures + 1))
        fi
    done
done
[ $failures = 0 ] || { echo "$failures case(s) lost their arguments without /proc"; exit 1; }
echo "every executable reads its arguments without /proc"
