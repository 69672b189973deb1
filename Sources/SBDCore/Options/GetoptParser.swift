/// A getopt(3)-compatible scanner for sbd's single-letter options, in GNU
/// style: options may follow operands ("sbd list -v"), flags may be grouped
/// ("-vvv"), an argument may be attached ("-1 5" or "-15") and "--" ends
/// the options. Repetition is preserved so "-W -W" can mean something.
public struct GetoptParser: Sendable {
    public struct Occurrence: Equatable, Sendable {
        public let letter: Character
        public let argument: String?
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

    public func parse(_ arguments: [String]) throws(UsageError) -> Result {
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
                        result.options.append(Occurrence(letter: letter, argument: String(letters)))
                    } else if index < arguments.count {
                        result.options.append(Occurrence(letter: letter, argument: arguments[index]))
                        index += 1
                    } else {
                        throw .missingArgument(letter)
                    }
                    break
                } else if flags.contains(letter) {
                    result.options.append(Occurrence(letter: letter, argument: nil))
                } else {
                    throw .unknownOption(letter)
                }
            }
        }
        return result
    }
}
