/// The kernel watchdog's timeout against the one sbd sets.
///
/// sbd sets the watchdog to the header's watchdog timeout (or
/// SBD_WATCHDOG_TIMEOUT without devices) when it starts, unless -T keeps
/// the driver's own (sbd(8), -1 and -T). A driver whose range (sysfs
/// min_timeout/max_timeout) does not hold that value refuses it, and sbd
/// does not start: FAIL. A running watchdog whose timeout differs (-T, or
/// another program) resets the node later or sooner than the cluster
/// assumes: WARN. With -T sbd leaves the driver's timeout as it is: longer
/// than the one the cluster counts on means a node may still run when it is
/// counted as fenced: FAIL. The values are read from sysfs; the device is
/// never opened, as opening it would arm it.
public enum KernelWatchdogTimeoutRule {
    public static let id = "watchdog-timeout"

    public static func evaluate(
        expected: UInt32, facts: WatchdogFacts, diskless: Bool, devices: [String], msgwait: UInt32?,
        keepsDriverTimeout: Bool = false
    ) -> CheckResult? {
        guard facts.present else { return nil }
        let source = diskless ? "SBD_WATCHDOG_TIMEOUT" : "the devices' watchdog timeout"
        if keepsDriverTimeout {
            guard let current = facts.currentTimeout else {
                return CheckResult(
                    id, .warn, "-T keeps \(facts.info.path)'s own timeout, which sysfs does not show",
                    advice: "make sure it is not longer than \(source) \(expected)s")
            }
            if current > expected {
                return CheckResult(
                    id, .fail, "-T keeps \(facts.info.path)'s \(current)s, longer than \(source) \(expected)s",
                    advice: "a node may still be running when the cluster counts it as fenced; drop -T, or set"
                        + " the driver's timeout to at most \(expected)s")
            }
            return CheckResult(
                id, .ok, "-T keeps \(facts.info.path)'s \(current)s, not longer than \(source) \(expected)s")
        }
        func fix(_ seconds: UInt32) -> [String] {
            diskless
                ? [FixCommands.configLine("SBD_WATCHDOG_TIMEOUT", "\(seconds)")]
                : [
                    FixCommands.create(
                        devices: devices, watchdog: seconds,
                        msgwait: max(msgwait ?? 0, UInt32(clamping: UInt64(seconds) * 2)))
                ]
        }
        if let maximum = facts.maximumTimeout, expected > maximum {
            return CheckResult(
                id, .fail, "\(source) \(expected)s is above \(facts.info.path)'s maximum \(maximum)s",
                advice: "the driver refuses it and sbd does not start", fixes: fix(maximum))
        }
        if let minimum = facts.minimumTimeout, expected < minimum {
            return CheckResult(
                id, .fail, "\(source) \(expected)s is below \(facts.info.path)'s minimum \(minimum)s",
                advice: "the driver refuses it and sbd does not start", fixes: fix(minimum))
        }
        guard let current = facts.currentTimeout else {
            return CheckResult(id, .ok, "\(source) \(expected)s; the driver does not show its range in sysfs")
        }
        if facts.active && current != expected {
            return CheckResult(
                id, .warn, "\(facts.info.path) runs with \(current)s, \(source) is \(expected)s",
                advice: "sbd sets it at start unless -T keeps the driver's; the node resets"
                    + " \(current > expected ? "later" : "sooner") than the cluster counts on")
        }
        let state = facts.active ? "running with \(current)s" : "not running (now \(current)s; sbd sets it at start)"
        return CheckResult(id, .ok, "\(source) \(expected)s; \(facts.info.path) \(state)")
    }
}
