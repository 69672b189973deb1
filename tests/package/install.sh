#!/bin/bash
# Install, upgrade and purge tests of the Debian packages in a bookworm root
# made by debootstrap (cached in .cache/, outside git):
#   1. install: apt-get install ./sbd_*.deb ./distreboot_*.deb; files in
#      place, conffiles registered, units enabled (sbd.service, required by
#      corosync, pacemaker and dlm; not sbd_remote.service), the generator
#      writes its drop-ins from the shipped /etc/default/sbd, SysV script
#      linked, sbd and distreboot run;
#   2. upgrade: from Debian's sbd 1.5.2 with a modified /etc/default/sbd, which
#      must survive untouched and be what our sbd reads;
#   3. purge: the root's file list afterwards equals the one before install.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
sandbox=$root/../shared/tools/sandbox
cache=${SBD_CACHE_DIR:-$root/.cache}
base=$cache/bookworm-minbase.tar
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d -p /var/tmp)
chroot_dir=
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

unmount_root() {
    [ -n "$chroot_dir" ] || return 0
    for m in proc dev/pts dev; do mountpoint -q "$chroot_dir/$m" && umount -l "$chroot_dir/$m"; done
    return 0
}
cleanup() { unmount_root; rm -rf "$work"; }
trap cleanup EXIT

debs=("$root"/dist/sbd_*.deb "$root"/dist/distreboot_*.deb)
for d in "${debs[@]}"; do [ -e "$d" ] || { echo "FAIL: no $d; run make deb first"; exit 1; }; done

if [ ! -s "$base" ]; then
    echo "install: debootstrapping bookworm (minbase) into the cache, once"
    mkdir -p "$cache" "$work/base"
    debootstrap --variant=minbase bookworm "$work/base" "$mirror" >"$work/debootstrap.log" 2>&1 \
        || { tail -20 "$work/debootstrap.log"; echo "FAIL: debootstrap"; exit 1; }
    tar -C "$work/base" -cf "$base.part" . && mv "$base.part" "$base"
    rm -rf "$work/base"
fi

# A fresh root from the cached tarball, ready for apt and unable to start services.
fresh_root() {
    unmount_root
    chroot_dir=$work/root-$1
    mkdir -p "$chroot_dir"
    tar -C "$chroot_dir" -xf "$base"
    printf '#!/bin/sh\nexit 101\n' >"$chroot_dir/usr/sbin/policy-rc.d"
    chmod +x "$chroot_dir/usr/sbin/policy-rc.d"
    cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
    mount -t proc proc "$chroot_dir/proc"
    mount --bind /dev "$chroot_dir/dev"
    mount --bind /dev/pts "$chroot_dir/dev/pts"
    cp "${debs[@]}" "$chroot_dir/tmp/"
    in_root apt-get update -qq >/dev/null
}
in_root() { DEBIAN_FRONTEND=noninteractive chroot "$chroot_dir" "$@"; }
# Every file of the root that a package could leave behind.
file_list() {
    (cd "$chroot_dir" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./tmp -o -path ./var/cache \
        -o -path ./var/lib/apt -o -path ./var/lib/dpkg -o -path ./var/log -o -path ./run \) -prune -o -print | sort)
}
deb_names() { for d in "${debs[@]}"; do echo "/tmp/$(basename "$d")"; done; }

echo "== install"
fresh_root install
file_list >"$work/before"
# Without recommends: distreboot's etcd-server is not ours to check, and purge must leave nothing.
in_root apt-get install -y -qq --no-install-recommends $(deb_names) >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; fail "apt-get install"; }
[ -x "$chroot_dir/usr/sbin/sbd" ] || fail "/usr/sbin/sbd missing"
[ -f "$chroot_dir/usr/share/man/man8/sbd.8.gz" ] || fail "sbd(8) missing"
in_root dpkg-query -W -f='${Conffiles}\n' sbd | grep -q ' /etc/default/sbd ' || fail "/etc/default/sbd is not a conffile"
in_root dpkg-query -W -f='${Version}\n' sbd | grep -q '^2\.' || fail "installed version is not 2.x"
in_root /usr/sbin/sbd -h >/dev/null || fail "sbd -h does not run in the installed root"
echo "ok   install: $(in_root dpkg-query -W -f='${Package} ${Version}' sbd)"
for w in sbd-cluster-servant sbd-pacemaker-servant; do
    [ -x "$chroot_dir/usr/libexec/sbd/$w" ] || fail "/usr/libexec/sbd/$w missing (sbd -P needs it)"
done
plugin=/usr/lib/stonith/plugins/external/sbd
[ -x "$chroot_dir$plugin" ] || fail "the external/sbd STONITH plugin is missing"
[ "$(stat -c %a "$chroot_dir$plugin")" = 755 ] || fail "$plugin must be 0755 (cluster-glue refuses writable plugins)"
in_root "$plugin" getconfignames | grep -q sbd_device || fail "$plugin getconfignames"
# Boot integration: generator, units (sbd enabled, sbd_remote only installed), SysV script.
generator=/lib/systemd/system-generators/sbd-generator
[ -x "$chroot_dir$generator" ] || fail "$generator missing"
[ -f "$chroot_dir/usr/share/man/man8/sbd-generator.8.gz" ] || fail "sbd-generator(8) missing"
mkdir -p "$chroot_dir/var/tmp/gen"
in_root "$generator" /var/tmp/gen /var/tmp/gen /var/tmp/gen || fail "the generator failed on the shipped /etc/default/sbd"
for unit in sbd.service sbd_remote.service; do
    [ -f "$chroot_dir/lib/systemd/system/$unit" ] || fail "$unit missing"
    grep -q '^TimeoutStartSec=' "$chroot_dir/var/tmp/gen/$unit.d/50-sbd-generator.conf" 2>/dev/null ||
        fail "the generator wrote no drop-in for $unit from the shipped /etc/default/sbd"
