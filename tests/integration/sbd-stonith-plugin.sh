#!/bin/bash
# The cluster-glue STONITH plugin stonith/external/sbd, driving our sbd on
# plain files as devices: every action run directly and through cluster-glue's
# stonith(8) (with -E, as pacemaker's fence_legacy calls it, and with
# name=value parameters), mailboxes checked with `sbd list`, the named errors
# for a missing, unreadable, malformed or device-less configuration, and the
# stonith-timeout check against a real single-node corosync + pacemaker: a
# 10s stonith-timeout with msgwait 20 is raised to 29s and logged, a large
# enough one (or pacemaker's default when unset) is left alone; and pacemaker
# itself fencing through a stonith:external/sbd resource (stonith_admin).
#
# The whole test runs in private mount, PID and UTS namespaces: the plugin is
# installed to /usr/lib/stonith/plugins/external on a tmpfs, /dev/log is a
# syslog sink of the test's own (on an overlay of /dev), and corosync and
# pacemaker get tmpfs on /run, /dev/shm, /etc/corosync, /var/lib/... (see
# tests/tools/pcmk-cluster.sh). Nothing on the host is changed, and every
# process of the test ends with its PID namespace. Plugin actions run inside
# the sandbox (their messages only reach files, but nothing here may reboot).
# ok always succeeds, so "test && ok || fail" is an if-then-else here
# shellcheck disable=SC2015
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
sbd=${SBD_BIN:-$root/.build/debug}/sbd
plugin=$root/stonith/external/sbd
sandbox=$root/../shared/tools/sandbox
tools=$root/tests/tools

for f in "$sbd" "$plugin" "$sandbox"; do
    [ -x "$f" ] || { echo "FAIL: $f missing (build with swift build, or set SBD_BIN)"; exit 1; }
done
for c in stonith corosync pacemakerd crm_attribute crm_mon cibadmin stonith_admin unshare logger /usr/bin/python3; do
    command -v "$c" >/dev/null || { echo "FAIL: $c missing (run scripts/setup)"; exit 1; }
done

# shellcheck source=tests/tools/pcmk-cluster.sh
. "$tools/pcmk-cluster.sh"
export SBD_BIN=${sbd%/sbd}
pcmk_enter_node1 "$0" "$@"  # private mount, PID, UTS and network namespaces, as node1

work=$(mktemp -d -p /var/tmp sbd-stonith.XXXXXX)
chmod 755 "$work"
sink_pid=
cleanup() {
    pcmk_stop
    [ -z "$sink_pid" ] || { kill "$sink_pid" 2>/dev/null; wait "$sink_pid" 2>/dev/null; }
    # the mounts end with the namespace; these two sit inside $work
    umount -l /dev 2>/dev/null
    umount -l "$work/devtmp" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }
section() { echo "$* (at ${SECONDS}s)"; }

# /dev/log: an overlay on /dev (the host's devices below, our socket on top)
mkdir "$work/devtmp"
mount -t tmpfs tmpfs "$work/devtmp" && mkdir "$work/devtmp/up" "$work/devtmp/work" &&
    mount -t overlay overlay -o "lowerdir=/dev,upperdir=$work/devtmp/up,workdir=$work/devtmp/work" /dev ||
    { echo "FAIL: cannot put an overlay on /dev for the syslog sink"; exit 1; }
syslog=$work/syslog
: >"$syslog"
/usr/bin/python3 "$tools/syslog-sink.py" /dev/log "$syslog" &
sink_pid=$!
for _ in $(seq 1 50); do [ -S /dev/log ] && break; sleep 0.1; done
[ -S /dev/log ] || { echo "FAIL: syslog sink did not start"; exit 1; }

# the plugin where cluster-glue's external.so looks for it
mount -t tmpfs -o mode=755 tmpfs /usr/lib/stonith/plugins/external &&
    install -m 755 "$plugin" /usr/lib/stonith/plugins/external/sbd ||
    { echo "FAIL: cannot install the plugin in the namespace"; exit 1; }

export SBD_BINARY=$sbd
unset SBD_DEVICE sbd_device crashdump

# Two devices, msgwait 1 s so that messages return quickly; three nodes.
d1=$work/dev1 d2=$work/dev2
truncate -s 1M "$d1" "$d2"
"$sbd" -d "$d1" -d "$d2" -1 1 -2 1 -3 1 -4 1 create >/dev/null 2>&1 || { echo "FAIL: sbd create"; exit 1; }
for n in node1 node2 NodeThree; do
    "$sbd" -d "$d1" -d "$d2" allocate $n >/dev/null 2>&1 || { echo "FAIL: sbd allocate $n"; exit 1; }
