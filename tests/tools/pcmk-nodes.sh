# shellcheck shell=bash
# pcmk-nodes.sh -- sourced by the multi-node cluster tests: COUNT nodes, each
# with its own network namespace, joined by a bridge, each booted by
# tests/tools/pcmk-node inside ../shared/tools/sandbox (sbd under the shim,
# corosync, pacemakerd). The test itself runs in network, mount and PID
# namespaces of its own (the bridge and the addresses 10.77.0.0/24 exist only
# there); set root, source this file, and call cluster_test first:
#
#   cluster_test NAME COUNT ARGS...
#                          re-runs the calling script (with ARGS) in new
#                          network, mount and PID namespaces; there makes
#                          the folder $work, sources tests/lib/nodes.sh
#                          (wait_for, node_end, ok/fail/show work on the
#                          nodes' WORK/NODE.out, .shim and .rc), builds the
#                          network for COUNT nodes, and at exit stops the
#                          nodes, detaches the loop device named in $loop,
#                          copies the logs to $SBD_KEEP_LOGS if that is set
#                          and removes $work
#
#   nodes_net COUNT        bridge br0 and, for node N, a network namespace held
#                          by a sleeping process, veth pair vnodeN (ours) and
#                          eth0 (the node's) with 10.77.0.N/24
#   node_boot N CONFIG     boot node N with CONFIG as its /etc/default/sbd
#   cluster_boot CONFIG    boot every node
#   cluster_up CONFIG      boot every node, wait until all are online in a
#                          quorate partition and every sbd saw that
#   node_on N COMMAND...   run COMMAND inside node N (all of its namespaces)
#   nodes_online SECONDS NODE...   wait until node 1 sees NODE... online
#                          in a partition with quorum
#   node_isolate N         take node N's link down (it stays running)
#   cluster_down           stop every node still running, wait for them
#   cluster_archive NAME   move the nodes' outputs and logs to WORK/NAME/
#   healthy N...           wait until each node's sbd saw the cluster healthy
#   still_up SECONDS N...  after SECONDS, check that each node still runs
#   reset_after N SINCE    wait for node N's reboot(2); print seconds since SINCE
#   conf FILE LINES...     write an /etc/default/sbd, print its name
#   stonith_sbd ID TYPE HOST [NAME=VALUE...]
#                          add a stonith resource (on node 1) that may fence HOST only
#   stonith_started ID...  wait until node 1 shows these resources started
#   fenced_ok NODE         wait until node 1's fencing history has NODE rebooted
#   isolated_fenced N SENDER DEVICE WHAT
#                          take node N's link down; pass if its sbd then reads
#                          a reset from SENDER (a pattern) on DEVICE and reboots
#   nodes_net_cleanup      end the network namespaces
#
# SBD_STONITH_PLUGIN, when set, is installed as external/sbd on every node.

# shellcheck disable=SC2154 # root, work and sandbox come from the test and nodes.sh
pcmk_node=$root/tests/tools/pcmk-node
node_holders=()
node_count=0
loop=

cluster_test() { # NAME COUNT ARGS...
    local name=$1 count=$2 c
    shift 2
    for c in corosync pacemakerd crm_mon cibadmin crm_attribute stonith_admin fence_sbd unshare nsenter ip losetup; do
        command -v "$c" >/dev/null || { echo "FAIL: $c missing (run scripts/setup)"; exit 1; }
    done
    if [ "${SBD_CLUSTER_TEST_INSIDE:-}" != 1 ]; then
        PCMK_HOST_MNT_NS=$(readlink /proc/self/ns/mnt)
        export PCMK_HOST_MNT_NS
        exec unshare --mount --propagation private --pid --fork --kill-child --mount-proc --net -- \
            env SBD_CLUSTER_TEST_INSIDE=1 bash "$0" "$@"
    fi
    work=$(mktemp -d -p /var/tmp "$name.XXXXXX")
    chmod 755 "$work"
    # shellcheck source=tests/lib/nodes.sh
    . "$root/tests/lib/nodes.sh"
    trap cluster_test_cleanup EXIT
    nodes_net "$count" || { echo "FAIL: cannot build the bridge and the node namespaces"; exit 1; }
}

