#!/bin/bash
# sbd -P when the cluster underneath misbehaves (issue 14), against a real
# single-node corosync 3 + pacemaker 2.1 (tests/tools/pcmk-cluster.sh), sbd
# in the sandbox with the shim, as in sbd-pacemaker.sh:
# - the partition loses quorum (quorum.expected_votes raised in corosync's
#   cmap) while the devices are lost: fenced (both watchers hear of it by
#   notification, not by polling);
# - a huge CIB (3000 resources, generated, stopped, no probes): still
#   healthy, survives its device's loss on the cluster view, and a quorum
#   loss still fences;
# - pacemaker restarts cleanly: no fence, healthy again on the new CIB;
# - the CIB manager is killed: the watcher hears the connection end at once
#   and the node fences (pacemaker vanished under an active member);
# - corosync is killed: fenced.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
for c in corosync pacemakerd crm_mon cibadmin corosync-cmapctl unshare; do
    command -v "$c" >/dev/null || { echo "FAIL: $c missing (run scripts/setup)"; exit 1; }
done
# shellcheck source=tests/tools/pcmk-cluster.sh
. "$root/tests/tools/pcmk-cluster.sh"
pcmk_enter_node1 "$0" "$@"  # private mount, PID, UTS and network namespaces, as node1

work=$(mktemp -d -p /var/tmp sbd-pacemaker-faults.XXXXXX)
chmod 755 "$work"
. "$root/tests/lib/nodes.sh"
cleanup() {
    nodes_cleanup
    pcmk_stop
    rm -rf "$work"
}
trap cleanup EXIT
cluster_healthy() { wait_for "$work/$1.out" "pacemaker and corosync: quorate partition, this node healthy" "${2:-30}"; }
quorate() { # wait until pacemaker sees node1 online in a quorate partition
    local i
    for ((i = 0; i < 600; i++)); do
        crm_mon -1 2>/dev/null | grep -q "partition with quorum" && crm_mon -1 2>/dev/null | grep -q "Online: \[ node1 \]" &&
            return 0
        sleep 0.2
    done
    return 1
}
lose_quorum() { corosync-cmapctl -s quorum.expected_votes u32 2 >/dev/null; }
regain_quorum() { corosync-cmapctl -s quorum.expected_votes u32 1 >/dev/null && quorate; }
pacemaker_restart() {
    PCMK_logfile=$work/pacemaker.log pacemakerd >>"$work/pacemakerd.out" 2>&1 &
    pcmk_pids[1]=$!
    quorate
}
wipe() { dd if=/dev/zero of="$1" bs=512 count=1 conv=notrunc status=none; }
# the node was fenced: sandbox status 129 and the shim's record of its
# reboot(2), or of its watchdog firing first (the backstop, on a loaded machine)
fenced() { [ "$1" = 129 ] && grep -Eq "reboot RB_AUTOBOOT|watchdog .* fired" "$work/$2.shim"; }

pcmk_start node1 "$work" || { echo "FAIL: corosync + pacemaker did not start"; exit 1; }
echo "cluster up in ${PCMK_START_SECONDS} s"

# --- quorum lost with the devices lost: fenced.
d=$(fresh a)
node_start node1 -d "$d" -I 1 -P
if cluster_healthy node1; then
    wipe "$d"
    wait_for "$work/node1.out" "staying up because the partition is quorate" 15 ||
        { fail "no survival on the cluster view"; show node1; }
    lose_quorum
    rc=$(node_end node1 30)
    if fenced "$rc" node1 && grep -q "no longer a quorate partition" "$work/node1.out"; then
        ok "quorum lost while the device is lost: fenced"
    else
        fail "quorum loss: status $rc"; show node1
    fi
else
    fail "sbd -P never saw the cluster healthy"; show node1
fi
nodes_cleanup
regain_quorum || { echo "FAIL: quorum did not come back"; exit 1; }

