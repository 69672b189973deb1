import SBDCore
import Testing

@Suite struct ReportCadenceTests {
    /// Loop 1 s, I/O timeout 3 s: the inquisitor allows 4 s.
    let defaults = ReportCadence(loop: 1000, maxAge: 4000)

    @Test func theIntervalIsWholeLoopsWithinHalfTheAllowedAge() {
        #expect(defaults.interval == 2000)
        #expect(ReportCadence(loop: 1000, maxAge: 2000).interval == 1000)  // -I 1
        #expect(ReportCadence(loop: 1000, maxAge: 5000).interval == 2000)
        #expect(ReportCadence(loop: 1000, maxAge: 11_000).interval == 5000)
        #expect(ReportCadence(loop: 5000, maxAge: 8000).interval == 5000)  // never below a loop
        #expect(ReportCadence(loop: 1000, maxAge: nil).interval == 1000)  // an older inquisitor
    }

    @Test func theFirstReportAlwaysGoes() {
        #expect(defaults.isDue(.healthy, at: 0))
        #expect(defaults.isDue(.starting, at: 0))
        #expect(defaults.wake(steady: true, at: 0) == 1000)
        #expect(defaults.wake(steady: true, at: 250) == 1000)  // onto the grid
    }

    @Test func aSteadyHealthyIsRepeatedEveryOtherLoop() {
        var cadence = defaults
        cadence.sent(.healthy, at: 10_000)
        #expect(cadence.wake(steady: true, at: 10_000) == 12_000)
        #expect(!cadence.isDue(.healthy, at: 11_000))
        #expect(cadence.wake(steady: true, at: 11_000) == 12_000)
        // a wake-up for a change just before it is due sends it too
        #expect(cadence.isDue(.healthy, at: 11_600))
        #expect(cadence.isDue(.healthy, at: 12_000))
        // overdue (a long look): at once
        #expect(cadence.wake(steady: true, at: 13_500) == 13_500)
    }

    @Test func aReportSentOffTheGridLeadsBackOntoItWithoutALongerGap() {
        for phase in stride(from: Int64(0), to: 1000, by: 125) {
            var cadence = defaults
            let sentAt = 10_000 + phase
            cadence.sent(.healthy, at: sentAt)
            let wake = cadence.wake(steady: true, at: sentAt)
            #expect(wake % 1000 == 0)
            #expect(wake > sentAt)
            #expect(wake - sentAt <= cadence.interval)
            #expect(cadence.isDue(.healthy, at: wake))
            cadence.sent(.healthy, at: wake)
            #expect(cadence.wake(steady: true, at: wake) == wake + 2000)
        }
    }

    @Test func aChangeGoesAtOnce() {
        var cadence = defaults
        cadence.sent(.healthy, at: 10_000)
        #expect(cadence.isDue(.unhealthy("no quorum"), at: 10_100))
        #expect(cadence.isDue(.starting, at: 10_100))
        #expect(cadence.isDue(.selfFence("pacemaker vanished"), at: 10_100))
    }

    @Test func anythingButHealthyIsSentEveryLoop() {
        var cadence = defaults
        for report in [ServantReport.unhealthy("no quorum"), .starting] {
            cadence.sent(report, at: 10_000)
            #expect(cadence.isDue(report, at: 10_500))
            #expect(cadence.wake(steady: true, at: 10_000) == 11_000)
            #expect(cadence.wake(steady: true, at: 10_400) == 11_000)
        }
    }

    @Test func aWatcherThatIsNotSteadyWakesEveryLoop() {
        var cadence = defaults
        cadence.sent(.healthy, at: 10_000)
        // a look is running: its report may turn "unhealthy" within the next loop
        #expect(cadence.wake(steady: false, at: 10_000) == 11_000)
    }

    @Test func withMinusIOneEveryLoopAsBefore() {
        var cadence = ReportCadence(loop: 1000, maxAge: 2000)
        cadence.sent(.healthy, at: 10_000)
        #expect(cadence.isDue(.healthy, at: 11_000))
        #expect(cadence.wake(steady: true, at: 10_000) == 11_000)
    }
}
