#!/bin/bash
# The cluster glue (CSBDCluster/SBDCluster) against a real single-node
# corosync 3 + pacemaker 2.1 on 127.0.0.1, seen through sbd-cluster-probe:
# quorate and online after the start, a clean pacemaker shutdown shows
# shuttingDown before the CIB connection ends (corosync stays quorate), the
# probe reconnects when pacemaker comes back, SIGKILL of pacemakerd and its
# daemons ends the CIB connection without a shutdown first, stopping corosync
# ends that connection too, and a two_node corosync shows twoNode=1 (and,
# alone and with wait_for_all, no quorum).
#
# Runs in private mount, PID and UTS namespaces (tests/tools/pcmk-cluster.sh
# puts corosync's and pacemaker's runtime and state on tmpfs); every process
# the test starts is stopped by it, and the rest ends with the PID namespace.
# ok always succeeds, so "test && ok || fail" is an if-then-else here
# shellcheck disable=SC2015
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
probe=${SBD_BIN:-$root/.build/debug}/sbd-cluster-probe
tools=$root/tests/tools

[ -x "$probe" ] || { echo "FAIL: $probe missing (build with swift build, or set SBD_BIN)"; exit 1; }
for c in corosync pacemakerd crm_attribute crm_mon cibadmin unshare ps; do
    command -v "$c" >/dev/null || { echo "FAIL: $c missing (run scripts/setup)"; exit 1; }
done

# shellcheck source=tests/tools/pcmk-cluster.sh
. "$tools/pcmk-cluster.sh"
export SBD_BIN=${probe%/sbd-cluster-probe}
pcmk_enter_node1 "$0" "$@"  # private mount, PID, UTS and network namespaces, as node1

work=$(mktemp -d -p /var/tmp sbd-cluster-glue.XXXXXX)
chmod 755 "$work"
follow=$work/follow
follow_pid=
extra_pids=()
# shellcheck source=tests/tools/probe-follow.sh
. "$tools/probe-follow.sh"
cleanup() {
    [ -z "$follow_pid" ] || stop_pid "$follow_pid"
    pcmk_stop
    for p in "${extra_pids[@]}"; do stop_pid "$p"; done
    rm -rf "$work"
}
trap cleanup EXIT


section "probe with nothing running"
one=$("$probe")
grep -qE "^corosync=0 cib=0 " <<<"$one" && ok "no corosync, no CIB: $one" || fail "probe without a cluster: $one"

section "start corosync and pacemaker"
"$probe" --follow --interval 500 >"$follow" 2>"$work/probe.err" &
follow_pid=$!
pcmk_start node1 "$work" || { echo "FAIL: cluster did not start"; exit 1; }
echo "     node1 online in a quorate partition after ${PCMK_START_SECONDS}s (crm_mon)"
if n=$(wait_for 0 10 corosync=1 quorate=1 cib=1 cibQuorate=1 online=1 health=healthy); then
    ok "follow: quorate=1 online=1 health=healthy (line $n)"
else
    fail "follow never saw a quorate, online node"; cat "$follow"
fi
one=$("$probe")
for kv in quorate=1 members=1 expectedVotes=1 twoNode=0 nodeID=1 cibQuorate=1 node=node1 online=1 unclean=0 \
    shuttingDown=0 dc=1 member=1; do
    grep -qE "(^| )$kv( |\$)" <<<"$one" || fail "one-shot probe lacks $kv: $one"
done
ok "one-shot: $one"
"$probe" --node node1 | grep -qE "(^| )online=1( |\$)" && ok "--node node1 finds the node by name" ||
    fail "--node node1"
"$probe" --node nosuchnode | grep -qE "known=0 .*health=unhealthy:node-unknown" &&
    ok "--node nosuchnode: known=0, unhealthy:node-unknown" || fail "--node nosuchnode"

section "clean pacemaker shutdown (SIGTERM to pacemakerd)"
from=$(lines)
t0=$(date +%s%N)
stop_pid "${pcmk_pids[1]}"
t1=$(date +%s%N)
echo "     pacemakerd stopped in $(((t1 - t0) / 1000000)) ms"
if s=$(wait_for "$from" 5 cib=1 shuttingDown=1 health=unhealthy:shutting-down); then
    ok "follow: shuttingDown=1 while still connected (line $s)"
    if d=$(wait_for "$s" 5 corosync=1 quorate=1 cib=0); then
        ok "follow: then cib=0 with corosync still quorate (line $d)"
    else
        fail "no cib=0 after the shutdown"
    fi