done
rm -rf "$chroot_dir/var/tmp/gen"
# The minimal root has no systemctl: enabled means the [Install] symlinks exist.
sbd_enabled() {
    for needer in corosync pacemaker dlm; do
        [ "$(readlink "$chroot_dir/etc/systemd/system/$needer.service.requires/sbd.service")" = \
            /lib/systemd/system/sbd.service ] || { fail "$needer.service does not require sbd.service $1"; return 1; }
    done
}
sbd_enabled "after install"
[ -e "$chroot_dir/etc/systemd/system/pacemaker_remote.service.requires/sbd_remote.service" ] &&
    fail "sbd_remote.service is enabled"
[ -x "$chroot_dir/etc/init.d/sbd" ] || fail "/etc/init.d/sbd missing"
ls "$chroot_dir"/etc/rc2.d/S*sbd >/dev/null 2>&1 || fail "the SysV script is not linked into rc2.d"
in_root sh -n /etc/init.d/sbd || fail "/etc/init.d/sbd does not parse"
echo "ok   install: generator, sbd.service enabled (required by corosync, pacemaker, dlm), sbd_remote.service installed, SysV script"
[ -x "$chroot_dir/usr/sbin/distreboot" ] || fail "/usr/sbin/distreboot missing"
[ -f "$chroot_dir/usr/share/man/man8/distreboot.8.gz" ] || fail "distreboot(8) missing"
[ -f "$chroot_dir/lib/systemd/system/distreboot.service" ] || fail "distreboot.service missing"
[ -L "$chroot_dir/etc/systemd/system/multi-user.target.wants/distreboot.service" ] || fail "distreboot.service is not enabled"
in_root dpkg-query -W -f='${Conffiles}\n' distreboot | grep -q ' /etc/distreboot.properties ' ||
    fail "/etc/distreboot.properties is not a conffile"
in_root /usr/sbin/distreboot --help | grep -q -- '--reboot' || fail "distreboot --help does not run in the installed root"
echo "ok   install: $(in_root dpkg-query -W -f='${Package} ${Version}' distreboot)"

echo "== purge"
in_root apt-get purge -y -qq sbd distreboot >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; fail "apt-get purge"; }
# The libraries our packages pulled in (pacemaker's, corosync's) go with them, as piuparts checks.
in_root apt-get autoremove --purge -y -qq >>"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; fail "apt-get autoremove"; }
file_list >"$work/after"
if diff -u "$work/before" "$work/after" >"$work/leftovers"; then
    echo "ok   purge leaves nothing behind"
else
    fail "purge left files behind:"; grep '^[-+]\.' "$work/leftovers" | head -20
fi

echo "== upgrade from Debian's sbd"
fresh_root upgrade
in_root apt-get install -y -qq --no-install-recommends sbd >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; fail "installing Debian's sbd"; }
old=$(in_root dpkg-query -W -f='${Version}' sbd)
cat >>"$chroot_dir/etc/default/sbd" <<'CONF'
# changed by the administrator
SBD_DEVICE="/dev/disk/by-id/upgrade-test-disk"
SBD_OPTS="-n upgraded-node"
CONF
sum_before=$(md5sum <"$chroot_dir/etc/default/sbd")
# Our template differs from Debian's, so dpkg asks about the modified file;
# keeping it is the default answer, and what unattended upgrades choose.
in_root apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $(deb_names) \
    >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; fail "upgrading to ours"; }
new=$(in_root dpkg-query -W -f='${Version}' sbd)
dpkg --compare-versions "$new" gt "$old" || fail "version $new does not upgrade $old"
[ "$(md5sum <"$chroot_dir/etc/default/sbd")" = "$sum_before" ] || fail "the modified /etc/default/sbd was changed"
out=$("$sandbox" chroot "$chroot_dir" /usr/sbin/sbd list 2>&1)
grep -q "/dev/disk/by-id/upgrade-test-disk" <<<"$out" || fail "upgraded sbd does not read the kept /etc/default/sbd: $out"
echo "ok   upgrade $old -> $new keeps the administrator's /etc/default/sbd"
sbd_enabled "after the upgrade" && echo "ok   sbd.service still enabled after the upgrade"
# Debian's package enabled sbd_remote.service too; an upgrade leaves that choice alone.
echo "     sbd_remote.service links after the upgrade: $(cd "$chroot_dir/etc/systemd/system" && echo */sbd_remote.service)"

if [ $failures -gt 0 ]; then echo "$failures package check(s) failed"; exit 1; fi
echo "all package checks passed"
