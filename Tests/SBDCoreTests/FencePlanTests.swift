import Testing

@testable import SBDCore

struct FencePlanTests {
    static func request(_ kind: TimeoutAction.Kind, flush: Bool = true) -> FenceRequest {
        FenceRequest(kind: kind, flush: flush, reason: "test")
    }

    static func actions(_ steps: [FenceStep]) -> [FenceStep] {
        steps.filter { if case .log = $0 { return false } else { return true } }
    }

    @Test func rebootFlushesThenSysrqThenReboot() {
        let steps = FencePlan.steps(
            for: Self.request(.reboot), traceLevel: 0, crashdumpWatchdogTimeout: 0, sysrqAvailable: true)
        #expect(Self.actions(steps) == [.sync, .sysrq("b"), .reboot(.restart)])
    }

    @Test func noflushSkipsSyncAndNoSysrqSkipsTheTrigger() {
        let steps = FencePlan.steps(
            for: Self.request(.reboot, flush: false), traceLevel: 0, crashdumpWatchdogTimeout: 0,
            sysrqAvailable: false)
        #expect(Self.actions(steps) == [.reboot(.restart)])
    }

    @Test func offPowersOff() {
        let steps = FencePlan.steps(
            for: Self.request(.off), traceLevel: 0, crashdumpWatchdogTimeout: 0, sysrqAvailable: true)
        #expect(Self.actions(steps) == [.sync, .sysrq("o"), .reboot(.powerOff)])
    }

    @Test func crashdumpSetsTheCrashTimeoutAndFallsBackToReboot() {
        let steps = FencePlan.steps(
            for: Self.request(.crashdump), traceLevel: 0, crashdumpWatchdogTimeout: 240, sysrqAvailable: true)
        #expect(
            Self.actions(steps) == [.setWatchdogTimeout(240), .sync, .sysrq("c"), .sysrq("b"), .reboot(.restart)])
    }

    @Test func crashdumpWithoutSysrqSaysSoAndReboots() {
        let steps = FencePlan.steps(
            for: Self.request(.crashdump), traceLevel: 0, crashdumpWatchdogTimeout: 0, sysrqAvailable: false)
        #expect(Self.actions(steps) == [.sync, .reboot(.restart)])
        #expect(
            steps.contains { if case .log(.error, let text) = $0 { text.contains("sysrq-trigger") } else { false } })
    }

    @Test func traceOnceTurnsRebootsAndPowerOffsIntoCrashdumps() {
        for kind in [TimeoutAction.Kind.reboot, .off] {
            let steps = FencePlan.steps(
                for: Self.request(kind), traceLevel: 1, crashdumpWatchdogTimeout: 0, sysrqAvailable: true)
            #expect(Self.actions(steps) == [.sync, .disarmWatchdog, .sysrq("c"), .sysrq("b"), .reboot(.restart)])
        }
    }

    /// sbd 1.5 (measured): a crashdump without -C disarms the watchdog after
    /// the flush, so the crash kernel is not reset halfway; with -C it sets
    /// that timeout instead and stays armed.
    @Test func crashdumpDisarmsTheWatchdogUnlessDashC() {
        let plain = FencePlan.steps(
            for: Self.request(.crashdump), traceLevel: 0, crashdumpWatchdogTimeout: 0, sysrqAvailable: true)
        #expect(Self.actions(plain) == [.sync, .disarmWatchdog, .sysrq("c"), .sysrq("b"), .reboot(.restart)])
        let withC = FencePlan.steps(
            for: Self.request(.crashdump), traceLevel: 0, crashdumpWatchdogTimeout: 30, sysrqAvailable: true)
        #expect(Self.actions(withC) == [.setWatchdogTimeout(30), .sync, .sysrq("c"), .sysrq("b"), .reboot(.restart)])
    }

    /// -Z four times and more is no trace mode of its own in sbd 1.5: the
    /// fence is carried out as without -Z.
    @Test(arguments: [4, 5, 9])
    func traceFourTimesAndMoreFencesAsWithout(level: Int) {
        for kind in TimeoutAction.Kind.allCases {
            for flush in [true, false] {
                let traced = FencePlan.steps(
                    for: Self.request(kind, flush: flush), traceLevel: level, crashdumpWatchdogTimeout: 0,
                    sysrqAvailable: true)
                let plain = FencePlan.steps(
                    for: Self.request(kind, flush: flush), traceLevel: 0, crashdumpWatchdogTimeout: 0,
                    sysrqAvailable: true)
                #expect(Self.actions(traced) == Self.actions(plain))
            }
        }
    }

    @Test func traceTwiceOnlyLogsAndExits() {
        for kind in TimeoutAction.Kind.allCases {
            let steps = FencePlan.steps(
                for: Self.request(kind), traceLevel: 2, crashdumpWatchdogTimeout: 0, sysrqAvailable: true)
            #expect(Self.actions(steps) == [.exitCleanly])
        }
    }

    @Test func traceThreeTimesDisarmsFlushesWaitsThenActs() {
        let steps = FencePlan.steps(
            for: Self.request(.off, flush: false), traceLevel: 3, crashdumpWatchdogTimeout: 100, sysrqAvailable: false)
        #expect(Self.actions(steps) == [.disarmWatchdog, .sync, .pause(Millis(10_000)), .reboot(.powerOff)])
        // With flush, a second sync after the pause (measured: two).
        let flushed = FencePlan.steps(
            for: Self.request(.reboot), traceLevel: 3, crashdumpWatchdogTimeout: 0, sysrqAvailable: true)
        #expect(
            Self.actions(flushed) == [
                .disarmWatchdog, .sync, .pause(Millis(10_000)), .sync, .sysrq("b"), .reboot(.restart),
            ])
    }
}

