#!/bin/bash
# SBD_SYNC_RESOURCE_STARTUP against a real single-node corosync 3 +
# pacemaker 2.1, through pacemakerd's IPC ping as SBDCluster does it (seen
# with sbd-cluster-probe): with the variable in pacemakerd's environment and
# sbd running, pacemakerd holds in wait_for_ping (no subdaemons, no CIB, the
# node not online) until a client named "sbd" pings it, then runs; a clean stop
# ends in shutdown_complete, where pacemakerd stays until that client has
# fetched the state and closed its connection. Without the variable it goes
# straight to running and exits on its own.
#
# pacemakerd only waits when it finds sbd running (pcmk__locate_sbd: the
# /run/sbd.pid of /usr/sbin/sbd, or else any process named "sbd"). A copy of
# sleep named sbd stands in for it here, in our own PID namespace.
#
# Runs in private mount, PID, UTS and network namespaces (tests/tools/pcmk-cluster.sh
# puts corosync's and pacemaker's runtime and state on tmpfs).
# SBD_SYNC_SHUTDOWN_WAIT (seconds, default 30) bounds the measurement of how
# long pacemakerd stays in shutdown_complete without a ping; after a failure
# the logs are copied to SBD_SYNC_KEEP_LOGS (a directory) if that is set.
# ok always succeeds, so "test && ok || fail" is an if-then-else here
# shellcheck disable=SC2015
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
probe=${SBD_BIN:-$root/.build/debug}/sbd-cluster-probe
tools=$root/tests/tools

[ -x "$probe" ] || { echo "FAIL: $probe missing (build with swift build, or set SBD_BIN)"; exit 1; }
for c in corosync pacemakerd crm_attribute crm_mon cibadmin crmadmin unshare ps sleep ip; do
    command -v "$c" >/dev/null || { echo "FAIL: $c missing (run scripts/setup)"; exit 1; }
done

# shellcheck source=tests/tools/pcmk-cluster.sh
. "$tools/pcmk-cluster.sh"
export SBD_BIN=${probe%/sbd-cluster-probe}
pcmk_enter_node1 "$0" "$@"  # private mount, PID, UTS and network namespaces, as node1

