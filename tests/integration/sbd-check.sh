#!/bin/bash
# `sbd check` (issue 18) against real loop devices made by our `sbd create`
# and a real one-node corosync 3 + pacemaker 2.1 whose sbd runs in the
# sandbox with the shim (tests/tools/pcmk-nodes.sh).
#
# Devices, no cluster reachable (the test's own network namespace has none):
# headers that differ, the same disk under two names, msgwait below twice
# the watchdog timeout, a node without a slot, a full device, a missing
# device; each finding names its device and prints a fix which, run as
# printed, turns the line OK; the cluster checks say "not reachable" and do
# not make the exit status 1. Then the cluster: stonith-enabled=false, a
# stonith-timeout below msgwait (and below msgwait + pcmk_delay_max once a
# fence_sbd resource has a delay), a stonith-watchdog-timeout below twice
# SBD_WATCHDOG_TIMEOUT and one not larger than it, a fence_sbd resource
# writing to a device the node does not watch, its pcmk_reboot_timeout
# below msgwait: each named, each fix
# applied (crmsh or pcs if installed, else the crm_attribute equivalent
# printed with them) turns the line OK. Every check is bracketed by a
# checksum of every device and the CIB's epoch: check writes nothing.
# ok always succeeds, so "test && ok || fail" is an if-then-else here
# shellcheck disable=SC2015
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v python3 >/dev/null || { echo "FAIL: python3 missing (run scripts/setup)"; exit 1; }
# shellcheck source=tests/tools/pcmk-nodes.sh
. "$root/tests/tools/pcmk-nodes.sh"
cluster_test sbd-check 1 "$@"

