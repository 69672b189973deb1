# shellcheck shell=bash
# pcmk-cluster.sh -- sourced by tests: corosync 3 + pacemaker 2.1 started
# without systemd, either as a one-node cluster on 127.0.0.1 (pcmk_start) or
# as one node of a larger cluster (the pieces, used by tests/tools/pcmk-node).
#
#   pcmk_start NODE LOGDIR   a one-node cluster: start corosync -f and
#                            pacemakerd in the background, wait until NODE
#                            is online in a quorate partition; sets
#                            PCMK_START_SECONDS
#   pcmk_stop                stop pacemakerd (clean shutdown), then corosync
#
#   pcmk_private_state       fresh tmpfs on /run, /dev/shm, /etc/corosync,
#                            /var/lib/corosync, /var/lib/pacemaker,
#                            /var/log/pacemaker and /var/log/corosync
#   pcmk_corosync_conf LOGDIR NAME=ADDRESS...
#                            /etc/corosync/corosync.conf for these nodes
#                            (node ids 1, 2, ... in that order; two_node: 1
#                            for two nodes); PCMK_TOKEN sets the totem
#                            token timeout (ms) if given
#   pcmk_seed_cib            an empty CIB with stonith-enabled=false and
#                            dc-deadtime=2s, so a DC is elected within seconds
#   pcmk_run_daemons LOGDIR  start corosync -f and pacemakerd in the
#                            background (their PIDs in pcmk_pids)
#
# Optional, for pcmk_start: PCMK_PACEMAKERD_ENV, words VAR=VALUE added to
# pacemakerd's environment (e.g. SBD_SYNC_RESOURCE_STARTUP=yes); and
# PCMK_START_WAIT=0 to return as soon as both are started, without waiting
# for the node to come online (PCMK_START_SECONDS stays empty then).
#
# Call these only inside a private mount namespace (unshare --mount
# --propagation private): nothing of the host is read or changed and nothing
# is left behind. The hostname should be NODE (unshare --uts), and every
# node needs a network namespace of its own (corosync's port, and pacemaker's
# IPC on abstract unix sockets).

pcmk_pids=()
export PCMK_START_SECONDS=

pcmk_private_state() {
    local d
    if [ "$(readlink /proc/self/ns/mnt)" = "${PCMK_HOST_MNT_NS:-none}" ]; then
        echo "pcmk-cluster: refusing to mount over the host's /run (same mount namespace)" >&2
        return 1
    fi
    for d in /run /dev/shm /etc/corosync /var/lib/corosync /var/lib/pacemaker /var/log/pacemaker /var/log/corosync; do
        mkdir -p "$d" 2>/dev/null
        mount -t tmpfs -o mode=755 tmpfs "$d" || return 1
    done
    chmod 1777 /dev/shm
    mkdir -p /var/lib/pacemaker/cib /var/lib/pacemaker/pengine /var/lib/pacemaker/blackbox /var/lib/pacemaker/cores
    chown -R hacluster:haclient /var/lib/pacemaker /var/log/pacemaker
    chmod 750 /var/lib/pacemaker/*
}

pcmk_corosync_conf() { # LOGDIR NAME=ADDRESS...
    local logdir=$1 id=0 n two_node=
    shift
    # two nodes: quorum with one vote, as pcs and crmsh configure it
    [ $# != 2 ] || two_node=$'\n    two_node: 1'
    {
        cat <<CONF
totem {
    version: 2
    cluster_name: pcmk-test
    transport: knet
    crypto_cipher: none
    crypto_hash: none${PCMK_TOKEN:+
    token: $PCMK_TOKEN}
}
nodelist {
CONF
        for n in "$@"; do
            id=$((id + 1))
            printf '    node {\n        ring0_addr: %s\n        name: %s\n        nodeid: %d\n    }\n' "${n#*=}" "${n%%=*}" "$id"
        done
        cat <<CONF
}
quorum {
    provider: corosync_votequorum${two_node}
}
logging {
    to_logfile: yes
    logfile: $logdir/corosync.log
    to_syslog: no
    to_stderr: no
    timestamp: on
}
CONF
    } >/etc/corosync/corosync.conf
}

pcmk_seed_cib() {
    # seeded offline: no fencing, a short election wait
    (
        export CIB_file=/var/lib/pacemaker/cib/cib.xml
        cibadmin --empty >"$CIB_file" &&
            crm_attribute -t crm_config -n stonith-enabled -v false &&
            crm_attribute -t crm_config -n dc-deadtime -v 2s
    ) >/dev/null || return 1
    chown hacluster:haclient /var/lib/pacemaker/cib/*
}

pcmk_run_daemons() { # LOGDIR
    local logdir=$1
    corosync -f >>"$logdir/corosync.out" 2>&1 &
    pcmk_pids+=($!)
    # shellcheck disable=SC2086 # PCMK_PACEMAKERD_ENV is a list of words
    env ${PCMK_PACEMAKERD_ENV:-} PCMK_logfile="$logdir/pacemaker.log" pacemakerd >>"$logdir/pacemakerd.out" 2>&1 &
    pcmk_pids+=($!)
}

pcmk_start() { # NODE LOGDIR
    local node=$1 logdir=$2 start end
    pcmk_private_state || return 1
    pcmk_corosync_conf "$logdir" "$node=127.0.0.1"
    pcmk_seed_cib || return 1
    start=$(date +%s.%N)
    pcmk_run_daemons "$logdir"
    [ "${PCMK_START_WAIT:-1}" != 0 ] || return 0
    # A deadline in time, not in rounds: crm_mon itself is slow on a loaded machine.
    local deadline=$(($(date +%s) + 120))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        if crm_mon -1 2>/dev/null | grep -q "Online: \[ $node \]" &&
            crm_mon -1 2>/dev/null | grep -q "partition with quorum"; then
            end=$(date +%s.%N)
            PCMK_START_SECONDS=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
            return 0
        fi
        sleep 0.1
    done
    echo "pcmk_start: $node not online after 120 s (logs in $logdir)" >&2
    return 1
}

pcmk_stop() {
    local i p
    # pacemakerd first (a clean cluster shutdown), then corosync
    for ((i = ${#pcmk_pids[@]} - 1; i >= 0; i--)); do
        p=${pcmk_pids[$i]}
        kill -TERM "$p" 2>/dev/null || continue
        for _ in $(seq 1 300); do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    pcmk_pids=()
}

# pcmk_enter_node1 "$0" "$@" -- called at the top of a one-node test: runs
# the script again inside private mount, PID, UTS and network namespaces
# (corosync's 127.0.0.1:5405 must not meet another test's or the host's
# cluster) and returns there, as host node1 with its loopback up.
pcmk_enter_node1() {
    if [ "${PCMK_NODE1_INSIDE:-}" != 1 ]; then
        PCMK_HOST_MNT_NS=$(readlink /proc/self/ns/mnt)
        export PCMK_HOST_MNT_NS
        exec unshare --mount --propagation private --pid --fork --kill-child --mount-proc --uts --net -- \
            env PCMK_NODE1_INSIDE=1 bash "$@"
    fi
    hostname node1
    ip link set lo up || { echo "FAIL: no loopback in the network namespace"; exit 1; }
}