work=$(mktemp -d -p /var/tmp sbd-cluster-sync.XXXXXX)
chmod 755 "$work"
follow=$work/follow
follow_pid=
fake_sbd=
shutdown_wait=${SBD_SYNC_SHUTDOWN_WAIT:-30}
# shellcheck source=tests/tools/probe-follow.sh
. "$tools/probe-follow.sh"
cleanup() {
    [ -z "$follow_pid" ] || stop_pid "$follow_pid"
    # a pacemakerd held in shutdown_complete needs sbd's ping to exit
    [ ${#pcmk_pids[@]} -lt 2 ] || ("$probe" --ping >/dev/null 2>&1 &)
    pcmk_stop
    [ -z "$fake_sbd" ] || stop_pid "$fake_sbd"
    if [ "$failures" -gt 0 ] && [ -n "${SBD_SYNC_KEEP_LOGS:-}" ]; then
        mkdir -p "$SBD_SYNC_KEEP_LOGS" && cp "$work"/*.log "$work"/*.out "$work"/follow "$SBD_SYNC_KEEP_LOGS"/ 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT
now_ms() { echo $(($(date +%s%N) / 1000000)); }

start_follow() { # [--ping]
    "$probe" --follow --interval 250 "$@" >"$follow" 2>>"$work/probe.err" &
    follow_pid=$!
}
stop_follow() {
    [ -z "$follow_pid" ] || stop_pid "$follow_pid"
    follow_pid=
}
pacemakerd_state() { field pacemakerd "$("$probe")"; } # asks as "cluster-probe": no handshake
start_pacemakerd() { # [VAR=VALUE...]: pacemakerd alone (corosync runs)
    env "$@" PCMK_logfile="$work/pacemaker.log" pacemakerd >>"$work/pacemakerd.out" 2>&1 &
    pcmk_pids[1]=$!
}
show() { sed 's/^/     /'; }

section "a stand-in sbd process (pacemakerd looks for one named sbd)"
cp "$(command -v sleep)" "$work/sbd"
"$work/sbd" infinity &
fake_sbd=$!
sleep 0.2
[ "$(cat /proc/$fake_sbd/comm)" = sbd ] && ok "process $fake_sbd is named sbd" || fail "stand-in is not named sbd"

section "SBD_SYNC_RESOURCE_STARTUP=yes: pacemakerd waits for the ping"
start_follow
PCMK_PACEMAKERD_ENV="SBD_SYNC_RESOURCE_STARTUP=yes" PCMK_START_WAIT=0 pcmk_start node1 "$work" ||
    { echo "FAIL: cluster did not start"; exit 1; }
t_start=$(now_ms)
if n=$(wait_for 0 30 corosync=1 quorate=1 pacemakerd=wait_for_ping); then
    ok "pacemakerd=wait_for_ping, $(($(now_ms) - t_start)) ms after the start (line $n)"
else
    fail "pacemakerd never reported wait_for_ping"; show <"$follow"
fi
sleep 5
one=$("$probe")
[ "$(field pacemakerd "$one")" = wait_for_ping ] && ok "still wait_for_ping 5 s later: $one" ||
    fail "not waiting 5 s later: $one"
[ "$(field cib "$one")" = 0 ] && ok "no CIB (cib=0)" || fail "CIB is up while waiting: $one"
kids=$(children_of "${pcmk_pids[1]}" | wc -l)
[ "$kids" = 0 ] && ok "pacemakerd has started no subdaemons" || fail "pacemakerd has $kids children while waiting"
echo "     crm_mon -1 while waiting:"
crm_mon -1 2>&1 | head -5 | show
echo "     crmadmin -P while waiting:"
crmadmin -P 2>&1 | head -3 | show
[ "$(pacemakerd_state)" = wait_for_ping ] && ok "crm_mon and crmadmin (not sbd) did not release it" ||
    fail "released by crm_mon or crmadmin"
grep -m1 'Waiting for startup-trigger from SBD' "$work/pacemaker.log" | show

section "the probe pings as sbd: pacemakerd starts"
stop_follow
from=0
t_ping=$(now_ms)
start_follow --ping
if n=$(wait_for "$from" 30 pacemakerd=running); then
    ok "pacemakerd=running $(($(now_ms) - t_ping)) ms after the first ping (line $n)"
else
    fail "pacemakerd did not run after the ping"
fi
if n=$(wait_for "$from" 60 cib=1 cibQuorate=1 online=1 health=healthy pacemakerd=running); then
    ok "node online and healthy $(($(now_ms) - t_ping)) ms after the first ping (line $n)"
else
    fail "node not online after the ping"
fi
echo "     states the pinging probe saw:"
awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^pacemakerd=/) print $i }' "$follow" | uniq | show
grep -m1 'Received startup-trigger from SBD' "$work/pacemaker.log" | show

section "clean stop while sbd pings: shutdown_complete, then pacemakerd exits"
from=$(lines)
t0=$(now_ms)
kill -TERM "${pcmk_pids[1]}"
if s=$(wait_for "$from" 60 pacemakerd=shutting_down); then ok "pacemakerd=shutting_down (line $s)"; else
    fail "no shutting_down seen"; fi
if c=$(wait_for "$from" 90 pacemakerd=shutdown_complete); then
    ok "pacemakerd=shutdown_complete $(($(now_ms) - t0)) ms after SIGTERM (line $c)"
else
    fail "no shutdown_complete seen"
fi
exited=
for _ in $(seq 1 300); do
    kill -0 "${pcmk_pids[1]}" 2>/dev/null || { exited=$(now_ms); break; }
    sleep 0.1
done
wait "${pcmk_pids[1]}" 2>/dev/null
rc=$?
[ -n "$exited" ] && ok "pacemakerd exited (status $rc) $((exited - t0)) ms after SIGTERM" ||
    fail "pacemakerd still there 30 s after shutdown_complete was fetched"
wait_for "$from" 5 pacemakerd=- >/dev/null && ok "then pacemakerd=- (no answer)" || fail "probe still gets answers"
tail -n +"$((from + 1))" "$follow" | show
grep -E 'Shutdown-complete-state passed to SBD|Waiting for SBD to pick up' "$work/pacemaker.log" | show
stop_follow

section "clean stop without a ping: how long pacemakerd holds in shutdown_complete"
start_pacemakerd SBD_SYNC_RESOURCE_STARTUP=yes
for _ in $(seq 1 100); do [ "$(pacemakerd_state)" = wait_for_ping ] && break; sleep 0.2; done
"$probe" --ping >/dev/null
start_follow
if wait_for 0 60 online=1 pacemakerd=running >/dev/null; then ok "running again (one ping)"; else
    fail "not running again after one ping"; fi
from=$(lines)
t0=$(now_ms)
kill -TERM "${pcmk_pids[1]}"
if c=$(wait_for "$from" 90 pacemakerd=shutdown_complete); then
    t_c=$(now_ms)
    ok "shutdown_complete $((t_c - t0)) ms after SIGTERM"
    gone=
    while [ $(($(now_ms) - t_c)) -lt $((shutdown_wait * 1000)) ]; do
        kill -0 "${pcmk_pids[1]}" 2>/dev/null || { gone=$(now_ms); break; }
        sleep 0.5
    done
    if [ -n "$gone" ]; then
        echo "     MEASURED: pacemakerd left shutdown_complete by itself after $((gone - t_c)) ms"
    else
        st=$(pacemakerd_state)
        echo "     MEASURED: pacemakerd still in '$st' after ${shutdown_wait} s without sbd's ping (no timeout)"
        [ "$st" = shutdown_complete ] && ok "held in shutdown_complete for ${shutdown_wait} s" ||
            fail "state after ${shutdown_wait} s: $st"
        t1=$(now_ms)
        one=$("$probe" --ping)
        [ "$(field pacemakerd "$one")" = shutdown_complete ] && ok "one ping as sbd fetches shutdown_complete" ||
            fail "the ping got: $one"
        exited=
        for _ in $(seq 1 100); do
            kill -0 "${pcmk_pids[1]}" 2>/dev/null || { exited=$(now_ms); break; }
            sleep 0.1
        done
        [ -n "$exited" ] && ok "pacemakerd exited $((exited - t1)) ms after that ping" ||
            fail "pacemakerd did not exit after the ping"
    fi
else
    fail "no shutdown_complete seen"
fi
wait "${pcmk_pids[1]}" 2>/dev/null
stop_follow

section "without SBD_SYNC_RESOURCE_STARTUP: straight to running, no hold at the end"
start_follow
t0=$(now_ms)
start_pacemakerd
if n=$(wait_for 0 60 pacemakerd=running); then
    ok "pacemakerd=running $(($(now_ms) - t0)) ms after the start, never pinged as sbd (line $n)"
else
    fail "not running without the variable"
fi
[ -z "$(matching_lines 0 pacemakerd=wait_for_ping)" ] && ok "no wait_for_ping on the way" ||
    fail "wait_for_ping seen without the variable"
wait_for 0 60 online=1 health=healthy >/dev/null && ok "node online" || fail "node not online"
awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^pacemakerd=/) print $i }' "$follow" | uniq | show
stop_follow
# A pacemakerd that is alive but does not answer (SIGSTOP). Not an assertion:
# the ping's timeout bounds only the wait for the reply; libqb's connection
# handshake polls without a limit (measured: the probe blocks until pacemakerd
# runs again). The probe here is ended by timeout(1) after 10 s.
kill -STOP "${pcmk_pids[1]}"
t0=$(now_ms)
timeout 10 "$probe" >"$work/stopped.out" 2>&1 &
stopped_probe=$!
sleep 3
echo "     pacemakerd stopped (SIGSTOP); the probe after 3 s: syscall $(cut -d' ' -f1 /proc/"$(children_of "$stopped_probe")"/syscall 2>/dev/null) (7 = poll)"
wait "$stopped_probe"
rc=$?
t1=$(now_ms)
kill -CONT "${pcmk_pids[1]}"
echo "     MEASURED: a one-shot probe against it ended after $((t1 - t0)) ms with status $rc (124: killed by timeout)"
[ "$(pacemakerd_state)" = running ] && ok "running again after SIGCONT" || fail "not running after SIGCONT"
start_follow
sleep 1
t0=$(now_ms)
kill -TERM "${pcmk_pids[1]}"
exited=
for _ in $(seq 1 600); do
    kill -0 "${pcmk_pids[1]}" 2>/dev/null || { exited=$(now_ms); break; }
    sleep 0.1
done
wait "${pcmk_pids[1]}" 2>/dev/null
[ -n "$exited" ] && ok "pacemakerd exited by itself $((exited - t0)) ms after SIGTERM" ||
    fail "pacemakerd still there 60 s after SIGTERM"
tail -n +"$((from + 1))" "$follow" | show
stop_follow

section "SBD_SYNC_RESOURCE_STARTUP=yes but no sbd running: no wait"
stop_pid "$fake_sbd"
fake_sbd=
t0=$(now_ms)
start_pacemakerd SBD_SYNC_RESOURCE_STARTUP=yes
st=
for _ in $(seq 1 300); do
    st=$(pacemakerd_state)
    [ "$st" = running ] && break
    sleep 0.2
done
[ "$st" = running ] && ok "running $(($(now_ms) - t0)) ms after the start without any ping" ||
    fail "state without sbd: $st"
stop_pid "${pcmk_pids[1]}"
kill -0 "${pcmk_pids[1]}" 2>/dev/null && fail "pacemakerd did not exit" || ok "pacemakerd exited on SIGTERM"

[ -s "$work/probe.err" ] && { echo "     probe stderr:"; show <"$work/probe.err"; }
if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s); logs were in $work"
    exit 1
fi
echo "all passed (${SECONDS}s)"
