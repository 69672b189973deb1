# distreboot-cluster.sh — sourced by tests/integration/distreboot-*.sh: a
# 3-member etcd cluster on 127.0.0.1 with one distreboot daemon per member,
# each node in its own sandbox (PID namespace), all in a temporary folder.
#
#   cluster_init [N]       work folder, free ports, per-node /etc/default/etcd-style
#                          files and properties (rebootcmd = distreboot-node reboot)
#   node_boot N            start node N (etcd member + daemon) in a sandbox
#   daemon_boot N          start node N's daemon alone in a new sandbox
#   daemon_restart N [SIG] signal node N's daemon (default KILL) and start it again
#                          inside node N's own PID namespace (same boot id)
#   node_in N CMD...       run CMD inside node N's namespaces
#   cluster_boot           boot every node, wait for a leader and every heartbeat
#   dr N ARGS...           run the distreboot command as node N's admin would
#   etcd_stop N [SIGNAL]   stop node N's etcd member (default TERM), wait for it
#   etcd_start N           start node N's etcd member again, inside node N's sandbox
#   wait_for SECONDS DESC COMMAND...   poll until COMMAND succeeds, or fail
#   expect CODE PATTERN DESC -- COMMAND...   COMMAND exits CODE with a line matching PATTERN
#   read_order             lead, order, first, second: the leader and --dry-run's order
#   lead_with N            move etcd leadership to node N (etcdctl move-leader), wait
#   cluster_cleanup        stop every process of every node, remove the folder
#   set_clock EPOCH        move the clock the daemons read the reboot window with to EPOCH
#   metrics N              node N's metrics file, parsed by prometheus_client's parser:
#                          one "name label=value,... value" line per sample
#   metrics_show N LINE... node N's metrics parse and hold every LINE (for wait_for)
#   check_invariants       at every recorded reboot: every other node alive, the
#                          members healthy without this node a majority (finish calls it)
#
# Every daemon's rebootcmd is the harmless distreboot-node script, never a real reboot.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DR_BIN=${SBD_BIN:-$root/.build/debug}
sandbox=$root/../shared/tools/sandbox
node_script=$root/tests/tools/distreboot-node
export DR_BIN
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
pass() { echo "ok   $*"; }

# Two consecutive free ports per node, from a range chosen by our pid.
free_port() {
    local p=$1
    while ss -Htan "( sport = :$p )" | grep -q .; do p=$((p + 1)); done
    echo "$p"
}

cluster_init() {
    local count=${1:-3} i base port peer cluster=""
    command -v etcd >/dev/null || { echo "no etcd: run scripts/setup (etcd-server)" >&2; exit 1; }
    [ -x "$DR_BIN/distreboot" ] || { echo "no $DR_BIN/distreboot: build it first" >&2; exit 1; }
    DR_WORK=$(mktemp -d -p /var/tmp distreboot-test.XXXXXX)
    export DR_WORK
    dr_clock_file=$DR_WORK/clock-offset
    DR_COUNT=$count
    : >"$DR_WORK/endpoints"
    # Below the ephemeral range (32768-60999), so that no outgoing connection holds a port we picked.
    base=$((20000 + ($$ % 120) * 100))
    for i in $(seq 1 "$count"); do
        port=$(free_port $((base + i * 2)))
        peer=$(free_port $((port + 1)))
        base=$peer
        echo "node$i http://127.0.0.1:$port http://127.0.0.1:$peer" >>"$DR_WORK/endpoints"
        cluster+="${cluster:+,}node$i=http://127.0.0.1:$peer"
    done
    for i in $(seq 1 "$count"); do
        mkdir -p "$DR_WORK/node$i/run"
        read -r _ port peer < <(sed -n "${i}p" "$DR_WORK/endpoints")
        cat >"$DR_WORK/node$i/etcd" <<EOT
# node$i's /etc/default/etcd
ETCD_NAME="node$i"
ETCD_DATA_DIR="$DR_WORK/node$i/data"
ETCD_LISTEN_CLIENT_URLS="$port"
ETCD_ADVERTISE_CLIENT_URLS="$port"
ETCD_LISTEN_PEER_URLS="$peer"
ETCD_INITIAL_ADVERTISE_PEER_URLS="$peer"
ETCD_INITIAL_CLUSTER="$cluster"
ETCD_INITIAL_CLUSTER_STATE="new"
ETCD_INITIAL_CLUSTER_TOKEN="distreboot-test-$$"
ETCD_LOG_LEVEL="warn"
EOT
        cat >"$DR_WORK/node$i/distreboot.properties" <<EOT
rebootcmd=$node_script reboot $i
heartbeat=3
metricsfile=$DR_WORK/node$i/distreboot.prom
EOT
    done
}

