/// A command line sbd cannot act on. Descriptions say what is wrong and how
/// to say it right.

import QuotedText

public enum UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownOption(Character)
    case missingArgument(Character)
    case invalidNumber(option: Character, value: String, allowed: String)
    case invalidValue(option: Character, value: String, expected: String)
    case conflict(String)
    case tooManyDevices(Int)
    case noCommand
    case unknownCommand(String)
    case missingOperand(command: String, operand: String)
    case invalidNodeName(NodeNameError)
    case unknownMessage(String)

    public var description: String {
        switch self {
        case .unknownOption(let letter):
            return "unknown option -\(escapedText(String(letter)))"
        case .missingArgument(let letter):
            return "option -\(letter) needs a value"
        case .invalidNumber(let option, let value, let allowed):
            return "invalid value \(quoted(value)) for option -\(option): expected \(allowed)"
        case .invalidValue(let option, let value, let expected):
            return "invalid value \(quoted(value)) for option -\(option): expected \(expected)"
        case .conflict(let text):
            return text
        case .tooManyDevices(let count):
            return "\(count) devices given; sbd uses 1 to 3 devices (-d up to three times, or SBD_DEVICE)"
        case .noCommand:
            return "no command given"
        case .unknownCommand(let word):
            return "unknown command \(quoted(word))"
        case .missingOperand(let command, let operand):
            return "'\(command)' needs \(operand)"
        case .invalidNodeName(let error):
            return error.description
        case .unknownMessage(let word):
            let known = SBDMessage.allCases.map(\.word).joined(separator: "|")
            return "unknown message type \(quoted(word)); use one of \(known)"
        }
    }
}
