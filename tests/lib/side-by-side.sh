# shellcheck shell=bash
# side-by-side.sh -- sourced by the tests that run our sbd and Debian's 1.5.2
# in the same case, each as a node of its own (../shared/tools/sandbox) under
# the LD_PRELOAD test shim. Set root, source this file, then call
#
#   side_by_side NAME      sets sbd, oracle, sandbox, shim and sink, checks
#                          that they exist, makes the folder $work (0755, in
#                          /var/tmp), and at exit ends every process started
#                          from $work, detaches the loop devices listed in
#                          $loops and removes $work; $work/node is
#                          tests/tools/shim-node (a daemon in a node, its
#                          syslog and output in $work/NAME.log)
#
# It exports SBD_CONFIG=/dev/null (no /etc/default/sbd of this machine) and
# sets failures=0 for the test to count in.

# shellcheck disable=SC2154 # root comes from the test
side_by_side() {
    sbd=${SBD_BIN:-$root/.build/debug}/sbd
    oracle=${SBD_ORACLE:-${SBD_ORACLE_DIR:-$root/.cache/oracle}/root/usr/sbin/sbd}
    sandbox=$root/../shared/tools/sandbox
    shim=${SBD_SHIM:-$root/.build/test-shim/libsbd-shim.so}
    sink=$root/tests/tools/syslog-sink.py
    [ -x "$sbd" ] || { echo "FAIL: $sbd is not built (make build)"; exit 1; }
    [ -x "$oracle" ] || { echo "FAIL: Debian's sbd not found at $oracle (run make setup)"; exit 1; }
    [ -f "$shim" ] || { echo "FAIL: $shim is not built (make shim)"; exit 1; }
    work=$(mktemp -d -p /var/tmp "$1.XXXXXX")
    chmod 755 "$work"
    install -m 755 "$root/tests/tools/shim-node" "$work/node"
    loops=()
    trap side_by_side_cleanup EXIT
    export SBD_CONFIG=/dev/null
    failures=0
}

side_by_side_cleanup() {
    pkill -TERM -f -- "$work/" 2>/dev/null
    sleep 0.5
    pkill -KILL -f -- "$work/" 2>/dev/null
    wait 2>/dev/null
    local l
    for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null; done
    rm -rf "$work"
}
