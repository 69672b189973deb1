import Testing

@testable import SBDCore

/// SBD_WATCHDOG_TIMEOUT 5 s: pacemaker refuses 5 s and below, 10 s is twice.
struct StonithWatchdogTimeoutRuleTests {
    func status(_ seconds: Int64, diskless: Bool = true) -> CheckResult.Status {
        StonithWatchdogTimeoutRule.evaluate(
            stonithWatchdogTimeout: seconds * 1000, watchdogTimeout: 5, diskless: diskless
        ).status
    }

    @Test func notLargerThanTheWatchdogTimeoutFails() {
        #expect(status(4) == .fail)
        #expect(status(5) == .fail)
    }

    @Test func largerButBelowTwiceWarns() {
        #expect(status(6) == .warn)
        #expect(status(9) == .warn)
    }

    @Test func twiceAndAboveIsOK() {
        #expect(status(10) == .ok)
        #expect(status(11) == .ok)
    }

    @Test func zeroFailsOnlyWithoutDevices() {
        #expect(status(0, diskless: true) == .fail)
        #expect(status(0, diskless: false) == .ok)
    }

    @Test func negativeMeansTwiceTheLocalValue() {
        let result = StonithWatchdogTimeoutRule.evaluate(
            stonithWatchdogTimeout: -1000, watchdogTimeout: 5, diskless: true)
        #expect(result.status == .ok)
        #expect(result.summary.contains("10s"))
    }

    @Test func theFixIsTwiceTheWatchdogTimeout() {
        let result = StonithWatchdogTimeoutRule.evaluate(
            stonithWatchdogTimeout: 3000, watchdogTimeout: 5, diskless: true)
        #expect(result.fixes.first == "crm configure property stonith-watchdog-timeout=10s")
    }
}
