import Testing

@testable import DistRebootCore

struct RebootCoordinatorTests {
    func coordinator(pre: Bool = false, post: Bool = false) -> RebootCoordinator {
        RebootCoordinator(node: "a", hasPreRebootCommand: pre, hasPostRebootCommand: post)
    }

    func list(_ nodes: String..., revision: Int64) -> RebootListState {
        .present(RebootList(nodes: nodes), modRevision: revision)
    }

    /// The actions without the log lines.
    func work(_ actions: [CoordinatorAction]) -> [CoordinatorAction] {
        actions.filter {
            if case .log = $0 { return false }
            return true
        }
    }

    @Test func startingWithoutAListGoesIdle() {
        var c = coordinator()
        #expect(c.listChanged(.absent) == [])
        #expect(c.phase == .idle)
    }

    @Test func firstInANewListReboots() {
        var c = coordinator()
        _ = c.listChanged(.absent)
        #expect(work(c.listChanged(list("a", "b", revision: 5))) == [.run(.reboot)])
        #expect(c.phase == .rebooting(modRevision: 5))
        // The same list seen again (e.g. the watch re-established) does not run it twice.
        #expect(c.listChanged(list("a", "b", revision: 5)) == [])
        #expect(c.commandFinished(.reboot, succeeded: true).allSatisfy { if case .log = $0 { true } else { false } })
        #expect(c.phase == .rebooting(modRevision: 5))
    }

    @Test func notFirstWaits() {
        var c = coordinator()
        _ = c.listChanged(.absent)
        #expect(c.listChanged(list("b", "a", revision: 5)) == [])
        #expect(c.phase == .idle)
        // The node before us is done: our turn.
        #expect(work(c.listChanged(list("a", revision: 6))) == [.run(.reboot)])
    }

