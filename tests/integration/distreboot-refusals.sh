#!/bin/bash
# distreboot on a real 3-member etcd cluster: what it refuses and how it is
# stopped. --stop; a stale heartbeat blocks --reboot until --drop; a second
# daemon on one host; a non-root client (refused by the command and, over the
# socket, by the daemon's peer-credentials check); a failing rebootcmd leaves
# the list for --cancel; a reboot in progress; a corrupt list is removed;
# no quorum. Every refusal has its message and a non-zero exit code.
set -u
source "$(dirname "$0")/../tools/distreboot-cluster.sh"
trap cluster_cleanup EXIT
cluster_init 3
cluster_boot
[ "$failures" = 0 ] || finish


# --- a daemon whose member is unreachable and unnamed answers at once, and stops.
mkdir -p "$DR_WORK/lone/run"
echo 'ETCD_ADVERTISE_CLIENT_URLS="http://127.0.0.1:1"' >"$DR_WORK/lone/etcd"
: >"$DR_WORK/lone/distreboot.properties"
"$sandbox" --hostname lone -- env DISTREBOOT_RUNDIR="$DR_WORK/lone/run" \
    DISTREBOOT_PROPERTIES="$DR_WORK/lone/distreboot.properties" \
    "$DR_BIN/distreboot" --start --node="$DR_WORK/lone" >>"$DR_WORK/lone/daemon.log" 2>&1 &
echo $! >>"$DR_WORK/sandboxes"
lone() { DISTREBOOT_RUNDIR=$DR_WORK/lone/run "$DR_BIN/distreboot" "$@"; }
lone_listens() { [ -S "$DR_WORK/lone/run/distreboot.sock" ]; }
wait_for 30 "the lone daemon's socket" lone_listens
expect 5 "the daemon is starting: waiting for etcd at http://127.0.0.1:1 to learn this node's name" \
    "status of a daemon without etcd" -- lone
expect 0 "^distreboot is stopping$" "--stop of a daemon without etcd" -- lone --stop

# --- --stop: the command returns once the daemon is gone.
expect 0 "^distreboot on node3 is stopping$" "--stop" -- dr 3 --stop
[ ! -e "$DR_WORK/node3/run/distreboot.sock" ] || fail "--stop left the socket"
expect 3 "the daemon is not running .*start it with distreboot --start" "a command without a daemon" -- dr 3
expect 3 "the daemon is not running" "--stop without a daemon" -- dr 3 --stop

# --- node3's heartbeat goes stale (lifetime 3 s): --reboot and --dry-run refuse.
# node1's and node2's heartbeats must be fresh at that moment; on a loaded
# machine one of them can still be late for a moment (its refresh every 1 s
# delayed past the 3 s lifetime), so the refusals may name it beside node3.
stale_shown() {
    local status
    status=$(dr 1)
    grep -Eq '^node3 .* stale +no$' <<<"$status" && [ "$(grep -Ec '^node[12] .* ok ' <<<"$status")" = 2 ]
}
wait_for 30 "node3's heartbeat to go stale, the others' fresh" stale_shown
expect 1 "reboot refused: (.*; )?stale heartbeat: node3 \(expired .*--drop=node3" "--reboot with a stale heartbeat" -- dr 1 --reboot
expect 1 "would be refused: (.*; )?stale heartbeat: node3" "--dry-run with a stale heartbeat" -- dr 1 --dry-run

# --- --drop removes it; an unknown node is an error.
expect 0 "^dropped node3$" "--drop=node3" -- dr 1 --drop=node3
dr 1 | grep -q '^node3 ' && fail "node3 still listed after --drop"
expect 1 "no heartbeat of a node named \"node3\"" "--drop of an unknown node" -- dr 1 --drop node3
expect 0 "^reboot order: node[12], node[12]$" "--dry-run after --drop" -- dr 2 --dry-run
expect 2 "--drop needs a node name" "--drop= without a name" -- dr 1 --drop=

# --- node3's daemon comes back; a second daemon on the same host is refused.
daemon_boot 3
wait_for 30 "node3's daemon back" heartbeats_shown 1
expect 1 "distreboot is already running on this host \(pid [0-9]+, which locks .*distreboot.pid\)" \
    "a second daemon on node3" -- "$sandbox" --hostname node3 -- env DISTREBOOT_RUNDIR="$DR_WORK/node3/run" \
    DISTREBOOT_PROPERTIES="$DR_WORK/node3/distreboot.properties" "$DR_BIN/distreboot" --start --node="$DR_WORK/node3/etcd"
