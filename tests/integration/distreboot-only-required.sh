#!/bin/bash
# distreboot --reboot --only-required on a real 3-member etcd cluster: only
# the nodes whose reboot-required marker (Debian's /var/run/reboot-required,
# moved with DISTREBOOT_REBOOT_REQUIRED) is reported in their heartbeat reboot.
set -u
source "$(dirname "$0")/../tools/distreboot-cluster.sh"
trap cluster_cleanup EXIT
cluster_init 3
cluster_boot
[ "$failures" = 0 ] || finish

out=$(dr 1 --reboot --only-required 2>&1)
rc=$?
[ $rc = 1 ] && grep -q "reboot refused: no node requires a reboot" <<<"$out" ||
    fail "--only-required with no marker: exit $rc: $out"
pass "nothing required: $out"

touch "$DR_WORK/node2/reboot-required"
required_shown() { dr 1 | grep -Eq '^node2 .* ok +yes$'; }
wait_for 30 "node2's heartbeat to report reboot-required" required_shown && pass "status shows node2 requires a reboot"
out=$(dr 3 --dry-run --only-required 2>&1)
[ "$out" = "reboot order: node2" ] || fail "--dry-run --only-required: $out"
out=$(dr 3 --dry-run 2>&1)
grep -q "^reboot order: node., node., node.$" <<<"$out" || fail "--dry-run without --only-required: $out"

out=$(dr 3 --reboot --only-required 2>&1)
[ "$out" = "reboot started: node2" ] || fail "--reboot --only-required: $out"
out=$(dr 1 2>&1)
grep -q "^reboot: in progress (only required): node2 (rebooting)$" <<<"$out" || fail "status during the cycle: $out"
list_gone() { [ -z "$(etcdctl --endpoints="$(all_urls)" get --print-value-only /distreboot/reboot-list)" ]; }
wait_for 120 "the cycle to end" list_gone
[ "$(cat "$DR_WORK/events.log")" = "reboot node2" ] || fail "reboots: $(cat "$DR_WORK/events.log")"
pass "only node2 rebooted"
cleared() { dr 1 | grep -Eq '^node2 .* ok +no$'; }
wait_for 30 "node2 back without the marker" cleared && pass "node2 back, no reboot required"
finish
