/// stonith-timeout against msgwait plus the fence delay.
///
/// fence_sbd writes the message, then waits msgwait before it reports the
/// node fenced; pacemaker first waits the resource's random delay
/// (pcmk_delay_base plus a random part, kept below pcmk_delay_max:
/// pacemaker-fenced(7)). A stonith-timeout below msgwait plus that delay
/// can never succeed (sbd(8), "General cluster properties": "if
/// stonith-timeout is too low for msgwait and the system overhead, sbd will
/// never be able to successfully complete a fence request"): FAIL. Room for
/// the overhead, 20 % on top, is the usual recommendation (sbd(8)'s own
/// example is twice msgwait), not a rule: WARN below it.
public enum StonithTimeoutRule {
    public static let id = "stonith-timeout"
    /// Pacemaker's default when the property is not set.
    public static let defaultMilliseconds: Int64 = 60_000

    /// The longest delay any sbd fence resource adds before fencing.
    public static func worstDelay(_ resources: [FenceResource]) -> Int64 {
        resources.map { resource in
            max(
                resource.delayMax.flatMap { PacemakerDuration.milliseconds($0) } ?? 0,
                resource.delayBase.flatMap { PacemakerDuration.delayMilliseconds($0, node: "") } ?? 0)
        }.max() ?? 0
    }

    /// 1.2 × (msgwait + delay), rounded up to whole seconds.
    public static func recommended(msgwait: UInt32, delay: Int64) -> Int64 {
        let required = Int64(msgwait) * 1000 + delay
        let withMargin = (required * 6 + 4) / 5
        return (withMargin + 999) / 1000 * 1000
    }

    public static func evaluate(stonithTimeout: Int64, msgwait: UInt32, delay: Int64) -> CheckResult {
        let required = Int64(msgwait) * 1000 + delay
        let recommended = recommended(msgwait: msgwait, delay: delay)
        let sum =
            "msgwait \(msgwait)s" + (delay > 0 ? " + pcmk_delay_max/base \(PacemakerDuration.text(delay))" : "")
            + " = \(PacemakerDuration.text(required))"
        let shown = PacemakerDuration.text(stonithTimeout)
        let fixes = FixCommands.property("stonith-timeout", PacemakerDuration.text(recommended))
        if stonithTimeout < required {
            return CheckResult(
                id, .fail, "\(shown) is shorter than \(sum)",
                advice: "every sbd fence times out before its message counts as delivered; set at least"
                    + " \(PacemakerDuration.text(recommended)) (recommendation: 1.2 x the sum)",
                fixes: fixes)
        }
        if stonithTimeout < recommended {
            return CheckResult(
                id, .warn, "\(shown) covers \(sum) with less than 20 % to spare",
                advice: "recommendation, not a rule: 1.2 x the sum = \(PacemakerDuration.text(recommended)),"
                    + " room for I/O and scheduling",
                fixes: fixes)
        }
        return CheckResult(
            id, .ok, "\(shown) >= 1.2 x (\(sum)) = \(PacemakerDuration.text(recommended)) (recommendation)")
    }
}