# --- a huge CIB: 3000 stopped resources (no start-up probes, so nothing runs).
crm_attribute -t crm_config -n enable-startup-probes -v false >/dev/null
{
    echo "<resources>"
    for ((i = 0; i < 3000; i++)); do
        printf '<primitive id="r%d" class="ocf" provider="pacemaker" type="Dummy">' "$i"
        printf '<meta_attributes id="r%d-meta"><nvpair id="r%d-role" name="target-role" value="Stopped"/></meta_attributes>' "$i" "$i"
        printf '<operations><op id="r%d-mon" name="monitor" interval="10s"/></operations></primitive>\n' "$i"
    done
    echo "</resources>"
} >"$work/resources.xml"
if cibadmin --replace -o resources --xml-file "$work/resources.xml" >/dev/null 2>&1; then
    echo "   CIB: $(cibadmin -Q | wc -c) bytes, $(cibadmin -Q -o resources | grep -c '<primitive') resources"
    d=$(fresh b)
    node_start node1 -d "$d" -I 1 -P
    if cluster_healthy node1 60; then
        ok "huge CIB: healthy"
        wipe "$d"
        wait_for "$work/node1.out" "staying up because the partition is quorate" 30 &&
            ok "huge CIB: device lost, staying up on pacemaker's view" || { fail "huge CIB: no survival"; show node1; }
        watcher=$(pgrep -f "^sbd: pacemaker watcher" | head -n 1)
        cpu() { cat "/proc/$watcher"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }
        before=$(cpu)
        sleep 10
        after=$(cpu)
        echo "   huge CIB: the pacemaker watcher used $(((${after:-0} - ${before:-0}) / 1000000)) ms of CPU in 10 s"
        [ ! -s "$work/node1.rc" ] && ok "huge CIB: still up" || { fail "huge CIB: fenced although quorate"; show node1; }
        lose_quorum
        rc=$(node_end node1 60)
        fenced "$rc" node1 && ok "huge CIB: quorum lost, fenced" || { fail "huge CIB: quorum loss: status $rc"; show node1; }
    else
        fail "huge CIB: never healthy"; show node1
    fi
    nodes_cleanup
    regain_quorum || { echo "FAIL: quorum did not come back"; exit 1; }
    cibadmin --replace -o resources --xml-text "<resources/>" >/dev/null 2>&1
else
    fail "could not load the generated CIB"
fi

# --- pacemaker restarts cleanly: no fence; healthy again on the new CIB.
d=$(fresh c)
node_start node1 -d "$d" -I 1 -P
if cluster_healthy node1; then
    kill -TERM "${pcmk_pids[1]}"
    wait "${pcmk_pids[1]}" 2>/dev/null
    wait_for "$work/node1.out" "no longer a quorate partition" 15
    pacemaker_restart || { echo "FAIL: pacemaker did not come back"; exit 1; }
    for ((i = 0; i < 300; i++)); do
        [ "$(grep -c "quorate partition, this node healthy" "$work/node1.out")" -ge 2 ] && break
        sleep 0.1
    done
    [ ! -s "$work/node1.rc" ] && [ "$(grep -c "quorate partition, this node healthy" "$work/node1.out")" -ge 2 ] &&
        ok "pacemaker restarted: no fence, healthy again" || { fail "pacemaker restart"; show node1; }
else
    fail "not healthy before the restart"; show node1
fi
nodes_cleanup

# --- the CIB manager killed: the connection's end is heard, the node fences.
d=$(fresh e)
node_start node1 -d "$d" -I 1 -P
if cluster_healthy node1; then
    pkill -KILL -f '/usr/lib/pacemaker/pacemaker-based'
    rc=$(node_end node1 30)
    fenced "$rc" node1 && grep -q "pacemaker vanished" "$work/node1.out" &&
        ok "CIB manager killed: fenced" || { fail "CIB manager killed: status $rc"; show node1; }
else
    fail "not healthy before killing the CIB manager"; show node1
fi
nodes_cleanup
pkill -KILL -x pacemakerd
pkill -KILL -f '/usr/lib/pacemaker/pacemaker-'
sleep 0.5
pacemaker_restart || { echo "FAIL: pacemaker did not come back"; exit 1; }

# --- corosync killed: fenced.
d=$(fresh f)
node_start node1 -d "$d" -I 1 -P
if cluster_healthy node1; then
    kill -KILL "${pcmk_pids[0]}"
    rc=$(node_end node1 30)
    fenced "$rc" node1 && ok "corosync killed: fenced" || { fail "corosync killed: status $rc"; show node1; }
else
    fail "not healthy before killing corosync"; show node1
fi

[ "$failures" = 0 ] && echo "all pacemaker fault tests passed" || { echo "$failures failure(s)"; exit 1; }
