import SBDCore
import Testing

@Suite struct TickGridTests {
    let second = TickGrid(period: 1000)

    @Test func theNextInstantIsStrictlyLater() {
        #expect(second.next(after: 0) == 1000)
        #expect(second.next(after: 999) == 1000)
        #expect(second.next(after: 1000) == 2000)  // woken on the grid: the next one
        #expect(second.next(after: 1001) == 2000)
    }

    @Test func workThatOverranAnInstantWaitsForTheNextOneWithoutABurst() {
        // started at 5 s, the work took 2.3 s: the next wake-up is 8 s, not 6 and 7 at once
        #expect(second.next(after: 7300) == 8000)
    }

    @Test func floorIsTheLastInstantAtOrBefore() {
        #expect(second.floor(12_000) == 12_000)
        #expect(second.floor(12_999) == 12_000)
        #expect(second.floor(-1) == -1000)
    }

    @Test func processesWithOneLoopShareTheInstantsAndAShorterTickIncludesThem() {
        // the inquisitor ticks every 500 ms when the watchdog allows only 1 s
        let half = TickGrid(period: 500)
        #expect(half.next(after: 12_600) == 13_000)
        #expect(second.next(after: 12_600) == 13_000)
    }

    @Test func aPeriodIsNeverBelowOneMillisecond() {
        #expect(TickGrid(period: 0).period == 1)
        #expect(TickGrid(period: -5).next(after: 7) == 8)
    }
}