done
cat >"$work/sbd.conf" <<EOF
# written by the test
SBD_PACEMAKER=yes
; another comment
export SBD_DEVICE="$d1;\\
$d2"   
SBD_OPTS="-n node1"
EOF
export SBD_CONFIG=$work/sbd.conf

# slot NODE [DEVICE]: NODE's mailbox as "MESSAGE SENDER" from our sbd list
slot() {
    "$sbd" -d "${2:-$d1}" list 2>/dev/null | awk -F'\t' -v n="$1" '$2 == n { print $3, $4 }'
}
# both DEVICES' mailbox of NODE must read EXPECTED
expect_slot() { # NODE EXPECTED WHAT
    local a b
    a=$(slot "$1" "$d1") b=$(slot "$1" "$d2")
    if [ "$a" = "$2" ] && [ "$b" = "$2" ]; then ok "$3: $1's mailbox reads '$2'"; else fail "$3: $1's mailbox reads '$a' / '$b', expected '$2'"; fi
}
# run ARGS...: a command in the sandbox as node1; output in $out/$err, status in $rc
run() {
    "$sandbox" --hostname node1 "$@" >"$work/out" 2>"$work/err"
    rc=$?
    out=$(cat "$work/out") err=$(cat "$work/err")
}
plugin_run() { run env "$@"; }
installed=/usr/lib/stonith/plugins/external/sbd

section "== plugin actions, run directly"
plugin_run "$installed" getconfignames
[ $rc = 0 ] && [ "$out" = $'sbd_device\ncrashdump' ] && ok "getconfignames" || fail "getconfignames: rc=$rc '$out'"
for a in getinfo-devid getinfo-devname getinfo-devdescr getinfo-devurl; do
    plugin_run "$installed" $a
    [ $rc = 0 ] && [ -n "$out" ] && ok "$a: $out" || fail "$a: rc=$rc '$out'"
done
plugin_run "$installed" getinfo-xml
if [ $rc = 0 ] && printf '%s' "$out" | /usr/bin/python3 -c '
import sys, xml.dom.minidom as m
d = m.parseString(sys.stdin.read())
names = [p.getAttribute("name") for p in d.getElementsByTagName("parameter")]
sys.exit(names != ["sbd_device", "crashdump"])'; then ok "getinfo-xml is XML describing sbd_device and crashdump"; else fail "getinfo-xml: rc=$rc $out"; fi

plugin_run "$installed" gethosts
[ $rc = 0 ] && [ "$out" = $'node1\nnode2\nNodeThree' ] && ok "gethosts lists the slots once each (2 devices)" || fail "gethosts: rc=$rc '$out' $err"
plugin_run "$installed" status
[ $rc = 0 ] && ok "status" || fail "status: rc=$rc $err"

plugin_run "$installed" reset node2
[ $rc = 0 ] || fail "reset node2: rc=$rc $err"
expect_slot node2 "reset node1" "reset"
grep -q "crm_attribute could not read it" "$work/err" && ok "reset without a cluster: stonith-timeout check skipped, fence done" ||
    fail "reset without a cluster: no note about the skipped check: $err"
plugin_run "$installed" on node2
[ $rc = 0 ] || fail "on node2: rc=$rc $err"
expect_slot node2 "clear node1" "on"
plugin_run "$installed" off node2
[ $rc = 0 ] || fail "off node2: rc=$rc $err"
expect_slot node2 "off node1" "off"
plugin_run crashdump=true "$installed" reset node2
[ $rc = 0 ] || fail "crashdump reset node2: rc=$rc $err"
expect_slot node2 "crashdump node1" "reset with crashdump=true"
plugin_run crashdump=false "$installed" reset node2
expect_slot node2 "reset node1" "reset with crashdump=false"
plugin_run crashdump=yes "$installed" off node2
expect_slot node2 "off node1" "off with crashdump=yes (stays off)"
plugin_run sbd_device="$d2" "$installed" reset NodeThree
[ $rc = 0 ] && [ "$(slot NodeThree "$d2")" = "reset node1" ] && [ "$(slot NodeThree "$d1")" = "clear " ] &&
    ok "sbd_device overrides SBD_DEVICE (only $d2 written)" || fail "sbd_device: rc=$rc d1='$(slot NodeThree "$d1")' d2='$(slot NodeThree "$d2")' $err"
