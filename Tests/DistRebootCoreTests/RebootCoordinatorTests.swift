import Testing

@testable import DistRebootCore

struct RebootCoordinatorTests {
    let now = ClusterFixture.now
    typealias F = ClusterFixture

    func coordinator(boot: String = "boot-1", pre: Bool = false, post: Bool = false) -> RebootCoordinator {
        RebootCoordinator(node: "a", bootID: boot, hasPreRebootCommand: pre, hasPostRebootCommand: post)
    }

    func list(_ nodes: String..., turn: Turn? = nil, revision: Int64) -> RebootListState {
        .present(RebootList(nodes: nodes, turn: turn), modRevision: revision)
    }

    /// b and c alive, every member up, c the leader.
    func healthy(leader: String = "c", down: Set<String> = [], stale: [String] = [])
        -> Result<TurnFacts, TurnReadError>
    {
        let nodes = ["a", "b", "c"].map { stale.contains($0) ? F.stale($0) : F.alive($0) }
        return .success(
            TurnFacts(leader: leader, localMemberID: 1, members: F.members(down: down), nodes: nodes))
    }

    /// The turn a begins in boot-1 at `now` (issue 16: the turn records when it began).
    var begunTurn: Turn {
        var turn = Turn(node: "a", bootID: "boot-1")
        turn.started = now
        return turn
    }

    /// The list once a is back (issue 16: it names a as the node that came back last).
    func back(_ nodes: String...) -> RebootList {
        var list = RebootList(nodes: nodes)
        list.previous = "a"
        return list
    }

    /// The actions without the log lines.
    func work(_ actions: [CoordinatorAction]) -> [CoordinatorAction] {
        actions.filter {
            if case .log = $0 { return false }
            if case .notify = $0 { return false }
            return true
        }
    }

    @Test func startingWithoutAListGoesIdle() {
        var c = coordinator()
        #expect(c.listChanged(.absent) == [])
        #expect(c.phase == .idle)
    }

    @Test func aTurnIsCheckedRecordedThenRebooted() {
        var c = coordinator()
        _ = c.listChanged(.absent)
        #expect(work(c.listChanged(list("a", "b", "c", revision: 5))) == [.checkTurn])
        let begun = RebootList(nodes: ["a", "b", "c"], turn: begunTurn)
        #expect(work(c.turnChecked(healthy(), now: now)) == [.writeList(begun, modRevision: 5, .beginTurn)])
        #expect(work(c.listChanged(.present(begun, modRevision: 6))) == [.run(.reboot)])
        #expect(c.phase == .rebooting(modRevision: 6))
        // The same list seen again (e.g. the watch re-established) does not run it twice.
        #expect(c.listChanged(.present(begun, modRevision: 6)) == [])
        #expect(work(c.commandFinished(.reboot, succeeded: true)) == [])
        #expect(c.phase == .rebooting(modRevision: 6))
    }

    @Test func prerebootIsFollowedByASecondCheck() {
        var c = coordinator(pre: true)
        _ = c.listChanged(list("a", "b", revision: 5))
        let begun = RebootList(nodes: ["a", "b"], turn: begunTurn)
        _ = c.turnChecked(healthy(), now: now)
        #expect(work(c.listChanged(.present(begun, modRevision: 6))) == [.run(.preReboot)])
        #expect(work(c.commandFinished(.preReboot, succeeded: true)) == [.checkTurn])
        // The cluster went wrong while prerebootcmd ran: wait, publish why, look again.
        let blocked = work(c.turnChecked(healthy(down: ["c"]), now: now))
        #expect(blocked.count == 2)
        #expect(blocked.last == .recheckLater)
        guard case .setWaiting(let why?) = blocked.first else {
            Issue.record("no waiting note: \(blocked)")
            return
        }
        #expect(why == "with a down, 1 of 3 etcd members would be up, 2 needed (down now: c)")
        #expect(c.phase == .waiting(.reboot, modRevision: 6))
        #expect(work(c.recheckDue()) == [.checkTurn])
        // Still wrong: no second note, no second log line.
        #expect(c.turnChecked(healthy(down: ["c"]), now: now) == [.recheckLater])
        _ = c.recheckDue()
        #expect(work(c.turnChecked(healthy(), now: now)) == [.setWaiting(nil), .run(.reboot)])
    }

