import Testing

@testable import DistRebootCore

struct RebootOrderTests {
    @Test func leaderGoesLastOthersByName() {
        #expect(RebootOrder.order(nodes: ["c", "a", "b"], leader: "a") == ["b", "c", "a"])
        #expect(RebootOrder.order(nodes: ["c", "a", "b"], leader: "c") == ["a", "b", "c"])
    }

    @Test func withoutAKnownLeaderTheOrderIsByName() {
        #expect(RebootOrder.order(nodes: ["b", "a"], leader: nil) == ["a", "b"])
        // A leader without distreboot (no heartbeat) is not added to the list.
        #expect(RebootOrder.order(nodes: ["b", "a"], leader: "x") == ["a", "b"])
        #expect(RebootOrder.order(nodes: [], leader: "x") == [])
    }

    @Test func theOrderDoesNotDependOnTheInputOrder() {
        let nodes = ["n5", "n1", "n4", "n2", "n3"]
        for leader in nodes {
            let first = RebootOrder.order(nodes: nodes, leader: leader)
            #expect(first.last == leader)
            #expect(first.count == nodes.count)
            #expect(RebootOrder.order(nodes: nodes.reversed(), leader: leader) == first)
        }
    }
}

struct RebootPlanTests {
    let now: Int64 = 1_000_000

    func snapshot(
        _ heartbeats: [Heartbeat], leader: String? = "b", quorate: Bool = true, list: RebootListState = .absent
    ) -> ClusterSnapshot {
        ClusterSnapshot(heartbeats: heartbeats, leader: leader, quorate: quorate, rebootList: list)
    }

    func fresh(_ node: String, required: Bool = false) -> Heartbeat {
        Heartbeat(node: node, expires: now + 30, rebootRequired: required)
    }

    func refusals(_ result: Result<[String], RebootRefusalList>) -> [RebootRefusal] {
        if case .failure(let list) = result { return list.reasons }
        return []
    }

    @Test func allFreshAndQuorateGivesTheOrder() {
        let plan = RebootPlan.plan(snapshot([fresh("c"), fresh("b"), fresh("a")]), onlyRequired: false, now: now)
        #expect(plan == .success(["a", "c", "b"]))
    }

    @Test func aHeartbeatExpiringNowIsStillFresh() {
        let plan = RebootPlan.plan(
            snapshot([fresh("a"), Heartbeat(node: "b", expires: now)]), onlyRequired: false, now: now)
        #expect(plan == .success(["a", "b"]))
    }

    @Test func noQuorumIsRefused() {
        let plan = RebootPlan.plan(snapshot([fresh("a")], leader: nil, quorate: false), onlyRequired: false, now: now)
        #expect(refusals(plan) == [.noQuorum])
        #expect(refusals(plan)[0].description.contains("not in quorum"))
    }

    @Test func staleHeartbeatsAreRefusedAndNamed() {
        let stale = Heartbeat(node: "c", expires: now - 1)
        let plan = RebootPlan.plan(snapshot([fresh("a"), stale, fresh("b")]), onlyRequired: false, now: now)
        #expect(refusals(plan) == [.staleHeartbeats([stale])])
        let text = refusals(plan)[0].description
        #expect(text.contains("stale heartbeat: c (expired"))
        #expect(text.contains("--drop=NODE"))
    }

    @Test func heartbeatsOlderThanADayAreIgnored() {
        let forgotten = Heartbeat(node: "old", expires: now - HeartbeatExpiry.forgetAfter - 1)
        let plan = RebootPlan.plan(snapshot([fresh("a"), forgotten, fresh("b")]), onlyRequired: false, now: now)
        #expect(plan == .success(["a", "b"]))
    }

    @Test func aListInEtcdMeansARebootIsInProgress() {
        let list = RebootListState.present(RebootList(nodes: ["b", "a"]), modRevision: 7)
        let plan = RebootPlan.plan(snapshot([fresh("a"), fresh("b")], list: list), onlyRequired: false, now: now)
        #expect(refusals(plan) == [.inProgress(["b", "a"])])
        #expect(refusals(plan)[0].description.contains("already in progress: b, a"))
        #expect(refusals(plan)[0].description.contains("--cancel"))
    }

    @Test func aCorruptListIsRefused() {
        let plan = RebootPlan.plan(
            snapshot([fresh("a")], list: .corrupt(modRevision: 3)), onlyRequired: false, now: now)
        #expect(refusals(plan) == [.corruptList])
    }

    @Test func everyReasonIsGivenAtOnce() {
        let stale = Heartbeat(node: "b", expires: now - 5)
        let list = RebootListState.present(RebootList(nodes: ["a"]), modRevision: 2)
        let plan = RebootPlan.plan(
            snapshot([fresh("a"), stale], leader: nil, quorate: false, list: list), onlyRequired: false, now: now)
        #expect(refusals(plan) == [.noQuorum, .staleHeartbeats([stale]), .inProgress(["a"])])
    }

    @Test func onlyRequiredTakesTheMarkedNodesLeaderStillLast() {
        let heartbeats = [fresh("a", required: true), fresh("b", required: true), fresh("c")]
        let plan = RebootPlan.plan(snapshot(heartbeats, leader: "a"), onlyRequired: true, now: now)
        #expect(plan == .success(["b", "a"]))
    }

    @Test func nothingToRebootIsRefused() {
        let none = RebootPlan.plan(snapshot([fresh("a")]), onlyRequired: true, now: now)
        #expect(refusals(none) == [.noNodes(onlyRequired: true)])
        #expect(refusals(none)[0].description == "no node requires a reboot")
        let empty = RebootPlan.plan(snapshot([]), onlyRequired: false, now: now)
        #expect(refusals(empty) == [.noNodes(onlyRequired: false)])
    }
}
