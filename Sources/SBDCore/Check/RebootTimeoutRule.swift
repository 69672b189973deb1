/// An sbd fence resource's pcmk_reboot_timeout against msgwait.
///
/// pacemaker-fenced(7): pcmk_reboot_timeout is "an alternate timeout to use
/// for reboot actions instead of stonith-timeout" for that device. fence_sbd
/// reports a reboot done only msgwait after it wrote the message (sbd(8),
/// -4), so a shorter limit kills every fence through it: FAIL. The same 20 %
/// for overhead as for stonith-timeout is the recommendation: WARN below.
public enum RebootTimeoutRule {
    public static let id = "pcmk_reboot_timeout"

    public static func evaluate(resource: String, timeout: Int64, msgwait: UInt32) -> CheckResult {
        let recommended = StonithTimeoutRule.recommended(msgwait: msgwait, delay: 0)
        let shown = "\(resource) \(PacemakerDuration.text(timeout))"
        let fixes = FixCommands.resourceParameter(resource, "pcmk_reboot_timeout", PacemakerDuration.text(recommended))
        if timeout < Int64(msgwait) * 1000 {
            return CheckResult(
                id, .fail, "\(shown) is shorter than msgwait \(msgwait)s",
                advice: "every reboot through this resource is killed before sbd's message counts as delivered",
                fixes: fixes)
        }
        if timeout < recommended {
            return CheckResult(
                id, .warn, "\(shown) covers msgwait \(msgwait)s with less than 20 % to spare",
                advice: "recommendation, not a rule: \(PacemakerDuration.text(recommended))", fixes: fixes)
        }
        return CheckResult(id, .ok, "\(shown) >= 1.2 x msgwait \(msgwait)s (recommendation)")
    }
}
