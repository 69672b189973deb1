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

    /// sbd 1.5's reading, measured on Debian's binary: one or two words of
    /// lower-case letters separated by a comma ("reboot", "noflush,off"), each
    /// one of flush, noflush, reboot, crashdump or off; a later word wins over
    /// an earlier one of its kind ("reboot,off" is off). Leading white space
    /// is dropped; after the first word, anything but a comma and a second
    /// word is ignored ("reboot x", "reboot,"), while anything after a second
    /// word is an error ("flush,reboot,off").
    public init?(parsing text: String) {
        guard let text = OptionValue.trimmed(text) else { return nil }
        var rest = Substring(text)
        func word() -> Substring {
            let letters = rest.prefix { ("a"..."z").contains($0) }
            rest = rest.dropFirst(letters.count)
            return letters
        }
        var words = [word()]
        guard !words[0].isEmpty else { return nil }
        if rest.first == "," {
            rest = rest.dropFirst()
            let second = word()
            if !second.isEmpty {
                guard rest.isEmpty else { return nil }
                words.append(second)
            }
        }
        var action = TimeoutAction.default
        for word in words {
            switch word {
            case "flush": action.flush = true
            case "noflush": action.flush = false
            default:
                guard let kind = Kind(rawValue: String(word)) else { return nil }
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
