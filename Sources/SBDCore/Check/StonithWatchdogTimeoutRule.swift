/// stonith-watchdog-timeout against SBD_WATCHDOG_TIMEOUT.
///
/// Pacemaker assumes a lost node has reset itself through its watchdog
/// after stonith-watchdog-timeout. pacemaker-controld(7): "this timeout must
/// be larger than SBD_WATCHDOG_TIMEOUT on all nodes that use watchdog-based
/// SBD, and Pacemaker will refuse to start on any of those nodes where this
/// is not true"; a negative value means twice the local
/// SBD_WATCHDOG_TIMEOUT; 0 (the default) means never assume self-fencing.
/// So: not larger is FAIL; larger but below twice is WARN (twice is the
/// recommendation, and what the negative value picks); 0 without devices
/// leaves sbd nothing to fence with: FAIL.
public enum StonithWatchdogTimeoutRule {
    public static let id = "stonith-watchdog-timeout"

    public static func evaluate(stonithWatchdogTimeout: Int64, watchdogTimeout: UInt32, diskless: Bool) -> CheckResult {
        let twice = Int64(watchdogTimeout) * 2000
        let fixes = FixCommands.property("stonith-watchdog-timeout", PacemakerDuration.text(twice))
        let shown = PacemakerDuration.text(stonithWatchdogTimeout)
        let setting = "SBD_WATCHDOG_TIMEOUT \(watchdogTimeout)s"
        if stonithWatchdogTimeout < 0 {
            return CheckResult(
                id, .ok, "\(shown): pacemaker uses 2 x \(setting) = \(PacemakerDuration.text(twice))",
                advice: "SBD_WATCHDOG_TIMEOUT must then be the same on every node")
        }
        if stonithWatchdogTimeout == 0 {
            guard diskless else {
                return CheckResult(
                    id, .ok, "0: no watchdog self-fencing assumed; devices fence through the fence resource")
            }
            return CheckResult(
                id, .fail, "0 with disk-less sbd",
                advice: "pacemaker never assumes a lost node has reset itself, and without devices sbd has no"
                    + " other way to fence; set it to twice \(setting)",
                fixes: fixes)
        }
        if stonithWatchdogTimeout <= Int64(watchdogTimeout) * 1000 {
            return CheckResult(
                id, .fail, "\(shown) is not larger than \(setting)",
                advice: "pacemaker refuses to start on this node, and a lost node could still be running when it"
                    + " is counted as reset; set twice \(setting)",
                fixes: fixes)
        }
        if stonithWatchdogTimeout < twice {
            return CheckResult(
                id, .warn, "\(shown) is larger than \(setting) but below twice it",
                advice: "recommendation, not a rule: 2 x SBD_WATCHDOG_TIMEOUT = \(PacemakerDuration.text(twice))",
                fixes: fixes)
        }
        return CheckResult(id, .ok, "\(shown) >= 2 x \(setting)")
    }
}
