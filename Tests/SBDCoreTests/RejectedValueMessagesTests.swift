import Testing

@testable import SBDCore

struct RejectedValueMessagesTests {
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
