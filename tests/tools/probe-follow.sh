# shellcheck shell=bash
# probe-follow.sh -- sourced by the tests that watch a cluster through
# `sbd-cluster-probe --follow` (one line of KEY=VALUE fields per look, written
# to the file named by $follow): checks, and finding lines in that output.
#
#   ok TEXT / fail TEXT / section TEXT   report (fail counts in $failures)
#   matching_lines FROM KEY=VALUE...     numbers of the lines after FROM with every KEY=VALUE
#   wait_for FROM SECONDS KEY=VALUE...   the first such line's number, waiting up to SECONDS
#   lines                                how many lines the follow output has
#   field KEY LINE                       the value of KEY in a probe line
#   stop_pid PID                         TERM, then KILL after 10 s; reaps it
#   children_of PID                      the PIDs of its children

failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }
section() { echo "$* (at ${SECONDS}s)"; }

# the numbers of the follow output's lines after line FROM that have every
# KEY=VALUE given (fields are separated by single spaces)
# shellcheck disable=SC2154 # $follow is set by the test
matching_lines() { # FROM KEY=VALUE...
    local from=$1
    shift
    awk -v from="$from" -v want="$*" '
        BEGIN { n = split(want, kv, " ") }
        NR > from {
            line = " " $0 " "
            for (i = 1; i <= n; i++) if (index(line, " " kv[i] " ") == 0) next
            print NR
        }' "$follow"
}
wait_for() { # FROM SECONDS KEY=VALUE...: the first such line's number
    local from=$1 seconds=$2 n i
    shift 2
    for ((i = 0; i < seconds * 10; i++)); do
        n=$(matching_lines "$from" "$@" | head -1)
        if [ -n "$n" ]; then echo "$n"; return 0; fi
        sleep 0.1
    done
    return 1
}
lines() { wc -l <"$follow"; }
field() { # KEY LINE: the value of KEY in a probe line
    tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p"
}
children_of() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' '; }
stop_pid() { # PID: TERM, then KILL after 10 s
    kill -TERM "$1" 2>/dev/null || return 0
    for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}
