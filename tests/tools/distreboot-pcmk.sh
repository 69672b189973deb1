# shellcheck shell=bash
# distreboot-pcmk.sh -- sourced by the pacemaker-engine distreboot tests,
# after tests/tools/pcmk-nodes.sh and cluster_test: nodes run
# tests/tools/distreboot-pcmk-node (corosync, pacemakerd, a distreboot daemon).
#
#   dr_properties N [LINES...]   node N's /etc/distreboot.properties (engine=pacemaker
#                                unless DR_DEFAULT_ENGINE is set, the test rebootcmd,
#                                short timeouts, metricsfile=WORK/nodeN/distreboot.prom)
#                                plus LINES
#   dr N ARGS...                 the distreboot command on node N
#   wait_until SECONDS WHAT COMMAND...   poll until COMMAND succeeds, or fail
#   list_value N                 the reboot list's value in the CIB as node N reads it
#   list_gone                    a node of the quorate partition reads no reboot list
#   all_alive N NODE...          every NODE's daemon alive in node N's status
#   dc_of N                      the DC as node N sees it
#   add_resources                a clone, a group of two and a primitive (Dummy), stickiness 100
#   resources_started [ID...]    wait until they run and the cluster is idle
#   pcmk_up NODE...              boot nodes, wait until online, quorate, every daemon alive
#   start_sampler / stop_sampler every 0.5 s: time, DC, standby nodes, active primitives
#                                (WORK/samples.log, from a node of the quorate partition)
#   check_reboots                at each line of WORK/reboots.log: quorate, every node
#                                online, only this node in standby, nothing left on it
#   set_clock, metrics, metrics_show   issue 16's schedule (tests/tools/distreboot-schedule.sh);
#                                the daemons read the window on WORK/clock-offset
# shellcheck disable=SC2154 # root, work come from the test and pcmk-nodes.sh
pcmk_node=$root/tests/tools/distreboot-pcmk-node
dr_bin=${SBD_BIN:-$root/.build/debug}/distreboot
export PCMK_TOKEN=1000
sampler=
dr_clock_file=$work/clock-offset
dr_node_dir() { echo "$work/node$1"; }
# shellcheck source=tests/tools/distreboot-schedule.sh
. "$root/tests/tools/distreboot-schedule.sh"

dr_properties() { # N [LINES...]
    local n=$1
    shift
    {
        [ -n "${DR_DEFAULT_ENGINE:-}" ] || echo engine=pacemaker
        echo "rebootcmd=$pcmk_node reboot node$n $work"
        echo heartbeat=3
        echo draintimeout=60
        echo settletimeout=90
        echo "metricsfile=$work/node$n/distreboot.prom"
        printf '%s\n' "$@"
    } >"$work/node$n.properties"
}

dr() { # N ARGS...
    local n=$1
    shift
    node_on "$n" "$dr_bin" "$@"
}

wait_until() { # SECONDS WHAT COMMAND...
    local deadline=$(($(date +%s) + $1)) what=$2
    shift 2
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$deadline" ] || { fail "timed out after ${SECONDS}s waiting for: $what"; return 1; }
        sleep 0.5
    done
}

list_value() { # N: fails if node N cannot answer
    node_on "$1" crm_attribute --type crm_config --set-name distreboot --name distreboot-reboot-list --query \
        --quiet 2>/dev/null
}

# list_gone: a node of the quorate partition reads no reboot list
list_gone() {
    local i out
    for i in $(seq 1 "$node_count"); do
        node_on "$i" crm_mon -1 2>/dev/null | grep -q "partition with quorum" || continue
        out=$(list_value "$i") || continue
        [ -z "$out" ] && return 0
        return 1
    done
    return 1
}

all_alive() { # N NODE...
    local out n
    out=$(dr "$1" 2>&1) || return 1
    shift
    for n in "$@"; do grep -Eq "^$n +while in the cluster +ok " <<<"$out" || return 1; done
}

