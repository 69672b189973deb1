import SBDCore
import Testing

@Suite struct RereadScheduleTests {
    let fresh = RereadSchedule(minimumGap: 250, safetyInterval: 60_000)

    @Test func theFirstLookReads() {
        #expect(fresh.isDue(changes: 0, at: 5))
        #expect(fresh.due(changes: 0, at: 5) == 0)
    }

    @Test func theSafetyIntervalIsUpOnlyAfterItsTimeWhateverChanged() {
        var schedule = fresh
        #expect(schedule.isSafetyDue(at: 5))
        schedule.read(changes: 3, at: 1000)
        #expect(!schedule.isSafetyDue(at: 60_999))
        #expect(schedule.isDue(changes: 4, at: 2000) && !schedule.isSafetyDue(at: 2000))
        #expect(schedule.isSafetyDue(at: 61_000))
    }

    @Test func noChangeNoReadingUntilTheSafetyInterval() {
        var schedule = fresh
        schedule.read(changes: 3, at: 1000)
        for now in stride(from: Int64(1000), to: 61_000, by: 100) {
            #expect(!schedule.isDue(changes: 3, at: now), "at \(now)")
        }
        #expect(schedule.due(changes: 3, at: 1000) == 60_000)
        #expect(schedule.isDue(changes: 3, at: 61_000))
    }

    @Test func aChangeIsReadAfterTheMinimumGap() {
        var schedule = fresh
        schedule.read(changes: 3, at: 1000)
        #expect(!schedule.isDue(changes: 4, at: 1100))
        #expect(schedule.due(changes: 4, at: 1100) == 150)
        #expect(schedule.isDue(changes: 4, at: 1250))
        // a quiet CIB, then one change: read at once
        #expect(schedule.isDue(changes: 4, at: 30_000))
        #expect(schedule.due(changes: 4, at: 30_000) == 0)
    }

    @Test func aChangeDuringTheQueryIsReadNextTime() {
        var schedule = fresh
        // counted 3 before the query; a notification (4) arrived while it ran
        schedule.read(changes: 3, at: 1000)
        #expect(schedule.isDue(changes: 4, at: 1300))
        schedule.read(changes: 4, at: 1300)
        #expect(!schedule.isDue(changes: 4, at: 1600))
    }

    @Test func aNewConnectionReadsAtOnce() {
        var schedule = fresh
        schedule.read(changes: 9, at: 1000)
        schedule.reset()
        #expect(schedule.isDue(changes: 0, at: 1001))
    }

    @Test func thePacemakerConditionsAloneLeaveCorosyncOut() {
        let node = PacemakerNodeState(connected: true, quorate: true, known: true, online: true)
        #expect(PacemakerHealth.evaluate(node) == .healthy)
        #expect(PacemakerHealth.evaluate(node, corosync: nil) == .unhealthy(.corosyncNotConnected))
        var lost = node
        lost.quorate = false
        #expect(PacemakerHealth.evaluate(lost) == .unhealthy(.cibNotQuorate))
        #expect(PacemakerHealth.evaluate(.disconnected) == .unhealthy(.cibNotConnected))
        lost = node
        lost.unclean = true
        #expect(PacemakerHealth.evaluate(lost) == .unhealthy(.nodeUnclean))
    }
}

@Suite struct ReaderLookTests {
    @Test func noLookYetIsStarting() {
        #expect(ReaderLook.current(nil, busySince: nil, at: 100, limit: 4000) == .starting)
        #expect(ReaderLook.current(nil, busySince: 0, at: 100, limit: 4000) == .starting)
    }

    @Test func theLastLookHoldsWhileTheReaderWaits() {
        let look = ReaderLook(report: .healthy, startedAt: 1000)
        #expect(ReaderLook.current(look, busySince: nil, at: 1000, limit: 4000) == .healthy)
        // a quiet CIB: no look for a minute, still the last one
        #expect(ReaderLook.current(look, busySince: nil, at: 61_000, limit: 4000) == .healthy)
        let fence = ReaderLook(report: .selfFence("gone"), startedAt: 1000)
        #expect(ReaderLook.current(fence, busySince: nil, at: 2000, limit: 4000) == .selfFence("gone"))
    }

    @Test func aLookRunningTooLongIsNoLongerGoodNews() {
        let look = ReaderLook(report: .healthy, startedAt: 1000)
        #expect(ReaderLook.current(look, busySince: 30_000, at: 34_000, limit: 4000) == .healthy)
        for report in [ServantReport.healthy, .starting, .unhealthy("x")] {
            let look = ReaderLook(report: report, startedAt: 1000)
            guard case .unhealthy(let why) = ReaderLook.current(look, busySince: 30_000, at: 34_001, limit: 4000)
            else {
                Issue.record("\(report) stayed while a look ran too long")
                continue
            }
            #expect(why.contains("4 s"))
        }
        guard case .unhealthy = ReaderLook.current(nil, busySince: 0, at: 5000, limit: 4000) else {
            Issue.record("a first look running too long stayed starting")
            return
        }
    }
}
