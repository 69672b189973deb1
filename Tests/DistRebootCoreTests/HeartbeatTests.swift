import Testing

@testable import DistRebootCore

struct HeartbeatTests {
    let hb = Heartbeat(
        node: "n1", renewed: 1_764_000_000, lifetime: 60, rebootRequired: true, bootID: "b-1", memberID: 0xabc)

    @Test func refreshedThreeTimesPerLifetime() {
        #expect(Heartbeat.refreshInterval(lifetime: 60) == 20)
        #expect(Heartbeat.refreshInterval(lifetime: 3) == 1)
        #expect(Heartbeat.refreshInterval(lifetime: 1) == 1)
    }

    @Test func encodesAndDecodes() throws {
        #expect(
            hb.encoded
                == #"{"boot_id":"b-1","lifetime":60,"member":"abc","reboot_required":true,"renewed":1764000000}"#)
        #expect(try Heartbeat.decode(node: "n1", value: Array(hb.encoded.utf8)).get() == hb)
        var waiting = hb
        waiting.waiting = "node3 is stale"
        #expect(try Heartbeat.decode(node: "n1", value: Array(waiting.encoded.utf8)).get() == waiting)
    }

    // What an admin or a bug can leave under a heartbeat key: each says why it cannot be read.
    @Test(arguments: [
        ("", "not JSON"), (#"{"expires": "soon""#, "not JSON"), ("-5", "no renewal time"),
        ("1e30", "no renewal time"), (#"{"expires":1764000000}"#, "no renewal time"),
        (#"{"renewed":"1764000000","lifetime":60}"#, "no renewal time"),
        (#"{"renewed":1e30,"lifetime":60}"#, "no renewal time"),
        (#"{"renewed":-5,"lifetime":60}"#, "out of range"),
        (#"{"renewed":99999999999999,"lifetime":60}"#, "out of range"),
        (#"{"renewed":5,"lifetime":0}"#, "no lifetime"),
        (#"{"renewed":5,"lifetime":60}"#, "no boot id"),
        (#"{"renewed":5,"lifetime":60,"boot_id":"b"}"#, "no etcd member id"),
        (#"{"renewed":5,"lifetime":60,"boot_id":"b","member":"xyz"}"#, "no etcd member id"),
        (#"{"renewed":5,"lifetime":60,"boot_id":"b","member":"1"}"#, "no reboot-required flag"),
    ])
    func unreadableValuesSayWhy(_ text: String, _ why: String) {
        guard case .failure(let error) = Heartbeat.decode(node: "x", value: Array(text.utf8)) else {
            Issue.record("decoded \(text)")
            return
        }
        #expect(error.reason.contains(why), "\(error.reason)")
    }
}

struct NodeLivenessTests {
    let now: Int64 = 2_000_000_000

    func record(_ renewed: Int64, lifetime: Int64 = 60) -> [UInt8] {
        Array(Heartbeat(node: "x", renewed: renewed, lifetime: lifetime, bootID: "b", memberID: 1).encoded.utf8)
    }

    @Test func theAliveKeyDecidesNotTheClock() {
        // A record stamped an hour ahead, but no alive key: stale. One stamped long ago, with a key: alive.
        let nodes = NodeLiveness.assess(
            records: ["a": record(now + 3600), "b": record(now - 3600)], alive: ["b"], aliveTTL: ["b": 40],
            recordTTL: ["a": Heartbeat.forgetAfter - 10], now: now)
        #expect(nodes.map(\.node) == ["a", "b"])
        #expect(nodes[0].state == .stale)
        #expect(nodes[0].expires == now - 10)
        #expect(nodes[1].state == .alive)
        #expect(nodes[1].expires == now + 40)
    }

    @Test func garbageAndHalfWrittenNodesAreUnreadableNotSkipped() {
        let nodes = NodeLiveness.assess(
            records: ["a": Array("garbage".utf8)], alive: ["a", "c"], now: now)
        #expect(nodes.map(\.node) == ["a", "c"])
        #expect(nodes.allSatisfy { if case .unreadable = $0.state { true } else { false } })
        #expect(nodes.allSatisfy { !$0.isAlive })
    }

    @Test func clockSkewIsNotedBothWays() {
        let ahead = NodeLiveness.assess(records: ["a": record(now + 600)], alive: [], now: now)[0]
        #expect(ahead.clockSkew(now: now)?.contains("10m 0s ahead") == true)
        let behind = NodeLiveness.assess(records: ["a": record(now - 600)], alive: ["a"], now: now)[0]
        #expect(behind.clockSkew(now: now)?.contains("behind") == true)
        // A stale node's old stamp is its age, not skew; a fresh one within tolerance is fine.
        #expect(
            NodeLiveness.assess(records: ["a": record(now - 600)], alive: [], now: now)[0].clockSkew(now: now) == nil)
        #expect(
            NodeLiveness.assess(records: ["a": record(now + 5)], alive: ["a"], now: now)[0].clockSkew(now: now) == nil)
    }
}

struct RejectedPropertyTests {
    @Test func propertyErrorsQuoteWhatTheyRejectEscapedAndBounded() {
        var properties = Properties()
        #expect(throws: PropertyError.self) { try properties.set("reboot\u{1B}[31mcmd\n", "x") }
        do {
            try properties.set("reboot\u{1B}[31mcmd\n", "x")
        } catch {
            #expect(error.message.hasPrefix(#"unknown property "reboot\x1b[31mcmd\n" (known: "#))
        }
        do {
            try properties.set("heartbeat", String(repeating: "9", count: 1000))
        } catch {
            #expect(error.message.hasSuffix("\"… (920 more characters)"))
        }
    }
}

struct KeysTests {
    @Test func heartbeatKeysRoundTrip() {
        #expect(Keys.heartbeat("n1") == "/distreboot/heartbeat/n1")
        #expect(Keys.node(fromHeartbeatKey: "/distreboot/heartbeat/n1") == "n1")
        #expect(Keys.node(fromHeartbeatKey: "/distreboot/heartbeat/") == nil)
        #expect(Keys.node(fromHeartbeatKey: "/distreboot/reboot-list") == nil)
        #expect(Keys.alive("n1") == "/distreboot/alive/n1")
        #expect(Keys.node(fromAliveKey: "/distreboot/alive/n1") == "n1")
        #expect(Keys.node(fromAliveKey: "/distreboot/heartbeat/n1") == nil)
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

    @Test func theHeadsTurnTravelsWithTheList() {
        let turn = Turn(node: "b", bootID: "boot-1", halted: "rebootcmd failed (exit status 3)", haltedBootID: "boot-1")
        let list = RebootList(nodes: ["b", "a"], turn: turn)
        #expect(RebootList.decode(Array(list.encoded.utf8)) == list)
        #expect(list.headTurn == turn)
        // A turn left by another node means nothing for the head.
        #expect(RebootList(nodes: ["a"], turn: turn).headTurn == nil)
    }

    @Test(arguments: [
        "", "garbage", "{}", #"{"nodes":[]}"#, #"{"nodes":["a","a"]}"#, #"{"nodes":["a",""]}"#,
        #"{"nodes":["a",3]}"#, #"{"nodes":"a"}"#, #"{"nodes":["a"],"turn":{"node":"a"}}"#,
        #"{"nodes":["a"],"turn":7}"#,
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