    @Test func backFromRebootRemovesItselfWithTheRevision() {
        var c = coordinator()
        #expect(
            work(c.listChanged(list("a", "b", "c", revision: 8))) == [
                .removeSelf(remaining: ["b", "c"], modRevision: 8)
            ])
        #expect(c.phase == .removing(modRevision: 8))
        // Our own removal arrives through the watch.
        #expect(c.listChanged(list("b", "c", revision: 9)) == [])
        #expect(c.phase == .idle)
    }

    @Test func theLastNodeBackLeavesAnEmptyRemainder() {
        var c = coordinator()
        #expect(work(c.listChanged(list("a", revision: 3))) == [.removeSelf(remaining: [], modRevision: 3)])
        #expect(c.listChanged(.absent) == [])
        #expect(c.phase == .idle)
    }

    @Test func aLostCompareAndSwapIsRetriedOnTheNewRevision() {
        var c = coordinator()
        _ = c.listChanged(list("a", "b", revision: 3))
        // Someone rewrote the list (same head) before our transaction: try again on revision 4.
        #expect(
            work(c.listChanged(list("a", "b", "c", revision: 4))) == [
                .removeSelf(remaining: ["b", "c"], modRevision: 4)
            ])
        // Nothing new while the same revision is pending.
        #expect(c.listChanged(list("a", "b", "c", revision: 4)) == [])
    }

    @Test func startingWhileAnotherNodeIsFirstWaits() {
        var c = coordinator()
        #expect(c.listChanged(list("b", "a", revision: 3)) == [])
        #expect(c.phase == .idle)
    }

    @Test func aFailedRebootCommandHaltsAndLeavesTheList() {
        var c = coordinator()
        _ = c.listChanged(.absent)
        _ = c.listChanged(list("a", "b", revision: 5))
        let actions = c.commandFinished(.reboot, succeeded: false)
        #expect(work(actions) == [])
        #expect(actions.contains { if case .log(.error, let m) = $0 { m.contains("--cancel") } else { false } })
        #expect(c.phase == .halted(modRevision: 5))
        // The same list does not retry the command ...
        #expect(c.listChanged(list("a", "b", revision: 5)) == [])
        // ... --cancel clears the halt ...
        #expect(c.listChanged(.absent) == [])
        #expect(c.phase == .idle)
        // ... and a new list runs it again.
        #expect(work(c.listChanged(list("a", revision: 12))) == [.run(.reboot)])
    }

    @Test func aHaltedNodeRunsAgainOnANewerListWithItFirst() {
        var c = coordinator()
        _ = c.listChanged(.absent)
        _ = c.listChanged(list("a", revision: 5))
        _ = c.commandFinished(.reboot, succeeded: false)
        #expect(work(c.listChanged(list("a", "b", revision: 7))) == [.run(.reboot)])
    }

    @Test func preRebootThenReboot() {
        var c = coordinator(pre: true)
        _ = c.listChanged(.absent)
        #expect(work(c.listChanged(list("a", "b", revision: 5))) == [.run(.preReboot)])
        #expect(c.phase == .preReboot(modRevision: 5))
        // While prerebootcmd runs, the same list changes nothing.
        #expect(c.listChanged(list("a", "b", revision: 5)) == [])
        #expect(work(c.commandFinished(.preReboot, succeeded: true)) == [.run(.reboot)])
        #expect(c.phase == .rebooting(modRevision: 5))
    }

    @Test func aFailedPreRebootCommandDoesNotReboot() {
        var c = coordinator(pre: true)
        _ = c.listChanged(.absent)
        _ = c.listChanged(list("a", "b", revision: 5))
        #expect(work(c.commandFinished(.preReboot, succeeded: false)) == [])
        #expect(c.phase == .halted(modRevision: 5))
    }

    @Test func aCancelWhilePreRebootRunsStopsTheReboot() {
        var c = coordinator(pre: true)
        _ = c.listChanged(.absent)
        _ = c.listChanged(list("a", "b", revision: 5))
        #expect(c.listChanged(.absent) == [])
        let actions = c.commandFinished(.preReboot, succeeded: true)
        #expect(work(actions) == [])
        #expect(actions.contains { if case .log(.warning, _) = $0 { true } else { false } })
        #expect(c.phase == .idle)
    }

    @Test func postRebootRunsBeforeLeavingTheList() {
        var c = coordinator(post: true)
        #expect(work(c.listChanged(list("a", "b", revision: 8))) == [.run(.postReboot)])
        #expect(c.phase == .postReboot(modRevision: 8))
        #expect(
            work(c.commandFinished(.postReboot, succeeded: true)) == [.removeSelf(remaining: ["b"], modRevision: 8)])
    }

    @Test func aFailedPostRebootCommandKeepsTheNodeFirst() {
        var c = coordinator(post: true)
        _ = c.listChanged(list("a", "b", revision: 8))
        let actions = c.commandFinished(.postReboot, succeeded: false)
        #expect(work(actions) == [])
        #expect(c.phase == .halted(modRevision: 8))
        // Not a new reboot on the same list: the cycle stays stopped until --cancel or a restart.
        #expect(c.listChanged(list("a", "b", revision: 8)) == [])
    }

    @Test func postRebootWhenTheListWasCancelledMeanwhile() {
        var c = coordinator(post: true)
        _ = c.listChanged(list("a", "b", revision: 8))
        _ = c.listChanged(.absent)
        #expect(c.commandFinished(.postReboot, succeeded: true) == [])
        #expect(c.phase == .idle)
    }

    @Test func aCorruptListIsDeletedByRevision() {
        var c = coordinator()
        let actions = c.listChanged(.corrupt(modRevision: 11))
        #expect(work(actions) == [.deleteCorrupt(modRevision: 11)])
        #expect(actions.contains { if case .log(.error, let m) = $0 { m.contains("corrupt") } else { false } })
        #expect(c.phase == .idle)
    }

    @Test func commandEndsThatDoNotMatchThePhaseAreIgnored() {
        var c = coordinator()
        _ = c.listChanged(.absent)
        #expect(c.commandFinished(.reboot, succeeded: false) == [])
        #expect(c.commandFinished(.postReboot, succeeded: true) == [])
        #expect(c.phase == .idle)
    }

    /// A whole cycle seen by three coordinators sharing one list, as etcd would
    /// serialize it: each node reboots once, in order, and the list ends empty.
    @Test func threeNodesCompleteACycle() {
        var nodes = ["a", "b", "c"].map {
            RebootCoordinator(node: $0, hasPreRebootCommand: true, hasPostRebootCommand: true)
        }
        var state = RebootListState.absent
        var revision: Int64 = 1
        var rebooted: [String] = []
        var pending: [(Int, CoordinatorAction)] = []
        func broadcast() {
            for i in nodes.indices { pending += nodes[i].listChanged(state).map { (i, $0) } }
        }
        broadcast()
        revision += 1
        state = .present(RebootList(nodes: ["b", "c", "a"]), modRevision: revision)
        broadcast()
        var steps = 0
        while !pending.isEmpty, steps < 100 {
            steps += 1
            let (i, action) = pending.removeFirst()
            switch action {
            case .log: break
            case .run(.reboot):
                rebooted.append(nodes[i].node)
                // The node goes down and its daemon starts afresh.
                nodes[i] = RebootCoordinator(node: nodes[i].node, hasPreRebootCommand: true, hasPostRebootCommand: true)
                pending += nodes[i].listChanged(state).map { (i, $0) }
            case .run(let step):
                pending += nodes[i].commandFinished(step, succeeded: true).map { (i, $0) }
            case .removeSelf(let remaining, let expected):
                guard case .present(_, let current) = state, current == expected else { continue }
                revision += 1
                state = remaining.isEmpty ? .absent : .present(RebootList(nodes: remaining), modRevision: revision)
                broadcast()
            case .deleteCorrupt:
                Issue.record("no corrupt list in this cycle")
            }
        }
        #expect(rebooted == ["b", "c", "a"])
        #expect(state == .absent)
        #expect(nodes.allSatisfy { $0.phase == .idle })
    }
}
