/// One line of `sbd check`: what was compared, how it came out, and what to change.
public struct CheckResult: Equatable, Sendable {
    public enum Status: String, Equatable, Sendable {
        case ok = "OK"
        /// Also what a number below a recommendation (not a rule) gets, at most.
        case warn = "WARN"
        case fail = "FAIL"
        /// The facts could not be reached (no cluster, no systemd): neither
        /// good nor bad, and it does not change the exit status.
        case skip = "SKIP"
    }

    /// Stable identifier for scripts and the JSON document, e.g. "stonith-timeout".
    public var id: String
    public var status: Status
    /// What was compared, with the numbers.
    public var summary: String
    /// Why it matters and what to change; empty when nothing needs changing.
    public var advice: String
    /// Exact commands or file lines that fix it, in the order to try them.
    public var fixes: [String]

    public init(_ id: String, _ status: Status, _ summary: String, advice: String = "", fixes: [String] = []) {
        self.id = id
        self.status = status
        self.summary = summary
        self.advice = advice
        self.fixes = fixes
    }

    /// The line `sbd check` prints.
    public var line: String {
        var text = "\(status.rawValue.padding(4)) \(id): \(summary)"
        if !advice.isEmpty { text += " -- \(advice)" }
        if !fixes.isEmpty { text += "; fix: " + fixes.joined(separator: " | ") }
        return text
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
