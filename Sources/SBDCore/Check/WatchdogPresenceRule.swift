/// The watchdog device: configured, there, and able to reset a hung kernel.
///
/// sbd(8), watchdog: sbd needs a watchdog to reset the node when sbd itself
/// or the kernel hangs; "as a fall-back, you can use the softdog module",
/// a kernel timer that a hung kernel cannot run (WatchdogInfo.caution): WARN.
/// A configured device that is not there stops `sbd watch` from starting:
/// FAIL. No watchdog at all: without devices it is the only way sbd fences
/// (FAIL), with devices a hung node cannot reset itself (WARN).
public enum WatchdogPresenceRule {
    public static let id = "watchdog"

    public static func evaluate(configured: String?, facts: WatchdogFacts?, diskless: Bool) -> CheckResult {
        guard let path = configured else {
            return CheckResult(
                id, diskless ? .fail : .warn, "none (-W -W or SBD_WATCHDOG_DEV=/dev/null)",
                advice: diskless
                    ? "without devices the watchdog is how sbd fences: nothing resets a lost node"
                    : "a node whose sbd or kernel hangs cannot reset itself",
                fixes: [FixCommands.configLine("SBD_WATCHDOG_DEV", "/dev/watchdog")])
        }
        guard let facts, facts.present else {
            return CheckResult(
                id, .fail, "\(path) is not there",
                advice: "sbd watch will not start; load the board's watchdog driver (sbd query-watchdog lists"
                    + " what the kernel has), or softdog as a fall-back, or name another with SBD_WATCHDOG_DEV",
                fixes: ["modprobe softdog"])
        }
        let described = "\(path): \(facts.info.identity), driver \(facts.info.driver)"
        if facts.info.driver == "softdog" {
            return CheckResult(
                id, .warn, described,
                advice: "softdog is a kernel timer and cannot reset a hung kernel; use a hardware watchdog if the"
                    + " machine has one")
        }
        return CheckResult(id, .ok, described)
    }
}
