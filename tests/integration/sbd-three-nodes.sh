#!/bin/bash
# sbd -P on a real three-node corosync 3 + pacemaker 2.1 cluster (issue 7).
# Each node has a network namespace of its own on a bridge, and runs sbd
# (under the sandbox and the shim), corosync and pacemakerd in one PID, mount
# and UTS namespace (tests/tools/pcmk-node, pcmk-nodes.sh): when sbd resets a
# node, its corosync and pacemaker end with it. Every node's pacemakerd runs
# with SBD_SYNC_RESOURCE_STARTUP=yes from its /etc/default/sbd, as
# pacemaker.service would.
#
# 1. Shared devices: two of three devices lost while the partition is quorate
#    is survived by every node; the node then cut off the network (its veth
#    down) has neither devices nor quorum and resets itself; the other two stay.
# 2. Disk-less: the isolated node resets itself within the watchdog timeout;
#    the other two stay.
# 3. End to end: with stonith-enabled=true, pacemaker fences the isolated
#    node through a stonith:fence_sbd resource driving our sbd on a loop
#    device (the victim's own sbd carries out the reset), and
#    `stonith_admin --reboot` fences another node through stonith:external/sbd.
#
# The whole test runs in network, mount and PID namespaces of its own: the
# bridge, the addresses and the loop device's users exist only there; the
# loop device is detached at the end.
# ok always succeeds, so "test && ok || fail" is an if-then-else here
# shellcheck disable=SC2015
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/tools/pcmk-nodes.sh
. "$root/tests/tools/pcmk-nodes.sh"
cluster_test sbd-three-nodes 3 "$@"
export PCMK_TOKEN=1000
section() { echo "$* (at ${SECONDS}s)"; }

# isolated_resets WHAT REASON: node3's link goes down; it must reset itself
# and name REASON; node1 and node2 stay up.
isolated_resets() {
    local what=$1 reason=$2 t0 took
    t0=$(date +%s.%N)
    node_isolate 3
    if took=$(reset_after 3 "$t0"); then
        ok "$what node3 isolated: reset itself ${took} s after its link went down"
        grep -q "$reason" "$work/node3.out" && ok "node3 named the reason: $reason" || { fail "node3's reason"; show node3; }
    else
        fail "isolated $what node3 did not reset itself: $(cat "$work/node3.rc" 2>/dev/null)"; show node3
    fi
    still_up 8 1 2 && ok "node1 and node2 (quorate, 2 of 3 votes) stay up"
}

section "-- 1. three devices; two lost while quorate; then node3 isolated"
for n in d1 d2 d3; do fresh "$n" -1 3 -4 6 >/dev/null; done
config=$(conf "$work/sbd-devices.conf" "SBD_DEVICE=\"$work/d1;$work/d2;$work/d3\"" SBD_PACEMAKER=yes \
    SBD_SYNC_RESOURCE_STARTUP=yes SBD_STARTMODE=always)
if cluster_up "$config"; then
    ok "three nodes online; each sbd sees a quorate partition with its node healthy"
    grep -q 'Received startup-trigger from SBD' "$work/node1/pacemaker.log" &&
        ok "pacemakerd waited for sbd's ping (SBD_SYNC_RESOURCE_STARTUP)" ||
        fail "pacemakerd did not log sbd's startup trigger"
    for n in d1 d2; do dd if=/dev/zero of="$work/$n" bs=4096 count=1 conv=notrunc status=none; done
    for i in 1 2 3; do
        wait_for "$work/node$i.out" "staying up because the partition is quorate" 20 ||
            { fail "node$i: no survival on the cluster view after losing 2 of 3 devices"; show "node$i"; }
    done
    still_up 8 1 2 3 && ok "2 of 3 devices lost while quorate: all three nodes up 8 s later (watchdog 3 s)"
    isolated_resets "without a device majority," "1 of 3 devices healthy, 2 needed, and pacemaker or the cluster not healthy"
    node_on 1 crm_mon -1 2>/dev/null | grep -q "OFFLINE: \[ node3 \]" && ok "node1 sees node3 offline" ||
        fail "node1's view: $(node_on 1 crm_mon -1 2>&1 | grep -iE 'online|offline')"
