import Testing

@testable import DistRebootCore

struct HeartbeatTests {
    @Test func ageAroundTheExpiry() {
        let hb = Heartbeat(node: "a", expires: 1000)
        #expect(HeartbeatExpiry.age(of: hb, at: 0) == .fresh)
        #expect(HeartbeatExpiry.age(of: hb, at: 1000) == .fresh)
        #expect(HeartbeatExpiry.age(of: hb, at: 1001) == .stale)
    }

    @Test func forgottenOnlyAfterMoreThanADay() {
        let hb = Heartbeat(node: "a", expires: 1000)
        #expect(HeartbeatExpiry.age(of: hb, at: 1000 + 86400) == .stale)
        #expect(HeartbeatExpiry.age(of: hb, at: 1000 + 86401) == .forgotten)
        #expect(HeartbeatExpiry.age(of: hb, at: 1000 + 10 * 86400) == .forgotten)
    }

    @Test func aFakeClockWalksThroughEveryAge() {
        let hb = Heartbeat(node: "a", expires: 500)
        var seen: [HeartbeatAge] = []
        for now in stride(from: Int64(0), through: 500 + 2 * 86400, by: 997) {
            let age = HeartbeatExpiry.age(of: hb, at: now)
            if seen.last != age { seen.append(age) }
        }
        #expect(seen == [.fresh, .stale, .forgotten])
    }

    @Test func refreshedThreeTimesPerLifetime() {
        #expect(HeartbeatExpiry.refreshInterval(lifetime: 60) == 20)
        #expect(HeartbeatExpiry.refreshInterval(lifetime: 3) == 1)
        #expect(HeartbeatExpiry.refreshInterval(lifetime: 1) == 1)
    }

    @Test func encodesAndDecodes() {
        let hb = Heartbeat(node: "n1", expires: 1_764_000_000, rebootRequired: true)
        #expect(hb.encoded == #"{"expires":1764000000,"reboot_required":true}"#)
        #expect(Heartbeat.decode(node: "n1", value: Array(hb.encoded.utf8)) == hb)
    }

    @Test func decodesOlderAndStringForms() {
        let hb = Heartbeat.decode(node: "x", value: Array(#"{"expires":"42"}"#.utf8))
        #expect(hb == Heartbeat(node: "x", expires: 42, rebootRequired: false))
    }

    @Test(arguments: ["", "{}", "[1]", #"{"expires":"soon"}"#, "not json", #"{"expires":1.5}"#])
    func refusesValuesThatAreNotHeartbeats(_ text: String) {
        #expect(Heartbeat.decode(node: "x", value: Array(text.utf8)) == nil)
    }
}

struct KeysTests {
    @Test func heartbeatKeysRoundTrip() {
        #expect(Keys.heartbeat("n1") == "/distreboot/heartbeat/n1")
        #expect(Keys.node(fromHeartbeatKey: "/distreboot/heartbeat/n1") == "n1")
        #expect(Keys.node(fromHeartbeatKey: "/distreboot/heartbeat/") == nil)
        #expect(Keys.node(fromHeartbeatKey: "/distreboot/reboot-list") == nil)
    }

    @Test func prefixRangeEnd() {
        #expect(Keys.rangeEnd(ofPrefix: "/a/") == Array("/a0".utf8))
        #expect(Keys.rangeEnd(ofPrefix: "a\u{7F}") == [0x61, 0x80])
        #expect(Keys.rangeEnd(ofPrefix: "") == [0])
    }
}

struct RebootListTests {
    @Test func encodesAndDecodes() {
        let list = RebootList(nodes: ["b", "c", "a"], onlyRequired: true)
        #expect(list.encoded == #"{"nodes":["b","c","a"],"only_required":true}"#)
        #expect(RebootList.decode(Array(list.encoded.utf8)) == list)
        #expect(list.head == "b")
    }

    @Test(arguments: [
        "", "garbage", "{}", #"{"nodes":[]}"#, #"{"nodes":["a","a"]}"#, #"{"nodes":["a",""]}"#,
        #"{"nodes":["a",3]}"#, #"{"nodes":"a"}"#,
    ])
    func corruptValuesAreNotLists(_ text: String) {
        #expect(RebootList.decode(Array(text.utf8)) == nil)
        #expect(RebootListState.from(value: Array(text.utf8), modRevision: 9) == .corrupt(modRevision: 9))
    }

    @Test func stateFromAKeyValue() {
        #expect(RebootListState.from(value: nil, modRevision: 0) == .absent)
        #expect(
            RebootListState.from(value: Array(#"{"nodes":["a"]}"#.utf8), modRevision: 4)
                == .present(RebootList(nodes: ["a"]), modRevision: 4))
    }
}
