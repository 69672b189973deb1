/// The command word and its operands.
public enum SBDCommand: Equatable, Sendable {
    case create
    case dump
    case list
    case allocate(NodeName)
    /// `node` is `nil` for "LOCAL": the local node, resolved later.
    case message(node: NodeName?, SBDMessage)
    case watch
    case queryWatchdog
    case testWatchdog
    /// Reads the configuration, devices, watchdog and cluster and judges whether they fit.
    case check

    /// Commands that work on the devices.
    public var needsDevices: Bool {
        switch self {
        case .create, .dump, .list, .allocate, .message, .watch: return true
        case .queryWatchdog, .testWatchdog, .check: return false
        }
    }

    public var word: String {
        switch self {
        case .create: return "create"
        case .dump: return "dump"
        case .list: return "list"
        case .allocate: return "allocate"
        case .message: return "message"
        case .watch: return "watch"
        case .queryWatchdog: return "query-watchdog"
        case .testWatchdog: return "test-watchdog"
        case .check: return "check"
        }
    }

    /// Parses the operands left after option scanning. Extra trailing words
    /// are ignored, as sbd does: fence_sbd appends "None" to `dump` and `list`.
    public static func parse(_ operands: [String]) throws(UsageError) -> SBDCommand {
        guard let word = operands.first else { throw .noCommand }
        let rest = operands.dropFirst()
        switch word {
        case "create": return .create
        case "dump": return .dump
        case "list": return .list
        case "watch": return .watch
        case "query-watchdog": return .queryWatchdog
        case "test-watchdog": return .testWatchdog
        case "check": return .check
        case "allocate":
            guard let name = rest.first else { throw .missingOperand(command: word, operand: "a node name") }
            return .allocate(try nodeName(name))
        case "message":
            guard let name = rest.first else {
                throw .missingOperand(command: word, operand: "a node name and a message type")
            }
            let node = name == "LOCAL" ? nil : try nodeName(name)
            guard let type = rest.dropFirst().first else {
                throw .missingOperand(command: word, operand: "a message type after the node name")
            }
            guard let message = SBDMessage(word: type) else { throw .unknownMessage(type) }
            return .message(node: node, message)
        default:
            throw .unknownCommand(word)
        }
    }

    private static func nodeName(_ text: String) throws(UsageError) -> NodeName {
        do {
            return try NodeName(validating: text)
        } catch {
            throw .invalidNodeName(error)
        }
    }
}