struct StartupDecisionTests {
    static func mailbox(_ message: SBDMessage, from sender: String) -> MailboxRecord {
        MailboxRecord(message: message, sender: NodeName(truncating: sender))
    }

    @Test func startModeAlwaysNeverRefuses() {
        let slots = [StartupSlot(device: "/dev/a", mailbox: Self.mailbox(.reset, from: "node1"))]
        #expect(StartupDecisions.startModeRefusal(mode: .always, node: "node2", slots: slots) == nil)
    }

    @Test(arguments: [SBDMessage.reset, .off, .crashdump])
    func startModeCleanRefusesAfterAFence(message: SBDMessage) throws {
        let slots = [
            StartupSlot(device: "/dev/a", mailbox: Self.mailbox(.clear, from: "")),
            StartupSlot(device: "/dev/b", mailbox: Self.mailbox(message, from: "node1")),
        ]
        let text = try #require(StartupDecisions.startModeRefusal(mode: .clean, node: "node2", slots: slots))
        #expect(text.contains("/dev/b holds '\(message.word)' from node1"))
        #expect(text.contains("sbd -d /dev/a -d /dev/b message node2 clear"))
    }

    @Test(arguments: [SBDMessage.clear, .test, .exit])
    func startModeCleanStartsAfterACleanState(message: SBDMessage) {
        let slots = [
            StartupSlot(device: "/dev/a", mailbox: Self.mailbox(message, from: "node1")),
            StartupSlot(device: "/dev/b", mailbox: nil),
        ]
        #expect(StartupDecisions.startModeRefusal(mode: .clean, node: "node2", slots: slots) == nil)
    }

    @Test func delayStart() {
        #expect(StartupDecisions.delaySeconds(.no, msgwait: 10) == 0)
        #expect(StartupDecisions.delaySeconds(.msgwait, msgwait: 10) == 10)
        #expect(StartupDecisions.delaySeconds(.seconds(42), msgwait: 10) == 42)
    }

    @Test func disklessTimeoutsFollowTheWatchdogTimeout() {
        let timeouts = StartupDecisions.disklessTimeouts(watchdog: 5)
        #expect(timeouts == DiskTimeouts(watchdog: 5, allocate: 2, loop: 1, msgwait: 10))
        #expect(StartupDecisions.delaySeconds(.msgwait, msgwait: timeouts.msgwait) == 10)
    }

    @Test func deviceMajority() {
        #expect(StartupDecisions.enoughDevices(1, of: 1))
        #expect(!StartupDecisions.enoughDevices(1, of: 2))
        #expect(StartupDecisions.enoughDevices(2, of: 3))
        #expect(!StartupDecisions.enoughDevices(1, of: 3))
    }

    @Test func watchdogListingIsWhatCrmshAndPcsParse() {
        let lines = WatchdogListing.lines([
            WatchdogInfo(path: "/dev/watchdog", identity: "iTCO_wdt", driver: "iTCO_wdt"),
            WatchdogInfo(path: "/dev/watchdog1", identity: "Software Watchdog", driver: "softdog"),
        ])
        #expect(
            lines == [
                "", "Discovered 2 watchdog devices:", "", "[1] /dev/watchdog", "Identity: iTCO_wdt", "Driver: iTCO_wdt",
                "", "[2] /dev/watchdog1", "Identity: Software Watchdog", "Driver: softdog",
                "CAUTION: Not recommended for use with sbd.",
            ])
        #expect(WatchdogListing.lines([]) == ["", "Discovered 0 watchdog devices:"])
    }
}

struct DeviceNameTests {
    @Test(arguments: ["/dev/sdb1", "/dev/sda", "/dev/vdc", "/dev/nvme0n1p2", "/dev/dm-3", "/dev/xvda1", "/dev/loop7"])
    func kernelNamesDrawAWarning(path: String) {
        #expect(DeviceNames.unstableNameWarning(path)?.contains("/dev/disk/by-id") == true)
    }

    @Test(arguments: [
        "/dev/disk/by-id/scsi-36001405a", "/dev/disk/by-path/pci-0000:00:1f.2-ata-1", "/dev/mapper/sbd1",
        "/dev/vg0/sbd", "/var/lib/sbd/disk", "/dev/sd",
    ])
    func stableNamesAndFilesDoNot(path: String) {
        #expect(DeviceNames.unstableNameWarning(path) == nil)
    }
}

/// test-watchdog's lines, as measured on Debian's sbd 1.5.2.
struct WatchdogTestTextTests {
    @Test func countdownIsOneLineASecondFromTheTimeoutToTwoThenSevenMore() {
        #expect(
            WatchdogTestText.countdown(seconds: 2) == [
                "Reset countdown ... 2 seconds", "System expected to reset any moment ...",
                "System expected to reset any moment ...", "System should have reset ...",
                "System should have reset ...", "System should have reset ...", "System should have reset ...",
                "System should have reset ...",
            ])
        #expect(WatchdogTestText.countdown(seconds: 5).prefix(4).last == "Reset countdown ... 2 seconds")
        #expect(WatchdogTestText.countdown(seconds: 1).count == 7)
    }
}