node_url() { awk -v n="node$1" '$1 == n {print $2}' "$DR_WORK/endpoints"; }
all_urls() { awk '{print $2}' "$DR_WORK/endpoints" | paste -sd,; }

node_boot() {
    "$sandbox" --hostname "node$1" -- "$node_script" boot "$1" >>"$DR_WORK/node$1/sandbox.log" 2>&1 &
    echo $! >>"$DR_WORK/sandboxes"
    echo $! >"$DR_WORK/node$1/sandbox.pid"
}

daemon_boot() {
    "$sandbox" --hostname "node$1" -- "$node_script" daemon "$1" >>"$DR_WORK/node$1/sandbox.log" 2>&1 &
    echo $! >>"$DR_WORK/sandboxes"
}

dr() {
    local n=$1
    shift
    DISTREBOOT_RUNDIR=$DR_WORK/node$n/run "$DR_BIN/distreboot" "$@"
}

leader() { DR_WORK=$DR_WORK "$node_script" leader 1; }

wait_for() {
    local seconds=$1 what=$2 deadline
    shift 2
    deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ]; then
            fail "timed out after ${seconds}s waiting for: $what"
            return 1
        fi
        sleep 0.2
    done
}

expect() {
    local code=$1 pattern=$2 what=$3 out rc
    shift 4
    out=$("$@" 2>&1)
    rc=$?
    if [ "$rc" != "$code" ] || ! grep -Eq -- "$pattern" <<<"$out"; then
        fail "$what: exit $rc (expected $code): $out"
    else
        pass "$what: $(head -1 <<<"$out")"
    fi
}

read_order() {
    lead=$(leader)
    order=$(dr 1 --dry-run | sed -n 's/^reboot order: //p')
    first=${order%%,*}
    second=$(cut -d' ' -f2 <<<"${order//,/}")
}

# Leadership to node N: asked of each member in turn (etcdctl gives up on a
# list of endpoints that holds a dead member), until node N leads.
lead_with() {
    local n=$1
    leads() {
        local id url
        [ "$(leader)" = "node$n" ] && return 0
        id=$(etcdctl --endpoints="$(node_url "$n")" member list | awk -F', ' -v m="node$n" '$3 == m {print $1}')
        for url in $(awk '{print $2}' "$DR_WORK/endpoints"); do
            etcdctl --endpoints="$url" --command-timeout=3s move-leader "$id" >/dev/null 2>&1
        done
        sleep 0.5
        [ "$(leader)" = "node$n" ]
    }
    wait_for 30 "node$n to lead" leads
}

heartbeats_shown() {  # every node's heartbeat is fresh in node $1's status
    local out i
    out=$(dr "$1" 2>&1) || return 1
    for i in $(seq 1 "$DR_COUNT"); do grep -Eq "^node$i +.* ok +" <<<"$out" || return 1; done
}

cluster_boot() {
    local i
    for i in $(seq 1 "$DR_COUNT"); do node_boot "$i"; done
    wait_for 60 "a leader" has_leader
    wait_for 60 "every heartbeat" heartbeats_shown 1
}
has_leader() { [ -n "$(leader)" ]; }

