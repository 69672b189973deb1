import Testing

@testable import SBDCore

/// The inquisitor driven by a fake clock: no sleeping, every case of sbd(8).
struct InquisitorTests {
    /// Watchdog 5 s, loop 1 s, -I 3 s: a report counts for 4 s.
    static func config(
        devices: Int, action: TimeoutAction = .default, failures: UInt32 = 1, delay: UInt32 = 5,
        watchdog: Bool = true, trace: Int = 0
    ) -> InquisitorConfig {
        InquisitorConfig(
            devices: (1...devices).map { "/dev/sbd\($0)" }, watchdogTimeout: .seconds(5), loopTimeout: .seconds(1),
            ioTimeout: .seconds(3), timeoutAction: action,
            dampening: RestartDampening(failures: failures, delay: .seconds(delay)), watchdogInUse: watchdog,
            traceLevel: trace)
    }

    /// Runs second by second; `healthy(second)` says which servants report.
    struct Run {
        var inquisitor: Inquisitor
        var actions: [(Int64, InquisitorAction)] = []
        var second: Int64 = 0

        init(_ config: InquisitorConfig) {
            inquisitor = Inquisitor(config: config, startedAt: .seconds(0))
            actions = inquisitor.start(at: .seconds(0)).map { (0, $0) }
        }

        mutating func send(_ event: InquisitorEvent, atMillis: Int64? = nil) {
            let now = Instant(milliseconds: atMillis ?? second * 1000)
            actions += inquisitor.handle(event, at: now).map { (now.milliseconds / 1000, $0) }
        }

        /// Each second: reports first (mid-second), then the tick.
        mutating func run(until end: Int64, healthy: (Int64) -> [Int]) {
            while second < end && !inquisitor.finished {
                second += 1
                for servant in healthy(second) {
                    send(.report(servant: servant, .healthy), atMillis: second * 1000 - 500)
                }
                send(.tick)
            }
        }

        var tickles: [Int64] { actions.filter { $0.1 == .tickleWatchdog }.map(\.0) }
        var fences: [(Int64, FenceRequest)] {
            actions.compactMap { if case .fence(let request) = $0.1 { return ($0.0, request) } else { return nil } }
        }
        var exits: [InquisitorExit] {
            actions.compactMap { if case .exit(let exit) = $0.1 { return exit } else { return nil } }
        }
        var starts: [(Int64, Int)] {
            actions.compactMap { if case .startServant(let index) = $0.1 { return ($0.0, index) } else { return nil } }
        }
        func logged(_ level: LogLevel, containing text: String) -> Bool {
            actions.contains {
                if case .log(level, let line) = $0.1 { return line.contains(text) } else { return false }
            }
        }
    }

    @Test func startsEveryServantAndTicklesWhileAllReport() {
        for count in 1...3 {
            var run = Run(Self.config(devices: count))
            #expect(run.starts.map(\.1) == Array(0..<count))
            run.run(until: 60) { _ in Array(0..<count) }
            #expect(run.tickles == Array(1...60))
            #expect(run.fences.isEmpty)
            #expect(run.inquisitor.watching)
        }
    }

    /// Every number of failed devices for 1, 2 and 3 devices: the node
    /// survives exactly while a majority reports.
    @Test(arguments: [(1, 0), (1, 1), (2, 0), (2, 1), (2, 2), (3, 0), (3, 1), (3, 2), (3, 3)])
    func survivesOnlyWithMajority(devices: Int, failed: Int) {
        var run = Run(Self.config(devices: devices))
        // All healthy for 10 s, then `failed` devices stop reporting at once.
        run.run(until: 60) { second in second <= 10 ? Array(0..<devices) : Array(failed..<devices) }
        // At run time: 1 of 1, 1 of 2, 2 of 3.
        let survives = devices - failed >= (devices == 3 ? 2 : 1)
        if survives {
            #expect(run.fences.isEmpty)
            #expect(run.tickles.count == 60)
        } else {
            // Last good report at 9.5 s, outdated at 13.5 s (4 s); last tickle at 13;
            // the watchdog (5 s) fires at 18; the timeout action follows at the first
            // tick past it, 19, as in sbd 1.5 (a fallback when the watchdog did not fire).
            #expect(run.tickles.last == 13)
            #expect(run.fences.map(\.0) == [19])
            #expect(run.fences.first?.1.kind == .reboot)
            #expect(run.fences.first?.1.flush == true)
            #expect(run.fences.first?.1.reason.contains("needed") == true)
            #expect(run.inquisitor.finished)
        }
    }

