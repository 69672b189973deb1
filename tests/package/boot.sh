#!/bin/bash
# A real boot: a bookworm root (debootstrap, cached in .cache/ outside git)
# with systemd, corosync and our sbd .deb installed is booted with
# systemd-nspawn. From inside (nsenter) we check that the generator wrote its
# drop-in, that sbd.service reached READY=1 before corosync.service started,
# that `systemctl status sbd` shows our STATUS= text, and that a delay start
# longer than DefaultTimeoutStartSec still succeeds (EXTEND_TIMEOUT_USEC).
# The container has no watchdog (SBD_WATCHDOG_DEV=/dev/null) and is its own
# PID namespace, so nothing in it can reboot the machine; the whole boot also
# runs inside ../shared/tools/sandbox.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
sandbox=$root/../shared/tools/sandbox
cache=${SBD_CACHE_DIR:-$root/.cache}
base=$cache/bookworm-minbase.tar
boot_base=$cache/bookworm-boot.tar
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d -p /var/tmp)
rootfs=$work/root
cgroup=
nspawn_pid=
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

unmount_chroot() {
    for m in proc dev/pts dev; do mountpoint -q "$rootfs/$m" && umount -l "$rootfs/$m"; done
    return 0
}
cleanup() {
    [ -z "$nspawn_pid" ] || { kill -TERM "$nspawn_pid" 2>/dev/null; sleep 2; kill -KILL "$nspawn_pid" 2>/dev/null; wait "$nspawn_pid" 2>/dev/null; }
    unmount_chroot
    # nspawn leaves payload/supervisor cgroups behind: remove ours, leaves first.
    if [ -n "$cgroup" ]; then
        for h in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
            [ -d "$h/$cgroup" ] && find "$h/$cgroup" -depth -type d -exec rmdir {} \; 2>/dev/null
        done
    fi
    rm -rf "$work"
}
trap cleanup EXIT

deb=$(ls "$root"/dist/sbd_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "FAIL: no dist/sbd_*.deb; run make deb first"; exit 1; }
command -v systemd-nspawn >/dev/null || { echo "FAIL: systemd-nspawn missing (scripts/setup installs systemd-container)"; exit 1; }
[ -s "$base" ] || { echo "FAIL: $base missing; tests/package/install.sh debootstraps it"; exit 1; }

in_root() { DEBIAN_FRONTEND=noninteractive chroot "$rootfs" "$@"; }
mount_chroot() {
    mount -t proc proc "$rootfs/proc"
    mount --bind /dev "$rootfs/dev"
    mount --bind /dev/pts "$rootfs/dev/pts"
}

mkdir -p "$rootfs"
if [ ! -s "$boot_base" ]; then
    echo "boot: adding systemd and corosync to the cached root, once"
    tar -C "$rootfs" -xf "$base"
    printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
    chmod +x "$rootfs/usr/sbin/policy-rc.d"
    cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
    mount_chroot
    in_root apt-get update -qq >/dev/null
    in_root apt-get install -y -qq --no-install-recommends systemd systemd-sysv dbus corosync >"$work/apt.log" 2>&1 \
        || { tail -20 "$work/apt.log"; echo "FAIL: apt-get install in the boot root"; exit 1; }
    in_root apt-get clean
    unmount_chroot
    tar -C "$rootfs" -cf "$boot_base.part" . && mv "$boot_base.part" "$boot_base"
    rm -rf "$rootfs" && mkdir -p "$rootfs"
fi
tar -C "$rootfs" -xf "$boot_base"

# Our package, installed the way an administrator does.
mount_chroot
cp "$deb" "$rootfs/var/tmp/"
in_root apt-get install -y -qq --no-install-recommends "/var/tmp/$(basename "$deb")" >"$work/install.log" 2>&1 \
    || { tail -20 "$work/install.log"; echo "FAIL: installing $(basename "$deb") in the boot root"; exit 1; }
rm -f "$rootfs/usr/sbin/policy-rc.d"
# One shared device (a file), no watchdog, no pacemaker; a delay start longer
# than the manager's default start timeout.
mkdir -p "$rootfs/var/lib/sbd"
truncate -s 1M "$rootfs/var/lib/sbd/disk"
in_root /usr/sbin/sbd -d /var/lib/sbd/disk -1 2 -4 4 create >/dev/null || fail "sbd create inside the root"
unmount_chroot
cat >"$rootfs/etc/default/sbd" <<'CONF'
SBD_DEVICE=/var/lib/sbd/disk
SBD_WATCHDOG_DEV=/dev/null
SBD_PACEMAKER=no
SBD_DELAY_START=8
SBD_OPTS="-n node1"
CONF
mkdir -p "$rootfs/etc/systemd/system.conf.d" "$rootfs/etc/systemd/system/sbd.service.d"
printf '[Manager]\nDefaultTimeoutStartSec=4s\n' >"$rootfs/etc/systemd/system.conf.d/10-short-timeout.conf"
# Sorted after the generator's 50-*.conf, this overrides its generous
# TimeoutStartSec=: only EXTEND_TIMEOUT_USEC from sbd can carry the 8 s delay.
printf '[Service]\nTimeoutStartSec=4s\n' >"$rootfs/etc/systemd/system/sbd.service.d/99-short-timeout.conf"
cat >"$rootfs/etc/corosync/corosync.conf" <<'CONF'
totem {
    version: 2
    cluster_name: boottest
    crypto_cipher: none
    crypto_hash: none
}
nodelist {
    node {
        ring0_addr: 127.0.0.1
        name: node1
        nodeid: 1
    }
}
quorum {
    provider: corosync_votequorum
}
logging {
    to_syslog: yes
}
CONF
echo node1 >"$rootfs/etc/hostname"
in_root_systemctl() { chroot "$rootfs" systemctl "$@"; }
in_root_systemctl enable corosync.service >/dev/null 2>&1
in_root_systemctl is-enabled sbd.service >/dev/null 2>&1 || fail "sbd.service is not enabled by the package"

