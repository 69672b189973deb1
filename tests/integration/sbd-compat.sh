#!/bin/bash
# Differential test against Debian's sbd 1.5.2 (the oracle that scripts/setup
# unpacks into .cache/oracle). Every step runs once with Debian's sbd and once
# with ours, each on its own copy of the same devices, and compares exit
# codes, stdout (device paths, create's descriptor numbers and UUIDs
# normalised), the meaningful lines of Debian's stderr, and the device images
# byte for byte (apart from the random UUID after a create).
# Devices: loop devices with 512- and 4096-byte sectors, and plain files
# (Debian's sbd refuses regular files, so it reaches those through a loop
# device over the same file while ours opens the file itself).
# Both directions: devices created by Debian's sbd are used by ours and by
# Debian's; devices created by ours likewise.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
ours_bin=${SBD_BIN:-$root/.build/debug}/sbd
oracle=${SBD_ORACLE:-${SBD_ORACLE_DIR:-$root/.cache/oracle}/root/usr/sbin/sbd}
sandbox=$root/../shared/tools/sandbox
[ -x "$oracle" ] || { echo "FAIL: Debian's sbd not found at $oracle (run make setup)"; exit 1; }
[ -x "$ours_bin" ] || { echo "FAIL: our sbd not found at $ours_bin"; exit 1; }
work=$(mktemp -d -p /var/tmp sbd-compat.XXXXXX)
W=$work     # the running job's folder (see job below)
loops=()
cleanup() {
    local jobs
    jobs=$(jobs -p)
    [ -z "$jobs" ] || { kill $jobs 2>/dev/null; wait; }
    # Every loop device over a file of ours, whichever job attached it.
    losetup -l -n -O NAME,BACK-FILE | awk -v w="$work/" 'index($2, w) == 1 { print $1 }' \
        | while read -r l; do losetup -d "$l"; done
    rm -rf "$work"
}
trap cleanup EXIT
export SBD_CONFIG=/dev/null   # ours reads no /etc/default/sbd (Debian's never reads it)
unset SBD_DEVICE
failures=0
checks=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# ---- devices ---------------------------------------------------------------
# An arena is two sets of N images of one kind: side "deb" (driven by Debian's
# sbd) and side "ours". DEB_PATHS/OURS_PATHS hold what each tool is given;
# IMG_deb/IMG_ours the backing files. On the file kind, ours opens the file,
# Debian's sbd the loop device over it.
KIND=
declare -a IMG_deb IMG_ours DEB_PATHS OURS_PATHS
declare -A LOOP_OF

attach() { # IMG: a loop device over IMG, with the arena's sector size
    local ss=512 l
    [ "$KIND" = loop4k ] && ss=4096
    l=$(losetup -f --show --sector-size "$ss" "$1") || { echo "FAIL: losetup $1"; exit 1; }
    loops+=("$l")
    LOOP_OF[$1]=$l
}

