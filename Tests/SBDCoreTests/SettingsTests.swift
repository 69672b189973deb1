import Testing

@testable import SBDCore

struct SettingsTests {
    func sources(file: [String: String] = [:], environment: [String: String] = [:]) -> ConfigSources {
        let assignments = file.sorted { $0.key < $1.key }.enumerated().map {
            EnvironmentAssignment(name: $0.element.key, value: $0.element.value, line: $0.offset + 1)
        }
        return ConfigSources(file: assignments, path: "/etc/default/sbd", environment: environment)
    }

    func resolve(_ line: String, _ sources: ConfigSources) throws -> (SBDSettings, [ConfigurationError]) {
        let options = try CommandLineOptions.parse(line.split(separator: " ").map(String.init))
        let resolved = SBDSettings.resolve(options: options, sources: sources)
        return (resolved.settings, resolved.problems)
    }

    @Test func commandLineBeatsEnvironmentBeatsFile() throws {
        let file = ["SBD_DEVICE": "/dev/file", "SBD_PACEMAKER": "no", "SBD_WATCHDOG_DEV": "/dev/watchdog1"]
        let environment = ["SBD_DEVICE": "/dev/env", "SBD_PACEMAKER": "yes"]
        let (fromFile, _) = try resolve("list", sources(file: file))
        #expect(fromFile.devices == ["/dev/file"])
        #expect(fromFile.pacemaker == false)
        #expect(fromFile.devicesOrigin == .file(path: "/etc/default/sbd", line: 1))
        let (fromEnvironment, _) = try resolve("list", sources(file: file, environment: environment))
        #expect(fromEnvironment.devices == ["/dev/env"])
        #expect(fromEnvironment.pacemaker == true)
        #expect(fromEnvironment.watchdogDevice == "/dev/watchdog1")
        let (fromCommandLine, _) = try resolve(
            "-d /dev/cli -P -P -w /dev/null list", sources(file: file, environment: environment))
        #expect(fromCommandLine.devices == ["/dev/cli"])
        #expect(fromCommandLine.pacemaker == false)
        #expect(fromCommandLine.watchdogDevice == nil)
    }

    /// sbd 1.5 turns -W and -P on for an odd count and off for an even one.
    @Test func repeatedTogglesAlternate() throws {
        for (count, on) in [(1, true), (2, false), (3, true), (4, false)] {
            let flags = Array(repeating: "-W -P", count: count).joined(separator: " ")
            let (settings, _) = try resolve("\(flags) -d x watch", sources())
            #expect((settings.watchdogDevice != nil) == on, "-W x\(count)")
            #expect(settings.pacemaker == on, "-P x\(count)")
        }
    }

    /// sbd 1.5: SBD_PACEMAKER sets both watchers, -c then the corosync one.
    @Test func clusterCheckFollowsPacemakerVariableThenC() throws {
        #expect(try resolve("-d x watch", sources()).0.clusterCheck)
        #expect(try resolve("-d x watch", sources(file: ["SBD_PACEMAKER": "no"])).0.clusterCheck == false)
        #expect(try resolve("-c -d x watch", sources(file: ["SBD_PACEMAKER": "no"])).0.clusterCheck)
        #expect(try resolve("-c -c -d x watch", sources()).0.clusterCheck == false)
        #expect(try resolve("-c -c -c -P -P -d x watch", sources()).0.clusterCheck)
    }

    @Test func watchdogTimeoutFromTheFileIsBounded() throws {
        let huge = try resolve("watch", sources(file: ["SBD_WATCHDOG_TIMEOUT": "4294967295"]))
        #expect(huge.0.watchdogTimeout == 5)
        #expect(huge.1.count == 1)
        #expect(try resolve("watch", sources(file: ["SBD_WATCHDOG_TIMEOUT": "2147483646"])).1.isEmpty)
    }

    @Test func dashOneStandsForTheWatchdogTimeoutAndWins() throws {
        #expect(try resolve("-1 3 test-watchdog", sources()).0.watchdogTimeout == 3)
        #expect(try resolve("-1 3 test-watchdog", sources(file: ["SBD_WATCHDOG_TIMEOUT": "10"])).0.watchdogTimeout == 3)
        #expect(try resolve("-1 0 test-watchdog", sources()).0.watchdogTimeout == 0)  // as given; the driver refuses it
        #expect(try resolve("test-watchdog", sources(file: ["SBD_WATCHDOG_TIMEOUT": "10"])).0.watchdogTimeout == 10)
    }

    @Test func defaults() throws {
        let (settings, problems) = try resolve("list", sources())
        #expect(problems.isEmpty)
        #expect(settings.devices.isEmpty)
        #expect(settings.pacemaker)
        #expect(settings.startMode == .always)
        #expect(settings.delayStart == .no)
        #expect(settings.watchdogDevice == "/dev/watchdog")
        #expect(settings.timeoutAction == .default)
        #expect(settings.ioTimeout == 3)
        #expect(settings.startupWait == 120)
    }

