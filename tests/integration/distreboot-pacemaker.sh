#!/bin/bash
# distreboot's pacemaker engine on a real three-node corosync 3 + pacemaker 2.1
# cluster. Each node has a network namespace of its own on a bridge and runs
# corosync, pacemakerd and a distreboot daemon (engine=pacemaker) in one PID,
# mount and UTS namespace (tests/tools/distreboot-pcmk-node, pcmk-nodes.sh).
# Resources: a clone of ocf:pacemaker:Dummy, a group of two Dummies and one
# Dummy primitive; resource-stickiness 100, as production clusters set it.
# rebootcmd stops the node's daemon, pacemakerd and corosync and starts them
# again (a new boot id): never a real reboot.
#
# 1. Two --reboot at once, from two nodes: one cycle starts, the other is refused.
# 2. The cycle: one node at a time, each drained (standby, nothing left on it)
#    before its reboot and online after; the DC last and exactly one DC move;
#    at each reboot every other node online in a quorate partition; every
#    resource active somewhere in every sample taken outside a drain, the clone
#    in every sample; the list gone at the end and no node left in standby.
# ok always succeeds, so "test && ok || fail" is an if-then-else here
# shellcheck disable=SC2015
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/tools/pcmk-nodes.sh
. "$root/tests/tools/pcmk-nodes.sh"
cluster_test distreboot-pacemaker 3 "$@"
# shellcheck source=tests/tools/distreboot-pcmk.sh
. "$root/tests/tools/distreboot-pcmk.sh"
[ -x "$dr_bin" ] || { fail "$dr_bin is not built"; exit 1; }
section() { echo "$* (at ${SECONDS}s)"; }
trap 'stop_sampler; cluster_test_cleanup' EXIT
for i in 1 2 3; do dr_properties "$i"; done

section "-- 0. three nodes, resources, a daemon on each"
pcmk_up 1 2 3 || exit 1
add_resources || fail "cannot add the resources"
resources_started && ok "a clone, a group and a primitive started"
ok "every daemon is alive: $(dr 1 | head -1)"
dc0=$(dc_of 1)
[ -n "$dc0" ] && ok "the DC is $dc0" || fail "no DC"

# no periodic CIB writes: the CIB's version does not move while the daemons run (each reads every second)
cib_version() { node_on 1 cibadmin --query 2>/dev/null | head -1 | grep -o ' \(admin_epoch\|epoch\|num_updates\)="[0-9]*"' | paste -sd' '; }
v0=$(cib_version)
sleep 20
v1=$(cib_version)
[ -n "$v0" ] && [ "$v0" = "$v1" ] && ok "no CIB update in 20 s of an idle cluster with three daemons (version$v1)" ||
    fail "the CIB changed while idle: $v0 -> $v1"

# --only-required: node2's marker reaches its record (one CIB write, on the change)
touch "$work/node2/reboot-required"
only2() { [ "$(dr 1 --dry-run --only-required 2>/dev/null)" = "reboot order: node2" ]; }
wait_until 30 "--dry-run --only-required to name node2 alone" only2 &&
    ok "--dry-run --only-required: $(dr 1 --dry-run --only-required)"

out=$(dr 2 --dry-run 2>&1)
order=$(sed -n 's/^reboot order: //p' <<<"$out")
[ "${order##*, }" = "$dc0" ] && ok "--dry-run: $order (the DC last)" || fail "--dry-run: $out"

section "-- 1. two --reboot at once, from node1 and node2"
start_sampler
dr 1 --reboot >"$work/reboot1.out" 2>&1 &
a=$!
dr 2 --reboot >"$work/reboot2.out" 2>&1 &
b=$!
wait "$a"; ra=$?
wait "$b"; rb=$?
won=$(grep -l "^reboot started: $order\$" "$work/reboot1.out" "$work/reboot2.out" | wc -l)
lost=$(grep -l "reboot refused: a reboot is already in progress" "$work/reboot1.out" "$work/reboot2.out" | wc -l)
[ "$won" = 1 ] && [ "$lost" = 1 ] && [ $((ra + rb)) = 1 ] &&
    ok "one cycle started, the other --reboot refused: $(cat "$work/reboot1.out" "$work/reboot2.out" | paste -sd'|')" ||
    fail "two --reboot at once: node1 exit $ra: $(cat "$work/reboot1.out"); node2 exit $rb: $(cat "$work/reboot2.out")"

