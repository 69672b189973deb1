import Testing

@testable import SBDCore

struct EnvironmentFileTests {
    func values(_ text: String) throws -> [String: String] {
        EnvironmentFile.values(of: try EnvironmentFile.parse(text, path: "/etc/default/sbd"))
    }

    func error(_ text: String) -> EnvironmentFileError? {
        do {
            _ = try EnvironmentFile.parse(text, path: "/etc/default/sbd")
            return nil
        } catch {
            return error
        }
    }

    @Test func debianTemplateStyle() throws {
        let text = """
            ## Type: string
            ## Default: ""
            #
            # SBD_DEVICE specifies the devices to use.
            #
            SBD_DEVICE="/dev/disk/by-id/a;/dev/disk/by-id/b"

            ; another kind of comment
            SBD_PACEMAKER=yes
            SBD_STARTMODE=always
            SBD_DELAY_START=no
            SBD_WATCHDOG_DEV=/dev/watchdog
            SBD_WATCHDOG_TIMEOUT=5
            SBD_TIMEOUT_ACTION=flush,reboot
            SBD_MOVE_TO_ROOT_CGROUP=auto
            SBD_SYNC_RESOURCE_STARTUP=yes
            SBD_OPTS=

            """
        let parsed = try EnvironmentFile.parse(text, path: "f")
        #expect(
            parsed.first
                == EnvironmentAssignment(name: "SBD_DEVICE", value: "/dev/disk/by-id/a;/dev/disk/by-id/b", line: 6))
        let all = EnvironmentFile.values(of: parsed)
        #expect(all["SBD_PACEMAKER"] == "yes")
        #expect(all["SBD_TIMEOUT_ACTION"] == "flush,reboot")
        #expect(all["SBD_OPTS"] == "")
        #expect(all.count == 10)
    }

    @Test func crmshAndPcsFiles() throws {
        let all = try values("SBD_OPTS=\"-n node1\"\nSBD_WATCHDOG_TIMEOUT=15\nSBD_DEVICE='/dev/sdb1'\n")
        #expect(all == ["SBD_OPTS": "-n node1", "SBD_WATCHDOG_TIMEOUT": "15", "SBD_DEVICE": "/dev/sdb1"])
    }

    @Test func blanksAroundNamesAndValues() throws {
        #expect(try values("  A = b  \n\tB=\t c d \t\n") == ["A": "b", "B": "c d"])
        #expect(try values("A=\nB=   \n") == ["A": "", "B": ""])
    }

    @Test func exportPrefixIsTolerated() throws {
        #expect(try values("export SBD_DEVICE=/dev/x\nexport\tB=1\n") == ["SBD_DEVICE": "/dev/x", "B": "1"])
        #expect(try values("exportA=1\n") == ["exportA": "1"])
    }

    @Test func unquotedEscapesAndContinuations() throws {
        #expect(try values("A=a\\ b\\\\c\\\"d\n") == ["A": "a b\\c\"d"])
        #expect(try values("A=one \\\ntwo\nB=x\n") == ["A": "one two", "B": "x"])
        #expect(try values("A=trailing\\ \n") == ["A": "trailing "])
    }

    @Test func singleQuotesAreLiteral() throws {
        #expect(try values("A='a \\n \"b\" $c'\n") == ["A": "a \\n \"b\" $c"])
        #expect(try values("A='multi\nline'\n") == ["A": "multi\nline"])
    }

    @Test func doubleQuoteEscapes() throws {
        #expect(try values(#"A="q\"b\\s\`t\$d\x""# + "\n") == ["A": "q\"b\\s`t$d\\x"])
        #expect(try values("A=\"one \\\ntwo\"\n") == ["A": "one two"])
        #expect(try values("A=\"keep  inner  blanks \"\n") == ["A": "keep  inner  blanks "])
    }

    @Test func adjacentPartsJoin() throws {
        #expect(try values("A=\"x\"'y'\"z\"\n") == ["A": "xyz"])
        // Once unquoted text has started, quotes are ordinary characters, as in systemd.
        #expect(try values("A=\"x\"y'z'\n") == ["A": "xy'z'"])
        #expect(try values("A=\"x\"   y\n") == ["A": "xy"])
        #expect(try values("A=\"x\"   \n") == ["A": "x"])
    }

    @Test func hashInsideAValueIsPartOfIt() throws {
        #expect(try values("A=value # not a comment\n") == ["A": "value # not a comment"])
    }

    @Test func commentsWithBackslashContinue() throws {
        #expect(try values("# comment \\\nA=hidden\nB=1\n") == ["B": "1"])
        #expect(try values("   # indented comment\nB=1") == ["B": "1"])
    }

    @Test func crlfAndMissingFinalNewline() throws {
        #expect(try values("A=1\r\nB=\"two\"\r\nC=3") == ["A": "1", "B": "two", "C": "3"])
    }

    @Test func laterAssignmentsWin() throws {
        let parsed = try EnvironmentFile.parse("A=1\nA=2\n", path: "f")
        #expect(parsed.count == 2)
        #expect(EnvironmentFile.values(of: parsed) == ["A": "2"])
    }

    @Test func lineNumbersCountContinuations() throws {
        let parsed = try EnvironmentFile.parse("A='x\ny'\n\n# c\nB=1\nC=a\\\nb\nD=2\n", path: "f")
        #expect(parsed.map(\.line) == [1, 5, 6, 8])
    }

    @Test func loneBackslashAtEndOfFileIsDropped() throws {
        #expect(try values("A=abc\\") == ["A": "abc"])
    }

    @Test func lineWithoutEquals() {
        #expect(error("A=1\nSBD_DEVICE /dev/sdb\n")?.line == 2)
        #expect(error("A=1\nSBD_DEVICE /dev/sdb\n")?.problem.contains("has no '='") == true)
        #expect(error("JUSTAWORD")?.line == 1)
    }

    @Test func invalidNames() {
        #expect(error("1A=x\n")?.problem.contains("\"1A\" is not a valid variable name") == true)
        #expect(error("A-B=x\n")?.line == 1)
        #expect(error("\n\nSBD DEVICE=x\n")?.line == 3)
        #expect(error("=x\n") != nil)
    }

    @Test func unterminatedQuotes() {
        let double = error("A=1\nSBD_DEVICE=\"/dev/a;/dev/b\nB=2\n")
        #expect(double?.line == 2)
        #expect(double?.problem.contains("double quote") == true)
        #expect(double?.description.hasPrefix("/etc/default/sbd:2: ") == true)
        #expect(error("A='open\n")?.problem.contains("single quote") == true)
        #expect(error("A=\"ends in escape\\")?.line == 1)
    }

    @Test func binaryAndBadEncodings() throws {
        #expect(throws: EnvironmentFileError.self) { try EnvironmentFile.parse([0x41, 0x3D, 0x00], path: "f") }
        let bad = try? EnvironmentFile.parse(Array("A=1\nB=".utf8) + [0xFF, 0xFE] + [0x0A], path: "f")
        #expect(bad == nil)
        do {
            _ = try EnvironmentFile.parse(Array("A=1\nB=".utf8) + [0xFF] + [0x0A], path: "f")
        } catch {
            #expect(error.line == 2)
            #expect(error.problem.contains("UTF-8"))
        }
        #expect(try values("A=ümlaut\n") == ["A": "ümlaut"])
    }

    @Test func emptyAndCommentOnlyFiles() throws {
        #expect(try values("") == [:])
        #expect(try values("\n\n# nothing\n;\n") == [:])
    }

    @Test func optsSplitLikeTheService() {
        #expect(CommandWords.split("") == [])
        #expect(CommandWords.split("  ") == [])
        #expect(CommandWords.split("-n node1") == ["-n", "node1"])
        #expect(CommandWords.split(" -W  -W\t-v\n-n x ") == ["-W", "-W", "-v", "-n", "x"])
        #expect(CommandWords.split("-n \"a b\"") == ["-n", "\"a", "b\""])
    }
}