cluster_test_cleanup() {
    cluster_down
    nodes_net_cleanup
    [ -z "$loop" ] || losetup -d "$loop"
    if [ -n "${SBD_KEEP_LOGS:-}" ]; then
        mkdir -p "$SBD_KEEP_LOGS" && cp -r "$work"/. "$SBD_KEEP_LOGS"/
    fi
    rm -rf "$work"
}

nodes_net() { # COUNT
    local i holder
    node_count=$1
    ip link set lo up
    ip link add br0 type bridge && ip link set br0 up || return 1
    for ((i = 1; i <= node_count; i++)); do
        unshare --net sleep infinity &
        holder=$!
        node_holders[i]=$holder
        # the namespace exists once unshare has exec'd sleep
        for _ in $(seq 1 50); do
            [ "$(readlink "/proc/$holder/ns/net")" != "$(readlink /proc/self/ns/net)" ] && break
            sleep 0.1
        done
        ip link add "vnode$i" type veth peer name eth0 netns "$holder" &&
            ip link set "vnode$i" master br0 up &&
            nsenter --net="/proc/$holder/ns/net" sh -c "ip link set lo up && ip addr add 10.77.0.$i/24 dev eth0 && ip link set eth0 up" ||
            return 1
    done
}

node_boot() { # N CONFIG
    local i=$1 config=$2 n members=()
    for ((n = 1; n <= node_count; n++)); do members+=("node$n=10.77.0.$n"); done
    rm -f "$work/node$i.rc" "$work/node$i.shim" "$work/node$i.out"
    (
        nsenter --net="/proc/${node_holders[i]}/ns/net" -- "$sandbox" --hostname "node$i" -- \
            "$pcmk_node" "node$i" "$work" "$config" "${members[@]}" >>"$work/node$i.sandbox" 2>&1
        echo $? >"$work/node$i.rc"
    ) &
    node_pids+=($!)
}

cluster_boot() { # CONFIG
    local i
    for ((i = 1; i <= node_count; i++)); do node_boot "$i" "$1"; done
}

cluster_up() { # CONFIG
    local i names=() numbers=()
    cluster_boot "$1"
    for ((i = 1; i <= node_count; i++)); do names+=("node$i") numbers+=("$i"); done
    nodes_online 150 "${names[@]}" || { fail "the nodes did not come online"; return 1; }
    healthy "${numbers[@]}"
}

node_on() { # N COMMAND...
    local i=$1 pid
    shift
    pid=$(pgrep -o -f "^/bin/bash $pcmk_node node$i ") || {
        echo "node_on: node$i is not running" >&2
        return 125
    }
    nsenter --target "$pid" --net --mount --uts --pid -- "$@"
}

nodes_online() { # SECONDS NODE...
    local deadline=$(($(date +%s) + $1)) status
    shift
    while [ "$(date +%s)" -lt "$deadline" ]; do
        status=$(node_on 1 crm_mon -1 2>/dev/null)
        if grep -q "partition with quorum" <<<"$status" &&
            grep -q "Online: \[ $* \]" <<<"$status"; then
            return 0
        fi
        sleep 0.5
    done
    echo "--- crm_mon on node1 after the wait:"
    node_on 1 crm_mon -1 2>&1 | sed 's/^/    /'
    return 1
}

node_isolate() { ip link set "vnode$1" down; }

cluster_down() {
    local i
    # As systemd stops a node: pacemaker first (a clean shutdown, which sbd
    # sees), then the rest; TERM to a sandbox gives every process TERM ...
    for ((i = 1; i <= node_count; i++)); do
        node_on "$i" pkill -TERM -x pacemakerd 2>/dev/null
    done
    for _ in $(seq 1 300); do
        pgrep -x pacemakerd >/dev/null || break
        sleep 0.1
    done
    for ((i = 1; i <= node_count; i++)); do
        pkill -TERM -f -- "--hostname node$i -- $pcmk_node" 2>/dev/null
    done
    for _ in $(seq 1 300); do
        pgrep -f -- " node node[0-9]* $pcmk_node " >/dev/null || break
        sleep 0.1
    done
    # ... and one that hangs after 30 s ends at once: SIGKILL to its
    # unshare takes the PID namespace down (--kill-child)
    pkill -KILL -f -- "^unshare --pid .* node node[0-9]* $pcmk_node " 2>/dev/null
    for i in "${node_pids[@]}"; do wait "$i" 2>/dev/null; done
    node_pids=()
}