# Boot. nspawn wants a private /run/systemd and a cgroup of its own.
cgroup=sbd-boot-test-$$
for h in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
    [ -d "$h" ] && mkdir -p "$h/$cgroup" 2>/dev/null
done
(
    for h in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
        [ -w "$h/$cgroup/cgroup.procs" ] && echo $BASHPID >"$h/$cgroup/cgroup.procs" 2>/dev/null
    done
    exec "$sandbox" --hostname boot-test unshare -m bash -c "
        mount -t tmpfs tmpfs /run/systemd 2>/dev/null || { mkdir -p /run/systemd && mount -t tmpfs tmpfs /run/systemd; }
        exec systemd-nspawn -q -D '$rootfs' --boot --register=no --keep-unit --private-network --machine=node1
    " >"$work/console.log" 2>&1
) &
nspawn_pid=$!

# The container's PID 1 (systemd) is the child of the systemd-nspawn process.
leader=
for _ in $(seq 300); do
    n=$(pgrep -f "systemd-nspawn -q -D $rootfs" | head -n 1)
    [ -n "$n" ] && leader=$(pgrep -P "$n" | head -n 1)
    [ -n "$leader" ] && break
    sleep 0.1
done
[ -n "$leader" ] || { cat "$work/console.log"; echo "FAIL: the container did not start"; exit 1; }
inside() { nsenter -t "$leader" -a "$@"; }
state=
for _ in $(seq 120); do
    state=$(inside systemctl is-system-running 2>/dev/null)
    case $state in running | degraded) break ;; esac
    sleep 0.5
done
echo "boot: system state '$state'"

if [ -s "$rootfs/run/systemd/generator/sbd.service.d/50-sbd-generator.conf" ] ||
    inside test -s /run/systemd/generator/sbd.service.d/50-sbd-generator.conf; then
    ok "the generator wrote its drop-in"
    inside cat /run/systemd/generator/sbd.service.d/50-sbd-generator.conf | sed 's/^/    /'
else
    fail "no generator drop-in for sbd.service"
fi
timeout=$(inside systemctl show -p TimeoutStartUSec --value sbd.service)
[ "$timeout" = 4s ] || fail "sbd.service's start timeout is '$timeout', not the 4s this test sets"
if [ "$(inside systemctl is-active sbd.service)" = active ]; then
    ok "sbd.service is active (reached READY=1) despite an 8 s delay start over a 4 s start timeout"
else
    fail "sbd.service is $(inside systemctl is-active sbd.service)"
    inside journalctl -b -u sbd --no-pager | tail -20
fi
status=$(inside systemctl status sbd.service --no-pager 2>/dev/null)
echo "$status" | sed 's/^/    /' | head -12
echo "$status" | grep -q "Status: \"Watching 1 of 1 devices as node1" && ok "systemctl status shows our STATUS= text" \
    || fail "no STATUS= text in systemctl status sbd"
sbd_ready=$(inside systemctl show -p ExecMainStartTimestampMonotonic,ActiveEnterTimestampMonotonic sbd.service | awk -F= '/ActiveEnter/ { print $2 }')
corosync_start=$(inside systemctl show -p InactiveExitTimestampMonotonic corosync.service | awk -F= '{ print $2 }')
if [ "${sbd_ready:-0}" -gt 0 ] && [ "${corosync_start:-0}" -gt 0 ] && [ "$sbd_ready" -le "$corosync_start" ]; then
    ok "sbd.service was ready before corosync.service started ($sbd_ready <= $corosync_start µs)"
else
    fail "order: sbd ready at '$sbd_ready', corosync started at '$corosync_start'"
    inside systemctl list-dependencies --after corosync.service --no-pager | head -20
fi
inside journalctl -b --no-pager -o short-monotonic | grep -E "sbd|corosync" | grep -E "Start|Started|watching|delaying" | head -10 | sed 's/^/    /'
# sbd check reaches systemd here (issue 18): the 4 s start timeout is not
# longer than the first device probe may take (2 x -I 3 s + 1 s), before sbd
# can extend it; the delay it did carry is not held against it.
check=$(inside /usr/sbin/sbd check 2>&1)
echo "$check" | grep -E "start-timeout|^sbd check" | sed 's/^/    /'
if grep -q "^FAIL start-timeout: TimeoutStartSec 4s is not longer than the first device probe may take (7s)" <<<"$check"; then
    ok "sbd check reads sbd.service's start timeout from systemd and judges it"
else
    fail "sbd check's start-timeout line: $(grep start-timeout <<<"$check")"
fi

inside systemctl poweroff >/dev/null 2>&1
for _ in $(seq 100); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.1; done
[ "$failures" = 0 ] || { echo "$failures boot check(s) failed"; exit 1; }
echo "boot test passed"
