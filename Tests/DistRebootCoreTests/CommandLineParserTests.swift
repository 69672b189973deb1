import Testing

@testable import DistRebootCore

struct CommandLineParserTests {
    func parse(_ arguments: String...) throws(UsageError) -> DistRebootCommand {
        try CommandLineParser.parse(arguments)
    }

    func error(_ arguments: String...) -> String? {
        do {
            _ = try CommandLineParser.parse(arguments)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func noOptionIsStatus() throws {
        #expect(try parse() == .status)
    }

    @Test func everyMode() throws {
        #expect(try parse("--start") == .start(StartOptions()))
        #expect(try parse("--stop") == .stop)
        #expect(try parse("--reboot") == .reboot(onlyRequired: false))
        #expect(try parse("--dry-run") == .dryRun(onlyRequired: false))
        #expect(try parse("--cancel") == .cancel)
        #expect(try parse("--drop=n2") == .drop(node: "n2"))
        #expect(try parse("--drop", "n2") == .drop(node: "n2"))
        #expect(try parse("--help") == .help)
        #expect(try parse("-h") == .help)
    }

    @Test func onlyRequiredWithRebootOrDryRunInAnyOrder() throws {
        #expect(try parse("--reboot", "--only-required") == .reboot(onlyRequired: true))
        #expect(try parse("--only-required", "--dry-run") == .dryRun(onlyRequired: true))
    }

    @Test func startOptionsWithAndWithoutEquals() throws {
        let command = try parse(
            "--start", "--node=/etc/default", "--name", "n1", "--set-property", "rebootcmd=/sbin/reboot -f",
            "--set-property=prerebootcmd=crm node standby")
        let expected = StartOptions(
            node: "/etc/default", name: "n1",
            properties: [("rebootcmd", "/sbin/reboot -f"), ("prerebootcmd", "crm node standby")])
        #expect(command == .start(expected))
        #expect(
            try parse("--node", "http://127.0.0.1:2379", "--start")
                == .start(StartOptions(node: "http://127.0.0.1:2379")))
    }

    @Test func aRepeatedModeIsFine() throws {
        #expect(try parse("--stop", "--stop") == .stop)
    }

    @Test func modesDoNotCombine() {
        #expect(error("--start", "--stop") == "--start and --stop cannot be combined")
        #expect(error("--reboot", "--dry-run") == "--reboot and --dry-run cannot be combined")
        #expect(error("--cancel", "--drop=x") == "--cancel and --drop cannot be combined")
    }

    @Test func startOptionsNeedStart() {
        #expect(error("--node=/etc/default") == "--node is used with --start")
        #expect(error("--reboot", "--name=x") == "--name is used with --start")
        #expect(error("--set-property", "rebootcmd=x") == "--set-property is used with --start")
    }

    @Test func onlyRequiredNeedsRebootOrDryRun() {
        #expect(error("--only-required") == "--only-required is used with --reboot or --dry-run")
        #expect(error("--start", "--only-required") == "--only-required is used with --reboot or --dry-run")
    }

    @Test func missingAndUnexpectedValues() {
        #expect(error("--drop") == "--drop needs a value")
        #expect(error("--drop=") == "--drop needs a node name")
        #expect(error("--start", "--node") == "--node needs a value")
        #expect(error("--stop=now") == "--stop takes no value")
        #expect(error("--reboot", "--only-required=yes") == "--only-required takes no value")
    }

    @Test func badPropertyAssignments() {
        #expect(
            error("--start", "--set-property", "rebootcmd") == #"--set-property: expected NAME=VALUE, got "rebootcmd""#)
        #expect(error("--start", "--set-property", "=x") == #"--set-property: missing property name in "=x""#)
    }

    @Test func unknownOptionsAndWords() {
        #expect(error("--frobnicate") == #"unknown option "--frobnicate""#)
        #expect(error("status") == #"unknown option "status""#)
        #expect(error("-x") == #"unknown option "-x""#)
    }

    @Test func usageNamesEveryOption() {
        for option in [
            "--start", "--node", "--name", "--set-property", "--stop", "--reboot", "--only-required", "--dry-run",
            "--cancel", "--drop",
        ] {
            #expect(CommandLineParser.usage.contains(option))
        }
    }
}

struct PropertiesTests {
    @Test func defaults() {
        let p = Properties()
        #expect(p.rebootCommand == "reboot")
        #expect(p.preRebootCommand == nil)
        #expect(p.postRebootCommand == nil)
        #expect(p.heartbeatSeconds == 60)
    }

    @Test func fileWithCommentsBlanksAndSpaces() throws {
        var p = Properties()
        try p.apply(
            fileText: """
                # comment
                rebootcmd = systemctl reboot

                \tprerebootcmd=crm node standby\r
                postrebootcmd=crm node online --wait=yes
                heartbeat=90
                """, path: "/etc/distreboot.properties")
        #expect(p.rebootCommand == "systemctl reboot")
        #expect(p.preRebootCommand == "crm node standby")
        #expect(p.postRebootCommand == "crm node online --wait=yes")
        #expect(p.heartbeatSeconds == 90)
    }

    @Test func laterSettingsWinAndEmptyHooksUnset() throws {
        var p = Properties()
        try p.apply(fileText: "prerebootcmd=a\nrebootcmd=x\n", path: "f")
        try p.set("prerebootcmd", "")
        try p.set("rebootcmd", "y")
        #expect(p.preRebootCommand == nil)
        #expect(p.rebootCommand == "y")
    }

    @Test func errorsNameFileAndLine() {
        var p = Properties()
        #expect(throws: PropertyError(message: #"f:3: expected NAME=VALUE, got "oops""#)) {
            try p.apply(fileText: "# c\n\noops\n", path: "f")
        }
        #expect(throws: PropertyError(message: "f:1: rebootcmd must not be empty")) {
            try p.apply(fileText: "rebootcmd=", path: "f")
        }
        #expect(
            throws: PropertyError(
                message: #"f:2: unknown property "reboot" (known: rebootcmd, prerebootcmd, postrebootcmd, heartbeat, "#
                    + "engine, draintimeout, settletimeout, auto, window, requiredcmd, blockcmd, settle, notifycmd, "
                    + "metricsfile, checkperiod, cmdtimeout)")
        ) {
            try p.apply(fileText: "heartbeat=5\nreboot=x", path: "f")
        }
    }

    @Test(arguments: ["2", "86401", "ten", "", "-5", "3.5"])
    func heartbeatOutOfRange(_ value: String) {
        var p = Properties()
        #expect(throws: PropertyError.self) { try p.set("heartbeat", value) }
        #expect(p.heartbeatSeconds == 60)
    }

    @Test func splitAtTheFirstEquals() throws {
        let (name, value) = try Properties.split(assignment: "rebootcmd=a=b")
        #expect(name == "rebootcmd")
        #expect(value == "a=b")
    }
}