detach_all() {
    for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null; done
    loops=()
    LOOP_OF=()
    rm -f "$W"/*.img
}

# Bytes that are neither zero nor sbd's: create must overwrite exactly the same
# sectors with both tools, and leave the rest alone.
fill() { yes 'sbd-compat fill pattern' | head -c 4M >"$1"; }

# arena KIND N: fresh pattern-filled images, loop devices over them.
arena() {
    detach_all
    KIND=$1
    local n=$2 i side img
    IMG_deb=() IMG_ours=() DEB_PATHS=() OURS_PATHS=()
    for ((i = 1; i <= n; i++)); do
        for side in deb ours; do
            img=$W/$side$i.img
            fill "$img"
            attach "$img"
            if [ $side = deb ]; then IMG_deb+=("$img"); else IMG_ours+=("$img"); fi
        done
    done
    set_paths
}

set_paths() {
    local img
    DEB_PATHS=() OURS_PATHS=()
    for img in "${IMG_deb[@]}"; do DEB_PATHS+=("${LOOP_OF[$img]}"); done
    for img in "${IMG_ours[@]}"; do
        if [ "$KIND" = file ]; then OURS_PATHS+=("$img"); else OURS_PATHS+=("${LOOP_OF[$img]}"); fi
    done
}

# The path a tool uses for an image of the deb side.
path_for() { # TOOL IMG
    if [ "$1" = ours ] && [ "$KIND" = file ]; then echo "$2"; else echo "${LOOP_OF[$2]}"; fi
}

# Makes the ours side a copy of the deb side (after the deb side was created).
copy_deb_to_ours() {
    local i
    for i in "${!IMG_deb[@]}"; do cp "${IMG_deb[$i]}" "${IMG_ours[$i]}"; done
}

# ---- running both ----------------------------------------------------------
# run TOOL TAG ARGS...: ARGS may contain the word DEVS, replaced by -d PATH for
# every device of TOOL's side. Output in $W/TAG.{out,err,rc}.
run() {
    local tool=$1 tag=$2 bin a p
    shift 2
    local -a args=() paths
    if [ "$tool" = deb ]; then bin=$oracle paths=("${DEB_PATHS[@]}"); else bin=$ours_bin paths=("${OURS_PATHS[@]}"); fi
    for a in "$@"; do
        if [ "$a" = DEVS ]; then for p in "${paths[@]}"; do args+=(-d "$p"); done; else args+=("$a"); fi
    done
    "$sandbox" --hostname node1 "$bin" "${args[@]}" >"$W/$tag.out" 2>"$W/$tag.err"
    echo $? >"$W/$tag.rc"
}

# norm TOOL FILE: device paths become DEV1..DEVn, create's descriptor numbers
# FD and UUIDs U, so that the two tools' outputs compare.
norm() {
    local tool=$1 file=$2
    local -a paths
    if [ "$tool" = deb ]; then paths=("${DEB_PATHS[@]}"); else paths=("${OURS_PATHS[@]}"); fi
    PATHS="${paths[*]}" perl -pe '
        BEGIN { @p = split / /, $ENV{PATHS} }
        for my $i (0 .. $#p) { my $d = "DEV" . ($i + 1); s/\Q$p[$i]\E(?!\d)/$d/g }
        s/ on device \d+/ on device FD/;
        s/\(uuid: [0-9a-f-]+\)/(uuid: U)/;
        s/^UUID(\s+): .*/UUID$1: U/;
    ' "$file"
}

# compare NAME MODE: exit codes, stdout, Debian's meaningful stderr lines,
# and the images (MODE uuid: except header bytes 33..48, the UUID; see both).
compare() {
    local name=$1 mode=${2:-exact} ok=1 line i
    checks=$((checks + 1))
    local drc orc
    drc=$(cat "$W/deb.rc") orc=$(cat "$W/ours.rc")
    if [ "$drc" != "$orc" ]; then
        fail "$name: exit code $orc, Debian's sbd $drc"; ok=0
    fi
    # "partial": Debian's allocate claims slots device by device until one
    # fails; ours checks every device first and claims none then (intentional):
    # only Debian's lines for the device that failed are expected.
    local keep='{ print }'
    [ "$mode" = partial ] && keep='/^Trying to allocate/ { n = 0 } { line[n++] = $0 } END { for (i = 0; i < n; i++) print line[i] }'
    if ! diff <(norm deb "$W/deb.out" | awk "$keep") <(norm ours "$W/ours.out") >"$W/diff"; then
        fail "$name: stdout differs (< Debian, > ours):"; sed 's/^/    /' "$W/diff"; ok=0
    fi
    # Debian's stderr carries client markers (NOT dumped, unreadable!, No more
    # free slots.) and its closing line; ours must print each of them too,
    # the closing line last, after its own explicit message.
    norm ours "$W/ours.err" >"$W/ours.err.n"
    if [ "$(tail -n 1 "$W/deb.err")" != "$(tail -n 1 "$W/ours.err.n")" ]; then
        fail "$name: last stderr line '$(tail -n 1 "$W/ours.err.n")', Debian's '$(tail -n 1 "$W/deb.err")'"; ok=0
    fi
    while IFS= read -r line; do
        grep -qxF -- "$line" "$W/ours.err.n" || { fail "$name: ours does not print '$line' on stderr"; ok=0; }
    done < <(norm deb "$W/deb.err")
    if [ "$orc" != 0 ] && ! grep -q '^sbd: ' "$W/ours.err"; then
        fail "$name: ours failed without saying why on stderr"; ok=0
    fi
    for i in "${!IMG_deb[@]}"; do
        if [ "$mode" = unchanged ] || [ "$mode" = partial ]; then
            cmp -s "${IMG_ours[$i]}" "$W/before$i.img" || { fail "$name: ours changed device $((i + 1))"; ok=0; }
        elif [ "$mode" = uuid ]; then
            # cmp -l counts from 1: the UUID is bytes 34..49.
            if cmp -l "${IMG_deb[$i]}" "${IMG_ours[$i]}" | awk '$1 < 34 || $1 > 49 { bad = 1 } END { exit !bad }'; then
                fail "$name: device $((i + 1)) differs outside the UUID:"
                cmp -l "${IMG_deb[$i]}" "${IMG_ours[$i]}" | awk '$1 < 34 || $1 > 49' | head -5 | sed 's/^/    /'
                ok=0
            fi
        elif ! cmp -s "${IMG_deb[$i]}" "${IMG_ours[$i]}"; then
            fail "$name: device $((i + 1)) differs:"
            cmp -l "${IMG_deb[$i]}" "${IMG_ours[$i]}" | head -5 | sed 's/^/    /'
            ok=0
        fi
    done
    [ $ok = 0 ] || echo "ok   $name"
}

