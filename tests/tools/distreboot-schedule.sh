# shellcheck shell=bash
# distreboot-schedule.sh -- sourced by the distreboot test harnesses (etcd:
# distreboot-cluster.sh; pacemaker: distreboot-pcmk.sh) for the tests of
# issue 16's schedule, the same on either engine. The harness defines
# dr_node_dir N (node N's folder, which holds its distreboot.prom) and sets
# dr_clock_file (the file its daemons get as DISTREBOOT_TEST_CLOCK_FILE).
#
#   set_clock EPOCH        move the clock the daemons read the reboot window with to EPOCH
#   metrics N              node N's metrics file, parsed by prometheus_client's parser:
#                          one "name label=value,... value" line per sample
#   metrics_show N LINE... node N's metrics parse and hold every LINE (for polling)

# The reboot window's test clock: an offset from the real clock.
set_clock() { echo $(($1 - $(date +%s))) >"$dr_clock_file"; }

# Parsed by a real Prometheus parser (Debian's python3-prometheus-client), so
# that a file node_exporter would reject fails here.
metrics() {
    /usr/bin/python3 - "$(dr_node_dir "$1")/distreboot.prom" <<'EOP'
import sys
from prometheus_client.parser import text_string_to_metric_families
for family in text_string_to_metric_families(open(sys.argv[1]).read()):
    for sample in family.samples:
        labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
        print(sample.name, labels, int(sample.value))
EOP
}

metrics_show() {
    local n=$1 parsed line
    shift
    parsed=$(metrics "$n" 2>/dev/null) || return 1
    for line in "$@"; do grep -qxF -- "$line" <<<"$parsed" || return 1; done
}
