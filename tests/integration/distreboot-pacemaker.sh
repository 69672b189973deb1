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
pcmk_node=$root/tests/tools/distreboot-pcmk-node
export PCMK_TOKEN=1000
[ -x "${SBD_BIN:-$root/.build/debug}/distreboot" ] || { fail "distreboot is not built"; exit 1; }
section() { echo "$* (at ${SECONDS}s)"; }
sampler=

# dr N ARGS...: the distreboot command on node N, as its admin runs it
dr() { local n=$1; shift; node_on "$n" "${SBD_BIN:-$root/.build/debug}/distreboot" "$@"; }

wait_until() { # SECONDS WHAT COMMAND...
    local deadline=$(($(date +%s) + $1)) what=$2
    shift 2
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$deadline" ] || { fail "timed out waiting for: $what"; return 1; }
        sleep 0.5
    done
}

# The list's value in the CIB, as node N reads it ("" when there is none).
list_value() {
    node_on "$1" crm_attribute --type crm_config --set-name distreboot --name distreboot-reboot-list --query \
        --quiet 2>/dev/null
}

all_alive() { # every node's daemon alive in node 1's status
    local out i
    out=$(dr 1 2>&1) || return 1
    for i in 1 2 3; do grep -Eq "^node$i +while in the cluster +ok " <<<"$out" || return 1; done
}

# sample: one line per second: time, DC, standby nodes, active primitives (from any live node)
sample() {
    local i xml
    while :; do
        # the view of a node in the quorate partition (a node still joining sees no DC)
        for i in 1 2 3; do
            xml=$(node_on "$i" crm_mon -1 --output-as=xml 2>/dev/null) && grep -q 'with_quorum="true"' <<<"$xml" && break
        done
        python3 -c '
import sys, time, xml.etree.ElementTree as ET
try:
    root = ET.fromstring(sys.stdin.read())
except Exception:
    print("%.1f unreadable" % time.time()); sys.exit()
dc = root.find("summary/current_dc")
dc = dc.get("name") if dc is not None and dc.get("present") == "true" else "-"
standby = ",".join(n.get("name") for n in root.findall("nodes/node") if n.get("standby") == "true") or "-"
active = sorted({r.get("id") for r in root.iter("resource") if r.get("active") == "true"})
print("%.1f dc=%s standby=%s active=%s" % (time.time(), dc, standby, ",".join(active) or "-"))
' <<<"$xml" >>"$work/samples.log"
        sleep 0.5
    done
}

cleanup_sampler() { [ -z "$sampler" ] || kill "$sampler" 2>/dev/null; sampler=; }
trap 'cleanup_sampler; cluster_test_cleanup' EXIT

for i in 1 2 3; do
    cat >"$work/node$i.properties" <<EOT
engine=pacemaker
rebootcmd=$pcmk_node reboot node$i $work
heartbeat=3
draintimeout=60
settletimeout=90
EOT
done

section "-- 0. three nodes, resources, a daemon on each"
cluster_boot "$work/unused"
nodes_online 150 node1 node2 node3 || { fail "the nodes did not come online"; exit 1; }
node_on 1 crm_attribute --type rsc_defaults --name resource-stickiness --update 100 >/dev/null
node_on 1 cibadmin --create --scope resources --xml-text '<clone id="dclone"><primitive id="dc-dummy" class="ocf" provider="pacemaker" type="Dummy"><operations><op id="dc-dummy-mon" name="monitor" interval="5s"/></operations></primitive></clone>' &&
    node_on 1 cibadmin --create --scope resources --xml-text '<group id="grp"><primitive id="grp-a" class="ocf" provider="pacemaker" type="Dummy"/><primitive id="grp-b" class="ocf" provider="pacemaker" type="Dummy"/></group>' &&
    node_on 1 cibadmin --create --scope resources --xml-text '<primitive id="solo" class="ocf" provider="pacemaker" type="Dummy"/>' ||
    fail "cannot add the resources"
started() { [ "$(node_on 1 crm_mon -1 2>/dev/null | grep -c Started)" -ge 5 ] && node_on 1 crm_resource --wait --timeout=5s; }
wait_until 60 "every resource started" started && ok "a clone, a group and a primitive started"
wait_until 60 "every daemon alive in the status" all_alive && ok "every daemon is alive: $(dr 1 | head -1)"
dc0=$(node_on 1 crm_mon -1 --output-as=xml | sed -n 's/.*current_dc present="true".* name="\([^"]*\)".*/\1/p')
[ -n "$dc0" ] && ok "the DC is $dc0" || fail "no DC"

out=$(dr 2 --dry-run 2>&1)
order=$(sed -n 's/^reboot order: //p' <<<"$out")
[ "${order##*, }" = "$dc0" ] && ok "--dry-run: $order (the DC last)" || fail "--dry-run: $out"

section "-- 1. two --reboot at once, from node1 and node2"
sample &
sampler=$!
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

section "-- 2. the cycle"
list_gone() { [ -z "$(list_value 1)" ] && [ "$(grep -c ' boot ' "$work/events.log")" -ge 6 ]; }
t0=$(date +%s.%N)
wait_until 400 "the cycle to end (the list gone)" list_gone
t1=$(date +%s.%N)
echo "measured: the three-node cycle took $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s (DR_PAUSE=${DR_PAUSE:-1} s down per node)"
wait_until 60 "every daemon alive again" all_alive
cleanup_sampler

# one node at a time, in the planned order, each rebooted once
got=$(awk '$2 == "reboot" {print $3}' "$work/events.log" | paste -sd' ')
[ "$got" = "${order//,/}" ] && ok "rebooted one at a time in the planned order: $got" || fail "reboots: $got (planned $order)"
down_overlap=$(awk '$2 == "down" {d[$3] = 1; n++} $2 == "boot" && d[$3] {d[$3] = 0; n--} n > 1 {print}' "$work/events.log")
[ -z "$down_overlap" ] && ok "never two nodes down at once" || fail "two nodes down at once: $down_overlap"

# at each reboot: drained, every other node online, quorate, the DC elsewhere (but for the last)
while read -r node _ dc quorum online standby here; do
    [ "$quorum" = "quorum=true" ] || fail "$node went down without quorum ($quorum)"
    [ "$online" = "online=node1,node2,node3" ] || fail "$node went down while not every node was online ($online)"
    [ "$standby" = "standby=$node" ] || fail "$node went down not drained, or with another node in standby ($standby)"
    [ "$here" = "here=-" ] || fail "$node went down still running: $here"
    if [ "$node" = "$dc0" ]; then
        [ "$dc" = "dc=$dc0" ] || fail "the DC moved before its own reboot ($dc)"
    else
        [ "$dc" = "dc=$dc0" ] || fail "the DC moved before $node's reboot ($dc)"
    fi
done <"$work/reboots.log"
[ "$(wc -l <"$work/reboots.log")" = 3 ] && ok "at each of the 3 reboots: drained, in standby alone, every node online, quorate, DC $dc0" ||
    fail "reboots.log: $(cat "$work/reboots.log")"

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