out=$(dr 3 2>&1)
grep -q "^node node3: connected to pacemaker (partition with quorum; " <<<"$out" && grep -q "^reboot: in progress: " <<<"$out" &&
    ok "the status names the engine and the cycle: $(head -2 <<<"$out" | paste -sd'|')" || fail "status during the cycle: $out"

section "-- 2. the cycle"
t0=$(date +%s.%N)
wait_until 400 "the cycle to end (the list gone)" list_gone
t1=$(date +%s.%N)
echo "measured: the three-node cycle took $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s (DR_PAUSE=${DR_PAUSE:-1} s down per node)"
wait_until 60 "every daemon alive again" all_alive 1 node1 node2 node3
stop_sampler

# one node at a time, in the planned order, each rebooted once
got=$(awk '$2 == "reboot" {print $3}' "$work/events.log" | paste -sd' ')
[ "$got" = "${order//,/}" ] && ok "rebooted one at a time in the planned order: $got" || fail "reboots: $got (planned $order)"
down_overlap=$(awk '$2 == "down" {d[$3] = 1; n++} $2 == "boot" && d[$3] {d[$3] = 0; n--} n > 1 {print}' "$work/events.log")
[ -z "$down_overlap" ] && ok "never two nodes down at once" || fail "two nodes down at once: $down_overlap"

# at each reboot: drained, every other node online, quorate, the DC unmoved
check_reboots node1,node2,node3
dcs=$(awk '{print $3}' "$work/reboots.log" | sort -u)
[ "$dcs" = "dc=$dc0" ] && ok "the DC was $dc0 at every reboot, its own included" || fail "DC at the reboots: $dcs"

# the DC moved exactly once, and last
moves=$(awk '{sub("dc=", "", $2)} $2 != "-" && $2 != prev {if (prev != "") n++; prev = $2} END {print n + 0}' "$work/samples.log")
dc1=$(awk '{sub("dc=", "", $2)} $2 != "-" {d = $2} END {print d}' "$work/samples.log")
[ "$moves" = 1 ] && [ "$dc1" != "$dc0" ] && ok "exactly one DC move over the cycle: $dc0 -> $dc1" ||
    fail "DC moves: $moves ($dc0 -> $dc1)"

# resources: the clone in every sample, every primitive in every sample outside a drain
bad=$(awk '$2 != "unreadable" {
    n++; split(substr($4, 8), a, ","); delete act; for (i in a) act[a[i]] = 1
    if (!act["dc-dummy"]) print "clone down: " $0
    if ($3 == "standby=-") for (r in want) if (!act[r]) print r " down: " $0
} BEGIN {want["grp-a"]; want["grp-b"]; want["solo"]}
END {if (n < 10) print "only " n " samples"}' "$work/samples.log")
[ -z "$bad" ] && ok "resources up throughout ($(wc -l <"$work/samples.log") samples)" || fail "resources: $bad"

# back online, no list, no standby
none() { dr "$1" | grep -qx "reboot: none in progress"; }
for i in 1 2 3; do none "$i" || fail "node$i's status after the cycle: $(dr "$i")"; done
st=$(node_on 1 crm_mon -1 --output-as=xml | grep -c 'standby="true"')
[ "$st" = 0 ] && ok "the list is gone, every node online, none in standby" || fail "standby after the cycle: $st"
grep -h "drain ended\|settle ended" "$work"/node*/daemon.log | sed 's/^/    /'

cluster_down
[ "$failures" = 0 ] || { echo "$failures distreboot pacemaker check(s) failed"; exit 1; }
echo "all distreboot pacemaker tests passed (${SECONDS}s)"