    @Test func deviceListsSplitOnSemicolons() {
        #expect(splitDeviceList("/dev/a;/dev/b") == ["/dev/a", "/dev/b"])
        #expect(splitDeviceList(" /dev/a ; /dev/b ;") == ["/dev/a", "/dev/b"])
        #expect(splitDeviceList("") == [])
    }

    @Test func tooManyDevicesInTheFileIsAProblem() throws {
        let (settings, problems) = try resolve("list", sources(file: ["SBD_DEVICE": "a;b;c;d"]))
        #expect(settings.devices.isEmpty)
        #expect(problems.map(\.variable) == ["SBD_DEVICE"])
        #expect(problems[0].description.contains("/etc/default/sbd line 1"))
    }

    @Test func delayStartValues() throws {
        #expect(try resolve("list", sources(file: ["SBD_DELAY_START": "yes"])).0.delayStart == .msgwait)
        #expect(try resolve("list", sources(file: ["SBD_DELAY_START": "1"])).0.delayStart == .msgwait)
        #expect(try resolve("list", sources(file: ["SBD_DELAY_START": "no"])).0.delayStart == .no)
        #expect(try resolve("list", sources(file: ["SBD_DELAY_START": "45"])).0.delayStart == .seconds(45))
        #expect(try resolve("list", sources(file: ["SBD_DELAY_START": "soon"])).1.count == 1)
    }

    @Test func invalidValuesAreReportedWithTheirOrigin() throws {
        let (settings, problems) = try resolve(
            "list",
            sources(
                file: ["SBD_PACEMAKER": "maybe", "SBD_STARTMODE": "sometimes", "SBD_TIMEOUT_ACTION": "explode"],
                environment: ["SBD_MOVE_TO_ROOT_CGROUP": "perhaps"]))
        #expect(
            Set(problems.map(\.variable)) == [
                "SBD_PACEMAKER", "SBD_STARTMODE", "SBD_TIMEOUT_ACTION", "SBD_MOVE_TO_ROOT_CGROUP",
            ])
        #expect(problems.first { $0.variable == "SBD_MOVE_TO_ROOT_CGROUP" }?.origin == .environment)
        #expect(settings.pacemaker)
        #expect(settings.startMode == .always)
    }

    @Test func startModeAndOtherVariables() throws {
        let (settings, problems) = try resolve(
            "list",
            sources(file: [
                "SBD_STARTMODE": "clean", "SBD_TIMEOUT_ACTION": "noflush,off", "SBD_MOVE_TO_ROOT_CGROUP": "auto",
                "SBD_SYNC_RESOURCE_STARTUP": "no", "SBD_WATCHDOG_TIMEOUT": "10", "SBD_WATCHDOG_DEV": "/dev/null",
            ]))
        #expect(problems.isEmpty)
        #expect(settings.startMode == .clean)
        #expect(settings.timeoutAction == TimeoutAction(flush: false, kind: .off))
        #expect(settings.syncResourceStartup == false)
        #expect(settings.watchdogTimeout == 10)
        #expect(settings.watchdogDevice == nil)
    }

    @Test func onlySbdVariablesAreTaken() {
        let sources = sources(file: ["PATH": "/evil", "SBD_DEVICE": "x"], environment: ["HOME": "/root"])
        #expect(sources.values.keys.sorted() == ["SBD_DEVICE"])
    }

    @Test func majority() {
        #expect(requiredMajority(of: 1) == 1)
        #expect(requiredMajority(of: 2) == 2)
        #expect(requiredMajority(of: 3) == 2)
    }

    @Test func uuidFormatting() {
        let bytes: [UInt8] = [
            0xdc, 0x05, 0xc1, 0x5e, 0x3f, 0x93, 0x42, 0x17, 0x9c, 0x62, 0x42, 0x1f, 0xec, 0x2e, 0xce, 0x8f,
        ]
        #expect(formatUUID(bytes) == "dc05c15e-3f93-4217-9c62-421fec2ece8f")
        let random = makeRandomUUID([UInt8](repeating: 0xFF, count: 16))
        #expect(random[6] >> 4 == 4)
        #expect(random[8] >> 6 == 2)
    }

    @Test func dumpMatchesSbd() {
        let header = DiskHeader(sectorSize: 512, timeouts: .defaults, uuid: [UInt8](repeating: 0, count: 16))
        #expect(
            Reports.dumpBody(header) == [
                "Header version     : 2.1",
                "UUID               : 00000000-0000-0000-0000-000000000000",
                "Number of slots    : 255",
                "Sector size        : 512",
                "Timeout (watchdog) : 5",
                "Timeout (allocate) : 2",
                "Timeout (loop)     : 1",
                "Timeout (msgwait)  : 10",
            ])
    }
}