plugin_run "$installed" on nodethree
[ $rc = 0 ] || fail "on nodethree: rc=$rc $err"
expect_slot NodeThree "clear node1" "on with a lowercased name (as cluster-glue passes it)"
sum=$(cat "$d1" "$d2" | md5sum)
plugin_run "$installed" reset nosuchnode
[ $rc != 0 ] && [ "$(cat "$d1" "$d2" | md5sum)" = "$sum" ] && grep -q "failed (sbd exit status" "$work/err" &&
    ok "reset of an unknown node fails ($rc), devices unchanged" || fail "reset nosuchnode: rc=$rc $err"
plugin_run "$installed" reset
[ $rc != 0 ] && grep -q "no node name given" "$work/err" && ok "reset without a node: named error" || fail "reset without node: rc=$rc $err"
plugin_run "$installed" frobnicate
[ $rc != 0 ] && grep -q "unknown action 'frobnicate'" "$work/err" && ok "unknown action: named error" || fail "unknown action: rc=$rc $err"
plugin_run PATH=/usr/bin:/bin "$installed" reset node2
[ $rc = 0 ] && grep -q "crm_attribute not found" "$work/err" && ok "no crm_attribute: logged, fence done" || fail "no crm_attribute: rc=$rc $err"
plugin_run SBD_BINARY="$work/nosbd" "$installed" status
[ $rc != 0 ] && grep -q "cannot run sbd: $work/nosbd" "$work/err" && ok "missing sbd binary: named error" || fail "missing sbd: rc=$rc $err"
grep -q "external/sbd: sending reset to node2 through $d1;$d2" "$syslog" && ok "actions are logged to syslog as external/sbd" ||
    fail "no syslog lines of external/sbd in $syslog"

