/// What the daemon does when its watchers stop reporting (`-r`,
/// `SBD_TIMEOUT_ACTION`): flush or not, then reboot, crashdump or power off.
public struct TimeoutAction: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case reboot, crashdump, off
    }

    public var flush: Bool
    public var kind: Kind

    public init(flush: Bool = true, kind: Kind = .reboot) {
        self.flush = flush
        self.kind = kind
    }

    public static let `default` = TimeoutAction()

    /// "flush,reboot", "noflush", "off", ...: each word sets its half, the
    /// other half keeps its default.
    public init?(parsing text: String) {
        var action = TimeoutAction.default
        var sawFlush = false
        var sawKind = false
        for word in text.split(separator: ",", omittingEmptySubsequences: false) {
            let word = word.trimmingASCIISpaces()
            switch word {
            case "flush", "noflush":
                guard !sawFlush else { return nil }
                sawFlush = true
                action.flush = word == "flush"
            default:
                guard let kind = Kind(rawValue: word), !sawKind else { return nil }
                sawKind = true
                action.kind = kind
            }
        }
        self = action
    }

    public var description: String { "\(flush ? "flush" : "noflush"),\(kind.rawValue)" }
}

extension StringProtocol {
    /// Drops leading and trailing spaces, tabs and line breaks.
    func trimmingASCIISpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