fi
cluster_down
cluster_archive devices

section "-- 2. disk-less; node3 isolated"
config=$(conf "$work/sbd-diskless.conf" SBD_PACEMAKER=yes SBD_WATCHDOG_TIMEOUT=4 SBD_SYNC_RESOURCE_STARTUP=yes)
ip link set vnode3 up
if cluster_up "$config"; then
    grep -q "disk-less mode" "$work/node1.out" && ok "three nodes online, sbd in disk-less mode" ||
        { fail "sbd not in disk-less mode"; show node1; }
    still_up 6 1 2 3 && ok "disk-less: all three up 6 s later (watchdog 4 s)"
    isolated_resets disk-less "no devices, and pacemaker or the cluster not healthy"
fi
cluster_down
cluster_archive diskless

section "-- 3. pacemaker fences through fence_sbd and external/sbd"
truncate -s 8M "$work/shared.img"
loop=$(losetup -f --show "$work/shared.img") || { fail "losetup"; exit 1; }
"$sbd" -d "$loop" -1 3 -4 6 create >/dev/null || { fail "sbd create on $loop"; exit 1; }
config=$(conf "$work/sbd-loop.conf" "SBD_DEVICE=$loop" SBD_PACEMAKER=yes SBD_SYNC_RESOURCE_STARTUP=yes)
ip link set vnode3 up
export SBD_STONITH_PLUGIN=$root/stonith/external/sbd
if cluster_up "$config"; then
    ok "three nodes online on the loop device $loop"
    # fence_sbd may fence node3 only, external/sbd node2 only: each path is used once
    stonith_sbd fence-sbd fence_sbd node3 "devices=$loop" "sbd_path=$sbd" &&
        stonith_sbd external-sbd external/sbd node2 &&
        node_on 1 crm_attribute -t crm_config -n stonith-enabled -v true || fail "cannot configure fencing"
    stonith_started fence-sbd external-sbd && ok "stonith:fence_sbd and stonith:external/sbd resources started" ||
        fail "fencing resources not started"

    isolated_fenced 3 "node[12]" "$loop" "isolated node3 fenced by pacemaker through fence_sbd"
    fenced_ok node3 && ok "fencing history on node1: reboot of node3 successful" || fail "no successful fence of node3 in the history"
    grep -q "fence-sbd" <(grep -h "node3" "$work"/node[12]/pacemaker.log | grep -i "fence\|stonith") &&
        ok "pacemaker used the fence-sbd resource for node3" || fail "no fence-sbd in the fencer logs"

    t0=$(date +%s.%N)
    node_on 1 timeout 90 stonith_admin --reboot node2 --tolerance 0 >"$work/stonith_admin.out" 2>&1
    rc=$?
    [ $rc = 0 ] && ok "stonith_admin --reboot node2 on node1 succeeded" ||
        fail "stonith_admin --reboot node2: rc=$rc $(cat "$work/stonith_admin.out")"
    if took=$(reset_after 2 "$t0") && grep -q "Received command reset from node1 on disk $loop" "$work/node2.out"; then
        ok "node2 fenced through external/sbd: its sbd read the reset and rebooted ${took} s after stonith_admin started"
    else
        fail "node2 was not fenced through external/sbd"; show node2
    fi
    grep -q "external-sbd" <(grep -h "node2" "$work"/node1/pacemaker.log | grep -i "fence\|stonith") &&
        ok "pacemaker used the external-sbd resource for node2" || fail "no external-sbd in node1's fencer log"
    still_up 6 1 && ok "node1, alone and without quorum but with its device, stays up"
fi
cluster_down
cluster_archive fencing

[ "$failures" = 0 ] || { echo "$failures three-node check(s) failed"; exit 1; }
echo "all three-node tests passed (${SECONDS}s)"
