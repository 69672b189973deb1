import Testing

@testable import SBDCore

struct WatchdogPresenceRuleTests {
    static let hardware = WatchdogInfo(path: "/dev/watchdog", identity: "iTCO_wdt", driver: "iTCO_wdt")

    @Test func aHardwareWatchdogIsOK() {
        let facts = WatchdogFacts(info: Self.hardware, present: true)
        #expect(WatchdogPresenceRule.evaluate(configured: "/dev/watchdog", facts: facts, diskless: false).status == .ok)
    }

    @Test func softdogWarns() {
        let facts = WatchdogFacts(
            info: WatchdogInfo(path: "/dev/watchdog", identity: "Software Watchdog", driver: "softdog"), present: true)
        #expect(
            WatchdogPresenceRule.evaluate(configured: "/dev/watchdog", facts: facts, diskless: false).status == .warn)
    }

    @Test func aMissingDeviceFails() {
        let facts = WatchdogFacts(info: Self.hardware, present: false)
        #expect(
            WatchdogPresenceRule.evaluate(configured: "/dev/watchdog", facts: facts, diskless: false).status == .fail)
        #expect(WatchdogPresenceRule.evaluate(configured: "/dev/watchdog", facts: nil, diskless: false).status == .fail)
    }

    @Test func noWatchdogFailsWithoutDevicesAndWarnsWithThem() {
        #expect(WatchdogPresenceRule.evaluate(configured: nil, facts: nil, diskless: true).status == .fail)
        #expect(WatchdogPresenceRule.evaluate(configured: nil, facts: nil, diskless: false).status == .warn)
    }
}

struct KernelWatchdogTimeoutRuleTests {
    static func facts(current: UInt32? = 60, min: UInt32? = 1, max: UInt32? = 30, active: Bool = false)
        -> WatchdogFacts
    {
        WatchdogFacts(
            info: WatchdogInfo(path: "/dev/watchdog", identity: "x", driver: "x"), present: true,
            currentTimeout: current, minimumTimeout: min, maximumTimeout: max, active: active)
    }

    func status(_ expected: UInt32, _ facts: WatchdogFacts) -> CheckResult.Status? {
        KernelWatchdogTimeoutRule.evaluate(
            expected: expected, facts: facts, diskless: false, devices: ["/dev/a"], msgwait: 10
        )?.status
    }

    @Test func theDriversMaximumIsTheBoundary() {
        #expect(status(29, Self.facts()) == .ok)
        #expect(status(30, Self.facts()) == .ok)
        #expect(status(31, Self.facts()) == .fail)
    }

    @Test func theDriversMinimumIsTheBoundary() {
        #expect(status(4, Self.facts(min: 5)) == .fail)
        #expect(status(5, Self.facts(min: 5)) == .ok)
        #expect(status(6, Self.facts(min: 5)) == .ok)
    }

    @Test func aRunningWatchdogWithAnotherTimeoutWarns() {
        #expect(status(5, Self.facts(current: 5, active: true)) == .ok)
        #expect(status(5, Self.facts(current: 4, active: true)) == .warn)
        #expect(status(5, Self.facts(current: 6, active: true)) == .warn)
    }

    @Test func anIdleWatchdogsCurrentTimeoutDoesNotMatter() {
        #expect(status(5, Self.facts(current: 60, active: false)) == .ok)
    }

    @Test func aTooLongTimeoutIsFixedOnTheDevicesOrInTheFile() {
        let onDevices = KernelWatchdogTimeoutRule.evaluate(
            expected: 40, facts: Self.facts(), diskless: false, devices: ["/dev/a"], msgwait: 80)
        #expect(onDevices?.fixes == ["sbd -d /dev/a -1 30 -4 80 create"])
        let diskless = KernelWatchdogTimeoutRule.evaluate(
            expected: 40, facts: Self.facts(), diskless: true, devices: [], msgwait: nil)
        #expect(diskless?.fixes == ["set SBD_WATCHDOG_TIMEOUT=30 in /etc/default/sbd"])
    }
}

struct StartTimeoutRuleTests {
    // -I 3: a first probe of up to 7 s; -s 120, delay 10: 120 + 10 + 60 = 190 s recommended.
    func status(_ seconds: Int64) -> CheckResult.Status {
        StartTimeoutRule.evaluate(
            timeout: .milliseconds(seconds * 1000), probeLimit: StartTimeoutRule.probeLimit(ioTimeout: 3),
            deviceWait: 120, delay: 10
        ).status
    }

    @Test func notLongerThanTheFirstProbeFails() {
        #expect(status(6) == .fail)
        #expect(status(7) == .fail)
        #expect(status(8) == .warn)
    }

    @Test func theGeneratorsFigureIsTheRecommendation() {
        #expect(status(189) == .warn)
        #expect(status(190) == .ok)
        #expect(status(191) == .ok)
    }

    @Test func infinityIsOK() {
        #expect(
            StartTimeoutRule.evaluate(timeout: .infinity, probeLimit: 7, deviceWait: 120, delay: 10).status == .ok)
    }

    @Test func withoutDevicesNothingFails() {
        #expect(
            StartTimeoutRule.evaluate(timeout: .milliseconds(1000), probeLimit: 0, deviceWait: 0, delay: 0).status
                == .warn)
    }
}

struct KeptWatchdogTimeoutTests {
    func status(current: UInt32?) -> CheckResult.Status? {
        KernelWatchdogTimeoutRule.evaluate(
            expected: 5, facts: KernelWatchdogTimeoutRuleTests.facts(current: current, max: 600), diskless: false,
            devices: ["/dev/a"], msgwait: 10, keepsDriverTimeout: true
        )?.status
    }

    @Test func withTTheDriversTimeoutMustNotBeLonger() {
        #expect(status(current: 4) == .ok)
        #expect(status(current: 5) == .ok)
        #expect(status(current: 6) == .fail)
        #expect(status(current: nil) == .warn)
    }
}

struct SystemdPropertiesTests {
    @Test func keyValueLines() {
        let values = SystemdProperties.parse("LoadState=not-found\nTimeoutStartUSec=1min 30s\n")
        #expect(values["LoadState"] == "not-found")
        #expect(values["TimeoutStartUSec"] == "1min 30s")
    }
}