    @Test func aStaleOtherNodeOrNoLeaderOrAnUnreadableClusterWaits() {
        for facts in [
            healthy(stale: ["b"]), .success(TurnFacts(leader: nil, localMemberID: 1, members: F.members(), nodes: [])),
            .failure(TurnReadError(message: "context deadline exceeded")),
        ] as [Result<TurnFacts, TurnReadError>] {
            var c = coordinator()
            _ = c.listChanged(list("a", "b", revision: 5))
            let actions = work(c.turnChecked(facts, now: now))
            #expect(actions.last == .recheckLater, "\(facts)")
            #expect(c.phase == .waiting(.preReboot, modRevision: 5))
        }
    }

    @Test func aCancelWhileWaitingClearsTheNote() {
        var c = coordinator()
        _ = c.listChanged(list("a", "b", revision: 5))
        _ = c.turnChecked(healthy(stale: ["b"]), now: now)
        #expect(work(c.listChanged(.absent)) == [.setWaiting(nil)])
        #expect(c.phase == .idle)
        #expect(c.recheckDue() == [])
    }

    @Test func aNewLeaderInTheListMovesToTheEnd() {
        var c = coordinator()
        _ = c.listChanged(list("a", "b", "c", revision: 5))
        #expect(
            work(c.turnChecked(healthy(leader: "b"), now: now)) == [
                .writeList(RebootList(nodes: ["a", "c", "b"]), modRevision: 5, .leaderLast("b"))
            ])
        // The head itself leads now: it goes last and the next node takes the turn.
        var d = coordinator()
        _ = d.listChanged(list("a", "b", revision: 5))
        #expect(
            work(d.turnChecked(healthy(leader: "a"), now: now)) == [
                .writeList(RebootList(nodes: ["b", "a"]), modRevision: 5, .leaderLast("a"))
            ])
        #expect(work(d.listChanged(list("b", "a", revision: 6))) == [])
        #expect(d.phase == .idle)
    }

    @Test func aDaemonRestartedInTheSameBootCarriesOutTheReboot() {
        let turn = Turn(node: "a", bootID: "boot-1")
        var c = coordinator(boot: "boot-1")
        // Not "back from reboot": the boot id is the one the turn began in.
        #expect(work(c.listChanged(list("a", "b", turn: turn, revision: 8))) == [.checkTurn])
        #expect(work(c.turnChecked(healthy(), now: now)) == [.run(.reboot)])
        var p = coordinator(boot: "boot-1", pre: true)
        _ = p.listChanged(list("a", "b", turn: turn, revision: 8))
        #expect(work(p.turnChecked(healthy(), now: now)) == [.run(.preReboot)])
    }

    @Test func aNewBootIsBackFromReboot() {
        let turn = Turn(node: "a", bootID: "boot-1")
        var c = coordinator(boot: "boot-2")
        #expect(
            work(c.listChanged(list("a", "b", "c", turn: turn, revision: 8))) == [
                .writeList(back("b", "c"), modRevision: 8, .removeSelf)
            ])
        #expect(c.listChanged(list("b", "c", revision: 9)) == [])
        #expect(c.phase == .idle)
    }

    @Test func theLastNodeBackDeletesTheList() {
        var c = coordinator(boot: "boot-2")
        #expect(
            work(c.listChanged(list("a", turn: Turn(node: "a", bootID: "boot-1"), revision: 3))) == [
                .writeList(nil, modRevision: 3, .removeSelf)
            ])
    }

    @Test func postrebootRunsBeforeLeavingTheList() {
        var c = coordinator(boot: "boot-2", post: true)
        let turn = Turn(node: "a", bootID: "boot-1")
        #expect(work(c.listChanged(list("a", "b", turn: turn, revision: 8))) == [.run(.postReboot)])
        #expect(
            work(c.commandFinished(.postReboot, succeeded: true)) == [
                .writeList(back("b"), modRevision: 8, .removeSelf)
            ])
    }

    @Test func aFailedCommandHaltsAndIsRecordedForTheNextDaemon() {
        var c = coordinator()
        let begun = RebootList(nodes: ["a", "b"], turn: begunTurn)
        _ = c.listChanged(list("a", "b", revision: 5))
        _ = c.turnChecked(healthy(), now: now)
        _ = c.listChanged(.present(begun, modRevision: 6))
        var halted = begun
        halted.turn?.halted = "rebootcmd failed (exit status 3)"
        halted.turn?.haltedBootID = "boot-1"
        #expect(
            work(c.commandFinished(.reboot, succeeded: false, how: "exit status 3")) == [
                .writeList(halted, modRevision: 6, .halt)
            ])
        #expect(work(c.listChanged(.present(halted, modRevision: 7))) == [])
        #expect(c.phase == .halted(modRevision: 7))
        // A restart in the same boot stays halted; after a real reboot the node counts as back.
        var same = coordinator(boot: "boot-1")
        #expect(work(same.listChanged(.present(halted, modRevision: 7))) == [])
        #expect(same.phase == .halted(modRevision: 7))
        var rebooted = coordinator(boot: "boot-2")
        #expect(
            work(rebooted.listChanged(.present(halted, modRevision: 7))) == [
                .writeList(back("b"), modRevision: 7, .removeSelf)
            ])
        // --cancel and a new list: a fresh turn.
        #expect(work(c.listChanged(list("a", "b", revision: 9))) == [.checkTurn])
    }

    @Test func aCancelSeenDuringPostrebootWritesNothing() {
        var c = coordinator(boot: "boot-2", post: true)
        let turn = Turn(node: "a", bootID: "boot-1")
        _ = c.listChanged(list("a", "b", turn: turn, revision: 8))
        #expect(c.listChanged(.absent) == [])  // --cancel while postrebootcmd runs
        let actions = c.commandFinished(.postReboot, succeeded: true)
        #expect(work(actions) == [])
        #expect(
            actions.contains(
                .log(
                    .info,
                    "the reboot list was removed while postrebootcmd ran (distreboot --cancel); nothing to remove this node from"
                )))
        #expect(c.phase == .idle)
    }

    @Test func aFailedPostrebootHaltsInTheNewBoot() {
        var c = coordinator(boot: "boot-2", post: true)
        let turn = Turn(node: "a", bootID: "boot-1")
        _ = c.listChanged(list("a", "b", turn: turn, revision: 8))
        let actions = work(c.commandFinished(.postReboot, succeeded: false, how: "exit status 1"))
        let halted = RebootList(
            nodes: ["a", "b"],
            turn: Turn(
                node: "a", bootID: "boot-1", halted: "postrebootcmd failed (exit status 1)", haltedBootID: "boot-2"))
        #expect(actions == [.writeList(halted, modRevision: 8, .halt)])
        var restarted = coordinator(boot: "boot-2", post: true)
        #expect(work(restarted.listChanged(.present(halted, modRevision: 9))) == [])
    }

    @Test func aListChangedDuringPrerebootMeansNoReboot() {
        var c = coordinator(pre: true)
        let begun = RebootList(nodes: ["a", "b"], turn: begunTurn)
        _ = c.listChanged(list("a", "b", revision: 5))
        _ = c.turnChecked(healthy(), now: now)
        _ = c.listChanged(.present(begun, modRevision: 6))
        #expect(c.listChanged(.absent) == [])  // cancelled while prerebootcmd runs
        #expect(work(c.commandFinished(.preReboot, succeeded: true)) == [])
        #expect(c.phase == .idle)
    }

    @Test func aLostRaceIsDecidedAgainOnTheNewList() {
        var c = coordinator()
        _ = c.listChanged(list("a", "b", revision: 5))
        _ = c.turnChecked(healthy(), now: now)
        // --cancel and a new --reboot won the race: the new list has no turn for us yet.
        #expect(work(c.listChanged(list("a", "c", revision: 7))) == [.checkTurn])
    }

    @Test func aCorruptListIsDeleted() {
        var c = coordinator()
        #expect(work(c.listChanged(.corrupt(modRevision: 4))) == [.deleteCorrupt(modRevision: 4)])
    }

    @Test func aCorruptListWhileRebootcmdRunsLeavesThePhase() {
        var c = coordinator()
        let begun = RebootList(nodes: ["a", "b"], turn: begunTurn)
        _ = c.listChanged(list("a", "b", revision: 5))
        _ = c.turnChecked(healthy(), now: now)
        _ = c.listChanged(.present(begun, modRevision: 6))
        #expect(c.phase == .rebooting(modRevision: 6))
        #expect(work(c.listChanged(.corrupt(modRevision: 7))) == [.deleteCorrupt(modRevision: 7)])
        // The node is still going down: its command's end is still heard.
        #expect(c.phase == .rebooting(modRevision: 6))
        #expect(work(c.commandFinished(.reboot, succeeded: true)) == [])
    }

    @Test func notFirstWaitsForItsTurn() {
        var c = coordinator()
        #expect(c.listChanged(list("b", "a", revision: 5)) == [])
        #expect(c.phase == .idle)
        #expect(work(c.listChanged(list("a", revision: 6))) == [.checkTurn])
    }
}
