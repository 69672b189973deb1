/// stonith-enabled and have-watchdog, and whether a fence resource uses sbd.
///
/// Pacemaker Explained, cluster options: with stonith-enabled=false
/// "unresponsive nodes are immediately assumed to be harmless", so sbd is
/// never asked to fence and a split brain can corrupt data: FAIL.
/// have-watchdog "is set automatically by the cluster according to whether
/// SBD is detected": false while sbd is configured means pacemaker did not
/// see sbd running; disk-less fencing then does not happen (FAIL), with
/// devices watchdog self-fencing is off (WARN). With devices, pacemaker
/// fences through a fence_sbd (or external/sbd) resource (sbd(8),
/// "Configure the fencing resource"); none means another fence device, or
/// no fencing through sbd: WARN.
public enum ClusterPropertyRules {
    public static let stonithEnabledID = "stonith-enabled"
    public static let haveWatchdogID = "have-watchdog"
    public static let fenceResourceID = "fence-resource"

    public static func stonithEnabled(_ value: String?) -> CheckResult {
        guard let value else { return CheckResult(stonithEnabledID, .ok, "not set: true, pacemaker's default") }
        switch parseYesNo(value) {
        case true: return CheckResult(stonithEnabledID, .ok, value)
        case false:
            return CheckResult(
                stonithEnabledID, .fail, value,
                advice: "pacemaker never fences: a lost node is assumed harmless and its resources start elsewhere",
                fixes: FixCommands.property("stonith-enabled", "true"))
        default:
            return CheckResult(
                stonithEnabledID, .fail, "\(value) is not a boolean",
                fixes: FixCommands.property("stonith-enabled", "true"))
        }
    }

    public static func haveWatchdog(_ value: String?, diskless: Bool) -> CheckResult {
        if let value, parseYesNo(value) == true {
            return CheckResult(haveWatchdogID, .ok, "\(value): pacemaker sees sbd running")
        }
        return CheckResult(
            haveWatchdogID, diskless ? .fail : .warn, "\(value ?? "not set"): pacemaker did not see sbd running",
            advice: diskless
                ? "without it pacemaker does no watchdog fencing, the only fencing disk-less sbd has"
                : "watchdog self-fencing is off; start sbd with the cluster",
            fixes: ["systemctl enable sbd.service, then restart the cluster stack on this node"])
    }

    public static func fenceResource(_ resources: [FenceResource], devices: [String]) -> CheckResult? {
        guard !devices.isEmpty else { return nil }
        if !resources.isEmpty {
            return CheckResult(
                fenceResourceID, .ok, resources.map { "\($0.id) (\($0.type))" }.joined(separator: ", "))
        }
        let list = devices.joined(separator: ",")
        return CheckResult(
            fenceResourceID, .warn, "no fence_sbd or external/sbd resource",
            advice: "pacemaker cannot send sbd's poison pill unless another fence device covers the nodes",
            fixes: [
                "crm configure primitive stonith-sbd stonith:fence_sbd params devices=\(FixCommands.shellWord(list))",
                "pcs stonith create stonith-sbd fence_sbd devices=\(FixCommands.shellWord(list))",
            ])
    }
}
