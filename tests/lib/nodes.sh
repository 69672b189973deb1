# Simulated cluster nodes for the daemon tests, the demo and the benchmarks.
# Source it after setting: root (repository), work (scratch folder).
# Each node runs `sbd ... watch` in ../shared/tools/sandbox (a PID namespace:
# reboot(2) ends the node, not the machine) with the LD_PRELOAD shim
# (tests/shim: an emulated watchdog; reboots and sysrq are recorded in
# $work/NODE.shim). The daemon's output goes to $work/NODE.out, the
# sandbox's exit status to $work/NODE.rc (129 = restart, 130 = power-off).

sbd=${SBD_BIN:-$root/.build/debug}/sbd
sandbox=$root/../shared/tools/sandbox
shim=${SBD_SHIM:-$root/.build/test-shim/libsbd-shim.so}
export SBD_CONFIG=$work/empty.conf
: >"$SBD_CONFIG"
node_pids=()

[ -x "$sbd" ] || { echo "FAIL: $sbd is not built (make build)"; exit 1; }
[ -f "$shim" ] || { echo "FAIL: $shim is not built (make shim)"; exit 1; }

# node_start NAME SBD-ARGS...: starts `sbd -n NAME SBD-ARGS watch` in the
# foreground of a new node. NODE_ENV adds environment variables (VAR=value ...).
node_start() {
    local name=$1
    shift
    rm -f "$work/$name.rc" "$work/$name.shim" "$work/$name.out"
    (
        # shellcheck disable=SC2086
        "$sandbox" --hostname "$name" env LD_PRELOAD="$shim" SBD_SHIM_LOG="$work/$name.shim" \
            SBD_FOREGROUND=yes ${NODE_ENV:-} "$sbd" -n "$name" "$@" watch >"$work/$name.out" 2>&1
        echo $? >"$work/$name.rc"
    ) &
    node_pids+=($!)
}

# node_run NAME COMMAND...: runs COMMAND inside a new node with the shim, in
# the background (for `sbd watch` without SBD_FOREGROUND).
node_run() {
    local name=$1
    shift
    rm -f "$work/$name.rc" "$work/$name.shim" "$work/$name.out"
    (
        "$sandbox" --hostname "$name" env LD_PRELOAD="$shim" SBD_SHIM_LOG="$work/$name.shim" \
            "$@" >"$work/$name.out" 2>&1
        echo $? >"$work/$name.rc"
    ) &
    node_pids+=($!)
}

# wait_for FILE PATTERN [SECONDS]: true once FILE has a line matching PATTERN.
wait_for() {
    local file=$1 pattern=$2 limit=${3:-30} i
    for ((i = 0; i < limit * 10; i++)); do
        grep -q -- "$pattern" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# node_end NAME [SECONDS]: waits for the node to end; prints its exit status.
node_end() {
    local name=$1 limit=${2:-60} i
    for ((i = 0; i < limit * 10; i++)); do
        [ -s "$work/$name.rc" ] && { cat "$work/$name.rc"; return 0; }
        sleep 0.1
    done
    echo "still-running"
}

# The inquisitor of NAME and the watcher of device INDEX, as host PIDs.
# (The oldest match: the shim's watchdog emulator is a later copy of the inquisitor.)
inquisitor_pid() { pgrep -o -f -- "^$sbd -n $1 .*watch\$"; }
watcher_pid() { pgrep -f -- "--device-servant $2 [^ ]* $1 " | head -n 1; }

# Stops every node still running and everything started from $work.
nodes_cleanup() {
    local pid
    for pid in "${node_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    pkill -TERM -f -- "$work" 2>/dev/null
    sleep 0.5
    pkill -KILL -f -- "$work" 2>/dev/null
    for pid in "${node_pids[@]}"; do wait "$pid" 2>/dev/null; done
    node_pids=()
}

# Checks, for the scripts that source this file: count failures, show a node.
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
# show NAME: the node's output and shim log, indented.
show() {
    echo "--- $1 output:"
    sed 's/^/    /' "$work/$1.out"
    [ ! -f "$work/$1.shim" ] || { echo "--- $1 shim:"; sed 's/^/    /' "$work/$1.shim"; }
}
# fresh NAME [CREATE-OPTIONS]: a new 1 MiB device file in $work, created with
# short timeouts (default -1 2 -4 4: watchdog 2 s, msgwait 4 s); prints its path.
fresh() {
    local name=$1
    shift
    rm -f "$work/$name"
    truncate -s 1M "$work/$name"
    [ $# -gt 0 ] || set -- -1 2 -4 4
    "$sbd" -d "$work/$name" "$@" create >/dev/null || { echo "FAIL: create $name"; exit 1; }
    echo "$work/$name"
}
