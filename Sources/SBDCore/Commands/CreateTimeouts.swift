/// The timeouts `create` writes: the defaults, overridden by -1..-4. When only
/// the watchdog timeout is given, msgwait follows it at twice its value, so a
/// message is never declared delivered before the target's watchdog fired.
public enum CreateTimeouts {
    public static func resolve(_ options: CommandLineOptions) -> (
        timeouts: DiskTimeouts, warnings: [String]
    ) {
        var timeouts = DiskTimeouts.defaults
        if let watchdog = options.watchdogTimeout {
            timeouts.watchdog = watchdog
            // Capped where sbd's own options stop, which 32-bit readers take as positive.
            timeouts.msgwait = UInt32(min(UInt64(watchdog) * 2, UInt64(OptionValue.maximumNumber)))
        }
        timeouts.allocate = options.allocateTimeout ?? timeouts.allocate
        timeouts.loop = options.loopTimeout ?? timeouts.loop
        timeouts.msgwait = options.msgwaitTimeout ?? timeouts.msgwait
        // sbd writes whatever it is given; what would make fencing unsafe is
        // said loudly, but written too, so that scripts see the same result.
        var warnings: [String] = []
        let recommended = UInt64(timeouts.watchdog) * 2
        if timeouts.watchdog == 0 {
            warnings.append(
                "watchdog timeout 0 (-1 0): a node watching this device cannot arm its watchdog with it;"
                    + " use -1 5 or more")
        }
        if timeouts.msgwait < timeouts.watchdog {
            warnings.append(
                "msgwait timeout (-4 \(timeouts.msgwait)) is shorter than the watchdog timeout"
                    + " (-1 \(timeouts.watchdog)): fencing would be reported done before the node's watchdog fires;"
                    + " use -4 \(recommended)")
        } else if UInt64(timeouts.msgwait) < recommended {
            warnings.append(
                "msgwait timeout \(timeouts.msgwait) is less than twice the watchdog timeout \(timeouts.watchdog);"
                    + " \(recommended) is recommended")
        }
        if timeouts.watchdog > 0, timeouts.loop >= timeouts.watchdog {
            warnings.append(
                "loop timeout \(timeouts.loop) is not shorter than the watchdog timeout \(timeouts.watchdog);"
                    + " the daemon could not read its devices in time")
        }
        return (timeouts, warnings)
    }
}