dc_of() { node_on "$1" crm_mon -1 --output-as=xml 2>/dev/null | sed -n 's/.*current_dc present="true".* name="\([^"]*\)".*/\1/p'; }

add_resources() {
    node_on 1 crm_attribute --type rsc_defaults --name resource-stickiness --update 100 >/dev/null &&
        node_on 1 cibadmin --create --scope resources --xml-text '<clone id="dclone"><primitive id="dc-dummy" class="ocf" provider="pacemaker" type="Dummy"><operations><op id="dc-dummy-mon" name="monitor" interval="5s"/></operations></primitive></clone>' &&
        node_on 1 cibadmin --create --scope resources --xml-text '<group id="grp"><primitive id="grp-a" class="ocf" provider="pacemaker" type="Dummy"/><primitive id="grp-b" class="ocf" provider="pacemaker" type="Dummy"/></group>' &&
        node_on 1 cibadmin --create --scope resources --xml-text '<primitive id="solo" class="ocf" provider="pacemaker" type="Dummy"/>'
}

resources_started() { # [ID...] (default: the resources of add_resources)
    started() {
        local xml id
        xml=$(node_on 1 crm_mon -1 --output-as=xml 2>/dev/null) || return 1
        for id in "$@"; do grep -q "<resource id=\"$id\" [^>]*active=\"true\"" <<<"$xml" || return 1; done
        node_on 1 crm_resource --wait --timeout=5s
    }
    [ $# -gt 0 ] || set -- dc-dummy grp-a grp-b solo
    wait_until 60 "the resources to start ($*)" started "$@"
}

pcmk_up() { # NODE NUMBERS...
    local i names=()
    for i in "$@"; do
        node_boot "$i" "$work/unused"
        names+=("node$i")
    done
    nodes_online 150 "${names[@]}" || { fail "the nodes did not come online"; return 1; }
    wait_until 60 "every daemon alive in the status" all_alive "$1" "${names[@]}"
}

sample_loop() {
    local i xml
    while :; do
        # the view of a node in the quorate partition (a node still joining sees no DC)
        for i in $(seq 1 "$node_count"); do
            xml=$(node_on "$i" crm_mon -1 --output-as=xml 2>/dev/null) && grep -q 'with_quorum="true"' <<<"$xml" && break
        done
        python3 -c '
import sys, time, xml.etree.ElementTree as ET
try:
    root = ET.fromstring(sys.stdin.read())
except Exception:
    print("%.1f unreadable" % time.time()); sys.exit()
dc = root.find("summary/current_dc")
dc = dc.get("name") if dc is not None and dc.get("present") == "true" else "-"
standby = ",".join(n.get("name") for n in root.findall("nodes/node") if n.get("standby") == "true") or "-"
active = sorted({r.get("id") for r in root.iter("resource") if r.get("active") == "true"})
print("%.1f dc=%s standby=%s active=%s" % (time.time(), dc, standby, ",".join(active) or "-"))
' <<<"$xml" >>"$work/samples.log"
        sleep 0.5
    done
}
start_sampler() { sample_loop & sampler=$!; }
stop_sampler() { [ -z "$sampler" ] || kill "$sampler" 2>/dev/null; sampler=; }

check_reboots() { # NODES-ONLINE (e.g. node1,node2,node3)
    local node dc quorum online standby here checked=0
    while read -r node _ dc quorum online standby here; do
        checked=$((checked + 1))
        [ "$quorum" = "quorum=true" ] || fail "$node went down without quorum ($quorum)"
        [ "$online" = "online=$1" ] || fail "$node went down while not every node was online ($online)"
        [ "$standby" = "standby=$node" ] || fail "$node went down not drained, or with another node in standby ($standby)"
        [ "$here" = "here=-" ] || fail "$node went down still running: $here"
        [ "$dc" != "dc=-" ] || fail "$node went down without a DC"
    done <"$work/reboots.log"
    ok "at each of the $checked reboots: quorate, every node online, only this node in standby, nothing left on it"
}
