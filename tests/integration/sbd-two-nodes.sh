#!/bin/bash
# sbd -P on a real two-node corosync 3 + pacemaker 2.1 cluster (two_node: 1,
# as pcs and crmsh set it up), one shared loop device, each node in its own
# network namespace on a bridge (tests/tools/pcmk-nodes.sh).
#
# With two_node, each half of a split keeps quorum: sbd must stay up on both
# (its cluster servant follows votequorum, which says quorate), and fencing
# through the device decides. Here pacemaker fences through stonith:fence_sbd,
# node1's fencing device with a 5 s pcmk_delay_base, the usual way to let one
# node win the fence race: after node2's link goes down, node1 fences node2
# through our sbd, node2's sbd carries out the reset, node1 stays.
# ok always succeeds, so "test && ok || fail" is an if-then-else here
# shellcheck disable=SC2015
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/tools/pcmk-nodes.sh
. "$root/tests/tools/pcmk-nodes.sh"
cluster_test sbd-two-nodes 2 "$@"
export PCMK_TOKEN=1000

truncate -s 8M "$work/shared.img"
loop=$(losetup -f --show "$work/shared.img") || { fail "losetup"; exit 1; }
"$sbd" -d "$loop" -1 3 -4 6 create >/dev/null || { fail "sbd create on $loop"; exit 1; }
config=$(conf "$work/sbd.conf" "SBD_DEVICE=$loop" SBD_PACEMAKER=yes SBD_SYNC_RESOURCE_STARTUP=yes)
if cluster_up "$config"; then
    ok "two nodes online (two_node), each sbd sees a quorate partition with its node healthy"
    stonith_sbd fence-node1 fence_sbd node1 "devices=$loop" "sbd_path=$sbd" pcmk_delay_base=5s &&
        stonith_sbd fence-node2 fence_sbd node2 "devices=$loop" "sbd_path=$sbd" &&
        node_on 1 crm_attribute -t crm_config -n stonith-enabled -v true || fail "cannot configure fencing"
    stonith_started fence-node1 fence-node2 && ok "a fence_sbd resource for each node started" ||
        fail "fencing resources not started"

    isolated_fenced 2 node1 "$loop" "split: node1 fenced node2 through fence_sbd"
    fenced_ok node2 && ok "fencing history on node1: reboot of node2 successful" || fail "no successful fence of node2"
    still_up 10 1 && ok "node1 stays up, alone but quorate (two_node), past node2's delayed fence attempt"
    grep -q "no longer a quorate partition" "$work/node1.out" &&
        { fail "node1's sbd saw the partition lose quorum although two_node keeps it"; show node1; } ||
        ok "node1's sbd kept seeing a quorate partition through the split"
    node_on 1 crm_mon -1 2>/dev/null | grep -q "partition with quorum" && ok "node1: partition with quorum" ||
        fail "node1's view: $(node_on 1 crm_mon -1 2>&1 | head -8)"
fi

[ "$failures" = 0 ] || { echo "$failures two-node check(s) failed"; exit 1; }
echo "all two-node tests passed (${SECONDS}s)"
