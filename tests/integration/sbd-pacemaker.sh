#!/bin/bash
# sbd -P against a real single-node corosync 3 + pacemaker 2.1 (issue 7):
# with pacemaker integration, losing the devices is survived while the
# partition is quorate and the node healthy; pacemaker vanishing under an
# active node fences it even with healthy devices; a clean pacemaker stop
# does not; disk-less mode lives on pacemaker and corosync alone; with
# SBD_SYNC_RESOURCE_STARTUP pacemakerd starts and ends in step with sbd.
# sbd runs in the sandbox with the shim, inside private mount/PID/UTS
# namespaces (mount, PID, UTS, network) that hold the cluster
# (tests/tools/pcmk-cluster.sh).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
for c in corosync pacemakerd crm_mon unshare; do
    command -v "$c" >/dev/null || { echo "FAIL: $c missing (run scripts/setup)"; exit 1; }
done
# shellcheck source=tests/tools/pcmk-cluster.sh
. "$root/tests/tools/pcmk-cluster.sh"
pcmk_enter_node1 "$0" "$@"  # private mount, PID, UTS and network namespaces, as node1

work=$(mktemp -d -p /var/tmp sbd-pacemaker.XXXXXX)
chmod 755 "$work"
. "$root/tests/lib/nodes.sh"
cleanup() {
    nodes_cleanup
    pcmk_stop
    rm -rf "$work"
}
trap cleanup EXIT
cluster_healthy() { wait_for "$work/$1.out" "pacemaker and corosync: quorate partition, this node healthy" "${2:-30}"; }
pacemaker_kill() { pkill -KILL -x pacemakerd; pkill -KILL -f '/usr/lib/pacemaker/pacemaker-'; sleep 0.5; }
pacemaker_restart() {
    # corosync keeps running; a new pacemakerd joins it
    PCMK_logfile=$work/pacemaker.log pacemakerd >>"$work/pacemakerd.out" 2>&1 &
    pcmk_pids[1]=$!
    local i
    for ((i = 0; i < 600; i++)); do
        crm_mon -1 2>/dev/null | grep -q "Online: \[ node1 \]" && return 0
        sleep 0.2
    done
    return 1
}

pcmk_start node1 "$work" || { echo "FAIL: corosync + pacemaker did not start"; exit 1; }
echo "cluster up in ${PCMK_START_SECONDS} s"

# --- devices lost while quorate and healthy: survived.
d=$(fresh a)
node_start node1 -d "$d" -I 1 -P
if cluster_healthy node1; then
    ok "sbd -P sees a quorate partition with this node healthy"
    dd if=/dev/zero of="$d" bs=512 count=1 conv=notrunc status=none
    wait_for "$work/node1.out" "staying up because the partition is quorate" 15 \
        && ok "device lost: staying up on pacemaker's view (logged)" || { fail "no survival on the cluster view"; show node1; }
    sleep 6
    [ ! -s "$work/node1.rc" ] && ok "still up 6 s after losing its only device" || { fail "fenced although quorate"; show node1; }
else
    fail "sbd -P never saw the cluster healthy"; show node1
fi
nodes_cleanup

# --- a clean pacemaker stop: no fence.
d=$(fresh b)
node_start node1 -d "$d" -I 1 -P
if cluster_healthy node1; then
    kill -TERM "${pcmk_pids[1]}"
    wait "${pcmk_pids[1]}" 2>/dev/null
    wait_for "$work/node1.out" "no longer a quorate partition" 15
    sleep 5
    [ ! -s "$work/node1.rc" ] && ok "a clean pacemaker stop does not fence" || { fail "clean stop fenced"; show node1; }
else
    fail "not healthy before the clean stop"; show node1
fi
nodes_cleanup
pacemaker_restart || { echo "FAIL: pacemaker did not come back"; exit 1; }

# --- pacemaker vanishes under an active node: fenced, devices healthy or not.
d=$(fresh c)
node_start node1 -d "$d" -I 1 -P
if cluster_healthy node1; then
    pacemaker_kill
    rc=$(node_end node1 30)
    if [ "$rc" = 129 ] && grep -q "pacemaker vanished while this node was an active cluster member" "$work/node1.out"; then
        ok "pacemaker killed under an active node: self-fence with healthy devices"
    else
        fail "pacemaker killed: status $rc"; show node1
    fi
else
    fail "not healthy before the kill"; show node1
fi
nodes_cleanup
pacemaker_restart || { echo "FAIL: pacemaker did not come back"; exit 1; }

# --- disk-less: pacemaker and corosync alone keep the node up; losing pacemaker fences.
node_start node1 -I 1 -P
if cluster_healthy node1 && grep -q "disk-less mode" "$work/node1.out"; then
    sleep 4
    [ ! -s "$work/node1.rc" ] && ok "disk-less mode watches pacemaker and corosync" || { fail "disk-less node died"; show node1; }
    pacemaker_kill
    rc=$(node_end node1 30)
    [ "$rc" = 129 ] && ok "disk-less: pacemaker killed, node fenced" || { fail "disk-less kill: $rc"; show node1; }
else
    fail "disk-less mode did not start"; show node1
fi
nodes_cleanup

# --- SBD_SYNC_RESOURCE_STARTUP: pacemakerd started with it waits for sbd's
# ping before it starts its daemons, and after a clean stop waits for sbd to
# have seen it. sbd runs first, as at boot (pacemakerd looks for it).
d=$(fresh s)
node_start node1 -d "$d" -I 1 -P
if wait_for "$work/node1.out" "watching" 30; then
    SBD_SYNC_RESOURCE_STARTUP=yes PCMK_logfile=$work/pacemaker.log pacemakerd >>"$work/pacemakerd.out" 2>&1 &
    pcmk_pids[1]=$!
    if cluster_healthy node1 60; then
        ok "SBD_SYNC_RESOURCE_STARTUP: pacemakerd got sbd's ping and started; the node is healthy"
    else
        fail "pacemakerd with SBD_SYNC_RESOURCE_STARTUP never became healthy"; show node1
        crm_mon -1 2>&1 | head -5
    fi
    kill -TERM "${pcmk_pids[1]}"
    gone=no
    for _ in $(seq 300); do kill -0 "${pcmk_pids[1]}" 2>/dev/null || { gone=yes; break; }; sleep 0.1; done
    wait "${pcmk_pids[1]}" 2>/dev/null
    [ "$gone" = yes ] && ok "clean stop: pacemakerd exits once sbd saw shutdown_complete" || fail "pacemakerd still waits after its stop"
    sleep 4
    [ ! -s "$work/node1.rc" ] && ok "no fence after the synchronized clean stop" || { fail "fenced after a clean stop"; show node1; }
else
    fail "sbd did not start for the sync test"; show node1
fi
nodes_cleanup

[ "$failures" = 0 ] || { echo "$failures pacemaker test(s) failed"; exit 1; }
echo "all pacemaker tests passed"
