/// A getopt(3)-compatible scanner for sbd's single-letter options, in GNU
/// style: options may follow operands ("sbd list -v"), flags may be grouped
/// ("-vvv"), an argument may be attached ("-1 5" or "-15") and "--" ends
/// the options. Repetition is preserved so "-W -W" can mean something.
/// Mistakes stay in their place in the sequence: sbd acts on its options in
/// order and stops at the first it cannot take, so "-h -x" is help while
/// "-x -h" is an error.
public struct GetoptParser: Sendable {
    public enum Occurrence: Equatable, Sendable {
        case option(Character, argument: String?)
        case unknown(Character)
        case missingArgument(Character)
    }

    public struct Result: Equatable, Sendable {
        public var options: [Occurrence] = []
        public var operands: [String] = []
    }

    /// Letters that take an argument.
    public let withArgument: Set<Character>
    /// Letters that are plain flags.
    public let flags: Set<Character>

    public init(withArgument: Set<Character>, flags: Set<Character>) {
        self.withArgument = withArgument
        self.flags = flags
    }

    public func parse(_ arguments: [String]) -> Result {
        var result = Result()
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word == "--" {
                result.operands += arguments[index...]
                break
            }
            guard word.hasPrefix("-"), word.count > 1 else {
                result.operands.append(word)
                continue
            }
            var letters = Substring(word.dropFirst())
            while let letter = letters.first {
                letters = letters.dropFirst()
                if withArgument.contains(letter) {
                    if !letters.isEmpty {
                        result.options.append(.option(letter, argument: String(letters)))
                    } else if index < arguments.count {
                        result.options.append(.option(letter, argument: arguments[index]))
                        index += 1
                    } else {
                        result.options.append(.missingArgument(letter))
                    }
                    break
                } else if flags.contains(letter) {
                    result.options.append(.option(letter, argument: nil))
                } else {
                    result.options.append(.unknown(letter))
                }
            }
        }
        return result
    }
}