    /// sbd 1.5's rule in every mode (measured on Debian's binary): the gap
    /// since the last tickle (13 here) must exceed the watchdog timeout (5 s)
    /// for the timeout action; trace modes with a watchdog act once it
    /// exceeds the warning threshold (3 s); -Z -Z and more never act on the
    /// watchdog timeout alone.
    @Test(arguments: [
        (true, 0, Int64?(19)), (false, 0, 19), (true, 1, 17), (true, 2, 17), (true, 3, 17), (true, 4, 17),
        (false, 1, 19), (false, 2, nil), (false, 3, nil), (false, 4, nil),
    ])
    func whenTheTimeoutActionRuns(watchdog: Bool, trace: Int, fenceAt: Int64?) {
        var run = Run(Self.config(devices: 1, watchdog: watchdog, trace: trace))
        run.run(until: 60) { second in second <= 10 ? [0] : [] }
        #expect(run.tickles.last == 13)
        #expect(run.fences.map(\.0) == (fenceAt.map { [$0] } ?? []))
        if fenceAt == nil {
            #expect(run.logged(.error, containing: "would have fenced"))
            #expect(!run.inquisitor.finished)
        }
    }

    @Test func twoDevicesSurviveOneFailureAtRunTimeButNotTwo() {
        var run = Run(Self.config(devices: 2))
        run.run(until: 30) { second in second <= 5 ? [0, 1] : [1] }
        #expect(run.fences.isEmpty, "one mirror leg lost is survived (sbd(8), two devices)")
        run.run(until: 60) { _ in [] }
        #expect(run.fences.count == 1)
    }

    @Test func twoDevicesNeedBothToStartButOneToRun() {
        #expect(!StartupDecisions.enoughDevices(1, of: 2))
        #expect(Self.config(devices: 2).majority == 1)
        #expect(Self.config(devices: 3).majority == 2)
        #expect(Self.config(devices: 1).majority == 1)
    }

    @Test(arguments: [
        TimeoutAction(flush: true, kind: .reboot), TimeoutAction(flush: false, kind: .off),
        TimeoutAction(flush: true, kind: .crashdump), TimeoutAction(flush: false, kind: .reboot),
    ])
    func timeoutActionIsTheConfiguredOne(action: TimeoutAction) {
        var run = Run(Self.config(devices: 1, action: action))
        run.run(until: 30) { second in second <= 3 ? [0] : [] }
        #expect(run.fences.first?.1.kind == action.kind)
        #expect(run.fences.first?.1.flush == action.flush)
    }

    @Test func lateReportsWithinTheAgeKeepTheNode() {
        // A slow device answers every 3 s (within loop + I/O timeout).
        var run = Run(Self.config(devices: 1))
        run.run(until: 60) { second in second % 3 == 0 ? [0] : [] }
        #expect(run.fences.isEmpty)
        #expect(run.tickles.count >= 55)
    }

    @Test func reportsJustTooLateFenceAfterTheWatchdogTimeout() {
        // Every 6 s is too slow: outdated after 4 s, so tickles stop in between.
        var run = Run(Self.config(devices: 1))
        run.run(until: 60) { second in second % 6 == 0 ? [0] : [] }
        #expect(run.fences.isEmpty, "gaps of 2 s without tickle stay under the 5 s watchdog timeout")
        #expect(run.tickles.count < 60)
        var slow = Run(Self.config(devices: 1))
        slow.run(until: 60) { second in second <= 3 || second % 10 == 0 ? [0] : [] }
        #expect(slow.fences.count == 1)
    }

