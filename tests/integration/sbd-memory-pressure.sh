#!/bin/bash
# The daemon under memory pressure (issue 14): its locked memory stays
# resident and the node still fences when told to.
#
# Everything here -- this script, two simulated nodes (sandbox + shim) and a
# balloon -- runs in a memory cgroup of its own with a hard limit, so that
# only our own pages are squeezed, never the machine's: cgroup v1's memory
# controller (memory.limit_in_bytes), or v2's (memory.max) where the v2
# hierarchy has it. The balloon holds most of the limit in anonymous memory
# (there is no swap: it cannot be reclaimed) and streams a large file
# through the page cache, so the kernel keeps reclaiming whatever else of
# the cgroup it can: file pages not locked.
#
# The nodes run copies of sbd made inside the cgroup, so that the pages of
# their code are charged to it. node1 is the daemon as shipped (mlockall);
# node2 runs with -R (no realtime, no memory locking) as the control: its
# code must be evicted, or the pressure proved nothing. Asserted: pressure
# happened (the limit was hit, node2's code left memory), node1's code did
# not, node1 is still up, and a reset message fences it. No timing.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d -p /var/tmp sbd-pressure.XXXXXX)
chmod 755 "$work"
. "$root/tests/lib/nodes.sh"

# ---- the cgroup ----------------------------------------------------------------
cg= limit_file= fail_counter= home=
v1=$(awk -F: '$2 == "memory" { print $3 }' /proc/self/cgroup)
if [ -n "$v1" ] && [ -d "/sys/fs/cgroup/memory$v1" ]; then
    home=/sys/fs/cgroup/memory$v1
    limit_file=memory.limit_in_bytes fail_counter=memory.failcnt
elif grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    home=/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' /proc/self/cgroup)
    limit_file=memory.max fail_counter=memory.events
fi
if [ -z "$home" ] || ! cg=$(mktemp -d -p "$home" sbd-pressure.XXXXXX 2>/dev/null); then
    echo "FAIL: no memory cgroup to create under ${home:-/sys/fs/cgroup} (v1 memory controller or v2 with memory)"
    rm -rf "$work"
    exit 1