else
    fail "follow never saw shuttingDown=1"
fi
tail -n +"$((from + 1))" "$follow" | sed 's/^/     /'

section "pacemaker back: the probe reconnects"
from=$(lines)
PCMK_logfile=$work/pacemaker.log pacemakerd >>"$work/pacemakerd.out" 2>&1 &
pcmk_pids[1]=$!
if n=$(wait_for "$from" 20 cib=1 cibQuorate=1 online=1 shuttingDown=0 health=healthy); then
    ok "follow: online and healthy again (line $n)"
else
    fail "follow did not see pacemaker come back"
fi

# Not a health assertion: what the CIB shows while pacemakerd replaces a
# killed controller (measured: no change visible to the probe at all).
section "SIGKILL pacemaker-controld alone (pacemakerd respawns it)"
from=$(lines)
controld=$(for c in $(children_of "${pcmk_pids[1]}"); do
    [ "$(cat /proc/"$c"/comm 2>/dev/null)" = pacemaker-contr ] && echo "$c"
done)
if [ -n "$controld" ]; then
    kill -KILL "$controld"
    healthy=
    for _ in $(seq 1 200); do
        sleep 0.1
        [ "$(children_of "${pcmk_pids[1]}" | grep -cx "$controld")" = 0 ] || continue
        "$probe" | grep -q " health=healthy\$" && { healthy=1; break; }
    done
    [ -n "$healthy" ] && ok "the CIB connection and the node state stay up while the controller is replaced" ||
        fail "not healthy 20 s after the controller was killed"
    echo "     changes the follow probe printed meanwhile ($(($(lines) - from))):"
    tail -n +"$((from + 1))" "$follow" | sed 's/^/     /'
else
    fail "no pacemaker-controld child of pacemakerd"
fi

section "SIGKILL pacemakerd and all its daemons"
from=$(lines)
mapfile -t daemons < <(children_of "${pcmk_pids[1]}")
kill -KILL "${pcmk_pids[1]}" "${daemons[@]}"
wait "${pcmk_pids[1]}" 2>/dev/null
if n=$(wait_for "$from" 5 corosync=1 cib=0 health=unhealthy:cib-not-connected); then
    ok "follow: cib=0 (CIB connection lost, line $n)"
    [ -n "$(matching_lines "$from" shuttingDown=1)" ] && fail "a shutdown was seen before the kill" ||
        ok "no shuttingDown=1 before the connection was lost (not a clean stop)"
else
    fail "follow did not see the CIB connection lost"
fi
tail -n +"$((from + 1))" "$follow" | sed 's/^/     /'

section "corosync stops"
from=$(lines)
stop_pid "${pcmk_pids[0]}"
pcmk_pids=()
if n=$(wait_for "$from" 5 corosync=0 cib=0); then
    ok "follow: corosync=0 (line $n)"
else
    fail "follow did not see corosync go"
fi
stop_pid "$follow_pid"
follow_pid=
[ -s "$work/probe.err" ] && { echo "     probe stderr:"; sed 's/^/     /' "$work/probe.err"; }

section "two_node: 1 (corosync alone; node2 never comes)"
python3 - /etc/corosync/corosync.conf <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("        nodeid: 1\n    }\n", "        nodeid: 1\n    }\n    node {\n        ring0_addr: 127.0.0.2\n        name: node2\n        nodeid: 2\n    }\n", 1)
s = s.replace("    provider: corosync_votequorum\n", "    provider: corosync_votequorum\n    two_node: 1\n", 1)
open(p, "w").write(s)
PY
corosync -f >>"$work/corosync2.out" 2>&1 &
extra_pids+=($!)
one=
for _ in $(seq 1 100); do
    one=$("$probe")
    grep -q "^corosync=1 " <<<"$one" && break
    sleep 0.1
done
for kv in twoNode=1 waitForAll=1 expectedVotes=2 quorum=1 members=1 nodeID=1 quorate=0 \
    corosyncHealth=unhealthy:waiting-for-all-nodes; do
    grep -qE "(^| )$kv( |\$)" <<<"$one" || fail "two_node probe lacks $kv: $one"
done
ok "two_node: $one"

if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s); logs were in $work"
    exit 1
fi
echo "all passed (${SECONDS}s)"