    @Test func flappingServantWarnsButSurvivesWhileTicklesStayInTime() {
        var run = Run(Self.config(devices: 3))
        // Device 2 flaps on and off every 5 s; 0 and 1 are steady.
        run.run(until: 60) { second in (second / 5) % 2 == 0 ? [0, 1, 2] : [0, 1] }
        #expect(run.fences.isEmpty)
        #expect(run.logged(.warning, containing: "watcher of /dev/sbd3 is late"))
        #expect(run.logged(.notice, containing: "watcher of /dev/sbd3 is healthy again"))
    }

    @Test func warnsAboutLateTicklesPerDashFive() {
        var config = Self.config(devices: 1)
        config.lateTickleWarning = .seconds(2)
        var run = Run(config)
        run.run(until: 10) { _ in [0] }
        #expect(!run.logged(.warning, containing: "late watchdog tickle"))
        // Reports stop for a while, come back before the watchdog timeout.
        run.run(until: 30) { second in second > 10 && second < 17 ? [] : [0] }
        #expect(run.logged(.warning, containing: "no watchdog tickle"))
        #expect(run.logged(.warning, containing: "late watchdog tickle"))
        #expect(run.fences.isEmpty)
    }

    @Test func noWarningWhenDashFiveIsZero() {
        var config = Self.config(devices: 1)
        config.lateTickleWarning = .zero
        var run = Run(config)
        run.run(until: 30) { second in second > 10 && second < 15 ? [] : [0] }
        #expect(!run.logged(.warning, containing: "tickle"))
    }

    @Test func defaultWarningIsThreeFifthsOfTheWatchdogTimeout() {
        #expect(InquisitorConfig.defaultLateTickleWarning(.seconds(5)) == .seconds(3))
        #expect(InquisitorConfig.defaultLateTickleWarning(.seconds(10)) == .seconds(6))
        // Measured on Debian's sbd 1.5.2: rounded down, at least 2.
        for (watchdog, warning): (UInt32, UInt32) in [(1, 2), (3, 2), (4, 2), (7, 4), (11, 6)] {
            #expect(InquisitorConfig.defaultLateTickleWarning(.seconds(watchdog)) == .seconds(warning))
        }
        #expect(Self.config(devices: 1).lateTickleWarning == .seconds(3))
    }

    @Test func startupFailsWithoutMajorityWithinTheWatchdogTimeout() {
        var run = Run(Self.config(devices: 3))
        run.run(until: 30) { _ in [0] }
        #expect(run.tickles.isEmpty)
        #expect(run.fences.isEmpty, "never watching yet: no fence, the start fails")
        guard case .startupFailed(let text) = run.exits.first else {
            Issue.record("expected a start-up failure, got \(run.exits)")
            return
        }
        #expect(text.contains("1 of 3 devices healthy, 2 needed"))
    }