# new_device runs in $(...): the loop devices are found again by their files.
detach_devices() {
    local f l
    for f in "$work"/*.img; do
        for l in $(losetup -j "$f" | cut -d: -f1); do losetup -d "$l"; done
    done
}
trap 'cluster_down; detach_devices; cluster_test_cleanup' EXIT
new_device() { # NAME: a 4 MiB loop device of our own; prints its path
    truncate -s 4M "$work/$1.img"
    losetup -f --show "$work/$1.img" || { echo "FAIL: losetup" >&2; exit 1; }
}
# `sbd` as the fixes print it
sbd() { "$SBD_BIN_DIR/sbd" "$@"; }
SBD_BIN_DIR=$(dirname "$sbd")

# run_check WHERE ARGS...: `sbd ARGS check --json` on the host (WHERE=host) or
# in node 1 (WHERE=node), into $work/check.json; the text form into
# $work/check.txt; the exit status into $rc. Fails the test if a device's
# bytes or the CIB's epoch changed across either run.
run_check() {
    local where=$1 before after
    shift
    before=$(state "$where")
    if [ "$where" = node ]; then
        node_on 1 env SBD_CONFIG="${CHECK_CONFIG:-$SBD_CONFIG}" "$sbd" "$@" check --json >"$work/check.json"
        rc=$?
        node_on 1 env SBD_CONFIG="${CHECK_CONFIG:-$SBD_CONFIG}" "$sbd" "$@" check >"$work/check.txt"
    else
        env SBD_CONFIG="${CHECK_CONFIG:-$SBD_CONFIG}" "$sbd" "$@" check --json >"$work/check.json"
        rc=$?
        env SBD_CONFIG="${CHECK_CONFIG:-$SBD_CONFIG}" "$sbd" "$@" check >"$work/check.txt"
    fi
    local text_rc=$?
    [ "$text_rc" = "$rc" ] || fail "check printed as text exits $text_rc, as JSON $rc"
    after=$(state "$where")
    [ "$before" = "$after" ] || fail "check $* changed something: before '$before', after '$after'"
}
state() { # device checksums and, in the cluster, the CIB's epoch
    local s
    s=$(cat "$work"/*.img | sha256sum | cut -c1-16)
    [ "$1" != node ] || s+=" epoch=$(node_on 1 cibadmin --query 2>/dev/null | grep -o ' epoch="[0-9]*"' | head -1)"
    echo "$s"
}
# status ID: the statuses of the checks named ID in the last JSON, space-separated
status() {
    python3 - "$1" "$work/check.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[2]))
print(" ".join(c["status"] for c in doc["checks"] if c["id"] == sys.argv[1]))
PY
}
# line ID: the text lines of ID
line() { grep -E "^[A-Z]+ +$1:" "$work/check.txt"; }
# fix ID: the fix of the first ID check that has one, in the tool at hand
fix() {
    local prefer=crm_
    if command -v crm >/dev/null; then prefer="crm "; elif command -v pcs >/dev/null; then prefer="pcs "; fi
    python3 - "$1" "$work/check.json" "$prefer" <<'PY'
import json, sys
doc = json.load(open(sys.argv[2]))
for c in doc["checks"]:
    if c["id"] == sys.argv[1] and c["fixes"]:
        fixes = c["fixes"]
        print(next((f for f in fixes if f.startswith(sys.argv[3])), fixes[0]))
        break
PY
}
expect() { # ID STATUSES DESCRIPTION
    local got
    got=$(status "$1")
    [ "$got" = "$2" ] && ok "$3: $1 $2" || { fail "$3: $1 is '$got', expected '$2'"; sed 's/^/    /' "$work/check.txt"; }
}
apply() { # ID WHERE: run the printed fix of ID
    local command
    command=$(fix "$1")
    [ -n "$command" ] || { fail "no fix printed for $1"; return 1; }
    echo "     applying: $command"
    if [ "$2" = node ]; then node_on 1 sh -c "$command" >/dev/null; else eval "$command" >/dev/null; fi ||
        fail "the printed fix failed: $command"
}

a=$(new_device a) b=$(new_device b) c=$(new_device c) d=$(new_device d)
for x in "$a" "$b" "$c" "$d"; do [ -b "$x" ] || { fail "no loop device ($x)"; exit 1; }; done
sbd -d "$a" -d "$b" -1 5 -4 10 create >/dev/null && sbd -d "$c" -1 10 -4 20 create >/dev/null &&
    sbd -d "$d" -1 5 -2 0 -4 10 create >/dev/null || { fail "sbd create"; exit 1; }

echo "--- devices, no cluster reachable"
run_check host -d "$a" -d "$b" -n node1 -W -W
expect device-headers ok "two devices created together"
expect msgwait "ok ok" "msgwait 10 s = twice the watchdog's 5 s"
expect slot "warn warn" "node1 has no slot yet"
line slot | grep -q "no slot for node1 (255 free)" && ok "the slot line says how many are free" || fail "$(line slot)"
for id in stonith-enabled stonith-timeout stonith-watchdog-timeout have-watchdog fence-resource; do
    [ "$(status "$id")" = skip ] && line "$id" | grep -q "cluster not reachable" ||
        fail "without a cluster $id is not 'not reachable': $(line "$id")"
done
ok "without a cluster the cluster checks say 'cluster not reachable' (SKIP)"
expect start-timeout skip "no systemd here"
[ "$rc" = 2 ] && ok "warnings and skips only: exit status 2" || { fail "exit status $rc, expected 2"; cat "$work/check.txt"; }
tail -1 "$work/check.txt" | grep -q "exit status 2" || fail "no summary line: $(tail -1 "$work/check.txt")"
apply slot host
run_check host -d "$a" -d "$b" -n node1 -W -W
expect slot "ok warn" "the printed 'sbd allocate' gave node1 a slot on $a"

run_check host -d "$a" -d "$c" -n node1 -W -W
expect device-headers fail "$a made with -1 5 -4 10, $c with -1 10 -4 20"
line device-headers | grep -q "watchdog 5 on $a, 10 on $c; msgwait 10 on $a, 20 on $c" &&
    ok "the line names both values of both timeouts" || fail "$(line device-headers)"
[ "$rc" = 1 ] && ok "a FAIL: exit status 1" || fail "exit status $rc, expected 1"
[ "$(fix device-headers)" = "sbd -d $a -d $c -1 10 -4 20 create" ] && ok "fix: $(fix device-headers)" ||
    fail "fix printed: $(fix device-headers)"
apply device-headers host
run_check host -d "$a" -d "$c" -n node1 -W -W
expect device-headers ok "after the printed create"

ln -s "$a" "$work/alias"
run_check host -d "$a" -d "$work/alias" -W -W
expect device-headers fail "one disk under two names"
line device-headers | grep -q "same uuid" && ok "named as the same uuid" || fail "$(line device-headers)"

sbd -d "$c" -1 10 -4 15 create >/dev/null
run_check host -d "$c" -W -W
expect msgwait warn "msgwait 15 s with a watchdog timeout of 10 s"
sbd -d "$c" -1 10 -4 10 create >/dev/null
run_check host -d "$c" -W -W
expect msgwait fail "msgwait 10 s = the watchdog timeout"
apply msgwait host
run_check host -d "$c" -W -W
expect msgwait ok "after the printed create (-4 20)"

for i in $(seq 1 255); do sbd -d "$d" allocate "n$i" >/dev/null || break; done
run_check host -d "$d" -n node1 -W -W
expect slot fail "255 slots taken, none for node1"
run_check host -d "$d" -n n7 -W -W
expect slot ok "n7 on the full device"

run_check host -d "$work/missing" -W -W
expect device fail "a device that is not there"

CHECK_CONFIG=$(conf "$work/wd.conf" "SBD_DEVICE=$b" SBD_WATCHDOG_TIMEOUT=7 "SBD_WATCHDOG_DEV=$work/no-watchdog")
run_check host -n node1
expect SBD_WATCHDOG_TIMEOUT warn "SBD_WATCHDOG_TIMEOUT=7 against the header's 5 (devices from SBD_DEVICE)"
expect watchdog fail "a watchdog device that is not there"
CHECK_CONFIG=$(conf "$work/opts.conf" "SBD_DEVICE=$d" 'SBD_OPTS="-W -W -n n7"')
run_check host
expect slot ok "n7's slot, the node named in SBD_OPTS (the daemon's options)"
expect watchdog warn "-W -W in SBD_OPTS: no watchdog, with devices"
unset CHECK_CONFIG

echo "--- a one-node cluster (sbd in the sandbox)"
e=$(new_device e)
[ -b "$e" ] || { fail "no loop device ($e)"; exit 1; }
sbd -d "$e" -1 5 -4 10 create >/dev/null || { fail "create $e"; exit 1; }
config=$(conf "$work/sbd.conf" "SBD_DEVICE=$e" SBD_PACEMAKER=yes SBD_WATCHDOG_TIMEOUT=5)
export PCMK_SBD_IN_SBIN=yes # so that pacemaker sees sbd (tests/tools/pcmk-node)
if cluster_up "$config"; then
    export CHECK_CONFIG=$config
    run_check node
    expect stonith-enabled fail "the seeded stonith-enabled=false"
    expect stonith-timeout ok "pacemaker's default 60s against msgwait 10s"
    expect have-watchdog ok "pacemaker sees sbd"
    expect slot ok "sbd watch took node1's slot"
    expect fence-resource warn "no fence_sbd resource yet"
    apply stonith-enabled node
    node_on 1 crm_attribute --type crm_config --name stonith-timeout --update 5s >/dev/null
    run_check node
    expect stonith-enabled ok "after the printed fix"
    expect stonith-timeout fail "stonith-timeout 5s below msgwait 10s"
    apply stonith-timeout node
    run_check node
    expect stonith-timeout ok "after the printed fix ($(line stonith-timeout | grep -o '^OK *[^ ]* [^ ]*'))"

    stonith_sbd st-sbd fence_sbd node1 "devices=$e" "sbd_path=$sbd" pcmk_delay_max=30s || fail "cannot add st-sbd"
    run_check node
    expect fence-resource ok "st-sbd (fence_sbd)"
    expect fence-resource-devices ok "st-sbd writes to the device node1 watches"
    expect stonith-timeout fail "12s below msgwait 10s + pcmk_delay_max 30s"
    apply stonith-timeout node
    run_check node
    expect stonith-timeout ok "after the printed fix"
    line stonith-timeout | grep -q "48s" || fail "expected 48s: $(line stonith-timeout)"

    node_on 1 crm_resource --resource st-sbd --set-parameter devices --parameter-value "$e,$a" >/dev/null
    run_check node
    expect fence-resource-devices warn "st-sbd devices=$e,$a, SBD_DEVICE=$e"
    apply fence-resource-devices node
    run_check node
    expect fence-resource-devices ok "after the printed fix"

    node_on 1 crm_resource --resource st-sbd --set-parameter pcmk_reboot_timeout --parameter-value 5s >/dev/null
    run_check node
    expect pcmk_reboot_timeout fail "st-sbd's pcmk_reboot_timeout 5s below msgwait 10s"
    apply pcmk_reboot_timeout node
    run_check node
    expect pcmk_reboot_timeout ok "after the printed fix (12s)"

    node_on 1 crm_attribute --type crm_config --name stonith-watchdog-timeout --update 7s >/dev/null
    run_check node
    expect stonith-watchdog-timeout warn "7s with SBD_WATCHDOG_TIMEOUT=5 (pacemaker accepts it; 2x is recommended)"
    apply stonith-watchdog-timeout node
    run_check node
    expect stonith-watchdog-timeout ok "after the printed fix (10s)"
    # /etc/default/sbd raised to 10 s since pacemaker started: on its next
    # start pacemaker would refuse stonith-watchdog-timeout=10s.
    CHECK_CONFIG=$(conf "$work/raised.conf" "SBD_DEVICE=$e" SBD_PACEMAKER=yes SBD_WATCHDOG_TIMEOUT=10)
    run_check node
    expect stonith-watchdog-timeout fail "10s, not larger than SBD_WATCHDOG_TIMEOUT=10 in the file"
    apply stonith-watchdog-timeout node
    run_check node
    expect stonith-watchdog-timeout ok "after the printed fix (20s)"
    echo "     the last check in full:"
    sed 's/^/        /' "$work/check.txt"
    node_on 1 crm_mon -1 2>/dev/null | grep -q "partition with quorum" && ok "the cluster is still up" ||
        fail "cluster gone: $(node_on 1 crm_mon -1 2>&1 | head -5)"
fi

[ "$failures" = 0 ] || { echo "$failures sbd check test(s) failed"; exit 1; }
echo "all sbd check tests passed (${SECONDS}s)"
