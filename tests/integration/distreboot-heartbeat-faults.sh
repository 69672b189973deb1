#!/bin/bash
# distreboot on a real 3-member etcd cluster: heartbeats it cannot trust.
# A node whose wall clock runs 10 minutes ahead (libfaketime) is alive while
# its daemon runs, with a "clock skew?" note, and stale as soon as its daemon
# is killed (liveness is etcd's lease, not a timestamp); --reboot then says
# "clock skew?", not "start distreboot there". Garbage written over a stopped
# node's heartbeat with etcdctl makes it "unreadable": it is listed, blocks
# --dry-run and --reboot, and is rewritten by its daemon or removed by --drop.
# A property name with control bytes is echoed escaped.
set -u
source "$(dirname "$0")/../tools/distreboot-cluster.sh"
trap cluster_cleanup EXIT
command -v faketime >/dev/null || { echo "no faketime: run scripts/setup" >&2; exit 1; }
cluster_init 3
cluster_boot
[ "$failures" = 0 ] || finish
ctl() { etcdctl --endpoints="$(all_urls)" "$@"; }


# --- node3's clock 10 minutes ahead.
echo "+10m" >"$DR_WORK/node3/faketime"
daemon_restart 3 TERM
skew_noted() { dr 1 | grep -q "^note: clock skew? node3's last heartbeat is stamped 10m [0-9]*s ahead"; }
wait_for 30 "node1 to note node3's clock" skew_noted
expect 0 "^node3 .* ok +no$" "node3 with a skewed clock is alive while its daemon runs" -- dr 1
daemon_stale() { dr 1 | grep -Eq '^node3 .* stale +no$'; }
node_in 3 "$node_script" kill-daemon 3 KILL
start=$SECONDS
wait_for 30 "node3 stale after its daemon was killed" daemon_stale &&
    pass "node3 stale $((SECONDS - start)) s after SIGKILL (lifetime 3 s), although its heartbeat is stamped 10 minutes ahead"
expect 1 "reboot refused: stale heartbeat: node3 .*clock skew\? node3's last heartbeat is stamped (9|10)m" \
    "--reboot with node3 stale and skewed says clock skew" -- dr 1 --reboot
dr 1 --reboot 2>&1 | grep -q "start distreboot there" && fail "the advice for a skewed node says 'start distreboot there'"
rm "$DR_WORK/node3/faketime"

# --- garbage over node3's heartbeat while its daemon is stopped.
for garbage in '{"expires": "soon"' '-5' '1e30' '{"renewed":99999999999999,"lifetime":3,"boot_id":"x","member":"1","reboot_required":false}'; do
    ctl put /distreboot/heartbeat/node3 -- "$garbage" >/dev/null || fail "etcdctl put $garbage"
    expect 0 "^node3 +unknown +unreadable +\?$" "status lists node3 as unreadable after put '$garbage'" -- dr 1
    expect 1 "would be refused: unreadable heartbeat of node3 \(.*\).*--drop=node3" "--dry-run refuses ($garbage)" -- dr 2 --dry-run
    expect 1 "reboot refused: unreadable heartbeat of node3" "--reboot refuses ($garbage)" -- dr 2 --reboot
done
[ -z "$(ctl get --print-value-only /distreboot/reboot-list)" ] || fail "a reboot list was created"
# Its daemon rewrites it.
node_in 3 "$node_script" daemon 3
fresh3() { dr 1 | grep -Eq '^node3 .* ok +no$'; }
wait_for 30 "node3's daemon to rewrite its heartbeat" fresh3 && pass "node3's daemon rewrote its heartbeat"
# --drop removes an unreadable one.
node_in 3 "$node_script" kill-daemon 3 TERM
ctl put /distreboot/heartbeat/node3 'garbage' >/dev/null
expect 0 "^dropped node3" "--drop of an unreadable heartbeat" -- dr 1 --drop=node3
echo node3 >>"$DR_WORK/dropped"
dr 1 | grep -q '^node3 ' && fail "node3 still listed after --drop"

# --- control bytes in a property name are escaped.
printf 'reboot\033[31mcmd=x\n' >"$DR_WORK/bad.properties"
# In a sandbox like every daemon: were the file ever accepted, its rebootcmd would be the default, reboot.
out=$("$sandbox" --hostname bad -- env DISTREBOOT_PROPERTIES="$DR_WORK/bad.properties" DISTREBOOT_RUNDIR="$DR_WORK/bad" \
    "$DR_BIN/distreboot" --start --node="$DR_WORK/node1/etcd" 2>&1)
rc=$?
[ $rc = 6 ] && grep -qF "unknown property \"reboot\\x1b[31mcmd\"" <<<"$out" && ! grep -q $'\033' <<<"$out" ||
    fail "control bytes in a property name: exit $rc: $(printf %q "$out")"
pass "a property name with control bytes is escaped: $out"
finish
