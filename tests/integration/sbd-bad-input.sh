#!/bin/bash
# Bad input to every management command: each case must fail with exit code 1,
# say on stderr what is wrong (naming the device, file or option), end stderr
# with sbd's "sbd failed; please check the logs.", and leave every device byte
# for byte as it was. Plain files serve as devices here.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
sbd=${SBD_BIN:-$root/.build/debug}/sbd
sandbox=$root/../shared/tools/sandbox
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# Runs sbd as node "node1" in the sandbox; leaves stdout/stderr in $work/out, $work/err.
run() { "$sandbox" --hostname node1 "$sbd" "$@" >"$work/out" 2>"$work/err"; }

# expect_failure NAME PATTERN -- ARGS: rc must be 1 and stderr must match PATTERN.
expect_failure() {
    local name=$1 pattern=$2
    shift 3
    local before after
    before=$(cat "$work"/*.img 2>/dev/null | md5sum)
    run "$@"
    local rc=$?
    after=$(cat "$work"/*.img 2>/dev/null | md5sum)
    if [ $rc -ne 1 ]; then
        echo "FAIL $name: exit code $rc, expected 1"; sed 's/^/  stderr: /' "$work/err"; failures=$((failures + 1)); return
    fi
    if ! grep -qE -- "$pattern" "$work/err"; then
        echo "FAIL $name: stderr does not match /$pattern/:"; sed 's/^/  stderr: /' "$work/err"; failures=$((failures + 1)); return
    fi
    if [ "$before" != "$after" ]; then
        echo "FAIL $name: a device changed"; failures=$((failures + 1)); return
    fi
    # Debian's closing line, after ours: pcs and crmsh show it, scripts grep it.
    if [ "$(tail -n 1 "$work/err")" != "sbd failed; please check the logs." ]; then
        echo "FAIL $name: stderr does not end with sbd's closing line"; failures=$((failures + 1)); return
    fi
    echo "ok   $name"
}

expect_success() {
    local name=$1
    shift 2
    run "$@"
    local rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL $name: exit code $rc"; sed 's/^/  stderr: /' "$work/err"; failures=$((failures + 1)); return
    fi
    echo "ok   $name"
}

good=$work/good.img
blank=$work/blank.img
small=$work/small.img
full=$work/full.img
truncate -s 1M "$good" "$blank" "$full"
truncate -s 200K "$small"
run -d "$good" -2 1 create && run -d "$good" allocate node1 || { echo "FAIL setup: cannot create $good"; cat "$work/err"; exit 1; }
run -d "$full" create || exit 1
# Fill all 255 slots of $full directly: in_use=1 and a name, in sector 1+2i.
for i in $(seq 0 254); do
    printf '\001n%d' "$i" | dd of="$full" bs=512 seek=$((1 + 2 * i)) conv=notrunc status=none
done
unset SBD_DEVICE
export SBD_CONFIG=$work/none   # no configuration file unless a case writes one
: >"$SBD_CONFIG"

expect_failure "dump of a path that does not exist" "/nonexistent/dev.*No such file" -- -d /nonexistent/dev dump
grep -q "== disk /nonexistent/dev unreadable!" "$work/err" && grep -q "NOT dumped" "$work/err" || { echo "FAIL markers for fence_sbd/crmsh missing"; failures=$((failures + 1)); }
expect_failure "list of a path that does not exist" "/nonexistent/dev" -- -d /nonexistent/dev list
expect_failure "dump of a directory" "$work is a directory" -- -d "$work" dump
expect_failure "list of a device without header" "blank.img.*no sbd header" -- -d "$blank" list
grep -q "== Slots on disk $blank NOT dumped" "$work/err" || { echo "FAIL list marker missing"; failures=$((failures + 1)); }
expect_failure "message to a device without header" "blank.img.*no sbd header.*nothing was written" -- -d "$blank" message node1 test
expect_failure "allocate on a device without header" "blank.img.*no sbd header" -- -d "$blank" allocate node1
expect_failure "create on a device too small for 255 slots" "small.img.*needs 261632" -- -d "$small" create
expect_failure "create when one of two devices is too small" "small.img.*no device was written" -- -d "$blank" -d "$small" create
expect_failure "a fourth device" "4 devices given" -- -d "$good" -d "$blank" -d "$full" -d "$small" list
expect_failure "node name over 63 characters" "is 64 bytes long" -- -d "$good" allocate "$(printf 'n%.0s' $(seq 64))"
expect_failure "empty node name" "node name is empty" -- -d "$good" allocate ""
expect_failure "allocating a 256th node" "all 255 slots are in use" -- -d "$full" allocate node256
grep -q "No more free slots." "$work/err" || { echo "FAIL 'No more free slots.' missing"; failures=$((failures + 1)); }
expect_failure "unknown message type" "unknown message type \"bogus\"" -- -d "$good" message node1 bogus
expect_failure "message to a node without slot" "no slot for node nodeX.*nothing was written" -- -d "$good" message nodeX test
expect_failure "message when only 1 of 2 devices has the slot" "needs 2 of 2.*blank.img" -- -d "$good" -d "$blank" message node1 test
expect_failure "malformed -1 abc" 'invalid value "abc" for option -1' -- -1 abc -d "$blank" create
expect_failure "malformed -1 -5" 'invalid value "-5" for option -1' -- -1 -5 -d "$blank" create
expect_failure "-I 0: no time for any I/O" "did not complete a read within 0 s" -- -I 0 -d "$good" dump
expect_failure "hexadecimal -2 0x10" 'invalid value "0x10" for option -2' -- -2 0x10 -d "$blank" create
expect_failure "-1 2147483647, one above what sbd takes" 'invalid value "2147483647" for option -1' -- -1 2147483647 -d "$blank" create
expect_failure "unknown option" "unknown option -x" -- -x -d "$good" list
expect_failure "no command" "no command given" -- -d "$good"
expect_failure "unknown command" "unknown command \"frob\"" -- -d "$good" frob
expect_failure "no devices anywhere" "no devices given" -- list

printf 'SBD_DEVICE="%s\n' "$good" >"$SBD_CONFIG"
expect_failure "malformed configuration file" "$SBD_CONFIG:1:" -- list
printf 'SBD_DEVICE=%s\n' "$good" >"$SBD_CONFIG"
expect_success "devices from the configuration file" -- list
grep -q "node1" "$work/out" || { echo "FAIL list via SBD_CONFIG printed nothing"; failures=$((failures + 1)); }
SBD_DEVICE="$blank" expect_failure "environment beats the file" "blank.img" -- list
chmod 666 "$SBD_CONFIG"
expect_success "world-writable configuration: management still works" -- list
grep -q "writable by users other than root" "$work/err" || { echo "FAIL no warning about a world-writable file"; failures=$((failures + 1)); }
expect_failure "world-writable configuration: watch refuses" "refusing to start.*writable by users other than root" -- watch
chmod 644 "$SBD_CONFIG"
# Values echoed in messages are bounded and escaped: a 1 MiB value in the
# file, and escape sequences on the command line, never reach stderr raw.
{ printf 'SBD_PACEMAKER='; head -c 1048576 /dev/zero | tr '\0' x; printf '\nSBD_DEVICE=%s\n' "$good"; } >"$SBD_CONFIG"
expect_success "a 1 MiB value in the configuration file" -- list
if [ "$(wc -c <"$work/err")" -gt 1000 ] || ! grep -q 'SBD_PACEMAKER.*"xxxx.*(1048496 more characters)' "$work/err"; then
    echo "FAIL the 1 MiB value is not cut short on stderr ($(wc -c <"$work/err") bytes)"; failures=$((failures + 1))
fi
printf 'SBD_DEVICE=%s\n' "$good" >"$SBD_CONFIG"
expect_failure "escape sequences in a rejected value" 'invalid value "5\\x1b\[2J' -- -1 $'5\e[2J' -d "$good" create
if grep -q $'\e' "$work/err"; then echo "FAIL an escape byte reached stderr"; failures=$((failures + 1)); fi
expect_failure "a control character as an option" 'unknown option -\\x07' -- $'-\a' -d "$good" list
export SBD_CONFIG=$work/missing.conf
expect_failure "SBD_CONFIG naming a missing file" "cannot read configuration file .*missing.conf" -- list
export SBD_CONFIG=$work/none

# Header fields at their extremes, for every command that reads a header: no
# value may crash sbd (exit 128+), each answer is 0 or a failure that names the
# device. Base: allocate timeout 0, so that allocate does not wait.
extreme=$work/extreme.img
truncate -s 1M "$extreme"
put_u32() { # IMAGE OFFSET VALUE: a big-endian u32 into the header
    perl -e 'print pack("N", $ARGV[0])' "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
for field in sector_size:12 timeout_watchdog:16 timeout_allocate:20 timeout_loop:24 timeout_msgwait:28; do
    for value in 0 1 2147483647 4294967295; do
        run -d "$extreme" -1 1 -2 0 -3 1 -4 1 create || { echo "FAIL setup of $extreme"; failures=$((failures + 1)); }
        put_u32 "$extreme" "${field#*:}" "$value"
        for command in dump list "allocate node1" "message node1 test" "message nodeX test"; do
            # A huge msgwait is a wait of that many seconds, as with sbd 1.5: not tried here.
            [ "$command" = "message node1 test" ] && [ "${field%:*}" = timeout_msgwait ] && [ "$value" -gt 1 ] && continue
            # shellcheck disable=SC2086
            timeout 20 "$sandbox" --hostname node1 "$sbd" -d "$extreme" $command >"$work/out" 2>"$work/err"
            rc=$?
            if [ $rc -gt 1 ]; then
                echo "FAIL header ${field%:*}=$value, $command: exit code $rc"; sed 's/^/  stderr: /' "$work/err"
                failures=$((failures + 1))
            elif [ $rc = 1 ] && ! grep -q "$extreme" "$work/err"; then
                echo "FAIL header ${field%:*}=$value, $command: the error does not name the device"
                failures=$((failures + 1))
            fi
        done
    done
done
echo "ok   header fields at 0, 1, 2^31-1 and 2^32-1 with dump, list, allocate and message"
put_u32 "$extreme" 20 2147483647
expect_failure "allocate with a header allocate timeout of 2^31-1" \
    "extreme.img: header field 'timeout_allocate' is 2147483647 s" -- -d "$extreme" allocate node2

chmod 755 "$work"
if command -v setpriv >/dev/null; then
    before=$(md5sum <"$good")
    "$sandbox" setpriv --reuid=65534 --regid=65534 --clear-groups "$sbd" -d "$good" list >"$work/out" 2>"$work/err"
    rc=$?
    if [ $rc -eq 1 ] && grep -q "must be run as root" "$work/err"; then echo "ok   not root"; else
        echo "FAIL not root: rc=$rc"; cat "$work/err"; failures=$((failures + 1)); fi
fi

if [ $failures -gt 0 ]; then echo "$failures case(s) failed"; exit 1; fi
echo "all bad-input cases passed"
