/// The command byte of a mailbox.
public enum SBDMessage: Int8, CaseIterable, Sendable {
    case clear = 0
    case test = 1
    case reset = 2
    case off = 3
    case exit = 4
    case crashdump = 5

    /// The word used on the command line and printed by `list`.
    public var word: String {
        switch self {
        case .clear: return "clear"
        case .test: return "test"
        case .reset: return "reset"
        case .off: return "off"
        case .exit: return "exit"
        case .crashdump: return "crashdump"
        }
    }

    public init?(word: String) {
        guard let match = Self.allCases.first(where: { $0.word == word }) else { return nil }
        self = match
    }

    /// How `list` prints a command byte; foreign bytes print as sbd prints them.
    public static func word(forByte byte: Int8) -> String {
        SBDMessage(rawValue: byte)?.word ?? "undefined"
    }

    /// Messages that take the node down; `-S 1` refuses to start after these.
    public var isFencing: Bool { self == .reset || self == .off || self == .crashdump }
}