# both NAME [uuid|unchanged|partial] -- ARGS: the same command by both tools,
# at once, compared. "unchanged" and "partial": ours must leave its devices as
# they were, and Debian's are then reset to ours (see the majority cases).
both() {
    local name=$1 mode=exact i
    shift
    case $1 in uuid | unchanged | partial) mode=$1; shift ;; esac
    [ "$1" = -- ] && shift
    if [ $mode = unchanged ] || [ $mode = partial ]; then
        for i in "${!IMG_ours[@]}"; do cp "${IMG_ours[$i]}" "$W/before$i.img"; done
    fi
    run deb deb "$@" &
    run ours ours "$@" &
    wait
    compare "$name" "$mode"
    if [ $mode = unchanged ] || [ $mode = partial ]; then
        for i in "${!IMG_ours[@]}"; do cp "${IMG_ours[$i]}" "${IMG_deb[$i]}"; done
    fi
}

# ---- create ----------------------------------------------------------------
# Each tool creates on pattern-filled devices; images must match apart from
# the UUID, and each tool must dump the other's devices as the creator does.
create_case() { # KIND N ARGS...
    local kind=$1 n=$2
    shift 2
    arena "$kind" "$n"
    both "$kind x$n: create $*" uuid -- "$@" DEVS create
    # Swap the sides' devices: each tool now reads what the other wrote.
    local -a d=("${DEB_PATHS[@]}") o=("${OURS_PATHS[@]}")
    local i
    for i in "${!IMG_deb[@]}"; do
        DEB_PATHS[$i]=${LOOP_OF[${IMG_ours[$i]}]}
        OURS_PATHS[$i]=$(path_for ours "${IMG_deb[$i]}")
    done
    run deb deb DEVS dump & run ours ours DEVS dump & wait
    run deb deb.list DEVS list & run ours ours.list DEVS list & wait
    # Both dumps show the same header, apart from the UUIDs.
    for f in out list.out; do
        if ! diff <(norm deb "$W/deb.$f") <(norm ours "$W/ours.$f") >"$W/diff"; then
            fail "$kind x$n: create $*: dump/list of the other tool's devices differ:"; sed 's/^/    /' "$W/diff"
        fi
    done
    [ "$(cat "$W/deb.rc")$(cat "$W/ours.rc")" = 00 ] || fail "$kind x$n: create $*: cross dump failed"
    DEB_PATHS=("${d[@]}") OURS_PATHS=("${o[@]}")
}

