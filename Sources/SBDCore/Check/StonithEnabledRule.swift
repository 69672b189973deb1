/// stonith-enabled.
///
/// Pacemaker Explained, cluster options (and pacemaker-schedulerd's
/// metadata): with stonith-enabled=false "unresponsive nodes are immediately
/// assumed to be harmless", so sbd is never asked to fence and a split brain
/// can corrupt data: FAIL. Unset is true, pacemaker's default.
public enum StonithEnabledRule {
    public static let id = "stonith-enabled"

    public static func evaluate(_ value: String?) -> CheckResult {
        guard let value else { return CheckResult(id, .ok, "not set: true, pacemaker's default") }
        switch parseYesNo(value) {
        case true: return CheckResult(id, .ok, value)
        case false:
            return CheckResult(
                id, .fail, value,
                advice: "pacemaker never fences: a lost node is assumed harmless and its resources start elsewhere",
                fixes: FixCommands.property("stonith-enabled", "true"))
        default:
            return CheckResult(
                id, .fail, "\(value) is not a boolean",
                fixes: FixCommands.property("stonith-enabled", "true"))
        }
    }
}