    @Test(arguments: [
        (SBDMessage.reset, TimeoutAction.Kind.reboot), (.off, .off), (.crashdump, .crashdump),
    ])
    func fencingMessagesFenceAtOnceWithFlush(message: SBDMessage, kind: TimeoutAction.Kind) {
        // The timeout action does not change what a message asks for.
        var run = Run(Self.config(devices: 3, action: TimeoutAction(flush: false, kind: .off)))
        run.run(until: 5) { _ in [0, 1, 2] }
        run.send(.report(servant: 1, .message(message, sender: "node1")), atMillis: 5200)
        #expect(run.fences.count == 1)
        #expect(
            run.fences.first?.1
                == FenceRequest(kind: kind, flush: true, reason: "\(message.word) from node1 on /dev/sbd2"))
        #expect(run.logged(.warning, containing: "Received command \(message.word) from node1 on disk /dev/sbd2"))
        // Nothing happens after a fence.
        run.run(until: 10) { _ in [0, 1, 2] }
        #expect(run.tickles.count == 5)
    }

    @Test func testMessageIsOnlyLogged() {
        var run = Run(Self.config(devices: 1))
        run.run(until: 3) { _ in [0] }
        run.send(.report(servant: 0, .message(.test, sender: "node2")))
        run.run(until: 10) { _ in [0] }
        #expect(run.logged(.info, containing: "Received command test from node2 on disk /dev/sbd1"))
        #expect(run.fences.isEmpty && run.exits.isEmpty)
        #expect(run.tickles.count == 10)
    }

    @Test func exitMessageExitsCleanly() {
        var run = Run(Self.config(devices: 2))
        run.run(until: 3) { _ in [0, 1] }
        run.send(.report(servant: 0, .message(.exit, sender: "node2")))
        #expect(run.exits == [.clean])
        #expect(run.fences.isEmpty)
        #expect(run.inquisitor.finished)
    }

    @Test func clearMessageDoesNothing() {
        var run = Run(Self.config(devices: 1))
        run.send(.report(servant: 0, .message(.clear, sender: "")))
        #expect(run.actions.count == 1)  // the start
    }

    @Test func terminateExitsCleanly() {
        var run = Run(Self.config(devices: 1))
        run.run(until: 3) { _ in [0] }
        run.send(.terminate("SIGTERM"))
        #expect(run.exits == [.clean])
        run.run(until: 30) { _ in [] }
        #expect(run.fences.isEmpty, "a clean exit never turns into a fence")
    }

    @Test func deadServantRestartsOncePerDampeningDelayWithDashFOne() {
        var run = Run(Self.config(devices: 3, failures: 1, delay: 5))
        run.run(until: 2) { _ in [0, 1, 2] }
        run.send(.servantExited(servant: 2, status: "exited with status 1"))
        // Started at 0, died at 2: the next start waits until 5.
        #expect(run.starts.filter { $0.1 == 2 }.map(\.0) == [0])
        run.run(until: 6) { _ in [0, 1] }
        #expect(run.starts.filter { $0.1 == 2 }.map(\.0) == [0, 5])
        // Dies at once again: next at 10.
        run.send(.servantExited(servant: 2, status: "exited with status 1"))
        run.run(until: 12) { _ in [0, 1] }
        #expect(run.starts.filter { $0.1 == 2 }.map(\.0) == [0, 5, 10])
        #expect(run.fences.isEmpty)
    }

    @Test func dampeningZeroRestartsImmediately() {
        for (failures, delay) in [(UInt32(0), UInt32(5)), (1, 0)] {
            var run = Run(Self.config(devices: 1, failures: failures, delay: delay))
            for second in 1...5 {
                run.send(.servantExited(servant: 0, status: "was killed by signal 9"), atMillis: Int64(second) * 1000)
            }
            #expect(run.starts.map(\.0) == [0, 1, 2, 3, 4, 5])
            // Dying at once after a start: the restart waits for the next second.
            run.send(.servantExited(servant: 0, status: "exited with status 1"), atMillis: 5100)
            #expect(run.starts.count == 6)
            run.run(until: 7) { _ in [] }
            #expect(run.starts.map(\.0) == [0, 1, 2, 3, 4, 5, 6])
        }
    }

    @Test func dampeningAllowsFStartsWithinTheWindow() {
        let dampening = RestartDampening(failures: 3, delay: .seconds(10))
        let starts: [Instant] = [.seconds(0), .seconds(1), .seconds(2)]
        #expect(dampening.nextStart(after: starts, now: .seconds(3)) == .seconds(10))
        #expect(dampening.nextStart(after: Array(starts.prefix(2)), now: .seconds(3)) == .seconds(3))
        #expect(dampening.nextStart(after: starts, now: .seconds(11)) == .seconds(11))
        // Never twice within the minimum gap, even when the window allows it.
        #expect(dampening.nextStart(after: [.seconds(0)], now: Instant(milliseconds: 300)) == .seconds(1))
        #expect(
            RestartDampening(failures: 0, delay: .zero).nextStart(after: [.seconds(4)], now: .seconds(4)) == .seconds(5)
        )
        #expect(dampening.pruned(starts, now: .seconds(11)) == [.seconds(2)])
    }

    @Test func sigusr1RestartsFailedServantsNow() {
        var run = Run(Self.config(devices: 3, failures: 1, delay: 60))
        run.run(until: 2) { _ in [0, 1, 2] }
        run.send(.servantExited(servant: 0, status: "exited with status 1"))
        run.send(.servantExited(servant: 0, status: "exited with status 1"))
        run.run(until: 3) { _ in [1, 2] }
        run.send(.restartFailedServants)
        #expect(run.starts.filter { $0.1 == 0 }.map(\.0) == [0, 3])
        #expect(run.logged(.notice, containing: "restarting the watcher of /dev/sbd1 on request"))
        run.send(.restartFailedServants)
        #expect(run.logged(.info, containing: "every watcher is running"))
    }

    @Test func aServantThatDiedDoesNotCountAsHealthy() {
        var run = Run(Self.config(devices: 1, failures: 1, delay: 60))
        run.run(until: 2) { _ in [0] }
        run.send(.servantExited(servant: 0, status: "was killed by signal 9"))
        #expect(run.inquisitor.healthyCount(at: .seconds(2)) == 0)
        run.run(until: 20) { _ in [] }
        #expect(run.fences.count == 1)
    }

    @Test func unhealthyReportDropsTheServantAtOnce() {
        var run = Run(Self.config(devices: 1))
        run.run(until: 2) { _ in [0] }
        run.send(.report(servant: 0, .unhealthy("header changed")))
        #expect(run.inquisitor.healthyCount(at: .seconds(2)) == 0)
        #expect(run.logged(.warning, containing: "watcher of /dev/sbd1: header changed"))
    }

    /// Servants repeat their report every loop; the log names a problem
    /// once, again when it changes, and says when the servant recovers.
    @Test func aRepeatedProblemIsLoggedOnce() {
        var run = Run(Self.config(devices: 3))
        run.run(until: 2) { _ in [0, 1, 2] }
        for _ in 0..<5 { run.send(.report(servant: 0, .unhealthy("no quorum"))) }
        run.send(.report(servant: 0, .unhealthy("node unclean")))
        run.send(.report(servant: 0, .unhealthy("node unclean")))
        let warnings = run.actions.compactMap { if case .log(.warning, let line) = $0.1 { line } else { nil } }
        #expect(warnings == ["watcher of /dev/sbd1: no quorum", "watcher of /dev/sbd1: node unclean"])
        run.send(.report(servant: 0, .healthy))
        run.send(.report(servant: 0, .healthy))
        let notices = run.actions.filter { $0.1 == .log(.notice, "watcher of /dev/sbd1 is healthy again") }
        #expect(notices.count == 1)
        run.send(.report(servant: 0, .unhealthy("no quorum")))
        #expect(run.actions.filter { $0.1 == .log(.warning, "watcher of /dev/sbd1: no quorum") }.count == 2)
    }

    /// A lost device's watcher fails the same way at every restart: the
    /// first failure is a warning, the repeats are debug, until it recovers.
    @Test func aWatcherFailingTheSameWayIsAWarningOnce() {
        var run = Run(Self.config(devices: 3, failures: 1, delay: 5))
        run.run(until: 2) { _ in [0, 1, 2] }
        func levels() -> [LogLevel] {
            run.actions.compactMap {
                if case .log(let level, let line) = $0.1, line.hasPrefix("watcher of /dev/sbd3 "),
                    line.contains("restarting")
                {
                    level
                } else {
                    nil
                }
            }
        }
        for end: Int64 in [6, 11, 16] {
            run.send(.servantExited(servant: 2, status: "exited with status 1"))
            run.run(until: end) { _ in [0, 1] }
        }
        #expect(levels() == [.warning, .debug, .debug])
        run.send(.servantExited(servant: 2, status: "was killed by signal 9"))
        run.run(until: 21) { _ in [0, 1, 2] }
        run.send(.servantExited(servant: 2, status: "was killed by signal 9"))
        #expect(levels() == [.warning, .debug, .debug, .warning, .warning])
    }

    @Test func unknownServantIsIgnored() {
        var run = Run(Self.config(devices: 1))
        run.send(.report(servant: 7, .healthy))
        run.send(.servantExited(servant: 9, status: "x"))
        #expect(run.logged(.warning, containing: "unknown servant 7"))
    }

    @Test func reportFramesRoundTripAndTolerateGarbage() {
        let reports: [ServantReport] = [
            .healthy, .unhealthy("device /dev/x: read timed out"), .message(.reset, sender: "node1"),
        ]
        let frames = reports.enumerated().map {
            ServantReportFrame(servant: $0.offset, report: $0.element, sentAt: Instant(milliseconds: 1_234_567_890_123))
        }
        var bytes = frames.flatMap { $0.encoded() }
        bytes += [0, 99, 0, 0] + [UInt8](repeating: 0, count: 8)  // unknown kind
        bytes += [1, 1]  // incomplete
        let (decoded, consumed) = ServantReportFrame.decode(bytes[...])
        #expect(Array(decoded.prefix(3)) == frames)
        #expect(decoded.count == 4)
        #expect(decoded[3].report == nil)
        #expect(consumed == bytes.count - 2)
        #expect(frames.map(\.isUrgent) == [false, true, true])
        // a "healthy" that ends another state is urgent too (a device back counts at once)
        #expect(!frames[0].isUrgent(after: .healthy))
        #expect(frames[0].isUrgent(after: .unhealthy("read timed out")))
        #expect(frames[0].isUrgent(after: .starting))
        #expect(frames[0].isUrgent(after: nil))
        #expect(!ServantReportFrame(servant: 0, report: .starting, sentAt: .seconds(1)).isUrgent(after: nil))
        let long = ServantReportFrame(
            servant: 0, report: .unhealthy(String(repeating: "x", count: 1000)), sentAt: .seconds(1))
        #expect(long.encoded().count == ServantReportFrame.headerSize + ServantReportFrame.maximumText)
    }

    @Test func aWatcherThatStopsReportingIsJudgedTheMomentItIsLate() {
        var run = Run(Self.config(devices: 1))
        // reports at the grid instant just after each tick (the tick judges the loop before)
        run.send(.report(servant: 0, .healthy), atMillis: 1_000)
        run.send(.tick, atMillis: 2_000)
        #expect(run.inquisitor.nextStaleness(after: .seconds(2)) == Instant(milliseconds: 5_000))
        run.send(.report(servant: 0, .healthy), atMillis: 2_000)
        // while it reports, the staleness lies beyond the next tick: no extra wake-up
        #expect(run.inquisitor.nextStaleness(after: Instant(milliseconds: 2_001)) == .seconds(6))
        // it stops: a tick at 6 s (the staleness) finds it late, before the grid tick at 7 s
        run.send(.tick, atMillis: 6_000)
        #expect(run.logged(.warning, containing: "is late"))
        #expect(run.inquisitor.nextStaleness(after: .seconds(6)) == nil)
    }

    // MARK: pacemaker integration (-P): servants 3 = pacemaker, 4 = cluster after 3 devices.

    static func integrated(devices: Int) -> InquisitorConfig {
        var config = Self.config(devices: max(devices, 1))
        if devices == 0 { config.devices = [] }
        config.clusterIntegration = true
        return config
    }

    @Test func integrationStartsTwoMoreServants() {
        let run = Run(Self.integrated(devices: 3))
        #expect(run.starts.map(\.1) == [0, 1, 2, 3, 4])
        #expect(Self.integrated(devices: 3).servantNames.suffix(2) == ["pacemaker", "cluster"])
    }

    @Test func deviceMajorityLossIsSurvivedWhileQuorateAndHealthy() {
        var run = Run(Self.integrated(devices: 3))
        run.run(until: 60) { second in second <= 10 ? [0, 1, 2, 3, 4] : [2, 3, 4] }
        #expect(run.fences.isEmpty, "sbd(8): quorate partition and healthy node keep the node up")
        #expect(run.tickles.count == 60)
        #expect(run.logged(.warning, containing: "no further fault is tolerated"))
    }

    @Test(arguments: [[0, 1, 2, 3], [0, 1, 2, 4]])
    func devicesAloneStillSufficeWhenTheClusterViewFails(reporting: [Int]) {
        var run = Run(Self.integrated(devices: 3))
        run.run(until: 30) { second in second <= 5 ? [0, 1, 2, 3, 4] : reporting }
        #expect(run.fences.isEmpty)
    }

    @Test(arguments: [[2, 3], [2, 4], [2]])
    func deviceMajorityLostAndTheClusterViewFailingFences(reporting: [Int]) {
        var run = Run(Self.integrated(devices: 3))
        run.run(until: 40) { second in second <= 5 ? [0, 1, 2, 3, 4] : reporting }
        #expect(run.fences.count == 1)
        #expect(run.fences.first?.1.reason.contains("pacemaker or the cluster not healthy") == true)
    }

    @Test func disklessModeTicklesOnlyWhilePacemakerAndClusterAreHealthy() {
        var run = Run(Self.integrated(devices: 0))
        #expect(run.starts.map(\.1) == [0, 1])
        run.run(until: 20) { _ in [0, 1] }
        #expect(run.tickles.count == 20)
        #expect(run.logged(.notice, containing: "no devices, cluster healthy: watching"))
        run.run(until: 40) { _ in [0] }
        #expect(run.fences.count == 1)
        #expect(run.fences.first?.1.reason.hasPrefix("no devices") == true)
    }

    @Test func startingClusterServantsKeepOnlyADisklessNodeUp() {
        // With devices: "nothing to protect yet" never stands in for lost devices.
        var withDevices = Run(Self.integrated(devices: 1))
        withDevices.run(until: 5) { _ in [0, 1, 2] }
        for second in Int64(6)...30 {
            withDevices.send(.report(servant: 1, .starting), atMillis: second * 1000 - 500)
            withDevices.send(.report(servant: 2, .starting), atMillis: second * 1000 - 500)
            withDevices.second = second
            withDevices.send(.tick)
        }
        #expect(withDevices.fences.count == 1)
        // Disk-less: starting servants keep the watchdog tickled (boot, clean stop).
        var diskless = Run(Self.integrated(devices: 0))
        for second in Int64(1)...30 {
            diskless.send(.report(servant: 0, .starting), atMillis: second * 1000 - 500)
            diskless.send(.report(servant: 1, .starting), atMillis: second * 1000 - 500)
            diskless.second = second
            diskless.send(.tick)
        }
        #expect(diskless.fences.isEmpty)
        #expect(diskless.tickles.count == 30)
        #expect(diskless.logged(.notice, containing: "no devices, cluster not running yet: watching"))
    }

    /// A disk-less node that turns unhealthy right after it started is not
    /// kept alive by the "starting" reports from before.
    @Test func anUnhealthyReportEndsAnEarlierStartingGrace() {
        var run = Run(Self.integrated(devices: 0))
        run.send(.report(servant: 0, .starting), atMillis: 500)
        run.send(.report(servant: 1, .starting), atMillis: 500)
        run.send(.report(servant: 0, .unhealthy("the CIB says this partition has no quorum")), atMillis: 700)
        run.send(.report(servant: 1, .healthy), atMillis: 700)
        #expect(!run.inquisitor.clusterAlive(at: Instant(milliseconds: 800)))
    }

    @Test func pacemakerVanishingWhileActiveFencesEvenWithHealthyDevices() {
        var run = Run(Self.integrated(devices: 3))
        run.run(until: 5) { _ in [0, 1, 2, 3, 4] }
        run.send(.report(servant: 3, .selfFence("pacemaker vanished while this node was an active member")))
        #expect(run.fences.count == 1)
        #expect(run.fences.first?.1.reason == "pacemaker: pacemaker vanished while this node was an active member")
        let frame = ServantReportFrame(servant: 3, report: .selfFence("gone"), sentAt: .seconds(2))
        #expect(ServantReportFrame.decode(frame.encoded()[...]).frames == [frame])
        #expect(frame.isUrgent)
    }

}

