// The daemon's part in a rolling reboot, as a pure state machine: it is told
// what the reboot list looks like and how its commands ended, and answers
// with what to do. The shell performs the actions and reports back.

public enum HookStep: String, Equatable, Sendable {
    case preReboot = "prerebootcmd"
    case reboot = "rebootcmd"
    case postReboot = "postrebootcmd"
}

public enum CoordinatorAction: Equatable, Sendable {
    /// Run the command configured for this step and report `commandFinished`.
    case run(HookStep)
    /// Remove this node from the head of the list, if the list is still at `modRevision`;
    /// an empty remainder deletes the list. A lost race is reported as a new `listChanged`.
    case removeSelf(remaining: [String], modRevision: Int64)
    /// Delete an unreadable list, if it is still at `modRevision`.
    case deleteCorrupt(modRevision: Int64)
    case log(LogLevel, String)
}

public enum LogLevel: String, Equatable, Sendable {
    case info, warning, error
}

public struct RebootCoordinator: Sendable {
    public enum Phase: Equatable, Sendable {
        /// The daemon just started: finding itself at the head means it is back from its reboot.
        case starting
        case idle
        case postReboot(modRevision: Int64)
        case removing(modRevision: Int64)
        case preReboot(modRevision: Int64)
        /// The reboot command ran and succeeded: the node is going down; nothing more to do.
        case rebooting(modRevision: Int64)
        /// A command failed for this version of the list: wait for `--cancel` or a new list.
        case halted(modRevision: Int64)
    }

    public let node: String
    public let hasPreRebootCommand: Bool
    public let hasPostRebootCommand: Bool
    public private(set) var phase: Phase = .starting
    private var latest: RebootListState = .absent

    public init(node: String, hasPreRebootCommand: Bool, hasPostRebootCommand: Bool) {
        self.node = node
        self.hasPreRebootCommand = hasPreRebootCommand
        self.hasPostRebootCommand = hasPostRebootCommand
    }

    public mutating func listChanged(_ state: RebootListState) -> [CoordinatorAction] {
        latest = state
        switch state {
        case .absent:
            return settleWithoutTurn(reason: "the reboot list is gone")
        case .corrupt(let revision):
            let actions = settleWithoutTurn(reason: "the reboot list is corrupt")
            return actions + [
                .log(.error, "the reboot list in etcd is corrupt (revision \(revision)); removing it"),
                .deleteCorrupt(modRevision: revision),
            ]
        case .present(let list, let revision):
            guard list.head == node else { return settleWithoutTurn(reason: "it is not this node's turn") }
            return ourTurn(list, revision)
        }
    }

    public mutating func commandFinished(_ step: HookStep, succeeded: Bool) -> [CoordinatorAction] {
        switch (step, phase) {
        case (.postReboot, .postReboot(let revision)):
            guard succeeded else {
                phase = .halted(modRevision: revision)
                return [
                    .log(
                        .error,
                        "postrebootcmd failed: this node stays at the head of the reboot list and the cycle stops; "
                            + "fix it, then restart distreboot or run distreboot --cancel")
                ]
            }
            return removeSelfIfStillHead()
        case (.preReboot, .preReboot(let revision)):
            guard succeeded else {
                phase = .halted(modRevision: revision)
                return [
                    .log(
                        .error,
                        "prerebootcmd failed: not rebooting; the reboot list is left in place (distreboot --cancel)")
                ]
            }
            guard case .present(let list, let now) = latest, list.head == node, now == revision else {
                phase = .idle
                return [.log(.warning, "the reboot list changed while prerebootcmd ran: not rebooting")]
                    + listChanged(latest)
            }
            phase = .rebooting(modRevision: revision)
            return [.run(.reboot)]
        case (.reboot, .rebooting(let revision)):
            guard succeeded else {
                phase = .halted(modRevision: revision)
                return [
                    .log(
                        .error, "rebootcmd failed: the reboot list is left in place (distreboot --cancel to stop)")
                ]
            }
            return [.log(.info, "rebootcmd succeeded; waiting for the node to go down")]
        default:
            return []
        }
    }

    private mutating func ourTurn(_ list: RebootList, _ revision: Int64) -> [CoordinatorAction] {
        let remaining = Array(list.nodes.dropFirst())
        switch phase {
        case .starting:
            if hasPostRebootCommand {
                phase = .postReboot(modRevision: revision)
                return [.log(.info, "back from reboot; running postrebootcmd"), .run(.postReboot)]
            }
            phase = .removing(modRevision: revision)
            return [
                .log(.info, "back from reboot; removing this node from the reboot list"),
                .removeSelf(remaining: remaining, modRevision: revision),
            ]
        case .postReboot, .preReboot, .rebooting:
            return []  // a command is running or the node is going down; its end decides
        case .removing(let pending):
            guard pending != revision else { return [] }
            // The compare-and-swap lost a race: try again on the version we now see.
            phase = .removing(modRevision: revision)
            return [.removeSelf(remaining: remaining, modRevision: revision)]
        case .halted(let stopped) where stopped == revision:
            return []
        case .idle, .halted:
            if hasPreRebootCommand {
                phase = .preReboot(modRevision: revision)
                return [.log(.info, "this node is first in the reboot list; running prerebootcmd"), .run(.preReboot)]
            }
            phase = .rebooting(modRevision: revision)
            return [.log(.info, "this node is first in the reboot list; rebooting"), .run(.reboot)]
        }
    }

    /// The list no longer asks anything of this node. Running commands still
    /// report their end; otherwise the daemon waits.
    private mutating func settleWithoutTurn(reason: String) -> [CoordinatorAction] {
        switch phase {
        case .starting, .idle, .halted, .removing:
            phase = .idle
            return []
        case .postReboot, .preReboot, .rebooting:
            return []
        }
    }

    private mutating func removeSelfIfStillHead() -> [CoordinatorAction] {
        guard case .present(let list, let revision) = latest, list.head == node else {
            phase = .idle
            return []
        }
        phase = .removing(modRevision: revision)
        return [.removeSelf(remaining: Array(list.nodes.dropFirst()), modRevision: revision)]
    }
}