expect 0 "^node node3: connected" "the first daemon still answers" -- dr 3

# --- non-root: the command refuses, and so does the daemon on its socket.
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
expect 4 "permission denied: distreboot must be run as root" "a non-root command" -- \
    "${nobody[@]}" env DISTREBOOT_RUNDIR="$DR_WORK/node1/run" "$DR_BIN/distreboot" --reboot
# uid 65534 with CAP_DAC_OVERRIDE gets past the 0600 socket file: the kernel's peer credentials still say 65534.
ask_as_nobody() {
    "${nobody[@]}" --inh-caps=+dac_override --ambient-caps=+dac_override python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
try:
    s.sendall(b"{\"command\":\"reboot\",\"only_required\":false}\n")
except BrokenPipeError:
    pass  # the daemon may answer and close before reading the request
print(s.makefile().readline())' "$DR_WORK/node1/run/distreboot.sock"
}
expect 0 '"error":"distreboot: permission denied: only root may use distreboot\\n","exit":4' \
    "the daemon refuses a non-root peer" -- ask_as_nobody
grep -q "refused a request from uid 65534" "$DR_WORK/node1/daemon.log" || fail "no log line for the refused peer"
list_absent() { [ -z "$(etcdctl --endpoints="$(all_urls)" get --print-value-only /distreboot/reboot-list)" ]; }
list_absent || fail "a non-root request started a reboot"

# --- a failing rebootcmd: logged, the list stays (and blocks --reboot) until --cancel.
for i in 1 2 3; do touch "$DR_WORK/node$i/fail-reboot"; done
expect 0 "^reboot started: " "--reboot" -- dr 1 --reboot
first=$(dr 1 | sed -n 's/^reboot: in progress: \(node[0-9]\) .*/\1/p')
n=${first#node}
logged() { grep -q "$2" "$DR_WORK/node$1/daemon.log"; }
wait_for 30 "rebootcmd failure logged on $first" logged "$n" "rebootcmd failed (exit status 3): the reboot cycle stops at this node"
[ "$(cat "$DR_WORK/events.log")" = "failed $first" ] || fail "rebootcmd calls: $(cat "$DR_WORK/events.log")"
expect 0 "^reboot: in progress: $first \(halted: rebootcmd failed \(exit status 3\)\)" "the list stays after a failed rebootcmd, saying why" -- dr 2
expect 1 "reboot refused: a reboot is already in progress: $first, .*--cancel" "--reboot during a reboot" -- dr 2 --reboot
expect 0 "^reboot cancelled$" "--cancel" -- dr 3 --cancel
list_absent || fail "--cancel left the list"
expect 0 "^reboot: none in progress$" "status after --cancel" -- dr 1
expect 0 "^no reboot in progress$" "--cancel without a reboot" -- dr 3 --cancel
[ "$(cat "$DR_WORK/events.log")" = "failed $first" ] || fail "rebootcmd ran again: $(cat "$DR_WORK/events.log")"

# --- a corrupt reboot list is removed by the daemons, with a log line.
etcdctl --endpoints="$(all_urls)" put /distreboot/reboot-list 'not a list' >/dev/null
wait_for 30 "the corrupt list removed" list_absent
corrupt_logged() { cat "$DR_WORK"/node*/daemon.log | grep -q "the reboot list is corrupt"; }
wait_for 10 "a log line about the corrupt list" corrupt_logged && pass "a corrupt list is removed and logged"

# --- no quorum: two of three etcd members down.
etcd_stop 2
etcd_stop 3
no_leader() { dr 1 | grep -q "no leader: the cluster is not in quorum"; }
wait_for 60 "node1's member to lose its leader" no_leader
expect 1 "reboot refused: the etcd cluster is not in quorum" "--reboot without quorum" -- dr 1 --reboot
expect 5 "^node node2: not connected to etcd at http://127.0.0.1:[0-9]+: " "status with the member down" -- dr 2
expect 5 "not connected to etcd" "--reboot with the member down" -- dr 2 --reboot
finish
