# shellcheck shell=bash
# pcmk-nodes.sh -- sourced by the multi-node cluster tests: COUNT nodes, each
# with its own network namespace, joined by a bridge, each booted by
# tests/tools/pcmk-node inside ../shared/tools/sandbox (sbd under the shim,
# corosync, pacemakerd). The test itself must run in network, mount and PID
# namespaces of its own (the bridge and the addresses 10.77.0.0/24 then exist
# only there); set root and work first, and source tests/lib/nodes.sh too
# (wait_for, node_end, ok/fail/show use the same WORK/NODE.out, .shim and .rc).
#
#   nodes_net COUNT        bridge br0 and, for node N, a network namespace held
#                          by a sleeping process, veth pair vnodeN (ours) and
#                          eth0 (the node's) with 10.77.0.N/24
#   node_boot N CONFIG     boot node N with CONFIG as its /etc/default/sbd
#   cluster_boot CONFIG    boot every node
#   node_on N COMMAND...   run COMMAND inside node N (all of its namespaces)
#   nodes_online SECONDS NODE...   wait until node 1 sees NODE... online
#                          in a partition with quorum
#   node_isolate N         take node N's link down (it stays running)
#   cluster_down           stop every node still running, wait for them
#   cluster_archive NAME   move the nodes' outputs and logs to WORK/NAME/
#   nodes_net_cleanup      end the network namespaces
#
# SBD_STONITH_PLUGIN, when set, is installed as external/sbd on every node.

# shellcheck disable=SC2154 # root, work and sandbox come from the test and nodes.sh
pcmk_node=$root/tests/tools/pcmk-node
node_holders=()
node_count=0

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
    # TERM to a sandbox shuts its node down (every process gets TERM) ...
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

nodes_net_cleanup() {
    local p
    for p in "${node_holders[@]}"; do kill "$p" 2>/dev/null; done
    node_holders=()
}
