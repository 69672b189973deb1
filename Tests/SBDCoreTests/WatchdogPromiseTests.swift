import Testing

@testable import SBDCore

/// A header rewritten under a running node (issue 13 item 9): the pure
/// decision, then the inquisitor acting on it with the fake clock.
struct WatchdogPromiseTests {
    static func header(_ watchdog: UInt32, _ msgwait: UInt32) -> DiskTimeouts {
        DiskTimeouts(watchdog: watchdog, allocate: 2, loop: 1, msgwait: msgwait)
    }

    // MARK: the decision

    /// Armed 5 s: msgwait 5 (equal) and 6 (one above) keep the promise, 4 (one below) breaks it.
    @Test func boundaries() {
        #expect(WatchdogPromise.decide(armed: 5, headers: [Self.header(5, 5)], rearm: .driver) == .kept)
        #expect(WatchdogPromise.decide(armed: 5, headers: [Self.header(3, 6)], rearm: .driver) == .kept)
        #expect(
            WatchdogPromise.decide(armed: 5, headers: [Self.header(2, 4)], rearm: .driver)
                == .rearm(seconds: 2, device: 0))
        #expect(WatchdogPromise.brokenDevices(armed: 5, headers: [Self.header(5, 5)]).isEmpty)
        #expect(WatchdogPromise.brokenDevices(armed: 5, headers: [Self.header(2, 4)]) == [0])
    }

    @Test func aLongerHeaderNeedsNothing() {
        #expect(WatchdogPromise.decide(armed: 1, headers: [Self.header(10, 20)], rearm: .driver) == .kept)
        #expect(WatchdogPromise.decide(armed: 5, headers: [nil, nil], rearm: .driver) == .kept)
    }

    @Test func theSmallestMsgwaitGoverns() {
        let headers = [Self.header(5, 10), Self.header(3, 4), Self.header(1, 3)]
        #expect(WatchdogPromise.decide(armed: 5, headers: headers, rearm: .driver) == .rearm(seconds: 1, device: 2))
        #expect(WatchdogPromise.brokenDevices(armed: 5, headers: headers) == [1, 2])
    }

    /// A header whose watchdog timeout exceeds its own msgwait cannot be armed as written.
    @Test func neverAboveTheMsgwait() {
        #expect(
            WatchdogPromise.decide(armed: 6, headers: [Self.header(5, 3)], rearm: .driver)
                == .rearm(seconds: 3, device: 0))
    }

    @Test func whenNoRearmIsPossible() {
        let headers = [Self.header(1, 2)]
        #expect(WatchdogPromise.decide(armed: 6, headers: headers, rearm: .notAllowed) == .broken(devices: [0]))
        #expect(WatchdogPromise.decide(armed: 6, headers: headers, rearm: .driver, refused: 1) == .broken(devices: [0]))
        #expect(
            WatchdogPromise.decide(armed: 6, headers: [Self.header(0, 2)], rearm: .driver) == .broken(devices: [0]))
        #expect(
            WatchdogPromise.decide(armed: 6, headers: headers, rearm: .timeoutActionOnly)
                == .rearm(seconds: 1, device: 0))
    }

    @Test func lateTickleWarningAfterARearm() {
        // Derived: recomputed for the new timeout (sbd 1.5's rule, at least 2 s).
        #expect(WatchdogPromise.lateTickleWarning(given: nil, watchdog: .seconds(10)) == .seconds(6))
        #expect(WatchdogPromise.lateTickleWarning(given: nil, watchdog: .seconds(1)) == .seconds(2))
        // Given: kept while below the new timeout; zero (never warn) stays.
        #expect(WatchdogPromise.lateTickleWarning(given: .seconds(2), watchdog: .seconds(3)) == .seconds(2))
        #expect(WatchdogPromise.lateTickleWarning(given: .seconds(3), watchdog: .seconds(3)) == .seconds(2))
        #expect(WatchdogPromise.lateTickleWarning(given: .zero, watchdog: .seconds(3)) == .zero)
    }

    // MARK: the inquisitor

    /// Watchdog 5 s armed (InquisitorTests.config), one to three devices.
    static func run(devices: Int = 1, rearm: WatchdogPromise.Rearm? = nil, watchdog: Bool = true)
        -> InquisitorTests.Run
    {
        var config = InquisitorTests.config(devices: devices, watchdog: watchdog)
        if let rearm { config.rearm = rearm }
        var run = InquisitorTests.Run(config)
        for index in 0..<devices { run.send(.report(servant: index, .header(Self.header(5, 10)))) }
        run.run(until: 5) { _ in Array(0..<devices) }
        return run
    }

    static func rearms(_ run: InquisitorTests.Run) -> [UInt32] {
        run.actions.compactMap { if case .rearmWatchdog(let seconds) = $0.1 { return seconds } else { return nil } }
    }

    static func statuses(_ run: InquisitorTests.Run) -> [String?] {
        run.actions.compactMap { if case .status(let text) = $0.1 { return text } else { return nil } }
    }

    @Test func theStartHeaderChangesNothing() {
        let run = Self.run()
        #expect(Self.rearms(run).isEmpty)
        #expect(Self.statuses(run).isEmpty)
        #expect(run.tickles == Array(1...5))
    }

    /// Rewritten to watchdog 1 s / msgwait 2 s: re-armed at the next tickle,
    /// logged and shown with both values, and the daemon's own thresholds follow.
    @Test func rearmsToTheNewHeader() {
        var run = Self.run()
        run.send(.report(servant: 0, .header(Self.header(1, 2))))
        run.run(until: 6) { _ in [0] }
        #expect(Self.rearms(run) == [1])
        #expect(!run.tickles.contains(6))  // the re-arm tickled instead
        run.send(.watchdogRearmed(requested: 1, reported: 1, problem: nil))
        #expect(run.logged(.error, containing: "msgwait 2 s, less than the armed watchdog timeout 5 s"))
        #expect(run.logged(.error, containing: "re-armed to 1 s"))
        #expect(Self.statuses(run).last??.contains("re-armed to 1 s") == true)
        #expect(run.inquisitor.config.watchdogTimeout == .seconds(1))
        #expect(run.inquisitor.config.lateTickleWarning == .seconds(2))
        #expect(run.inquisitor.healthyCount(at: .seconds(6)) == 1)
        // The device is lost: the timeout action now follows the 1 s timeout, not 5 s.
        run.run(until: 30) { _ in [] }
        #expect(run.fences.first.map { $0.0 - (run.tickles.last ?? 0) } == 2)
    }

    @Test func equalMsgwaitNeedsNoRearm() {
        var run = Self.run()
        run.send(.report(servant: 0, .header(Self.header(4, 5))))
        run.run(until: 8) { _ in [0] }
        #expect(Self.rearms(run).isEmpty)
        #expect(run.logged(.notice, containing: "stays 5 s"))
        #expect(run.tickles == Array(1...8))
    }

    @Test func oneBelowRearms() {
        var run = Self.run()
        run.send(.report(servant: 0, .header(Self.header(4, 4))))
        run.run(until: 6) { _ in [0] }
        #expect(Self.rearms(run) == [4])
    }

    @Test func aLongerHeaderIsLoggedAndKept() {
        var run = Self.run()
        run.send(.report(servant: 0, .header(Self.header(10, 20))))
        run.run(until: 8) { _ in [0] }
        #expect(Self.rearms(run).isEmpty)
        #expect(run.logged(.notice, containing: "a shorter watchdog than the header asks is safe"))
        #expect(run.inquisitor.config.watchdogTimeout == .seconds(5))
    }

    /// The driver refuses: the device counts unhealthy, so the node loses its
    /// only device and the watchdog (5 s, still armed) resets it.
    @Test func aRefusedRearmCountsTheDeviceUnhealthy() {
        var run = Self.run()
        run.send(.report(servant: 0, .header(Self.header(1, 2))))
        run.run(until: 6) { _ in [0] }
        run.send(.watchdogRearmed(requested: 1, reported: nil, problem: "Invalid argument"))
        #expect(run.logged(.error, containing: "re-arming the watchdog to 1 s failed"))
        #expect(run.logged(.error, containing: "msgwait 2 s, less than the armed watchdog timeout 5 s"))
        #expect(run.inquisitor.brokenPromises == [0])
        #expect(Self.statuses(run).last??.contains("counting that device unhealthy") == true)
        run.run(until: 30) { _ in [0] }
        #expect(run.tickles.last == 6)  // the tickle the refused re-arm stood for
        #expect(Self.rearms(run) == [1])  // not asked again
        #expect(run.fences.first.map { $0.0 - (run.tickles.last ?? 0) } == 6)
    }

    /// The driver rounds up past the msgwait: as good as a refusal; the timeout it took is the armed one.
    @Test func aRoundedRearmAboveTheMsgwait() {
        var run = Self.run()
        run.send(.report(servant: 0, .header(Self.header(1, 2))))
        run.run(until: 6) { _ in [0] }
        run.send(.watchdogRearmed(requested: 1, reported: 3, problem: nil))
        #expect(run.logged(.error, containing: "the driver took 3 s instead"))
        #expect(run.inquisitor.config.watchdogTimeout == .seconds(3))
        #expect(run.inquisitor.brokenPromises == [0])
    }

    /// Rounded, but still within the msgwait: the promise holds.
    @Test func aRoundedRearmWithinTheMsgwait() {
        var run = Self.run()
        run.send(.report(servant: 0, .header(Self.header(1, 3))))
        run.run(until: 6) { _ in [0] }
        run.send(.watchdogRearmed(requested: 1, reported: 2, problem: nil))
        #expect(run.inquisitor.brokenPromises.isEmpty)
        #expect(run.inquisitor.config.watchdogTimeout == .seconds(2))
    }

    @Test func keptAgainWhenTheHeaderGrows() {
        var run = Self.run()
        run.send(.report(servant: 0, .header(Self.header(1, 2))))
        run.run(until: 6) { _ in [0] }
        run.send(.watchdogRearmed(requested: 1, reported: nil, problem: "Invalid argument"))
        run.send(.report(servant: 0, .header(Self.header(5, 10))))
        #expect(run.inquisitor.brokenPromises.isEmpty)
        #expect(Self.statuses(run).last == .some(nil))
        run.run(until: 12) { _ in [0] }
        #expect(run.tickles.last == 12)
    }

    /// -T: sbd may not touch the driver's timeout.
    @Test func keepTimeoutCountsTheDeviceUnhealthy() {
        var run = Self.run(rearm: .notAllowed)
        run.send(.report(servant: 0, .header(Self.header(1, 2))))
        run.run(until: 8) { _ in [0] }
        #expect(Self.rearms(run).isEmpty)
        #expect(run.logged(.error, containing: "(-T)"))
        #expect(run.inquisitor.brokenPromises == [0])
    }

    /// -W -W: only the timeout action fences; its threshold is lowered at once.
    @Test func withoutAWatchdogTheTimeoutActionFollows() {
        var run = Self.run(watchdog: false)
        run.send(.report(servant: 0, .header(Self.header(1, 2))))
        #expect(run.logged(.error, containing: "lowered to 1 s"))
        #expect(run.inquisitor.config.watchdogTimeout == .seconds(1))
        run.run(until: 30) { _ in [] }
        #expect(Self.rearms(run).isEmpty)
        #expect(run.fences.first.map { $0.0 - (run.tickles.last ?? 0) } == 2)
    }

    /// Three devices, one whose promise cannot be kept: 2 of 3 still carry the node.
    @Test func oneOfThreeDevices() {
        var run = Self.run(devices: 3)
        run.send(.report(servant: 1, .header(Self.header(1, 2))))
        run.run(until: 6) { _ in [0, 1, 2] }
        run.send(.watchdogRearmed(requested: 1, reported: nil, problem: "Invalid argument"))
        #expect(run.inquisitor.brokenPromises == [1])
        #expect(run.inquisitor.healthyCount(at: .seconds(6)) == 2)
        run.run(until: 12) { _ in [0, 1, 2] }
        #expect(run.tickles.last == 12)
        #expect(run.fences.isEmpty)
    }

    @Test func theHeaderReportCrossesThePipe() {
        let frame = ServantReportFrame(servant: 2, report: .header(Self.header(1, 2)), sentAt: .seconds(7))
        let (frames, consumed) = ServantReportFrame.decode(frame.encoded()[...])
        #expect(frames == [frame])
        #expect(consumed == frame.encoded().count)
        #expect(frame.isUrgent)
    }
}
