// The daemon's part in a rolling reboot, as a pure state machine: it is told
// what the reboot list looks like, what the cluster looks like before each
// step, and how its commands ended, and answers with what to do. The shell
// performs the actions and reports back.
//
// A node's turn: check → record the turn (with this boot's id) → drain →
// prerebootcmd → check again → rebootcmd. Back in a new boot: settle →
// postrebootcmd → leave the list. Drain and settle are the engine's own steps
// (pacemaker: standby and wait; online and wait); etcd has none. A daemon that finds its turn recorded with its own boot id has not
// rebooted (it was restarted): it carries out the reboot, or stays halted if
// a command of this boot failed.

public enum HookStep: String, Equatable, Sendable {
    /// The engine moves the node's work away (pacemaker: standby, wait for the transition).
    case drain
    case preReboot = "prerebootcmd"
    case reboot = "rebootcmd"
    /// The engine brings the node back (pacemaker: online, wait until the cluster settled).
    case settle
    case postReboot = "postrebootcmd"
}

/// Why the coordinator writes the list; the shell words its log line with it.
public enum ListWrite: Equatable, Sendable {
    case beginTurn
    case leaderLast(String)
    case halt
    case removeSelf
}

public enum CoordinatorAction: Equatable, Sendable {
    /// Run the command configured for this step and report `commandFinished`.
    case run(HookStep)
    /// Read the cluster linearizably and report `turnChecked`.
    case checkTurn
    /// Report `recheckDue` after a pause.
    case recheckLater
    /// Replace the list (nil: delete it) if it is still at `modRevision`. A
    /// lost race is reported as a new `listChanged`.
    case writeList(RebootList?, modRevision: Int64, ListWrite)
    /// Delete an unreadable list, if it is still at `modRevision`.
    case deleteCorrupt(modRevision: Int64)
    /// Publish why this node waits (nil: it does not) in its heartbeat.
    case setWaiting(String?)
    /// Tell notifycmd (issue 16): pause or block, with why.
    case notify(NotifyEvent, String)
    case log(LogLevel, String)
}

public enum LogLevel: String, Equatable, Sendable {
    case info, warning, error
}

public struct RebootCoordinator: Sendable {
    public enum Phase: Equatable, Sendable {
        /// The daemon just started and has not seen the list yet.
        case starting
        case idle
        /// Reading the cluster before `step`.
        case checking(HookStep, modRevision: Int64)
        /// The check said no; looking again after a pause.
        case waiting(HookStep, modRevision: Int64)
        /// A compare-and-swap of the list is under way.
        case writing(ListWrite, modRevision: Int64)
        case running(HookStep, modRevision: Int64)
        /// The reboot command ran and succeeded: the node is going down.
        case rebooting(modRevision: Int64)
        /// A command of this boot failed: wait for `--cancel` or a new list.
        case halted(modRevision: Int64)
    }

    public let node: String
    public let bootID: String
    public let hasPreRebootCommand: Bool
    public let hasPostRebootCommand: Bool
    /// The engine drains the node before its reboot and settles it after.
    public let drainsAndSettles: Bool
    public private(set) var phase: Phase = .starting
    private var latest: RebootListState = .absent
    private var waitingReason: String?
    /// The last pause or block notified while waiting: one pause per pause, however its other reasons change.
    private var notifiedWaiting: NotifyEvent?

    public init(
        node: String, bootID: String, hasPreRebootCommand: Bool, hasPostRebootCommand: Bool,
        drainsAndSettles: Bool = false
    ) {
        self.node = node
        self.bootID = bootID
        self.hasPreRebootCommand = hasPreRebootCommand
        self.hasPostRebootCommand = hasPostRebootCommand
        self.drainsAndSettles = drainsAndSettles
    }

    /// What runs between the recorded turn and the second check, in order.
    private var stepsBefore: [HookStep] {
        (drainsAndSettles ? [.drain] : []) + (hasPreRebootCommand ? [.preReboot] : [])
    }

    /// What runs back from reboot before the node leaves the list, in order.
    private var stepsAfter: [HookStep] {
        (drainsAndSettles ? [.settle] : []) + (hasPostRebootCommand ? [.postReboot] : [])
    }

    // MARK: events

