/// `sbd -h`.
enum Help {
    static let text = """
        sbd - fencing through shared storage and the watchdog (STONITH Block Device)

        Usage: sbd [OPTIONS] COMMAND [ARGUMENTS]

        Commands:
          create                  write a new header and 255 empty slots to each device
                                  (destroys what the slots held: stop sbd on every node first)
          dump                    print the header of each device
          list                    print each allocated slot: SLOT NAME MESSAGE SENDER
          allocate NODE           give NODE a slot (watch does this by itself)
          message NODE TYPE       write TYPE to NODE's slot and wait msgwait; TYPE is one of
                                  test, reset, off, crashdump, exit, clear; NODE may be LOCAL
          watch                   run the daemon that watches this node's slot
          query-watchdog          list watchdog devices with identity and driver
          test-watchdog           arm the watchdog and let it reset this node (asks on a terminal)
          check [--json]          judge devices, watchdog, /etc/default/sbd and the cluster's
                                  fencing settings together; writes nothing (exit 0 OK,
                                  1 a FAIL, 2 warnings only)

        Devices:
          -d DEVICE               a device to use, up to three times; without -d, the
                                  ';'-separated SBD_DEVICE of the environment or of
                                  /etc/default/sbd (SBD_CONFIG=FILE reads another file)

        General options:
          -n NODE                 this node's name (default: uname -n)
          -v                      more detail on stderr; -vv for debugging
          -I N                    give up on a device read or write after N s (default 3)
          -h                      this help
          -D, -z                  accepted and without effect, as in sbd 1.5

        Options for create (written to the devices, shared by all nodes):
          -1 N                    watchdog timeout (default 5)
          -2 N                    slot allocation timeout (default 2)
          -3 N                    daemon loop timeout (default 1)
          -4 N                    msgwait: how long a message takes to count as delivered
                                  (default 10, or twice -1 when -1 is given)

        Options for watch:
          -W / -W -W              use / do not use the watchdog (default: use it)
          -w DEVICE               watchdog device (default /dev/watchdog; /dev/null = none)
          -T                      keep the watchdog's own timeout
          -5 N                    warn when the watchdog is tickled more than N s late
          -C N                    watchdog timeout to set before a crashdump (0 = leave)
          -r ACTIONS              on timeout: flush|noflush and reboot|crashdump|off
                                  (default flush,reboot)
          -S 0|1                  start always (0) or only if not fenced before (1)
          -s N                    wait up to N s for devices at start-up (default 120)
          -F N, -t N              restart a failing servant N times, then wait -t s
          -P / -P -P              use / do not use pacemaker's view of quorum (default: use)
          -c / -c -c              accepted for sbd 1.5 (its separate corosync switch);
                                  the corosync watcher follows -P here
          -p FILE                 write the daemon's PID to FILE
          -R                      no realtime priority or memory locking (debugging only)
          -Z                      trace mode, repeat for more (unsafe for production)

        sbd must run as root. See sbd(8) for details.
        """
}
