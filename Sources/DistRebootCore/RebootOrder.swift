// The order of a rolling reboot, and whether one may start now.

public enum RebootOrder {
    /// Nodes by name, with the etcd leader (the manual's master) last, so that
    /// leadership moves only once in the whole cycle.
    public static func order(nodes: [String], leader: String?) -> [String] {
        let sorted = nodes.sorted()
        guard let leader, sorted.contains(leader) else { return sorted }
        return sorted.filter { $0 != leader } + [leader]
    }
}

/// What the daemon knows at the moment `--reboot` or `--dry-run` is asked for.
public struct ClusterSnapshot: Equatable, Sendable {
    public var nodes: [NodeLiveness]
    public var leader: String?
    public var quorate: Bool
    public var rebootList: RebootListState
    /// Every etcd member and whether it is up now.
    public var members: [MemberHealth]
    public var engine: EngineKind
    /// pacemaker: votequorum's votes, configured nodes absent now, and the health gate.
    public var votes: VoteCount?
    public var absent: [String]
    public var problems: [String]

    public init(
        nodes: [NodeLiveness], leader: String?, quorate: Bool, rebootList: RebootListState,
        members: [MemberHealth] = [], engine: EngineKind = .etcd, votes: VoteCount? = nil, absent: [String] = [],
        problems: [String] = []
    ) {
        self.nodes = nodes
        self.leader = leader
        self.quorate = quorate
        self.rebootList = rebootList
        self.members = members
        self.engine = engine
        self.votes = votes
        self.absent = absent
        self.problems = problems
    }

    /// The nodes a cycle would reboot: every node known alive, or those that require it.
    public func candidates(onlyRequired: Bool) -> [String] {
        nodes.filter { $0.isAlive && (!onlyRequired || $0.heartbeat?.rebootRequired == true) }.map(\.node)
    }
}

public enum RebootRefusal: Equatable, Sendable, CustomStringConvertible {
    case blocked(RebootBlocker)
    case inProgress([String])
    case corruptList
    case noNodes(onlyRequired: Bool)

    public var description: String {
        switch self {
        case .blocked(let blocker):
            return blocker.description
        case .inProgress(let nodes):
            return "a reboot is already in progress: " + nodes.joined(separator: ", ") + " (use --cancel to stop it)"
        case .corruptList:
            return "the reboot list is corrupt (it is being removed; try again)"
        case .noNodes(let onlyRequired):
            return onlyRequired ? "no node requires a reboot" : "no node runs distreboot"
        }
    }
}

public enum RebootPlan {
    /// The order `--reboot` would use now, or every reason it must not start.
    public static func plan(_ snapshot: ClusterSnapshot, onlyRequired: Bool, now: Int64) -> Result<
        [String], RebootRefusalList
    > {
        var refusals: [RebootRefusal] = []
        if !snapshot.quorate { refusals.append(.blocked(snapshot.engine == .etcd ? .noLeader : .noQuorum)) }
        if snapshot.engine == .pacemaker, snapshot.leader == nil { refusals.append(.blocked(.noDC)) }
        let notAlive = snapshot.nodes.filter { !$0.isAlive }
        if !notAlive.isEmpty { refusals.append(.blocked(.notAlive(notAlive, now: now))) }
        switch snapshot.rebootList {
        case .absent: break
        case .corrupt: refusals.append(.corruptList)
        case .present(let list, _): refusals.append(.inProgress(list.nodes))
        }
        let candidates = snapshot.candidates(onlyRequired: onlyRequired)
        if candidates.isEmpty { refusals.append(.noNodes(onlyRequired: onlyRequired)) }
        let order = RebootOrder.order(nodes: candidates, leader: snapshot.leader)
        // Members, not heartbeats: a member that is down counts even when its node was dropped.
        for node in order {
            let member = snapshot.nodes.first { $0.node == node }?.heartbeat?.memberID ?? 0
            if let majority = RebootSafety.majority(rebooting: node, memberID: member, members: snapshot.members) {
                refusals.append(.blocked(majority))
                break
            }
            if let short = snapshot.votes?.blocker(rebooting: node, down: snapshot.absent) {
                refusals.append(.blocked(short))
                break
            }
        }
        if !snapshot.problems.isEmpty { refusals.append(.blocked(.unhealthy(snapshot.problems))) }
        if !refusals.isEmpty { return .failure(RebootRefusalList(refusals)) }
        return .success(order)
    }
}

public struct RebootRefusalList: Error, Equatable, Sendable {
    public var reasons: [RebootRefusal]
    public init(_ reasons: [RebootRefusal]) { self.reasons = reasons }
}