section "== configuration errors"
# expect_error ENV-ASSIGNMENT ACTION [NODE] PATTERN WHAT
expect_error() {
    local assignment=$1 action=$2 node=
    shift 2
    [ $# = 2 ] || { node=$1; shift; }
    plugin_run "$assignment" "$installed" "$action" ${node:+"$node"}
    if [ $rc != 0 ] && grep -q -- "$1" "$work/err"; then ok "$2: $(tail -1 "$work/err")"; else fail "$2: rc=$rc $err"; fi
}
expect_error SBD_CONFIG="$work/missing" gethosts "cannot read the sbd configuration $work/missing (named by SBD_CONFIG): no such file" "missing SBD_CONFIG file"
expect_error SBD_CONFIG="$work" status "cannot read the sbd configuration $work (named by SBD_CONFIG): not a readable file" "SBD_CONFIG is a directory"
expect_error SBD_CONFIG=/dev/null reset node2 "no sbd device configured: SBD_DEVICE is empty or not set in /dev/null" "empty configuration"
printf 'SBD_PACEMAKER=yes\nSBD_DEVICE=\n' >"$work/empty.conf"
expect_error SBD_CONFIG="$work/empty.conf" off node2 "no sbd device configured: SBD_DEVICE is empty" "SBD_DEVICE empty"
printf 'SBD_PACEMAKER=yes\nSBD_DEVICE="%s\n' "$d1" >"$work/quote.conf"
expect_error SBD_CONFIG="$work/quote.conf" gethosts "quote.conf (named by SBD_CONFIG): line 2: a quote opened here is never closed" "unterminated quote"
printf 'SBD_PACEMAKER=yes\nSBD_DEVICE %s\n' "$d1" >"$work/noeq.conf"
expect_error SBD_CONFIG="$work/noeq.conf" gethosts "noeq.conf (named by SBD_CONFIG): line 2: no \"=\" in this line" "line without ="
expect_error sbd_device=" ; " gethosts "the sbd_device parameter names no device" "sbd_device without a device"
expect_error sbd_device="$work/nodev" status "status: the sbd devices $work/nodev cannot be read" "unreadable device"
# the default file: a private /etc/default for a moment
mount -t tmpfs tmpfs /etc/default
expect_error SBD_CONFIG= gethosts "no sbd device configured: /etc/default/sbd does not exist" "no /etc/default/sbd"
printf "SBD_DEVICE='%s'\n" "$d1" >/etc/default/sbd
plugin_run SBD_CONFIG= "$installed" gethosts
[ $rc = 0 ] && [ "$(printf '%s' "$out" | wc -l)" = 2 ] && ok "devices from /etc/default/sbd by default" || fail "/etc/default/sbd: rc=$rc '$out' $err"
umount /etc/default

section "== through cluster-glue's stonith(8)"
plugin_run stonith -t external/sbd -n
[ $rc = 0 ] && [ "$(printf %s "$out" | tr -s " \n" " ")" = "sbd_device crashdump " ] && ok "stonith -n" || fail "stonith -n: rc=$rc '$out'"
plugin_run stonith -t external/sbd -h
[ $rc = 0 ] && grep -q "writing a reset, off or crashdump message" "$work/out" && ok "stonith -h shows the description" || fail "stonith -h: rc=$rc"
plugin_run stonith -t external/sbd -E -l
[ $rc = 0 ] && [ "$out" = $'node1\nnode2\nNodeThree' ] && ok "stonith -E -l" || fail "stonith -l: rc=$rc '$out' $err"
plugin_run stonith -t external/sbd -E -S
[ $rc = 0 ] && ok "stonith -E -S" || fail "stonith -S: rc=$rc $err"
plugin_run sbd_device="$work/nodev" stonith -t external/sbd -E -S
[ $rc != 0 ] && ok "stonith -E -S on an unreadable device fails ($rc)" || fail "stonith -S bad device: rc=$rc"
plugin_run stonith -t external/sbd -E -T on node2
expect_slot node2 "clear node1" "stonith -T on"
plugin_run stonith -t external/sbd -E -T reset node2
[ $rc = 0 ] || fail "stonith -T reset: rc=$rc $err"
expect_slot node2 "reset node1" "stonith -T reset"
plugin_run stonith -t external/sbd -E -T off NodeThree
[ $rc = 0 ] || fail "stonith -T off NodeThree: rc=$rc $err"
expect_slot NodeThree "off node1" "stonith -T off (name lowercased by cluster-glue)"
plugin_run stonith -t external/sbd crashdump=true -T reset node2
[ $rc = 0 ] || fail "stonith crashdump=true: rc=$rc $err"
expect_slot node2 "crashdump node1" "stonith crashdump=true -T reset"
plugin_run crashdump=1 stonith -t external/sbd -E -T reset NodeThree
expect_slot NodeThree "crashdump node1" "stonith -E with crashdump=1 in the environment"
plugin_run stonith -t external/sbd "sbd_device=$d1" -T on node2
[ "$(slot node2 "$d1")" = "clear node1" ] && [ "$(slot node2 "$d2")" = "crashdump node1" ] &&
    ok "stonith sbd_device=... -T on clears only that device" || fail "stonith sbd_device: rc=$rc $err"
sum=$(cat "$d1" "$d2" | md5sum)
plugin_run stonith -t external/sbd -E -T reset nosuchnode
[ $rc != 0 ] && [ "$(cat "$d1" "$d2" | md5sum)" = "$sum" ] && ok "stonith -T reset of an unknown node fails ($rc)" || fail "stonith unknown node: rc=$rc"

section "== stonith-timeout against a real corosync + pacemaker"
if ! pcmk_start node1 "$work"; then
    fail "corosync + pacemaker did not start"
    tail -20 "$work/pacemaker.log" "$work/corosync.log" 2>/dev/null
    exit 1
fi
ok "single-node cluster online and quorate in ${PCMK_START_SECONDS}s"
cluster_timeout() { crm_attribute -t crm_config -G -n stonith-timeout -q 2>/dev/null; }
d3=$work/dev3
truncate -s 1M "$d3"
"$sbd" -d "$d3" -1 10 -4 20 create >/dev/null 2>&1 && "$sbd" -d "$d3" allocate node2 >/dev/null 2>&1 ||
    { fail "sbd create msgwait 20"; exit 1; }

crm_attribute -t crm_config -n stonith-timeout -v 10s
lines=$(wc -l <"$syslog")
start=$SECONDS
plugin_run sbd_device="$d3" "$installed" reset node2
took=$((SECONDS - start))
[ $rc = 0 ] && [ "$(slot node2 "$d3")" = "reset node1" ] && ok "reset with msgwait 20 delivered in ${took}s" || fail "reset msgwait 20: rc=$rc $err"
now=$(cluster_timeout)
[ "$now" = 29s ] && ok "stonith-timeout 10s raised to $now (ceil(1.2 x 20) + 5)" || fail "stonith-timeout after reset: '$now', expected 29s"
tail -n +"$((lines + 1))" "$syslog" | grep -q "external/sbd.*raised the cluster property stonith-timeout from 10s to 29s" &&
    ok "the change is logged to syslog" || fail "no syslog line about the change: $(tail -n +"$((lines + 1))" "$syslog")"

# a fresh device (clearing the slot would wait msgwait once more)
d4=$work/dev4
truncate -s 1M "$d4"
"$sbd" -d "$d4" -1 10 -4 20 create >/dev/null 2>&1 && "$sbd" -d "$d4" allocate node2 >/dev/null 2>&1 ||
    { fail "sbd create msgwait 20"; exit 1; }
crm_attribute -t crm_config -n stonith-timeout -v 2min
lines=$(wc -l <"$syslog")
plugin_run sbd_device="$d4" "$installed" reset node2
[ $rc = 0 ] && [ "$(slot node2 "$d4")" = "reset node1" ] || fail "second reset: rc=$rc $err"
now=$(cluster_timeout)
[ "$now" = 2min ] && ! tail -n +"$((lines + 1))" "$syslog" | grep -q "stonith-timeout" &&
    ok "stonith-timeout 2min is long enough: unchanged, nothing logged about it" || fail "2min: now '$now'"

section "-- status probes"
# the status probe runs the same check (no message, so no msgwait to wait)
for v in 28 28s 1h 3600000ms 30000000us; do
    crm_attribute -t crm_config -n stonith-timeout -v "$v"
    plugin_run sbd_device="$d3" "$installed" status
    now=$(cluster_timeout)
    case $v in
        28 | 28s) want=29s ;;
        *) want=$v ;;
    esac
    [ $rc = 0 ] && [ "$now" = "$want" ] && ok "status with stonith-timeout $v: now $now" || fail "status with $v: rc=$rc now '$now', expected $want"
