import Testing

@testable import DistRebootCore

struct StatusReportTests {
    // 2026-11-23 06:00:00 UTC
    let now: Int64 = 1_795_413_600

    func node(_ name: String, _ state: NodeState, expires: Int64?, required: Bool = false, renewed: Int64? = nil)
        -> NodeLiveness
    {
        var heartbeat: Heartbeat?
        if state == .alive || state == .stale {
            heartbeat = Heartbeat(
                node: name, renewed: renewed ?? now, lifetime: 60, rebootRequired: required, bootID: "b", memberID: 1)
        }
        return NodeLiveness(node: name, state: state, heartbeat: heartbeat, expires: expires)
    }

    @Test func connectedFollowerWithAliveStaleAndUnreadableNodes() {
        let report = StatusReport(
            node: "n1",
            connection: .connected(member: "n1", endpoint: "http://127.0.0.1:2379", leader: "n3"),
            nodes: [
                node("n3", .alive, expires: now + 40),
                node("n1", .alive, expires: now + 59, required: true),
                node("n2", .stale, expires: now - 75, renewed: now - 135),
                node("n4", .unreadable("not JSON"), expires: nil),
            ],
            rebootList: .absent, now: now)
        #expect(
            report.text == """
                node n1: connected to etcd member n1 at http://127.0.0.1:2379 (follower; leader is n3)
                reboot: none in progress
                NODE  HEARTBEAT EXPIRES                    STATE       REBOOT-REQUIRED
                n1    2026-11-23 06:00:59 UTC (in 59s)     ok          yes
                n2    2026-11-23 05:58:45 UTC (1m 15s ago)  stale       no
                n3    2026-11-23 06:00:40 UTC (in 40s)     ok          no
                n4    unknown                              unreadable  ?
                note: unreadable heartbeat of n4 (not JSON): start distreboot there to rewrite it, or remove the node with --drop=n4

                """)
    }

    @Test func aSkewedClockIsNoted() {
        let report = StatusReport(
            node: "n1", connection: .connected(member: "n1", endpoint: "e", leader: "n1"),
            nodes: [node("n2", .alive, expires: now + 50, renewed: now + 600)], rebootList: .absent, now: now)
        #expect(
            report.text.hasSuffix(
                "note: clock skew? n2's last heartbeat is stamped 10m 0s ahead of this node's clock\n"))
    }

    @Test func leaderAndARebootInProgress() {
        let report = StatusReport(
            node: "n1", connection: .connected(member: "n1", endpoint: "http://e:1", leader: "n1"),
            nodes: [node("n1", .alive, expires: now)],
            rebootList: .present(RebootList(nodes: ["n2", "n1"], onlyRequired: true), modRevision: 3), now: now)
        let lines = report.text.split(separator: "\n")
        #expect(lines[0] == "node n1: connected to etcd member n1 at http://e:1 (leader)")
        #expect(lines[1] == "reboot: in progress (only required): n2 (rebooting), n1")
    }

    @Test func theHeadSaysWhyItWaitsOrWhyTheCycleHalted() {
        var waiting = node("n2", .alive, expires: now + 10)
        waiting.heartbeat?.waiting = "stale heartbeat: n3"
        let list = RebootList(nodes: ["n2", "n1"])
        let report = StatusReport(
            node: "n1", connection: .connected(member: "n1", endpoint: "e", leader: "n1"), nodes: [waiting],
            rebootList: .present(list, modRevision: 3), now: now)
        #expect(report.text.contains("\nreboot: in progress: n2 (waiting: stale heartbeat: n3), n1\n"))
        var halted = list
        halted.turn = Turn(node: "n2", bootID: "b", halted: "rebootcmd failed (exit status 3)", haltedBootID: "b")
        let stopped = StatusReport(
            node: "n1", connection: .connected(member: "n1", endpoint: "e", leader: "n1"), nodes: [waiting],
            rebootList: .present(halted, modRevision: 4), now: now)
        #expect(stopped.text.contains("\nreboot: in progress: n2 (halted: rebootcmd failed (exit status 3)), n1\n"))
    }

    @Test func noQuorumAndCorruptList() {
        let report = StatusReport(
            node: "n1", connection: .connected(member: "n1", endpoint: "http://e:1", leader: nil), nodes: [],
            rebootList: .corrupt(modRevision: 2), now: now)
        #expect(
            report.text == """
                node n1: connected to etcd member n1 at http://e:1 (no leader: the cluster is not in quorum)
                reboot: the reboot list is corrupt
                no heartbeats

                """)
    }

    @Test func disconnected() {
        let report = StatusReport(
            node: "n1", connection: .disconnected(endpoint: "http://e:1", reason: "connect e:1: Connection refused"),
            nodes: [], rebootList: nil, now: now)
        #expect(
            report.text == """
                node n1: not connected to etcd at http://e:1: connect e:1: Connection refused
                reboot: unknown
                no heartbeats

                """)
    }

    @Test func longNodeNamesWidenTheColumn() {
        let report = StatusReport(
            node: "a", connection: .connected(member: "a", endpoint: "e", leader: "a"),
            nodes: [node("a-very-long-node-name", .alive, expires: now)], rebootList: .absent, now: now)
        #expect(report.text.contains("\nNODE                   HEARTBEAT EXPIRES"))
        #expect(report.text.contains("\na-very-long-node-name  2026-11-23 06:00:00 UTC (in 0s)"))
    }
}

