// The promise of a rolling reboot, as one pure check made at the moment a
// node would go down (and when --reboot is asked): the cluster has a leader,
// every other node is known alive, and the etcd members left up with this
// node down are still a majority of all members, down ones included. On the
// pacemaker engine: the partition is quorate, a DC is elected, the
// votequorum votes left with this node down still reach quorum, and the
// health gate (PacemakerStatus.healthProblems) is clear.

/// One etcd member as seen from this node just now.
public struct MemberHealth: Equatable, Sendable {
    public var id: UInt64
    public var name: String
    /// It answered and follows a leader.
    public var healthy: Bool
    /// Why not, when not healthy.
    public var problem: String?

    public init(id: UInt64, name: String, healthy: Bool, problem: String? = nil) {
        self.id = id
        self.name = name
        self.healthy = healthy
        self.problem = problem
    }

    public var label: String { name.isEmpty ? "member \(String(id, radix: 16))" : name }
}

/// What a node reads before each step of its reboot (linearizably: a member
/// cut off from the cluster cannot answer).
public struct TurnFacts: Equatable, Sendable {
    /// The etcd leader, or the pacemaker DC.
    public var leader: String?
    /// The member running on the node that reads (0: none).
    public var localMemberID: UInt64
    /// etcd: every member; a majority must stay up.
    public var members: [MemberHealth]
    public var nodes: [NodeLiveness]
    public var engine: EngineKind
    /// pacemaker: this node's partition has quorum.
    public var quorate: Bool
    /// pacemaker: votequorum's votes; they must still reach quorum with this node down.
    public var votes: VoteCount?
    /// Configured cluster nodes not present now (named in the votes reason).
    public var absent: [String]
    /// The engine's health gate: each thing that must be fixed first.
    public var problems: [String]

    public init(
        leader: String?, localMemberID: UInt64, members: [MemberHealth], nodes: [NodeLiveness],
        engine: EngineKind = .etcd, quorate: Bool = true, votes: VoteCount? = nil, absent: [String] = [],
        problems: [String] = []
    ) {
        self.leader = leader
        self.localMemberID = localMemberID
        self.members = members
        self.nodes = nodes
        self.engine = engine
        self.quorate = quorate
        self.votes = votes
        self.absent = absent
        self.problems = problems
    }
}

public enum RebootBlocker: Equatable, Sendable, CustomStringConvertible {
    case noLeader
    /// Other nodes whose daemons are not known to run; `now` only words the advice.
    case notAlive([NodeLiveness], now: Int64)
    /// With `node` down, only `up` of `total` members would be up.
    case majority(node: String, up: Int, total: Int, down: [String])
    /// The cluster's state could not be read.
    case unreadableCluster(String)
    /// pacemaker: no DC is elected.
    case noDC
    /// pacemaker: this node's partition has no quorum.
    case noQuorum
    /// pacemaker: with `node` down, `up` of `expected` votes would be present, `needed` needed.
    case votes(node: String, up: Int, expected: Int, needed: Int, down: [String])
    /// The engine's health gate: pacemaker's (PacemakerStatus), etcd's (every member healthy).
    case unhealthy([String])

    public var description: String {
        switch self {
        case .noLeader:
            return "the etcd cluster is not in quorum (no leader)"
        case .notAlive(let nodes, let now):
            return nodes.map { Self.describe($0, now: now) }.joined(separator: "; ")
        case .majority(let node, let up, let total, let down):
            let needed = total / 2 + 1
            var text = "with \(node) down, \(up) of \(total) etcd members would be up, \(needed) needed"
            if !down.isEmpty { text += " (down now: " + down.joined(separator: ", ") + ")" }
            return text
        case .unreadableCluster(let reason):
            return "cannot read the cluster's state: \(reason)"
        case .noDC:
            return "no pacemaker DC is elected"
        case .noQuorum:
            return "this node's cluster partition has no quorum"
        case .votes(let node, let up, let expected, let needed, let down):
            var text = "with \(node) down, \(up) of \(expected) quorum votes would be present, \(needed) needed"
            if !down.isEmpty { text += " (absent now: " + down.joined(separator: ", ") + ")" }
            return text
        case .unhealthy(let problems):
            return problems.joined(separator: "; ")
        }
    }

    static func describe(_ node: NodeLiveness, now: Int64) -> String {
        switch node.state {
        case .alive:
            return "\(node.node) is alive"
        case .unreadable(let reason):
            return "unreadable heartbeat of \(node.node) (\(reason)): start distreboot there to rewrite it, "
                + "or remove the node with --drop=\(node.node)"
        case .stale:
            var text = "stale heartbeat: \(node.node)"
            if let expires = node.expires { text += " (expired \(TimeFormat.utc(expires)))" }
            if let skew = node.clockSkew(now: now) {
                return text + "; \(skew): check its time synchronisation; if the node is gone, --drop=\(node.node)"
            }
            return text + "; start distreboot there, or remove the node with --drop=\(node.node)"
        }
    }
}

public enum RebootSafety {
    /// Why `node` must not go down now; empty when it may.
    /// `memberID`: the member that goes down with it (0: none).
    public static func blockers(rebooting node: String, memberID: UInt64, facts: TurnFacts, now: Int64)
        -> [RebootBlocker]
    {
        var blockers: [RebootBlocker] = []
        if facts.engine == .pacemaker, !facts.quorate { blockers.append(.noQuorum) }
        if facts.leader == nil { blockers.append(facts.engine == .etcd ? .noLeader : .noDC) }
        let others = facts.nodes.filter { $0.node != node && !$0.isAlive }
        if !others.isEmpty { blockers.append(.notAlive(others, now: now)) }
        if let majority = majority(rebooting: node, memberID: memberID, members: facts.members) {
            blockers.append(majority)
        } else if facts.engine == .etcd {
            // etcd's health gate: a member already down (in a cluster of five or more, where a
            // majority would still stay) leaves no margin for one more failure during the reboot.
            let sick = facts.members.filter { !$0.healthy }.sorted { $0.label < $1.label }
            if !sick.isEmpty {
                blockers.append(
                    .unhealthy(sick.map { "etcd member \($0.label) is not healthy (\($0.problem ?? "no answer"))" }))
            }
        }
        if let votes = facts.votes, let short = votes.blocker(rebooting: node, down: facts.absent) {
            blockers.append(short)
        }
        if !facts.problems.isEmpty { blockers.append(.unhealthy(facts.problems)) }
        return blockers
    }

    /// The majority blocker for taking `node` (and its member) down, if any.
    public static func majority(rebooting node: String, memberID: UInt64, members: [MemberHealth])
        -> RebootBlocker?
    {
        guard !members.isEmpty else { return nil }
        let up = members.filter { $0.healthy && $0.id != memberID }.count
        guard up < members.count / 2 + 1 else { return nil }
        let down = members.filter { !$0.healthy }.map(\.label).sorted()
        return .majority(node: node, up: up, total: members.count, down: down)
    }

    /// The order with the current leader moved to the end, if it is in the
    /// list and not last: leadership then moves once more, at the end, and
    /// never again in this cycle. Nil when the order is right as it is.
    public static func leaderLast(_ nodes: [String], leader: String) -> [String]? {
        guard nodes.contains(leader), nodes.last != leader else { return nil }
        return nodes.filter { $0 != leader } + [leader]
    }
}