creates() { # KIND: create with various timeouts, and on several devices
    local kind=$1
    create_case $kind 1
    create_case $kind 1 -1 7 -4 14
    create_case $kind 1 -2 9 -3 4
    create_case $kind 1 -1 3 -2 1 -3 1 -4 6
    create_case $kind 1 -4 20
    case $kind in
        loop512) create_case loop512 2 -1 10 -4 20 ;;
        loop4k) create_case loop4k 3 ;;
        file) create_case file 3 -3 2 ;;
    esac
}

create_differences() {
    # Intentional: with -1 N alone ours writes msgwait = 2N (DESIGN.md §3), where
    # Debian's sbd 1.5.2 keeps msgwait at 10 whatever the watchdog timeout.
    arena loop512 1
    run deb deb -1 7 DEVS create & run ours ours -1 7 DEVS create & wait
    checks=$((checks + 1))
    if [ "$(cat "$W/deb.rc")$(cat "$W/ours.rc")" = 00 ] \
        && cmp -l "${IMG_deb[0]}" "${IMG_ours[0]}" | awk '($1 < 29 || $1 > 32) && ($1 < 34 || $1 > 49) { bad = 1 } END { exit bad }' \
        && od -An -tu1 -j28 -N4 "${IMG_deb[0]}" | grep -qx ' *0 *0 *0 *10' \
        && od -An -tu1 -j28 -N4 "${IMG_ours[0]}" | grep -qx ' *0 *0 *0 *14'; then
        echo "ok   create -1 7: msgwait 14 in ours, 10 in Debian's (intentional), all else equal"
    else
        fail "create -1 7: expected msgwait 14 (ours) and 10 (Debian's), the rest equal"
    fi
    # A msgwait shorter than the watchdog timeout, and zero timeouts, are
    # written as given by both (ours warns): see option_table.
}

# ---- every other command, both directions -----------------------------------
# Small timeouts keep the allocate and message waits short (1 s each).
small=(-1 1 -2 1 -3 1 -4 1)

prepare() { # KIND N CREATOR: devices created by CREATOR's sbd, copied to both sides
    local kind=$1 n=$2 creator=$3 i
    arena "$kind" "$n"
    local -a paths=()
    for i in "${!IMG_deb[@]}"; do paths+=(-d "$(path_for "$creator" "${IMG_deb[$i]}")"); done
    local bin=$oracle
    [ "$creator" = ours ] && bin=$ours_bin
    "$sandbox" --hostname node1 "$bin" "${small[@]}" "${paths[@]}" create >/dev/null 2>"$W/create.err" \
        || { fail "$kind x$n: create by $creator failed"; cat "$W/create.err"; return 1; }
    copy_deb_to_ours
}

full_round() { # KIND CREATOR: every command on one device
    local kind=$1 creator=$2 t="$1 x1, created by $2:"
    prepare "$kind" 1 "$creator" || return
    both "$t dump" -- DEVS dump
    both "$t list of an empty device" -- DEVS list
    both "$t allocate node1" -- DEVS allocate node1
    both "$t allocate node2" -- DEVS allocate node2
    both "$t allocate node1 again" -- DEVS allocate node1
    both "$t list" -- DEVS list
    for m in test reset off crashdump exit clear; do
        both "$t message node1 $m" -- DEVS message node1 $m
        both "$t list after $m" -- DEVS list
    done
    both "$t message LOCAL reset (node1)" -- DEVS message LOCAL reset
    both "$t message node2 off" -- DEVS message node2 off
    both "$t list" -- DEVS list
    both "$t message to a node without slot" -- DEVS message nodeX test
    both "$t unknown message type" -- DEVS message node1 bogus
    both "$t message without type" -- DEVS message node1
    # allocate without a node name: Debian's sbd prints "Trying to allocate
    # slot for (null)"; ours only says what is missing (intentional).
    # fence_sbd appends a literal "None" to list and dump.
    both "$t list None" -- DEVS list None
    both "$t dump None" -- DEVS dump None
    both "$t dump at the end" -- DEVS dump
}