    public mutating func listChanged(_ state: RebootListState) -> [CoordinatorAction] {
        latest = state
        var actions: [CoordinatorAction]
        switch phase {
        case .starting, .idle:
            actions = decide()
        case .checking, .running, .rebooting:
            actions = []  // their end looks at the list as it is then
        case .waiting(_, let revision), .halted(let revision):
            actions = ourList(at: revision) ? [] : decide()
        case .writing(let purpose, let revision):
            if revisionOf(state) == revision {
                actions = []
            } else if purpose == .beginTurn, case .present(let list, let now) = state, let turn = myTurn(list),
                turn.bootID == bootID, turn.halted == nil
            {
                // The turn is recorded: the check before it passed a moment ago.
                actions = run(stepsBefore.first ?? .reboot, now)
            } else {
                actions = decide()
            }
        }
        // Whatever this node is doing, an unreadable list is removed (a running command still ends as it ends).
        if case .corrupt(let revision) = state {
            actions += [
                .log(.error, "the reboot list is corrupt (revision \(revision)); removing it"),
                .deleteCorrupt(modRevision: revision),
            ]
        }
        return actions
    }

    /// `schedule`: what holds a turn besides the cluster (window, settle,
    /// blockcmd: ScheduleGate); it counts only before the turn begins.
    public mutating func turnChecked(
        _ facts: Result<TurnFacts, TurnReadError>, now: Int64, schedule: [ScheduleBlocker] = []
    ) -> [CoordinatorAction] {
        guard case .checking(let step, let revision) = phase else { return [] }
        guard ourList(at: revision), case .present(let list, _) = latest else { return decide() }
        let blockers: [RebootBlocker]
        switch facts {
        case .failure(let error):
            blockers = [.unreadableCluster(error.message)]
        case .success(let facts):
            // Only from a quorate partition: a partition without quorum may
            // elect its own DC, and pacemaker accepts CIB writes there.
            if step == .preReboot, myTurn(list) == nil, facts.quorate, let leader = facts.leader,
                let order = RebootSafety.leaderLast(list.nodes, leader: leader)
            {
                phase = .writing(.leaderLast(leader), modRevision: revision)
                var reordered = list
                reordered.nodes = order
                reordered.turn = nil
                return [.writeList(reordered, modRevision: revision, .leaderLast(leader))]
            }
            blockers = RebootSafety.blockers(rebooting: node, memberID: facts.localMemberID, facts: facts, now: now)
        }
        let held = step == .preReboot && myTurn(list) == nil ? schedule : []
        guard blockers.isEmpty && held.isEmpty else {
            phase = .waiting(step, modRevision: revision)
            let reason = (blockers.map(\.description) + held.map(\.description)).joined(separator: "; ")
            var actions: [CoordinatorAction] = []
            if reason != waitingReason {
                waitingReason = reason
                actions += [.log(.warning, "waiting before this node's reboot: \(reason)"), .setWaiting(reason)]
                // Issue 16: a closed window pauses the cycle; anything else but the settle time blocks it.
                // A pause is told once: not again when the settle time beside it ends.
                if !blockers.isEmpty || held.contains(where: { $0.kind != "window" && $0.kind != "settle" }) {
                    actions.append(.notify(.block, reason))
                    notifiedWaiting = .block
                } else if held.contains(where: { $0.kind == "window" }) {
                    if notifiedWaiting != .pause { actions.append(.notify(.pause, reason)) }
                    notifiedWaiting = .pause
                } else {
                    notifiedWaiting = nil
                }
            }
            return actions + [.recheckLater]
        }
        var actions = clearWaiting(saying: "the cluster allows this node's reboot again")
        switch step {
        case .preReboot where myTurn(list) == nil:
            phase = .writing(.beginTurn, modRevision: revision)
            var begun = list
            begun.turn = Turn(node: node, bootID: bootID)
            begun.turn?.started = now
            actions.append(.writeList(begun, modRevision: revision, .beginTurn))
        case .preReboot where !stepsBefore.isEmpty:
            actions += run(stepsBefore[0], revision)
        default:
            actions += run(.reboot, revision)
        }
        return actions
    }

    public mutating func recheckDue() -> [CoordinatorAction] {
        guard case .waiting(let step, let revision) = phase else { return [] }
        guard ourList(at: revision) else { return decide() }
        phase = .checking(step, modRevision: revision)
        return [.checkTurn]
    }

    public mutating func commandFinished(_ step: HookStep, succeeded: Bool, how: String = "")
        -> [CoordinatorAction]
    {
        switch (step, phase) {
        case (.drain, .running(.drain, let revision)), (.preReboot, .running(.preReboot, let revision)):
            guard succeeded else { return halt("\(step.rawValue) failed (\(how))", revision) }
            guard ourList(at: revision) else {
                phase = .idle
                return [.log(.warning, "the reboot list changed while \(step.rawValue) ran: not rebooting")] + decide()
            }
            if let next = stepsBefore.drop(while: { $0 != step }).dropFirst().first { return run(next, revision) }
            phase = .checking(.reboot, modRevision: revision)
            return [.checkTurn]
        case (.reboot, .rebooting(let revision)):
            guard succeeded else { return halt("\(step.rawValue) failed (\(how))", revision) }
            return [.log(.info, "rebootcmd succeeded; waiting for the node to go down")]
        case (.settle, .running(.settle, let revision)), (.postReboot, .running(.postReboot, let revision)):
            guard succeeded else { return halt("\(step.rawValue) failed (\(how))", revision) }
            if let next = stepsAfter.drop(while: { $0 != step }).dropFirst().first { return run(next, revision) }
            phase = .idle
            // A --cancel seen while the step ran: nothing left to leave, and the list stays gone.
            if case .absent = latest {
                return [
                    .log(
                        .info,
                        "the reboot list was removed while \(step.rawValue) ran (distreboot --cancel); "
                            + "nothing to remove this node from")
                ] + decide()
            }
            return decideBack(afterPostReboot: true)
        default:
            return []
        }
    }

