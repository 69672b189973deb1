/// Whether a fence resource fences through sbd.
///
/// With devices, pacemaker sends sbd's poison pill through a fence_sbd (or
/// external/sbd) resource (sbd(8), "Configure the fencing resource"); none
/// means another fence device does the fencing, or nothing fences through
/// sbd: WARN.
public enum FenceResourceRule {
    public static let id = "fence-resource"

    public static func evaluate(_ resources: [FenceResource], devices: [String]) -> CheckResult? {
        guard !devices.isEmpty else { return nil }
        if !resources.isEmpty {
            return CheckResult(
                id, .ok, resources.map { "\($0.id) (\($0.type))" }.joined(separator: ", "))
        }
        let list = devices.joined(separator: ",")
        return CheckResult(
            id, .warn, "no fence_sbd or external/sbd resource",
            advice: "pacemaker cannot send sbd's poison pill unless another fence device covers the nodes",
            fixes: [
                "crm configure primitive stonith-sbd stonith:fence_sbd params devices=\(FixCommands.shellWord(list))",
                "pcs stonith create stonith-sbd fence_sbd devices=\(FixCommands.shellWord(list))",
            ])
    }
}
