/// have-watchdog.
///
/// pacemaker-schedulerd's metadata: have-watchdog "is set automatically by
/// the cluster according to whether SBD is detected to be in use". False
/// while sbd is configured means pacemaker did not see sbd running:
/// disk-less fencing then does not happen (FAIL); with devices, watchdog
/// self-fencing is off (WARN).
public enum HaveWatchdogRule {
    public static let id = "have-watchdog"

    public static func evaluate(_ value: String?, diskless: Bool) -> CheckResult {
        if let value, parseYesNo(value) == true {
            return CheckResult(id, .ok, "\(value): pacemaker sees sbd running")
        }
        return CheckResult(
            id, diskless ? .fail : .warn, "\(value ?? "not set"): pacemaker did not see sbd running",
            advice: diskless
                ? "without it pacemaker does no watchdog fencing, the only fencing disk-less sbd has"
                : "watchdog self-fencing is off; start sbd with the cluster",
            fixes: ["systemctl enable sbd.service, then restart the cluster stack on this node"])
    }
}