struct ClusterServantStateTests {
    static let quorate = CorosyncQuorum(quorate: true, members: 3, membersKnown: true, expectedVotes: 3, nodeID: 1)
    static func node(online: Bool = true, quorate: Bool = true, shuttingDown: Bool = false, expected: Bool = true)
        -> PacemakerNodeState
    {
        PacemakerNodeState(
            connected: true, quorate: quorate, dcKnown: true, known: true, online: online,
            shuttingDown: shuttingDown, expectedUp: expected,
            record: NodeStateRecord(
                present: true, inMembership: true, controllerOnline: online, joined: online, expectedMember: expected))
    }

    @Test func startingPacemakerCountsAsHealthyUntilTheNodeJoined() {
        var watch = PacemakerWatch()
        #expect(watch.observe(.disconnected, corosync: nil) == .starting)
        #expect(watch.observe(Self.node(online: false), corosync: Self.quorate) == .starting)
        #expect(!watch.joined)
        #expect(watch.observe(Self.node(), corosync: Self.quorate) == .healthy)
        #expect(watch.joined)
        #expect(
            watch.observe(Self.node(quorate: false), corosync: Self.quorate)
                == .unhealthy("the CIB says this partition has no quorum")
        )
    }

    @Test func cleanStopIsHealthyAndUnexpectedLossFences() {
        var clean = PacemakerWatch()
        _ = clean.observe(Self.node(), corosync: Self.quorate)
        _ = clean.observe(Self.node(shuttingDown: true), corosync: Self.quorate)
        #expect(clean.observe(.disconnected, corosync: Self.quorate) == .starting)
        var crashed = PacemakerWatch()
        _ = crashed.observe(Self.node(), corosync: Self.quorate)
        guard case .selfFence = crashed.observe(.disconnected, corosync: Self.quorate) else {
            Issue.record("pacemaker vanishing under an active member must fence")
            return
        }
        // After the verdict the watch starts over (a restarted pacemaker).
        #expect(crashed.observe(.disconnected, corosync: Self.quorate) == .starting)
    }

    @Test func pacemakerdReportingItsShutdownMakesTheDepartureClean() {
        var watch = PacemakerWatch()
        _ = watch.observe(Self.node(), corosync: Self.quorate)
        watch.note(.shutdownComplete)
        watch.note(nil)  // an unanswered ping keeps what was known
        #expect(watch.observe(.disconnected, corosync: Self.quorate) == .starting)
    }

    @Test func corosyncIsHealthyUntilFirstQuorateThenReportsLoss() {
        var watch = CorosyncWatch()
        #expect(watch.observe(nil) == .starting)
        #expect(watch.observe(CorosyncQuorum(quorate: false, members: 1, expectedVotes: 3)) == .starting)
        #expect(watch.observe(Self.quorate) == .healthy)
        #expect(
            watch.observe(CorosyncQuorum(quorate: false, members: 1, expectedVotes: 3))
                == .unhealthy("corosync says this partition has no quorum"))
        #expect(watch.observe(nil) == .unhealthy("corosync is gone"))
    }
}