multi_round() { # KIND N CREATOR: the main commands on N devices
    local kind=$1 n=$2 creator=$3 t="$1 x$2, created by $3:"
    prepare "$kind" "$n" "$creator" || return
    both "$t dump" -- DEVS dump
    both "$t allocate node1" -- DEVS allocate node1
    both "$t allocate node2" -- -n node2 DEVS allocate node2
    both "$t list" -- DEVS list
    both "$t message node2 reset" -- DEVS message node2 reset
    both "$t message node1 crashdump" -- DEVS message node1 crashdump
    both "$t list" -- DEVS list
    both "$t message node2 clear" -- DEVS message node2 clear
    both "$t message to a node without slot" -- DEVS message nodeX test
    both "$t list" -- DEVS list
}

# ---- errors ------------------------------------------------------------------
# A device that does not exist, one without an sbd header (all zeros), and a
# device whose 255 slots are all taken.
errors() {
    local i kind ss
    arena loop512 1
    DEB_PATHS=("$missing") OURS_PATHS=("$missing")
    both "missing device: dump" -- DEVS dump
    both "missing device: list" -- DEVS list
    both "missing device: allocate" -- DEVS allocate node1
    both "missing device: message" -- DEVS message node1 test

    arena loop512 1
    for i in "${!IMG_deb[@]}"; do head -c 4M /dev/zero | tee "${IMG_deb[$i]}" >"${IMG_ours[$i]}"; done
    both "device without header: dump" -- DEVS dump
    both "device without header: list" -- DEVS list
    both "device without header: allocate" -- DEVS allocate node1
    both "device without header: message" -- DEVS message node1 test

    # All 255 slots taken, written directly: 255 allocates would take 255 s.
    for kind in loop512 loop4k; do
        prepare $kind 1 deb || continue
        ss=512
        [ $kind = loop4k ] && ss=4096
        for i in $(seq 0 254); do
            printf '\001node%d' "$i" | dd of="${IMG_deb[0]}" bs=$ss seek=$((1 + 2 * i)) conv=notrunc status=none
        done
        copy_deb_to_ours
        both "$kind: list of a full device" -- DEVS list
        both "$kind: allocate on a full device" -- DEVS allocate node255
        both "$kind: message to slot 254" -- DEVS message node254 reset
    done
}

# Majorities: 3 devices with one missing still deliver (2 of 3); with two
# missing, or 1 of 2, the message fails. Intentional: Debian's sbd then still
# writes it to the devices it reached; ours writes nothing unless a majority
# can take it (a failed fencing request must not half-happen).
majorities() {
    prepare loop512 3 ours || return
    both "3 devices: allocate node1" -- DEVS allocate node1
    DEB_PATHS[1]=$missing OURS_PATHS[1]=$missing
    both "3 devices, #2 missing: list" -- DEVS list
    both "3 devices, #2 missing: dump" -- DEVS dump
    both "3 devices, #2 missing: message reset" -- DEVS message node1 reset
    both "3 devices, #2 missing: allocate node2" partial -- DEVS allocate node2
    DEB_PATHS[2]=$missing OURS_PATHS[2]=$missing
    both "3 devices, #2 and #3 missing: message off, nothing written by ours" unchanged -- DEVS message node1 off
    both "3 devices, #2 and #3 missing: allocate node2, nothing written by ours" partial -- DEVS allocate node2
    prepare loop512 2 deb || return
    both "2 devices: allocate node1" -- DEVS allocate node1
    DEB_PATHS[0]=$missing OURS_PATHS[0]=$missing
    both "2 devices, #1 missing: message reset, nothing written by ours" unchanged -- DEVS message node1 reset
    both "2 devices, #1 missing: allocate node2" partial -- DEVS allocate node2
    # Intentional: ours checks every device before create writes any.
    arena loop512 2
    DEB_PATHS[1]=$missing OURS_PATHS[1]=$missing
    run deb deb DEVS create & run ours ours DEVS create & wait
    checks=$((checks + 1))
    if [ "$(cat "$W/deb.rc")" = 1 ] && [ "$(cat "$W/ours.rc")" = 1 ] && [ ! -s "$W/ours.out" ] \
        && grep -q "^sbd: .*$missing.*no device was written" "$W/ours.err" && cmp -s "${IMG_ours[0]}" <(fill /dev/stdout); then
        echo "ok   create with #2 missing: ours writes no device (intentional); Debian's initialises #1"
    else
        fail "create with #2 missing: expected ours to fail before writing"; cat "$W/ours.out" "$W/ours.err"
    fi
}

