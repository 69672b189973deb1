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
        #expect(defaults.sleep(steady: true, at: 0) == 1000)
    }

    @Test func aSteadyHealthyIsRepeatedEveryOtherLoop() {
        var cadence = defaults
        cadence.sent(.healthy, at: 10_000)
        #expect(cadence.sleep(steady: true, at: 10_000) == 2000)
        #expect(!cadence.isDue(.healthy, at: 11_000))
        #expect(cadence.sleep(steady: true, at: 11_000) == 1000)
        // a wake-up a little early still sends
        #expect(cadence.isDue(.healthy, at: 11_990))
        #expect(cadence.isDue(.healthy, at: 12_000))
        // the gap never comes near the allowed 4 s
        #expect(cadence.sleep(steady: true, at: 13_500) == 0)
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
            #expect(cadence.sleep(steady: true, at: 10_000) == 1000)
        }
    }

    @Test func aWatcherThatIsNotSteadyWakesEveryLoop() {
        var cadence = defaults
        cadence.sent(.healthy, at: 10_000)
        // a look is running: its report may turn "unhealthy" within the next loop
        #expect(cadence.sleep(steady: false, at: 10_000) == 1000)
    }

    @Test func withMinusIOneEveryLoopAsBefore() {
        var cadence = ReportCadence(loop: 1000, maxAge: 2000)
        cadence.sent(.healthy, at: 10_000)
        #expect(cadence.isDue(.healthy, at: 11_000))
        #expect(cadence.sleep(steady: true, at: 10_000) == 1000)
    }
}