done
crm_attribute -t crm_config -D -n stonith-timeout >/dev/null 2>&1
plugin_run sbd_device="$d3" "$installed" status
crm_attribute -t crm_config -G -n stonith-timeout -q >/dev/null 2>&1
[ $? = 105 ] && [ $rc = 0 ] && ok "unset stonith-timeout (pacemaker's 60s) stays unset" || fail "unset stonith-timeout was changed to '$(cluster_timeout)'"
crm_attribute -t crm_config -n stonith-timeout -v soon
plugin_run sbd_device="$d3" "$installed" status
[ $rc = 0 ] && [ "$(cluster_timeout)" = soon ] && grep -q "not a duration this plugin understands" "$work/err" &&
    ok "unreadable stonith-timeout left alone, with a warning" || fail "stonith-timeout 'soon': rc=$rc $err"

section "-- pacemaker fences through a stonith:external/sbd resource"
# No parameters: the devices come from SBD_CONFIG (and sbd from SBD_BINARY),
# which pacemakerd passed on to pacemaker-fenced, fence_legacy, stonith(8).
# The fencing path runs in this test's PID namespace: nothing can reboot.
crm_attribute -t crm_config -D -n stonith-timeout >/dev/null 2>&1
cibadmin -C -o resources -X '<primitive id="fencing-sbd" class="stonith" type="external/sbd"/>' &&
    crm_attribute -t crm_config -n stonith-enabled -v true || fail "cannot add the fencing resource"
for _ in $(seq 1 150); do
    crm_mon -1 2>/dev/null | grep -q "fencing-sbd.*(stonith:external/sbd):.*Started node1" && break
    sleep 0.1
done
crm_mon -1 2>/dev/null | grep -q "fencing-sbd.*Started node1" && ok "stonith:external/sbd resource started (status probe)" ||
    fail "fencing resource not started: $(crm_mon -1 2>&1 | tail -3)"
start=$SECONDS
timeout 60 stonith_admin --reboot node2 --tolerance 0 >"$work/out" 2>&1
rc=$?
[ $rc = 0 ] && ok "stonith_admin --reboot node2 succeeded in $((SECONDS - start))s" || fail "stonith_admin --reboot node2: rc=$rc $(cat "$work/out")"
expect_slot node2 "reset node1" "pacemaker's reboot through external/sbd"
stonith_admin --history node2 2>/dev/null | grep -q "reboot of node2 successful" && ok "fencing history: reboot of node2 successful" ||
    fail "fencing history: $(stonith_admin --history node2 2>&1)"

section "-- stopping the cluster"
pcmk_stop
[ "$(pgrep -c -f 'corosync|pacemaker')" = 0 ] && ok "cluster stopped" || fail "cluster processes left"

if [ $failures -gt 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all checks passed (${SECONDS}s)"