    // MARK: decisions

    /// What to do with the list as it is now, when nothing is under way.
    private mutating func decide() -> [CoordinatorAction] {
        let wasStarting = phase == .starting
        guard case .present(let list, let revision) = latest, list.head == node else {
            phase = .idle
            return clearWaiting(saying: nil)
        }
        if let turn = myTurn(list) {
            if let halted = turn.halted, turn.haltedBootID == bootID {
                phase = .halted(modRevision: revision)
                if wasStarting {
                    return [
                        .log(
                            .error,
                            "the reboot cycle is halted at this node: \(halted); fix it, then run distreboot --cancel "
                                + "(and --reboot again)")
                    ]
                }
                return []
            }
            if turn.bootID != bootID { return decideBack(afterPostReboot: false) }
            // Recorded in this boot, yet the daemon is deciding afresh: it was restarted before the node went down.
            phase = .checking(.preReboot, modRevision: revision)
            return [
                .log(
                    .warning,
                    wasStarting
                        ? "this node began its reboot but has not rebooted (same boot id); carrying out its reboot"
                        : "this node's reboot is not done in this boot; carrying it out")
            ] + [.checkTurn]
        }
        phase = .checking(.preReboot, modRevision: revision)
        return [
            .log(.info, "this node is first in the reboot list; checking the cluster before its reboot"), .checkTurn,
        ]
    }

    /// Back in a new boot: postrebootcmd, then leave the list.
    private mutating func decideBack(afterPostReboot: Bool) -> [CoordinatorAction] {
        guard case .present(let list, let revision) = latest, list.head == node, let turn = myTurn(list),
            turn.bootID != bootID
        else { return decide() }
        if let first = stepsAfter.first, !afterPostReboot {
            return [.log(.info, "back from reboot (new boot id); running \(first.rawValue)")] + run(first, revision)
        }
        phase = .writing(.removeSelf, modRevision: revision)
        return [
            .log(.info, "back from reboot (new boot id); removing this node from the reboot list"),
            .writeList(list.withoutHead(), modRevision: revision, .removeSelf),
        ]
    }

    private mutating func run(_ step: HookStep, _ revision: Int64) -> [CoordinatorAction] {
        phase = step == .reboot ? .rebooting(modRevision: revision) : .running(step, modRevision: revision)
        return [.run(step)]
    }

    /// Records in the list why the cycle stopped here, so that a restarted daemon does not try again.
    private mutating func halt(_ reason: String, _ revision: Int64) -> [CoordinatorAction] {
        let log = CoordinatorAction.log(
            .error, "\(reason): the reboot cycle stops at this node; fix it, then run distreboot --cancel")
        guard ourList(at: revision), case .present(var list, _) = latest else {
            phase = .idle
            return [log] + decide()
        }
        var turn = myTurn(list) ?? Turn(node: node, bootID: bootID)
        turn.halted = reason
        turn.haltedBootID = bootID
        list.turn = turn
        phase = .writing(.halt, modRevision: revision)
        return [log, .writeList(list, modRevision: revision, .halt)]
    }

    private mutating func clearWaiting(saying message: String?) -> [CoordinatorAction] {
        guard waitingReason != nil else { return [] }
        waitingReason = nil
        notifiedWaiting = nil
        return (message.map { [CoordinatorAction.log(.info, $0)] } ?? []) + [.setWaiting(nil)]
    }

    private func myTurn(_ list: RebootList) -> Turn? {
        guard let turn = list.headTurn, turn.node == node else { return nil }
        return turn
    }

    /// The list still has this node at its head, at this revision.
    private func ourList(at revision: Int64) -> Bool {
        guard case .present(let list, let now) = latest else { return false }
        return now == revision && list.head == node
    }

    private func revisionOf(_ state: RebootListState) -> Int64 {
        switch state {
        case .absent: return 0
        case .corrupt(let revision), .present(_, let revision): return revision
        }
    }
}

/// The cluster could not be read before a step: the step waits.
public struct TurnReadError: Error, Equatable, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
}