fi
balloon=
cleanup() {
    [ -z "$balloon" ] || kill -KILL "$balloon" 2>/dev/null
    nodes_cleanup
    echo $$ >"$home/cgroup.procs"
    for p in $(cat "$cg/cgroup.procs" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    sleep 0.2
    rmdir "$cg" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
# pressure_seen: the limit was hit (v1: failcnt; v2: the "max" event)
pressure_seen() {
    if [ "$fail_counter" = memory.failcnt ]; then
        [ "$(cat "$cg/memory.failcnt")" -gt 0 ]
    else
        [ "$(awk '$1 == "max" { print $2 }' "$cg/memory.events")" -gt 0 ]
    fi
}

limit_mb=160
echo $((limit_mb << 20)) >"$cg/$limit_file"
echo $$ >"$cg/cgroup.procs"

# copies of the binaries, written from inside the cgroup: their page cache is ours
mkdir -p "$work/bin" "$work/control"
for b in sbd sbd-pacemaker-servant sbd-cluster-servant; do
    cp "$(dirname "$sbd")/$b" "$work/bin/$b" 2>/dev/null
    cp "$(dirname "$sbd")/$b" "$work/control/$b" 2>/dev/null
done
sbd=$work/bin/sbd

# SIZE-KB RSS-KB of a process's mappings of BINARY, summed; with "locked",
# of its locked mappings only (the daemon unlocks the unwind tables and the
# relocations of its binary, which nothing reads once it runs: MemoryLocking)
mapping_of() { # PID BINARY [locked]
    awk -v b="$2" -v only="${3:-}" '
        function flush() { if (on && (only == "" || lo)) { s += sz; r += rs } }
        /^[0-9a-f]+-[0-9a-f]+ / { flush(); on = ($6 == b); sz = rs = lo = 0; next }
        $1 == "Size:" { sz = $2 } $1 == "Rss:" { rs = $2 }
        $1 == "VmFlags:" { for (i = 2; i <= NF; i++) if ($i == "lo") lo = 1 }
        END { flush(); print s + 0, r + 0 }' "/proc/$1/smaps" 2>/dev/null
}
pid_running() { # BINARY ARGS-PATTERN: host PID of the oldest process running it
    pgrep -o -f -- "^$1 .*$2" | head -n 1
}

d1=$(fresh d1)
d2=$(fresh d2)
node_start node1 -d "$d1" -I 1
sbd=$work/control/sbd node_start node2 -R -d "$d2" -I 1
if ! wait_for "$work/node1.out" "watching .* as node1" 30 || ! wait_for "$work/node2.out" "watching .* as node2" 30; then
    fail "the nodes did not start"; show node1; show node2
    exit 1
fi
locked=$(pid_running "$work/bin/sbd" "-n node1 ")
control=$(pid_running "$work/control/sbd" "-n node2 ")
[ -n "$locked" ] && [ -n "$control" ] || { fail "inquisitors not found ($locked, $control)"; exit 1; }
read -r size1 rss1 <<<"$(mapping_of "$locked" "$work/bin/sbd" locked)"
read -r size2 rss2 <<<"$(mapping_of "$control" "$work/control/sbd")"
echo "   before: node1's sbd $rss1 of $size1 kB resident, node2's (-R) $rss2 of $size2 kB"

# ---- the balloon: most of the limit in anonymous memory, then a file streamed
# through the page cache for ever
truncate -s 2G "$work/stream"
python3 - "$work/stream" $(((limit_mb - 40) << 20)) <<'PY' &
import os, sys
with open("/proc/self/oom_score_adj", "w") as f:
    f.write("1000")  # the one the OOM killer takes, if it must take one
held = bytearray(int(sys.argv[2]))
for i in range(0, len(held), 4096):
    held[i] = 1
while True:
    with open(sys.argv[1], "rb", buffering=0) as f:
        while f.read(1 << 20):
            pass
PY
balloon=$!
disown "$balloon"  # no job notice when cleanup kills it

# until node2's code was pushed out (or 60 s): the pressure is real
evicted=no
for ((i = 0; i < 600; i++)); do
    read -r size2 rss2 <<<"$(mapping_of "$control" "$work/control/sbd")"
    if pressure_seen && [ "${rss2:-0}" -lt $((size2 / 2)) ]; then evicted=yes; break; fi
    kill -0 "$balloon" 2>/dev/null || break
    sleep 0.1
done
read -r size1 rss1 <<<"$(mapping_of "$locked" "$work/bin/sbd" locked)"
echo "   under pressure: node1's sbd $rss1 of $size1 kB resident, node2's (-R) $rss2 of $size2 kB;" \
    "cgroup usage $(($(cat "$cg/memory.usage_in_bytes" 2>/dev/null || cat "$cg/memory.current") >> 20)) MB of $limit_mb"
if [ "$evicted" = yes ]; then
    ok "memory pressure: the limit was hit and the unlocked control's code left memory"
else
    fail "no real memory pressure: the control's code stayed resident ($rss2 of $size2 kB) or the balloon died"
fi
[ "$rss1" = "$size1" ] && [ "$size1" -gt 0 ] &&
    ok "node1's code stayed resident under pressure (locked)" ||
    fail "node1's code was evicted: $rss1 of $size1 kB resident"

# still watching, and a reset message fences it while the balloon squeezes
sleep 3
[ ! -s "$work/node1.rc" ] && ok "node1 stays up under pressure" || { fail "node1 ended under pressure"; show node1; }
"$work/bin/sbd" -d "$d1" message node1 reset >/dev/null 2>&1 &
sender=$!
rc=$(node_end node1 30)
wait "$sender" 2>/dev/null
kill -0 "$balloon" 2>/dev/null || fail "the balloon died before the fence"
if [ "$rc" = 129 ] && grep -q "reboot RB_AUTOBOOT" "$work/node1.shim"; then
    ok "node1 fenced under memory pressure (reset message, sandbox status $rc)"
else
    fail "no fence under memory pressure: status $rc"; show node1
fi

[ "$failures" = 0 ] && echo "all memory-pressure tests passed" || { echo "$failures failure(s)"; exit 1; }
