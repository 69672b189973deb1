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

    @Test func malformedNumbersAreRejected() {
        #expect(
            usageError("-1 abc -d x create")
                == .invalidNumber(option: "1", value: "abc", allowed: "a whole number of seconds (1 or more)"))
        #expect(
            usageError("-1 -5 -d x create")
                == .invalidNumber(option: "1", value: "-5", allowed: "a whole number of seconds (1 or more)"))
        #expect(usageError("-1 5x -d x create") != nil)
        #expect(usageError("-1 0 -d x create") != nil)
        #expect(usageError("-4 99999999999 -d x create") != nil)
        #expect(usageError("-I 0 -d x list") != nil)
        #expect(usageError("-5 0 -d x watch") == nil)
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
        #expect(usageError("-S 2 -d x watch") != nil)
        #expect(usageError("-r flush,noflush -d x watch") != nil)
        #expect(usageError("-r reboot,off -d x watch") != nil)
        #expect(usageError("-r panic -d x watch") != nil)
    }

    @Test func emptyNodeNameIsRejected() {
        #expect(throws: UsageError.invalidNodeName(.empty)) {
            try CommandLineOptions.parse(["-d", "x", "allocate", ""])
        }
        #expect(throws: UsageError.invalidNodeName(.empty)) {
            try CommandLineOptions.parse(["-n", "", "-d", "x", "list"])
        }
    }

    @Test func helpNeedsNoCommand() throws {
        let options = try parse("-h")
        #expect(options.showHelp)
        #expect(options.command == nil)
    }

    @Test func timeoutActions() {
        #expect(TimeoutAction(parsing: "flush,reboot") == .default)
        #expect(TimeoutAction(parsing: "noflush") == TimeoutAction(flush: false, kind: .reboot))
        #expect(TimeoutAction(parsing: "crashdump") == TimeoutAction(flush: true, kind: .crashdump))
        #expect(TimeoutAction(parsing: "off,noflush") == TimeoutAction(flush: false, kind: .off))
        #expect(TimeoutAction(parsing: "") == nil)
        #expect(TimeoutAction(parsing: "reboot,") == nil)
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
        #expect(throws: UsageError.self) { try CreateTimeouts.resolve(parse("-4 3 -1 7 -d x create")) }
    }
}
