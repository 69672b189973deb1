#!/bin/bash
# distreboot's pacemaker engine on a two-node cluster (corosync's two_node: 1,
# as pcs and crmsh configure two nodes on Debian): one node alone keeps
# quorum, so each node may reboot while the other runs everything. Checks the
# order (the DC last), that each node went down drained with the other online
# in a quorate partition, one DC move, the resources up throughout (outside
# drains), and the list gone at the end. No engine= is set: pacemaker is the
# default on a node with corosync.conf and no etcd configuration.
# ok always succeeds, so "test && ok || fail" is an if-then-else here
# shellcheck disable=SC2015
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/tools/pcmk-nodes.sh
. "$root/tests/tools/pcmk-nodes.sh"
cluster_test distreboot-pacemaker-two-node 2 "$@"
# shellcheck source=tests/tools/distreboot-pcmk.sh
. "$root/tests/tools/distreboot-pcmk.sh"
[ -x "$dr_bin" ] || { fail "$dr_bin is not built"; exit 1; }
trap 'stop_sampler; cluster_test_cleanup' EXIT
# no engine= here: a node with corosync.conf and no etcd configuration defaults to pacemaker
for i in 1 2; do DR_DEFAULT_ENGINE=1 dr_properties "$i"; done

pcmk_up 1 2 || exit 1
grep -q "starting on node node1, pacemaker on this node" "$work/node1/daemon.log" &&
    ok "without engine=, the default is pacemaker (corosync.conf, no etcd configuration)" ||
    fail "default engine: $(grep 'starting on node' "$work/node1/daemon.log")"
out=$(node_on 1 env DISTREBOOT_RUNDIR=/run/distreboot-bad "$dr_bin" --start --set-property engine=corosync 2>&1)
rc=$?
[ $rc = 6 ] && grep -q 'engine must be pacemaker or etcd, not "corosync"' <<<"$out" &&
    ok "a bad engine is refused before anything starts (exit 6): $out" || fail "engine=corosync: exit $rc: $out"
node_on 1 corosync-quorumtool -s | grep -q "2Node" && ok "corosync runs with two_node: $(node_on 1 corosync-quorumtool -s | grep Flags)" ||
    fail "no two_node flag: $(node_on 1 corosync-quorumtool -s)"
add_resources || fail "cannot add the resources"
resources_started
dc0=$(dc_of 1)
order=$(dr 1 --dry-run 2>&1 | sed -n 's/^reboot order: //p')
[ "${order##*, }" = "$dc0" ] && ok "--dry-run: $order (the DC last)" || fail "--dry-run: $(dr 1 --dry-run 2>&1)"
start_sampler
out=$(dr 2 --reboot 2>&1)
[ "$out" = "reboot started: $order" ] && ok "$out" || fail "--reboot: $out"
wait_until 300 "the cycle to end" list_gone
wait_until 60 "every daemon alive again" all_alive 1 node1 node2
stop_sampler
got=$(awk '$2 == "reboot" {print $3}' "$work/events.log" | paste -sd' ')
[ "$got" = "${order//,/}" ] && ok "each node rebooted once, in order: $got" || fail "reboots: $got (planned $order)"
check_reboots node1,node2
moves=$(awk '{sub("dc=", "", $2)} $2 != "-" && $2 != prev {if (prev != "") n++; prev = $2} END {print n + 0}' "$work/samples.log")
[ "$moves" = 1 ] && ok "exactly one DC move" || fail "DC moves: $moves ($(awk '{print $2}' "$work/samples.log" | uniq | paste -sd' '))"
bad=$(awk '$2 != "unreadable" && $3 == "standby=-" {
    split(substr($4, 8), a, ","); delete act; for (i in a) act[a[i]] = 1
    for (r in want) if (!act[r]) print r " down: " $0
} BEGIN {want["dc-dummy"]; want["grp-a"]; want["grp-b"]; want["solo"]}' "$work/samples.log")
[ -z "$bad" ] && ok "resources up throughout ($(wc -l <"$work/samples.log") samples)" || fail "resources: $bad"
for i in 1 2; do dr "$i" | grep -qx "reboot: none in progress" || fail "node$i's status after the cycle: $(dr "$i")"; done

cluster_down
[ "$failures" = 0 ] || { echo "$failures two-node check(s) failed"; exit 1; }
echo "all distreboot two-node tests passed (${SECONDS}s)"