struct TimeFormatTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01 00:00:00 UTC"),
        (951_782_400, "2000-02-29 00:00:00 UTC"),
        (1_795_413_661, "2026-11-23 06:01:01 UTC"),
        (4_102_444_799, "2099-12-31 23:59:59 UTC"),
        (-1, "1969-12-31 23:59:59 UTC"),
    ])
    func utc(_ seconds: Int64, _ text: String) {
        #expect(TimeFormat.utc(seconds) == text)
    }

    @Test func relativeAndDurations() {
        #expect(TimeFormat.relative(110, now: 100) == "in 10s")
        #expect(TimeFormat.relative(100, now: 100) == "in 0s")
        #expect(TimeFormat.relative(100, now: 112) == "12s ago")
        #expect(TimeFormat.duration(59) == "59s")
        #expect(TimeFormat.duration(61) == "1m 1s")
        #expect(TimeFormat.duration(3 * 3600 + 5 * 60 + 9) == "3h 5m")
        #expect(TimeFormat.duration(86400 + 7200) == "1d 2h")
    }
}

struct ControlMessageTests {
    @Test(arguments: [
        (ControlRequest.status, #"{"command":"status"}"#),
        (.stop, #"{"command":"stop"}"#),
        (.cancel, #"{"command":"cancel"}"#),
        (.dryRun(onlyRequired: true), #"{"command":"dry-run","only_required":true}"#),
        (.reboot(onlyRequired: false), #"{"command":"reboot","only_required":false}"#),
        (.drop(node: "n\"2"), #"{"command":"drop","node":"n\"2"}"#),
    ])
    func requestsEncodeAndDecode(_ request: ControlRequest, _ text: String) {
        #expect(request.encoded == text)
        #expect(ControlRequest.decode(Array(text.utf8)) == request)
    }

    @Test func aMissingOnlyRequiredMeansFalse() {
        #expect(ControlRequest.decode(Array(#"{"command":"reboot"}"#.utf8)) == .reboot(onlyRequired: false))
    }

    @Test(arguments: [
        "", "{}", "[]", #"{"command":"reboot-now"}"#, #"{"command":"drop"}"#, #"{"command":"drop","node":""}"#,
        #"{"command":7}"#, "{\"command\":\"status\"",
    ])
    func badRequestsAreRefused(_ text: String) {
        #expect(ControlRequest.decode(Array(text.utf8)) == nil)
    }

    @Test func repliesEncodeAndDecode() {
        let reply = ControlReply(exitCode: 5, output: "a\nb\n", error: "distreboot: \"x\"\n")
        #expect(reply.encoded == #"{"error":"distreboot: \"x\"\n","exit":5,"output":"a\nb\n"}"#)
        #expect(ControlReply.decode(Array(reply.encoded.utf8)) == reply)
        #expect(ControlReply.failure("no", .notConnected) == ControlReply(exitCode: 5, error: "no\n"))
    }

    @Test(arguments: ["", "{}", #"{"exit":"x"}"#, #"{"exit":99999999999}"#, "nonsense"])
    func badRepliesAreRefused(_ text: String) {
        #expect(ControlReply.decode(Array(text.utf8)) == nil)
    }

    @Test func exitCodesAreStable() {
        #expect(
            [ExitCode.success, .failed, .usage, .notRunning, .permissionDenied, .notConnected, .configuration].map(
                \.rawValue) == [0, 1, 2, 3, 4, 5, 6])
    }
}
