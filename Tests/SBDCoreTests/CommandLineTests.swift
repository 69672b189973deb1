import Testing

@testable import SBDCore

struct CommandLineTests {
    func parse(_ line: String) throws -> CommandLineOptions {
        try CommandLineOptions.parse(line.split(separator: " ").map(String.init))
    }

    func usageError(_ line: String) -> UsageError? {
        do {
            _ = try CommandLineOptions.parse(line.split(separator: " ").map(String.init))
            return nil
        } catch {
            return error
        }
    }

    @Test func optionsBeforeAndAfterTheCommand() throws {
        let options = try parse("-d /dev/a list -v -d /dev/b")
        #expect(options.devices == ["/dev/a", "/dev/b"])
        #expect(options.verbosity == 1)
        #expect(options.command == .list)
    }

    @Test func repeatedAndGroupedFlagsCount() throws {
        let options = try parse("-W -W -P -PP -ZZZ -vvv -d x watch")
        #expect(options.command == .watch)
        #expect(options.watchdogFlagCount == 2)
        #expect(options.pacemakerFlagCount == 3)
        #expect(options.traceLevel == 3)
        #expect(options.verbosity == 3)
    }

    @Test func numericOptionsTakeAttachedOrSeparateValues() throws {
        let options = try parse("-1 15 -230 -3 2 -4 30 -d x create")
        #expect(options.watchdogTimeout == 15)
        #expect(options.allocateTimeout == 30)
        #expect(options.loopTimeout == 2)
        #expect(options.msgwaitTimeout == 30)
    }

    @Test func everyManualOptionIsAccepted() throws {
        let options = try parse(
            "-d a -n me -R -W -w /dev/watchdog1 -T -S 1 -p /run/sbd.pid -5 3 -C 120 -I 5 -s 60 -t 10 -F 2 -P -Z"
                + " -r noflush,off watch")
        #expect(options.nodeName == "me")
        #expect(options.disableRealtime)
        #expect(options.watchdogDevice == "/dev/watchdog1")
        #expect(options.keepWatchdogTimeout)
        #expect(options.startMode == .clean)
        #expect(options.pidFile == "/run/sbd.pid")
        #expect(options.lateTickleWarning == 3)
        #expect(options.crashdumpWatchdogTimeout == 120)
        #expect(options.ioTimeout == 5)
        #expect(options.startupWait == 60)
        #expect(options.dampeningDelay == 10)
        #expect(options.failureThreshold == 2)
        #expect(options.timeoutAction == TimeoutAction(flush: false, kind: .off))
        #expect(options.command == .watch)
    }

    @Test func doubleDashEndsOptions() throws {
        let options = try parse("-d x message -- -odd reset")
        #expect(options.command == .message(node: try NodeName(validating: "-odd"), .reset))
    }

