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

/// Nodes a, b, c, each running an etcd member with id 1, 2, 3.
struct ClusterFixture {
    static let now: Int64 = 1_000_000

    static func alive(_ node: String, required: Bool = false) -> NodeLiveness {
        NodeLiveness(node: node, state: .alive, heartbeat: heartbeat(node, required: required))
    }

    static func stale(_ node: String, renewed: Int64 = now - 100) -> NodeLiveness {
        var hb = heartbeat(node)
        hb.renewed = renewed
        return NodeLiveness(node: node, state: .stale, heartbeat: hb, expires: now - 40)
    }

    static func heartbeat(_ node: String, required: Bool = false) -> Heartbeat {
        Heartbeat(
            node: node, renewed: now, lifetime: 60, rebootRequired: required, bootID: "boot-\(node)",
            memberID: member(node))
    }

    static func member(_ node: String) -> UInt64 { UInt64(node.unicodeScalars.first!.value - 96) }

    /// Members of a, b, c; the named ones are down.
    static func members(down: Set<String> = []) -> [MemberHealth] {
        ["a", "b", "c"].map {
            MemberHealth(id: member($0), name: $0, healthy: !down.contains($0), problem: down.contains($0) ? "x" : nil)
        }
    }
}

struct RebootPlanTests {
    let now = ClusterFixture.now
    typealias F = ClusterFixture

    func snapshot(
        _ nodes: [NodeLiveness], leader: String? = "b", quorate: Bool = true, list: RebootListState = .absent,
        membersDown: Set<String> = []
    ) -> ClusterSnapshot {
        ClusterSnapshot(
            nodes: nodes, leader: leader, quorate: quorate, rebootList: list,
            members: F.members(down: membersDown))
    }

    func refusals(_ result: Result<[String], RebootRefusalList>) -> [RebootRefusal] {
        if case .failure(let list) = result { return list.reasons }
        return []
    }

    @Test func allAliveAndQuorateGivesTheOrder() {
        let plan = RebootPlan.plan(snapshot([F.alive("c"), F.alive("b"), F.alive("a")]), onlyRequired: false, now: now)
        #expect(plan == .success(["a", "c", "b"]))
    }

    @Test func noQuorumIsRefused() {
        let plan = RebootPlan.plan(snapshot([F.alive("a")], leader: nil, quorate: false), onlyRequired: false, now: now)
        #expect(refusals(plan) == [.blocked(.noLeader)])
        #expect(refusals(plan)[0].description.contains("not in quorum"))
    }

    @Test func staleHeartbeatsAreRefusedAndNamed() {
        let stale = F.stale("c")
        let plan = RebootPlan.plan(snapshot([F.alive("a"), stale, F.alive("b")]), onlyRequired: false, now: now)
        #expect(refusals(plan).first == .blocked(.notAlive([stale], now: now)))
        let text = refusals(plan)[0].description
        #expect(text.contains("stale heartbeat: c (expired"))
        #expect(text.contains("start distreboot there, or remove the node with --drop=c"))
    }

    @Test func aStaleNodeStampedInTheFutureIsCalledClockSkew() {
        let stale = F.stale("c", renewed: now + 600)
        let text = refusals(RebootPlan.plan(snapshot([F.alive("a"), stale]), onlyRequired: false, now: now))[0]
            .description
        #expect(text.contains("clock skew?"))
        #expect(!text.contains("start distreboot there"))
    }

    @Test func anUnreadableHeartbeatBlocksAndIsNeverSkipped() {
        let garbled = NodeLiveness(node: "c", state: .unreadable("not JSON"))
        let plan = RebootPlan.plan(
            snapshot([F.alive("a"), F.alive("b"), garbled]), onlyRequired: false, now: now)
        #expect(refusals(plan).first == .blocked(.notAlive([garbled], now: now)))
        #expect(refusals(plan)[0].description.contains("unreadable heartbeat of c (not JSON)"))
        #expect(refusals(plan)[0].description.contains("--drop=c"))
    }