# ---- the table: one case a line ------------------------------------------------
# Each line is MODE ARGS: both tools run ARGS (shell words, DEVS as above) on
# their own copy of the same devices, in the order of the lines, and must agree
# on the exit code, stdout, the last line of stderr and the device bytes
# (MODE: exact; uuid after a create; help: the exit code only, as the two
# helps differ). Debian's sbd ends a usage error with its usage text instead of
# its closing line; ours ends every failure with that closing line. Where
# Debian's succeeds silently, ours may log or warn ("sbd: " lines) on stderr.
table_case() { # MODE ARGS...
    local mode=$1 name="table: ${*:2}" dlast olast ok=1 i
    shift
    checks=$((checks + 1))
    run deb deb "$@" & run ours ours "$@" & wait
    local drc orc
    drc=$(cat "$W/deb.rc") orc=$(cat "$W/ours.rc")
    [ "$drc" = "$orc" ] || { fail "$name: exit code $orc, Debian's sbd $drc"; ok=0; }
    if [ "$mode" != help ]; then
        if ! diff <(norm deb "$W/deb.out") <(norm ours "$W/ours.out") >"$W/diff"; then
            fail "$name: stdout differs (< Debian, > ours):"; sed 's/^/    /' "$W/diff"; ok=0
        fi
        dlast=$(norm deb "$W/deb.err" | tail -n 1) olast=$(norm ours "$W/ours.err" | tail -n 1)
        case $dlast in *"in case your watchdog is working properly!") dlast="sbd failed; please check the logs." ;; esac
        if [ "$drc" = 0 ] && [ -z "$dlast" ]; then
            # Success: ours may warn (unsafe timeouts) or log (-v) where Debian's is silent.
            if grep -qv '^sbd: ' "$W/ours.err"; then
                fail "$name: ours printed more than log lines on stderr:"; sed 's/^/    ours: /' "$W/ours.err"; ok=0
            fi
        elif [ "$dlast" != "$olast" ]; then
            fail "$name: last stderr line '$olast', Debian's sbd '$dlast'"; sed 's/^/    ours: /' "$W/ours.err"; ok=0
        fi
        for i in "${!IMG_deb[@]}"; do
            if [ "$mode" = uuid ]; then
                if cmp -l "${IMG_deb[$i]}" "${IMG_ours[$i]}" | awk '$1 < 34 || $1 > 49 { bad = 1 } END { exit !bad }'; then
                    fail "$name: device $((i + 1)) differs outside the UUID"; ok=0
                fi
            elif ! cmp -s "${IMG_deb[$i]}" "${IMG_ours[$i]}"; then
                fail "$name: device $((i + 1)) differs:"
                cmp -l "${IMG_deb[$i]}" "${IMG_ours[$i]}" | head -5 | sed 's/^/    /'; ok=0
            fi
        done
    fi
    [ $ok = 0 ] || echo "ok   $name"
}

table() { # the lines on stdin, run on one device created by Debian's sbd
    local mode args
    prepare loop512 1 deb || return
    while read -r mode args; do
        case $mode in '' | '#'*) continue ;; esac
        eval "set -- $args"
        table_case "$mode" "$@"
        # Same UUID on both sides from here on, so later lines compare exactly.
        [ "$mode" != uuid ] || copy_deb_to_ours
    done
}

