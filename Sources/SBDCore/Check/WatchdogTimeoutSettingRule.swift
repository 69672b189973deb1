/// SBD_WATCHDOG_TIMEOUT against the devices' watchdog timeout.
///
/// With devices sbd sets the watchdog to the header's timeout and ignores
/// SBD_WATCHDOG_TIMEOUT (sbd(8), -1 and SBD_WATCHDOG_TIMEOUT), but pacemaker
/// reads SBD_WATCHDOG_TIMEOUT from the same file to judge
/// stonith-watchdog-timeout (pacemaker-controld(7)). A value that differs
/// misleads that judgement and the admin: WARN, set it to the header's.
public enum WatchdogTimeoutSettingRule {
    public static let id = "SBD_WATCHDOG_TIMEOUT"

    public static func evaluate(setting: UInt32, headerWatchdog: UInt32) -> CheckResult {
        if setting == headerWatchdog {
            return CheckResult(id, .ok, "\(setting)s, the devices' watchdog timeout")
        }
        return CheckResult(
            id, .warn, "\(setting)s, but the devices' watchdog timeout is \(headerWatchdog)s",
            advice: "with devices sbd uses the header's value; pacemaker reads this one for stonith-watchdog-timeout",
            fixes: [FixCommands.configLine("SBD_WATCHDOG_TIMEOUT", "\(headerWatchdog)")])
    }
}
