# shellcheck shell=bash
# measure.sh -- sourced by the benchmarks: the processes of a daemon running
# in a simulated node (a ../shared/tools/sandbox PID namespace), and their
# memory and CPU time from /proc.
#
#   node_processes SUBSHELL SHIMLOG EMULATORS BIN...
#       host PIDs of the processes in the PID namespace of the node that
#       SUBSHELL (a host process) started, whose executable is one of BIN...;
#       the shim's watchdog emulators (forked copies of the process that
#       opened /dev/watchdog, whose namespace PID the shim logs in its
#       "watchdog ... armed" line in SHIMLOG) are left out and appended to
#       the file EMULATORS instead
#   mem_sum FIELD PIDS...   sum of FIELD (VmRSS, VmLck, Pss, ...) in MB
#   cpu_ns PIDS...          time on CPU in ns (schedstat, all threads)
#   cpu_ticks PIDS...       utime+stime+cutime+cstime in clock ticks
#   switches PIDS...        context switches so far, all threads (each one
#                           a wake-up: an idle daemon's CPU is mostly these)

node_processes() {
    local sub=$1 shimlog=$2 emulators=$3 p q ns='' emus exe b
    shift 3
    local -a bins=()
    for b in "$@"; do bins+=("$(readlink -f "$b")"); done
    # the node's init: the first descendant of SUBSHELL in another PID namespace
    local -a queue=("$sub")
    while [ ${#queue[@]} -gt 0 ] && [ -z "$ns" ]; do
        p=${queue[0]}
        queue=("${queue[@]:1}")
        if [ "$(readlink "/proc/$p/ns/pid")" != "$(readlink /proc/self/ns/pid)" ]; then
            ns=$(readlink "/proc/$p/ns/pid")
        else
            for q in $(ps -o pid= --ppid "$p"); do queue+=("$q"); done
        fi
    done
    [ -n "$ns" ] || return 0
    emus=" $(sed -n 's/^[0-9.]* pid=\([0-9]*\) watchdog .* armed.*/\1/p' "$shimlog" 2>/dev/null | paste -sd' ') "
    for p in /proc/[0-9]*; do
        p=${p#/proc/}
        [ "$(readlink "/proc/$p/ns/pid" 2>/dev/null)" = "$ns" ] || continue
        exe=$(readlink -f "/proc/$p/exe" 2>/dev/null)
        for b in "${bins[@]}"; do
            [ "$exe" = "$b" ] || continue
            q=$(awk '/^NSpid:/ { print $NF }' "/proc/$p/status" 2>/dev/null)
            if [[ $emus == *" $q "* ]]; then echo "$p" >>"$emulators"; else echo "$p"; fi
        done
    done
}

mem_sum() {
    local f=$1 file=status
    shift
    [ "$f" = Pss ] && file=smaps_rollup
    for p in "$@"; do awk -v f="$f:" '$1 == f { print $2 }' "/proc/$p/$file" 2>/dev/null; done |
        awk '{ s += $1 } END { printf "%.1f\n", s / 1024 }'
}

# finer than clock ticks; every thread of each process (/proc/PID/schedstat
# is the main thread's alone); a process reaped in between is missing here
cpu_ns() {
    for p in "$@"; do cat "/proc/$p"/task/*/schedstat 2>/dev/null; done | awk '{ s += $1 } END { printf "%.0f\n", s }'
}

switches() {
    for p in "$@"; do cat "/proc/$p"/task/*/status 2>/dev/null; done |
        awk '$1 == "voluntary_ctxt_switches:" || $1 == "nonvoluntary_ctxt_switches:" { s += $2 } END { print s + 0 }'
}

# the inquisitor's c-times hold any servant it reaped
cpu_ticks() {
    for p in "$@"; do sed 's/.*) //' "/proc/$p/stat" 2>/dev/null; done | awk '{ s += $12 + $13 + $14 + $15 } END { print s + 0 }'
}

# locked_by_mapping PID: what PID's VmLck is made of: per mapped file
# (anonymous memory, heap and stacks by their smaps name), the size of its
# locked mappings (which VmLck sums) and how much of it is resident, in kB,
# largest first.
locked_by_mapping() {
    awk 'function flush() { if (locked) { size[name] += sz; rss[name] += rs } }
         /^[0-9a-f]+-[0-9a-f]+ / { flush(); name = (NF >= 6 ? $6 : "[anon]"); sz = rs = locked = 0; next }
         $1 == "Size:" { sz = $2 } $1 == "Rss:" { rs = $2 }
         $1 == "VmFlags:" { for (i = 2; i <= NF; i++) if ($i == "lo") locked = 1 }
         END { flush(); for (n in size) printf "%8d kB locked %8d kB resident  %s\n", size[n], rss[n], n }' \
        "/proc/$1/smaps" 2>/dev/null | sort -rn
}

# locked_resident PIDS...: MB of the locked mappings that are resident (sum
# of their Rss): the memory really pinned, where VmLck counts a mapping
# locked on fault (MCL_ONFAULT) at its full size, touched or not.
locked_resident() {
    for p in "$@"; do
        awk '/^[0-9a-f]+-[0-9a-f]+ / { if (locked) s += rs; rs = locked = 0; next }
             $1 == "Rss:" { rs = $2 }
             $1 == "VmFlags:" { for (i = 2; i <= NF; i++) if ($i == "lo") locked = 1 }
             END { if (locked) s += rs; print s + 0 }' "/proc/$p/smaps" 2>/dev/null
    done | awk '{ s += $1 } END { printf "%.1f\n", s / 1024 }'
}