# Option values as Debian's sbd reads them: zero, signs, octal-looking and hex
# forms, blanks, garbage, overflow, repetition, options after the command.
# Not here: -I 0, which Debian's takes as "wait 0 s for each I/O", so that its
# reads fail or not by a race; ours fails them all (see sbd-bad-input.sh).
option_table() {
    table <<'EOF'
uuid  -2 0 DEVS create
exact DEVS dump
exact DEVS allocate node1
uuid  -1 +7 -4 010 -2 " 3" -3 -0 DEVS create
exact DEVS dump
uuid  -1 10 -4 5 DEVS create
uuid  -1 0 -4 0 DEVS create
uuid  -1 2147483646 -2 2147483646 -3 2147483646 -4 2147483646 DEVS create
exact DEVS dump
# (no allocate or message below while the header holds 2^31-2 s waits)
exact -1 2147483647 DEVS create
exact -4 99999999999999999999 DEVS create
exact -1 0x10 DEVS create
exact -1 -1 DEVS create
exact -2 "5 " DEVS create
exact -3 5s DEVS create
exact -4 "" DEVS create
exact -4 " " DEVS create
exact -S 2 DEVS dump
exact -S -1 DEVS dump
exact -S 1x DEVS dump
exact -t " 0012" -F $'\t3' -5 +0 -C 0 -s 0 DEVS dump
exact -I 2147483646 DEVS dump
exact -I 2147483647 DEVS dump
exact -r bogus DEVS dump
exact -r reboot,off DEVS dump
exact -r "reboot x" DEVS dump
exact -r "  noflush" DEVS list
exact -r Reboot DEVS dump
exact -r flush,reboot,off DEVS dump
exact -r ,reboot DEVS dump
exact DEVS DEVS DEVS DEVS dump
exact -W -W -W -P -P -P -Z -Z -Z -Z -v -v -v -v -R -T DEVS dump
exact DEVS dump -v
exact DEVS -- dump -v
exact DEVS dump --
exact -n "" DEVS dump
exact -n " " DEVS dump
exact -w "" DEVS dump
exact -p "" DEVS dump
exact -d "" dump
exact -n nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn DEVS dump
exact -n nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn DEVS list
exact DEVS -1
exact DEVS -x dump
exact DEVS frob
exact DEVS
uuid  -1 1 -2 0 -4 1 DEVS create
exact -c -z -D DEVS dump
exact -cc -zz -DD DEVS list
exact DEVS -c allocate node2
exact -z DEVS message node2 test
help  -h DEVS dump
help  -h -x
help  -x -h
EOF
}

# ---- jobs ----------------------------------------------------------------------
# Most of the time is spent in allocate's and message's waits: independent
# groups run side by side, each in its own folder with its own devices.
missing=$work/no-such-device
# SBD_COMPAT_ONLY="options errors" runs only those jobs (while developing).
selected() { [ -z "${SBD_COMPAT_ONLY:-}" ] || [[ " $SBD_COMPAT_ONLY " == *" $1 "* ]]; }
job() { # NAME COMMAND...
    local name=$1
    shift
    selected "$name" || return 0
    mkdir -p "$work/$name"
    (
        W=$work/$name loops=() failures=0 checks=0
        trap detach_all EXIT
        "$@"
        echo "$failures $checks" >"$W/result"
    ) >"$work/$name.log" 2>&1 &
}
rounds() { # KIND: every command on one device, both directions, then N devices
    local kind=$1
    creates "$kind"
    full_round "$kind" deb
    full_round "$kind" ours
    case $kind in
        loop512) multi_round loop512 2 deb; multi_round loop512 3 ours ;;
        loop4k) multi_round loop4k 2 ours ;;
        file) multi_round file 3 deb ;;
    esac
}
job loop512 rounds loop512
job loop4k rounds loop4k
job file rounds file
job errors errors
job differences create_differences
job majorities majorities
job options option_table
wait

total_failures=0 total_checks=0
for name in loop512 loop4k file errors differences majorities options; do
    selected "$name" || continue
    echo "--- $name"
    cat "$work/$name.log"
    if [ -s "$work/$name/result" ]; then
        read -r f c <"$work/$name/result"
        total_failures=$((total_failures + f)) total_checks=$((total_checks + c))
    else
        echo "FAIL job $name did not finish"
        total_failures=$((total_failures + 1))
    fi
done
if [ $total_failures -gt 0 ]; then echo "$total_failures of $total_checks comparisons failed"; exit 1; fi
echo "all $total_checks comparisons with Debian's sbd 1.5.2 passed"
