import Testing

@testable import SBDCore

struct CheckCommandLineTests {
    @Test func checkNeedsNoDevicesAndTakesJSON() throws {
        let plain = try CommandLineOptions.parse(["check"])
        #expect(plain.command == .check)
        #expect(plain.command?.needsDevices == false)
        #expect(!plain.json)
        let json = try CommandLineOptions.parse(["-d", "/dev/a", "check", "--json"])
        #expect(json.json)
        #expect(json.devices == ["/dev/a"])
    }

    @Test func jsonOnlyWithCheck() {
        #expect(throws: UsageError.self) { try CommandLineOptions.parse(["--json", "list"]) }
    }

    @Test func jsonAfterDoubleDashIsAnOperand() throws {
        #expect(try CommandLineOptions.parse(["check", "--", "--json"]).json == false)
    }
}
