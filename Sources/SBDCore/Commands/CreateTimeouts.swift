/// The timeouts `create` writes: the defaults, overridden by -1..-4. When only
/// the watchdog timeout is given, msgwait follows it at twice its value, so a
/// message is never declared delivered before the target's watchdog fired.
public enum CreateTimeouts {
    public static func resolve(_ options: CommandLineOptions) throws(UsageError) -> (
        timeouts: DiskTimeouts, warnings: [String]
    ) {
        var timeouts = DiskTimeouts.defaults
        if let watchdog = options.watchdogTimeout {
            timeouts.watchdog = watchdog
            timeouts.msgwait = watchdog.multipliedReportingOverflow(by: 2).overflow ? watchdog : watchdog * 2
        }
        timeouts.allocate = options.allocateTimeout ?? timeouts.allocate
        timeouts.loop = options.loopTimeout ?? timeouts.loop
        timeouts.msgwait = options.msgwaitTimeout ?? timeouts.msgwait
        guard timeouts.msgwait >= timeouts.watchdog else {
            throw .conflict(
                "msgwait timeout (-4 \(timeouts.msgwait)) is shorter than the watchdog timeout (-1 \(timeouts.watchdog)):"
                    + " fencing would be reported done before the node's watchdog fires; use -4 \(timeouts.watchdog * 2)"
            )
        }
        var warnings: [String] = []
        if timeouts.msgwait < timeouts.watchdog * 2 {
            warnings.append(
                "msgwait timeout \(timeouts.msgwait) is less than twice the watchdog timeout \(timeouts.watchdog);"
                    + " \(timeouts.watchdog * 2) is recommended")
        }
        if timeouts.loop >= timeouts.watchdog {
            warnings.append(
                "loop timeout \(timeouts.loop) is not shorter than the watchdog timeout \(timeouts.watchdog);"
                    + " the daemon could not read its devices in time")
        }
        return (timeouts, warnings)
    }
}