    @Test func messagesAndNodes() throws {
        for message in SBDMessage.allCases {
            #expect(
                try parse("-d x message n1 \(message.word)").command
                    == .message(node: try NodeName(validating: "n1"), message))
        }
        #expect(try parse("-d x message LOCAL test").command == .message(node: nil, .test))
        #expect(try parse("-d x allocate n1").command == .allocate(try NodeName(validating: "n1")))
    }

    @Test func trailingWordsAreIgnoredAsFenceSbdAppendsNone() throws {
        #expect(try parse("-d x dump None").command == .dump)
        #expect(try parse("-d x list None").command == .list)
    }

    /// The rules measured on Debian's sbd 1.5.2 (see OptionValue).
    @Test func numbersAreReadAsDebiansSbdReadsThem() {
        let accepted: [(String, UInt32)] = [
            ("0", 0), ("-0", 0), ("+5", 5), (" 7", 7), ("\t3", 3), ("010", 10), ("0000000000005", 5),
            ("2147483646", 2_147_483_646),
        ]
        for (text, value) in accepted { #expect(OptionValue.number(text) == value, "\(text)") }
        for text in [
            "", " ", "7 ", "3\n", "0x10", "-1", "-5", "+", "-", "5abc", "1.5", "2147483647", "99999999999", "1e3",
        ] {
            #expect(OptionValue.number(text) == nil, "\(text)")
        }
    }

    @Test func everyNumericOptionTakesZeroAndRefusesMalformedValues() throws {
        let zero = try parse("-1 0 -2 0 -3 0 -4 0 -5 0 -C 0 -I 0 -s 0 -t 0 -F 0 -S 0 -d x create")
        #expect(zero.watchdogTimeout == 0 && zero.allocateTimeout == 0 && zero.loopTimeout == 0)
        #expect(zero.msgwaitTimeout == 0 && zero.ioTimeout == 0 && zero.failureThreshold == 0)
        #expect(zero.startMode == .always)
        #expect(try CommandLineOptions.parse(["-2", "+010", "-d", "x", "create"]).allocateTimeout == 10)
        #expect(
            usageError("-1 abc -d x create")
                == .invalidNumber(option: "1", value: "abc", allowed: "a whole number from 0 to 2147483646"))
        for letter in ["S", "s", "C", "1", "2", "3", "4", "5", "t", "I", "F"] {
            #expect(usageError("-\(letter) -1 -d x create") != nil, "-\(letter) -1")
            #expect(usageError("-\(letter) 5x -d x create") != nil, "-\(letter) 5x")
            #expect(usageError("-\(letter) 2147483647 -d x create") != nil, "-\(letter) 2^31-1")
        }
    }

    @Test func startModeIsCleanAboveZero() throws {
        #expect(try parse("-S 0 -d x watch").startMode == .always)
        #expect(try parse("-S 1 -d x watch").startMode == .clean)
        #expect(try parse("-S 2 -d x watch").startMode == .clean)
    }

    @Test func valuesLoseLeadingBlanksAndMustNotBeEmpty() throws {
        let options = try CommandLineOptions.parse(["-d", " /dev/a", "-n", "\tnode1", "-w", " /dev/wd", "list"])
        #expect(options.devices == ["/dev/a"])
        #expect(options.nodeName == "node1")
        #expect(options.watchdogDevice == "/dev/wd")
        for letter in ["d", "n", "w", "p", "r", "1"] {
            #expect(throws: UsageError.self) { try CommandLineOptions.parse(["-\(letter)", " ", "-d", "x", "list"]) }
            #expect(throws: UsageError.self) { try CommandLineOptions.parse(["-\(letter)", "", "-d", "x", "list"]) }
        }
    }

    @Test func aDeviceGivenTwiceCountsOnce() throws {
        #expect(try parse("-d /dev/a -d /dev/a -d /DEV/A -d /dev/b list").devices == ["/dev/a", "/dev/b"])
        #expect(usageError("-d a -d b -d c -d A list") == nil)
    }

    @Test func helpEndsTheScanAndRunsNothing() throws {
        let options = try parse("-d x -h dump")
        #expect(options.showHelp && options.command == nil)
        #expect(try parse("-h -x").showHelp)
        #expect(usageError("-x -h") == .unknownOption("x"))
        #expect(usageError("-1 abc -h") != nil)
    }

    @Test func undocumentedLettersOfDebiansOptionStringAreAccepted() throws {
        let options = try parse("-c -z -D -d x dump")
        #expect(options.clusterFlagCount == 1)
        #expect(options.command == .dump)
        #expect(try parse("-cc -d x watch").clusterFlagCount == 2)
    }

    @Test func otherBadInput() {
        #expect(usageError("-d a -d b -d c -d d list") == .tooManyDevices(4))
        #expect(usageError("-x list") == .unknownOption("x"))
        #expect(usageError("-d") == .missingArgument("d"))
        #expect(usageError("-d x") == .noCommand)
        #expect(usageError("-d x frobnicate") == .unknownCommand("frobnicate"))
        #expect(usageError("-d x allocate") == .missingOperand(command: "allocate", operand: "a node name"))
        #expect(
            usageError("-d x message n1")
                == .missingOperand(command: "message", operand: "a message type after the node name"))
        #expect(usageError("-d x message n1 bogus") == .unknownMessage("bogus"))
        #expect(
            usageError("-d x allocate " + String(repeating: "n", count: 64))
                == .invalidNodeName(.tooLong(String(repeating: "n", count: 64), 64)))
        #expect(usageError("-d x allocate " + String(repeating: "n", count: 63)) == nil)
        #expect(usageError("-r flush,reboot,off -d x watch") != nil)
        #expect(usageError("-r panic -d x watch") != nil)
        #expect(usageError("-r Reboot -d x watch") != nil)
    }

    @Test func emptyNodeNameIsRejected() {
        #expect(throws: UsageError.invalidNodeName(.empty)) {
            try CommandLineOptions.parse(["-d", "x", "allocate", ""])
        }
        #expect(throws: UsageError.self) {
            try CommandLineOptions.parse(["-n", "", "-d", "x", "list"])
        }
    }

    @Test func helpNeedsNoCommand() throws {
        let options = try parse("-h")
        #expect(options.showHelp)
        #expect(options.command == nil)
    }

    /// sscanf("%m[a-z],%m[a-z]%c") in sbd 1.5: one or two words, the later wins.
    @Test func timeoutActions() {
        #expect(TimeoutAction(parsing: "flush,reboot") == .default)
        #expect(TimeoutAction(parsing: "noflush") == TimeoutAction(flush: false, kind: .reboot))
        #expect(TimeoutAction(parsing: "crashdump") == TimeoutAction(flush: true, kind: .crashdump))
        #expect(TimeoutAction(parsing: "off,noflush") == TimeoutAction(flush: false, kind: .off))
        #expect(TimeoutAction(parsing: "reboot,off") == TimeoutAction(flush: true, kind: .off))
        #expect(TimeoutAction(parsing: "noflush,flush") == .default)
        #expect(TimeoutAction(parsing: "reboot,") == .default)
        #expect(TimeoutAction(parsing: "off x") == TimeoutAction(flush: true, kind: .off))
        #expect(TimeoutAction(parsing: "  off") == TimeoutAction(flush: true, kind: .off))
        #expect(TimeoutAction(parsing: "flush, off") == .default)
        #expect(TimeoutAction(parsing: "") == nil)
        #expect(TimeoutAction(parsing: ",reboot") == nil)
        #expect(TimeoutAction(parsing: "Reboot") == nil)
        #expect(TimeoutAction(parsing: "flush,reboot,off") == nil)
        #expect(TimeoutAction(parsing: "flush,off ") == nil)
        #expect(TimeoutAction(parsing: "flush,offx") == nil)
    }

    @Test func createTimeouts() throws {
        #expect(try CreateTimeouts.resolve(parse("-d x create")).timeouts == .defaults)
        let watchdogOnly = try CreateTimeouts.resolve(parse("-1 15 -d x create"))
        #expect(watchdogOnly.timeouts == DiskTimeouts(watchdog: 15, allocate: 2, loop: 1, msgwait: 30))
        #expect(watchdogOnly.warnings.isEmpty)
        let crmsh = try CreateTimeouts.resolve(parse("-4 20 -1 10 -d x create"))
        #expect(crmsh.timeouts == DiskTimeouts(watchdog: 10, allocate: 2, loop: 1, msgwait: 20))
        let short = try CreateTimeouts.resolve(parse("-4 7 -1 5 -d x create"))
        #expect(short.warnings.count == 1)
        // Written as given, like sbd does, but said loudly.
        let unsafe = try CreateTimeouts.resolve(parse("-4 3 -1 7 -d x create"))
        #expect(unsafe.timeouts == DiskTimeouts(watchdog: 7, allocate: 2, loop: 1, msgwait: 3))
        #expect(unsafe.warnings.contains { $0.contains("shorter than the watchdog") })
        let zero = try CreateTimeouts.resolve(parse("-1 0 -2 0 -d x create"))
        #expect(zero.timeouts == DiskTimeouts(watchdog: 0, allocate: 0, loop: 1, msgwait: 0))
        #expect(!zero.warnings.isEmpty)
        let huge = try CreateTimeouts.resolve(parse("-1 2147483646 -d x create"))
        #expect(huge.timeouts.msgwait == 2_147_483_646)
    }
}
