import Testing

@testable import SBDCore

struct QuotedTests {
    @Test func plainValuesAreQuotedAsTheyAre() {
        #expect(quoted("yes") == "\"yes\"")
        #expect(quoted("") == "\"\"")
        #expect(quoted("nœud-1") == "\"nœud-1\"")
    }

    @Test func controlsAndEscapeSequencesCannotReachTheTerminal() {
        #expect(quoted("a\u{1B}[2Jb") == "\"a\\x1b[2Jb\"")
        #expect(quoted("line\nnext\tx\r") == "\"line\\nnext\\tx\\r\"")
        #expect(quoted("q\"b\\") == "\"q\\\"b\\\\\"")
        #expect(quoted("\u{7F}\u{9B}\u{0}") == "\"\\x7f\\x9b\\x00\"")
        #expect(quoted("a\u{202E}b") == "\"a\\u{202e}b\"")
        #expect(escapedText("node\u{7}") == "node\\x07")
    }

    @Test func longValuesAreCutAndCounted() {
        let mebibyte = String(repeating: "x", count: 1 << 20)
        let shown = quoted(mebibyte)
        #expect(shown == "\"" + String(repeating: "x", count: 80) + "\"… (1048496 more characters)")
        #expect(quoted(String(repeating: "y", count: 81)).hasSuffix("… (1 more character)"))
        #expect(quoted(String(repeating: "y", count: 80)) == "\"" + String(repeating: "y", count: 80) + "\"")
    }

    @Test func messagesQuoteWhatTheyReject() throws {
        let error = UsageError.invalidNumber(option: "1", value: "5\u{1B}]0;x\u{7}", allowed: "a number")
        #expect(error.description == "invalid value \"5\\x1b]0;x\\x07\" for option -1: expected a number")
        let long = String(repeating: "z", count: 5000)
        #expect(UsageError.unknownCommand(long).description.count < 150)
        let assignments = try EnvironmentFile.parse("SBD_PACEMAKER=" + long + "\n", path: "f")
        let sources = ConfigSources(file: assignments, path: "/etc/default/sbd", environment: [:])
        let problems = SBDSettings.resolve(options: CommandLineOptions(), sources: sources).problems
        #expect(problems.count == 1)
        #expect("\(problems[0])".count < 200)
        #expect(throws: EnvironmentFileError.self) { try EnvironmentFile.parse(long + "\n", path: "f") }
        do {
            _ = try EnvironmentFile.parse(long + "\u{1B}\n", path: "f")
        } catch {
            #expect("\(error)".count < 200)
            #expect(!"\(error)".contains("\u{1B}"))
        }
    }
}