cluster_archive() { # NAME
    local i
    mkdir -p "$work/$1"
    for ((i = 1; i <= node_count; i++)); do
        mv "$work/node$i" "$work/node$i".* "$work/$1/" 2>/dev/null
    done
}

# healthy N...: every named node's sbd saw pacemaker and corosync healthy
healthy() {
    local i
    for i in "$@"; do
        wait_for "$work/node$i.out" "pacemaker and corosync: quorate partition, this node healthy" 60 ||
            { fail "node$i's sbd never saw the cluster healthy"; show "node$i"; return 1; }
    done
}
# still_up SECONDS N...: after SECONDS, every named node is still running
still_up() {
    local i seconds=$1
    shift
    sleep "$seconds"
    for i in "$@"; do
        [ ! -s "$work/node$i.rc" ] || { fail "node$i ended (status $(cat "$work/node$i.rc"))"; show "node$i"; return 1; }
    done
}
# reset_after N SINCE: node N was reset (status 129): by its own reboot(2),
# or by its watchdog, which is what fences a node that lost its devices and
# cluster while a watchdog is armed (sbd 1.5's rule; both recorded by the
# shim); prints the seconds since SINCE (date +%s.%N)
reset_after() {
    local rc
    rc=$(node_end "node$1" 90)
    [ "$rc" = 129 ] && grep -Eq "reboot RB_AUTOBOOT|watchdog .* fired" "$work/node$1.shim" || return 1
    awk -v a="$2" -v b="$(stat -c %.9Y "$work/node$1.rc")" 'BEGIN { printf "%.1f", b - a }'
}
conf() { # FILE LINES...: an /etc/default/sbd
    local f=$1
    shift
    printf '%s\n' "$@" >"$f"
    echo "$f"
}

stonith_sbd() { # ID TYPE HOST [NAME=VALUE...]
    local id=$1 type=$2 host=$3 nv pairs="" k=0
    shift 3
    for nv in "pcmk_host_list=$host" pcmk_host_check=static-list "$@"; do
        k=$((k + 1))
        pairs+="<nvpair id=\"$id-$k\" name=\"${nv%%=*}\" value=\"${nv#*=}\"/>"
    done
    node_on 1 cibadmin -C -o resources -X "<primitive id=\"$id\" class=\"stonith\" type=\"$type\">
        <instance_attributes id=\"$id-ia\">$pairs</instance_attributes></primitive>"
}

stonith_started() { # ID...
    local id status missing
    for _ in $(seq 1 120); do
        status=$(node_on 1 crm_mon -1 2>/dev/null)
        missing=0
        for id in "$@"; do
            grep -q " $id\b.*(stonith:.*):.*Started" <<<"$status" || missing=1
        done
        [ $missing = 1 ] || return 0
        sleep 0.5
    done
    node_on 1 crm_mon -1 2>&1 | tail -5
    return 1
}

fenced_ok() { # NODE
    for _ in $(seq 1 60); do
        node_on 1 stonith_admin --history "$1" 2>/dev/null | grep -q "reboot of $1 successful" && return 0
        sleep 0.5
    done
    node_on 1 stonith_admin --history "$1" 2>&1
    return 1
}

isolated_fenced() { # N SENDER DEVICE WHAT
    local n=$1 sender=$2 device=$3 what=$4 t0 took
    t0=$(date +%s.%N)
    node_isolate "$n"
    if took=$(reset_after "$n" "$t0") && grep -q "Received command reset from $sender on disk $device" "$work/node$n.out"; then
        ok "$what: node$n's sbd read the reset and rebooted ${took} s after the link went down"
    else
        fail "$what: node$n was not fenced through its sbd"
        show "node$n"
    fi
}

nodes_net_cleanup() {
    local p
    for p in "${node_holders[@]}"; do kill "$p" 2>/dev/null; done
    node_holders=()
}