    @Test func membersCountNotHeartbeats() {
        // c was dropped (no heartbeat) but its member is still listed and down: each reboot would leave 1 of 3.
        let plan = RebootPlan.plan(
            snapshot([F.alive("a"), F.alive("b")], membersDown: ["c"]), onlyRequired: false, now: now)
        #expect(refusals(plan) == [.blocked(.majority(node: "a", up: 1, total: 3, down: ["c"]))])
        #expect(
            refusals(plan)[0].description == "with a down, 1 of 3 etcd members would be up, 2 needed (down now: c)")
    }

    @Test func aNodeWithoutAMemberCanGoWhileOneMemberIsDown() {
        var proxy = F.alive("d")
        proxy.heartbeat?.memberID = 0
        let plan = RebootPlan.plan(
            snapshot([proxy], membersDown: ["c"]), onlyRequired: false, now: now)
        #expect(plan == .success(["d"]))
    }

    @Test func aListInEtcdMeansARebootIsInProgress() {
        let list = RebootListState.present(RebootList(nodes: ["b", "a"]), modRevision: 7)
        let plan = RebootPlan.plan(snapshot([F.alive("a"), F.alive("b")], list: list), onlyRequired: false, now: now)
        #expect(refusals(plan) == [.inProgress(["b", "a"])])
        #expect(refusals(plan)[0].description.contains("already in progress: b, a"))
        #expect(refusals(plan)[0].description.contains("--cancel"))
    }

    @Test func aCorruptListIsRefused() {
        let plan = RebootPlan.plan(
            snapshot([F.alive("a")], list: .corrupt(modRevision: 3)), onlyRequired: false, now: now)
        #expect(refusals(plan) == [.corruptList])
    }

    @Test func everyReasonIsGivenAtOnce() {
        let stale = F.stale("b")
        let list = RebootListState.present(RebootList(nodes: ["a"]), modRevision: 2)
        let plan = RebootPlan.plan(
            snapshot([F.alive("a"), stale], leader: nil, quorate: false, list: list), onlyRequired: false, now: now)
        #expect(
            refusals(plan) == [.blocked(.noLeader), .blocked(.notAlive([stale], now: now)), .inProgress(["a"])])
    }

    @Test func onlyRequiredTakesTheMarkedNodesLeaderStillLast() {
        let nodes = [F.alive("a", required: true), F.alive("b", required: true), F.alive("c")]
        let plan = RebootPlan.plan(snapshot(nodes, leader: "a"), onlyRequired: true, now: now)
        #expect(plan == .success(["b", "a"]))
    }

    @Test func nothingToRebootIsRefused() {
        let none = RebootPlan.plan(snapshot([F.alive("a")]), onlyRequired: true, now: now)
        #expect(refusals(none) == [.noNodes(onlyRequired: true)])
        #expect(refusals(none)[0].description == "no node requires a reboot")
        let empty = RebootPlan.plan(snapshot([]), onlyRequired: false, now: now)
        #expect(refusals(empty) == [.noNodes(onlyRequired: false)])
    }
}

struct RebootSafetyTests {
    let now = ClusterFixture.now
    typealias F = ClusterFixture

    func facts(leader: String? = "c", down: Set<String> = [], nodes: [NodeLiveness]? = nil) -> TurnFacts {
        TurnFacts(
            leader: leader, localMemberID: F.member("a"), members: F.members(down: down),
            nodes: nodes ?? [F.alive("a"), F.alive("b"), F.alive("c")])
    }

    @Test func aHealthyClusterLetsTheNodeGo() {
        #expect(RebootSafety.blockers(rebooting: "a", memberID: 1, facts: facts(), now: now) == [])
    }

    @Test func everyMemberCountsAndEveryOtherNodeMustBeAlive() {
        // The fault of the leader-killed test: a's turn while c's member is down.
        #expect(
            RebootSafety.blockers(rebooting: "a", memberID: 1, facts: facts(down: ["c"]), now: now) == [
                .majority(node: "a", up: 1, total: 3, down: ["c"])
            ])
        let stale = F.stale("b")
        #expect(
            RebootSafety.blockers(
                rebooting: "a", memberID: 1, facts: facts(nodes: [F.alive("a"), stale, F.alive("c")]), now: now)
                == [.notAlive([stale], now: now)])
        #expect(
            RebootSafety.blockers(rebooting: "a", memberID: 1, facts: facts(leader: nil), now: now) == [.noLeader])
    }

    @Test(arguments: 1...7)
    func majorityArithmeticForEveryClusterSize(_ size: Int) {
        // Rebooting a member node is allowed exactly when the others that are up are a majority of all.
        for down in 0...size {
            let members = (1...size).map { MemberHealth(id: UInt64($0), name: "m\($0)", healthy: $0 > down) }
            let blocked = RebootSafety.majority(rebooting: "x", memberID: UInt64(size), members: members) != nil
            let upWithout = size - down - (down < size ? 1 : 0)
            #expect(blocked == (upWithout < size / 2 + 1), "size \(size), down \(down)")
        }
    }

    @Test func etcdsHealthGateHoldsAFiveMemberClusterWithOneMemberDown() {
        // A majority would stay (3 of 5), but one more failure during the reboot would end the quorum.
        let members = (1...5).map {
            MemberHealth(id: UInt64($0), name: "m\($0)", healthy: $0 != 4, problem: "no leader")
        }
        let nodes = (1...5).map { F.alive("m\($0)") }
        let facts = TurnFacts(leader: "m2", localMemberID: 1, members: members, nodes: nodes)
        #expect(RebootSafety.majority(rebooting: "m1", memberID: 1, members: members) == nil)
        #expect(
            RebootSafety.blockers(rebooting: "m1", memberID: 1, facts: facts, now: now) == [
                .unhealthy(["etcd member m4 is not healthy (no leader)"])
            ])
        var healthy = facts
        healthy.members = members.map { MemberHealth(id: $0.id, name: $0.name, healthy: true) }
        #expect(RebootSafety.blockers(rebooting: "m1", memberID: 1, facts: healthy, now: now) == [])
    }

    @Test func theLeaderMovesToTheEndOnce() {
        #expect(RebootSafety.leaderLast(["a", "b", "c"], leader: "b") == ["a", "c", "b"])
        #expect(RebootSafety.leaderLast(["b", "a"], leader: "b") == ["a", "b"])
        #expect(RebootSafety.leaderLast(["a", "b"], leader: "b") == nil)
        #expect(RebootSafety.leaderLast(["a", "b"], leader: "z") == nil)
    }
}
