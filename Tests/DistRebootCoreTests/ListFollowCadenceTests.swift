import Testing

@testable import DistRebootCore

struct ListFollowCadenceTests {
    let active = ListFollowCadence.activeMilliseconds
    let idle = ListFollowCadence.idleMilliseconds
    let list = RebootListState.present(RebootList(nodes: ["a", "b"], onlyRequired: false), modRevision: 3)

    @Test func readsOftenWhileACycleRunsOrTheListIsUnknown() {
        let cadence = ListFollowCadence()
        #expect(cadence.delay(after: list, readFailed: false, now: 0) == active)
        #expect(cadence.delay(after: .corrupt(modRevision: -1), readFailed: false, now: 0) == active)
        #expect(cadence.delay(after: nil, readFailed: false, now: 0) == active)
        #expect(cadence.delay(after: .absent, readFailed: true, now: 0) == active)
    }

    @Test func noCycleAndNoNoticeIsTheSafetyNet() {
        #expect(ListFollowCadence().delay(after: .absent, readFailed: false, now: 1_000_000) == idle)
        #expect(idle > active)
    }

    @Test func aNoticeMakesReadsFrequentForAWhile() {
        var cadence = ListFollowCadence()
        cadence.noticed(at: 50_000)
        #expect(cadence.lastNoticeAt == 50_000)
        #expect(cadence.delay(after: .absent, readFailed: false, now: 50_000) == active)
        let end = 50_000 + ListFollowCadence.afterNoticeMilliseconds
        #expect(cadence.delay(after: .absent, readFailed: false, now: end - 1) == active)
        #expect(cadence.delay(after: .absent, readFailed: false, now: end) == idle)
        // a later notice starts the while again
        cadence.noticed(at: end + 20_000)
        #expect(cadence.delay(after: .absent, readFailed: false, now: end + 20_001) == active)
    }
}