# The outer pid of the etcd member listening on node N's client port.
etcd_pid() {
    local port
    port=$(node_url "$1")
    port=${port##*:}
    ss -Hltnp "( sport = :$port )" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}

etcd_stop() {
    local pid
    pid=$(etcd_pid "$1")
    [ -n "$pid" ] || return 0
    kill -"${2:-TERM}" "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}

# Node N's namespace: the init process its sandbox started.
node_init() {
    local sandbox_pid unshare_pid
    sandbox_pid=$(cat "$DR_WORK/node$1/sandbox.pid")
    unshare_pid=$(ps -o pid= --ppid "$sandbox_pid" | head -1 | tr -d ' ')
    ps -o pid= --ppid "$unshare_pid" | head -1 | tr -d ' '
}

node_in() {
    local n=$1
    shift
    nsenter -t "$(node_init "$n")" -p -m -u -- "$@"
}

etcd_start() { node_in "$1" "$node_script" etcd "$1"; }

daemon_restart() {
    node_in "$1" "$node_script" kill-daemon "$1" "${2:-KILL}"
    node_in "$1" "$node_script" daemon "$1"
}

# Issue 16's schedule helpers: set_clock, metrics, metrics_show.
dr_node_dir() { echo "$DR_WORK/node$1"; }
# shellcheck source=tests/tools/distreboot-schedule.sh
. "$root/tests/tools/distreboot-schedule.sh"

# Every line of reboots.log: node, time, then leader=, healthy=, alive=, boot=.
check_invariants() {
    local line node healthy alive others o n up majority checked=0
    [ -e "$DR_WORK/reboots.log" ] || return 0
    majority=$((DR_COUNT / 2 + 1))
    while read -r line; do
        node=${line%% *}
        healthy=$(sed -n 's/.* healthy=\([^ ]*\).*/\1/p' <<<"$line")
        alive=$(sed -n 's/.* alive=\([^ ]*\).*/\1/p' <<<"$line")
        up=0
        for n in ${healthy//,/ }; do [ "$n" = "$node" ] || up=$((up + 1)); done
        [ "$up" -ge "$majority" ] || fail "invariant: $node went down with $up other members healthy ($healthy), $majority needed"
        others=$(for n in $(seq 1 "$DR_COUNT"); do echo "node$n"; done | grep -vx "$node" | grep -vxF -f <(cat "$DR_WORK/dropped" 2>/dev/null; echo "-"))
        for o in $others; do
            grep -qw "$o" <<<"${alive//,/ }" || fail "invariant: $node went down while $o was not alive (alive: $alive)"
        done
        checked=$((checked + 1))
    done <"$DR_WORK/reboots.log"
    pass "invariants held at each of $checked reboots (every other node alive, a majority of members up without the node)"
}

cluster_cleanup() {
    local i pid deadline
    [ -n "${DR_WORK:-}" ] && [ -d "$DR_WORK" ] || return 0
    # A node's sandbox ends with every process of the node in its namespace.
    touch "$DR_WORK/sandboxes"
    while read -r pid; do kill -TERM "$pid" 2>/dev/null; done <"$DR_WORK/sandboxes"
    deadline=$((SECONDS + 15))
    while read -r pid; do
        while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
    done <"$DR_WORK/sandboxes"
    # Anything still listening on our ports was started by us: end it.
    for i in $(seq 1 "$DR_COUNT"); do
        pid=$(etcd_pid "$i")
        [ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null
    done
    if [ "${failures:-0}" -gt 0 ] || [ -n "${DR_KEEP:-}" ]; then
        for i in $(seq 1 "$DR_COUNT"); do
            echo "--- node$i daemon.log (last 15 lines)"
            tail -n 15 "$DR_WORK/node$i/daemon.log" 2>/dev/null
        done
    fi
    if [ -n "${DR_KEEP:-}" ]; then echo "kept $DR_WORK"; else rm -rf "$DR_WORK"; fi
}

finish() {
    check_invariants
    if [ "$failures" -gt 0 ]; then
        echo "$failures failure(s)"
        exit 1
    fi
    echo "all passed"
}
