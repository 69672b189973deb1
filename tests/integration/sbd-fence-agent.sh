#!/bin/bash
# fence_sbd (Debian's fence-agents) driving our sbd through --sbd-path, side by
# side with the same agent driving Debian's sbd 1.5.2 on a copy of the same
# loop devices: every action must print the same and exit the same, leave the
# devices byte for byte alike, and the mailboxes as the action implies, as
# both our `sbd list` and Debian's read them. fence_sbd runs in the sandbox:
# it sends reset/off messages, and nothing here may reach a real reboot.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
ours_bin=${SBD_BIN:-$root/.build/debug}/sbd
oracle=${SBD_ORACLE:-${SBD_ORACLE_DIR:-$root/.cache/oracle}/root/usr/sbin/sbd}
sandbox=$root/../shared/tools/sandbox
agent=/usr/sbin/fence_sbd
for f in "$oracle" "$ours_bin" "$agent"; do
    [ -x "$f" ] || { echo "FAIL: $f missing (run make setup and build)"; exit 1; }
done
work=$(mktemp -d -p /var/tmp sbd-fence.XXXXXX)
loops=()
cleanup() {
    for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
export SBD_CONFIG=/dev/null
unset SBD_DEVICE
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# Two sets of N loop devices: "ours" (driven through our sbd) and "deb".
declare -a IMG_ours IMG_deb DEV_ours DEV_deb
setup_devices() { # N
    local i side img l n
    for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null; done
    loops=() IMG_ours=() IMG_deb=() DEV_ours=() DEV_deb=()
    rm -f "$work"/*.img
    for ((i = 1; i <= $1; i++)); do
        for side in ours deb; do
            img=$work/$side$i.img
            truncate -s 4M "$img"
            l=$(losetup -f --show "$img") || { echo "FAIL: losetup"; exit 1; }
            loops+=("$l")
            if [ $side = ours ]; then IMG_ours+=("$img") DEV_ours+=("$l"); else IMG_deb+=("$img") DEV_deb+=("$l"); fi
        done
    done
    # Created and allocated by ours (sbd-compat.sh covers the other direction),
    # with a msgwait of 1 s so that every message returns quickly.
    local -a d=()
    for l in "${DEV_ours[@]}"; do d+=(-d "$l"); done
    "$sandbox" --hostname node1 "$ours_bin" -1 1 -2 1 -3 1 -4 1 "${d[@]}" create >/dev/null 2>&1 \
        && for n in node1 node2 node3; do "$sandbox" "$ours_bin" "${d[@]}" allocate $n >/dev/null || return 1; done \
        || { fail "cannot set up $1 device(s)"; return 1; }
    for i in "${!IMG_ours[@]}"; do cp "${IMG_ours[$i]}" "${IMG_deb[$i]}"; done
    declare -gA STATE=([node1]=$'clear\t' [node2]=$'clear\t' [node3]=$'clear\t')
}

# agent TOOL ARGS...: fence_sbd on TOOL's devices; DEVICES in ARGS becomes
# --devices=LIST. Output in $work/TOOL.{out,err,rc}.
agent() {
    local tool=$1 bin=$ours_bin a
    shift
    local -a devs=("${DEV_ours[@]}") args=()
    [ "$tool" = deb ] && bin=$oracle devs=("${DEV_deb[@]}")
    for a in "$@"; do
        case $a in
            DEVICES) args+=("--devices=$(IFS=,; echo "${devs[*]}")") ;;
            # The second of three is missing: 2 of 3 still make a majority.
            DEVICES-2-MISSING) args+=("--devices=${devs[0]},$work/missing,${devs[2]}") ;;
            *) args+=("$a") ;;
        esac
    done
    "$sandbox" --hostname node1 "$agent" --sbd-path="$bin" "${args[@]}" >"$work/$tool.out" 2>"$work/$tool.err"
    echo $? >"$work/$tool.rc"
}

# action NAME EXPECTED_RC EXPECTED_STDOUT -- ARGS: both at once, compared.
action() {
    local name=$1 want_rc=$2 want_out=$3 ok=1 i
    shift 4
    agent ours "$@" &
    agent deb "$@" &
    wait
    local orc drc
    orc=$(cat "$work/ours.rc") drc=$(cat "$work/deb.rc")
    [ "$orc" = "$drc" ] || { fail "$name: fence_sbd exit code $orc with ours, $drc with Debian's sbd"; ok=0; }
    [ "$orc" = "$want_rc" ] || { fail "$name: exit code $orc, expected $want_rc"; ok=0; }
    if ! diff "$work/deb.out" "$work/ours.out" >"$work/diff"; then
        fail "$name: output differs (< Debian's sbd, > ours):"; sed 's/^/    /' "$work/diff"; ok=0
    fi
    if [ -n "$want_out" ] && ! grep -qxF -- "$want_out" "$work/ours.out"; then
        fail "$name: no line '$want_out' in:"; sed 's/^/    /' "$work/ours.out" "$work/ours.err"; ok=0
    fi
    for i in "${!IMG_ours[@]}"; do
        cmp -s "${IMG_ours[$i]}" "${IMG_deb[$i]}" || { fail "$name: device $((i + 1)) differs from Debian's"; ok=0; }
    done
    check_lists "$name" || ok=0
    [ $ok = 0 ] || echo "ok   $name"
}

# Each device (but the one indexed by SKIP), read by our sbd and by Debian's,
# holds the mailboxes of STATE.
check_lists() {
    local name=$1 want="" i n l tool bin
    for i in 1 2 3; do want+="$((i - 1))"$'\t'"node$i"$'\t'"${STATE[node$i]}"$'\n'; done
    for i in "${!DEV_ours[@]}"; do
        [ "$i" != "${SKIP:-}" ] || continue
        l=${DEV_ours[$i]}
        for tool in ours deb; do
            bin=$ours_bin
            [ $tool = deb ] && bin=$oracle
            if [ "$("$sandbox" "$bin" -d "$l" list 2>&1)"$'\n' != "$want" ]; then
                fail "$name: $tool sbd list of $l shows:"; "$sandbox" "$bin" -d "$l" list 2>&1 | sed 's/^/    /'
                return 1
            fi
        done
    done
}

for n in 1 3; do
    setup_devices $n || continue
    t="$n device(s):"
    action "$t list" 0 "node2,node2" -- DEVICES --action=list
    action "$t list-status" 0 "node2,node2,on" -- DEVICES --action=list-status
    action "$t monitor" 0 "" -- DEVICES --action=monitor
    action "$t status node2" 0 "Status: ON" -- DEVICES --plug=node2 --action=status
    STATE[node2]=$'off\tnode1'
    action "$t off node2" 0 "Success: Powered OFF" -- DEVICES --plug=node2 --action=off
    action "$t status node2 after off" 2 "Status: OFF" -- DEVICES --plug=node2 --action=status
    action "$t off node2 again" 0 "Success: Already OFF" -- DEVICES --plug=node2 --action=off
    action "$t list-status after off" 0 "node2,node2,off" -- DEVICES --action=list-status
    STATE[node2]=$'clear\tnode1'
    action "$t on node2" 0 "Success: Powered ON" -- DEVICES --plug=node2 --action=on
    action "$t on node2 again" 0 "Success: Already ON" -- DEVICES --plug=node2 --action=on
    STATE[node2]=$'reset\tnode1'
    action "$t reboot node2" 0 "Success: Rebooted" -- DEVICES --plug=node2 --action=reboot
    action "$t status node2 after reboot" 2 "Status: OFF" -- DEVICES --plug=node2 --action=status
    # onoff: off, then on once the node shows off; the mailbox ends clear.
    STATE[node3]=$'clear\tnode1'
    action "$t reboot node3, method onoff" 0 "Success: Rebooted" -- DEVICES --plug=node3 --action=reboot --method=onoff
    action "$t status of a node without slot" 1 "" -- DEVICES --plug=nodeX --action=status
    if [ $n = 3 ]; then
        STATE[node1]=$'reset\tnode1'
        # Device 2 is not reached and keeps node1's clear mailbox.
        SKIP=1 action "$t reboot node1 with device 2 missing" 0 "Success: Rebooted" \
            -- DEVICES-2-MISSING --plug=node1 --action=reboot
    fi
done

# A block device without an sbd header: fence_sbd's check finds "NOT dumped"
# in dump's output and gives up (exit code -3) before sending anything.
setup_devices 1 && for i in 0; do
    head -c 4M /dev/zero | tee "${IMG_ours[$i]}" >"${IMG_deb[$i]}"
    agent ours DEVICES --plug=node2 --action=status & agent deb DEVICES --plug=node2 --action=status & wait
    if [ "$(cat "$work/ours.rc")" = 253 ] && [ "$(cat "$work/deb.rc")" = 253 ] && grep -q "is not initialized" "$work/ours.err"; then
        echo "ok   device without header: fence_sbd reports it not initialised"
    else
        fail "device without header: exit codes $(cat "$work/ours.rc") (ours) and $(cat "$work/deb.rc") (Debian's), expected 253"
        sed 's/^/    /' "$work/ours.err"
    fi
    [ "$(tr -d '\0' <"${IMG_ours[$i]}" | wc -c)" = 0 ] || fail "device without header was written"
done

if [ $failures -gt 0 ]; then echo "$failures failure(s)"; exit 1; fi
echo "fence_sbd works with our sbd as with Debian's"
