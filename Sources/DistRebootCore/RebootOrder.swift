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
    public var heartbeats: [Heartbeat]
    public var leader: String?
    public var quorate: Bool
    public var rebootList: RebootListState

    public init(heartbeats: [Heartbeat], leader: String?, quorate: Bool, rebootList: RebootListState) {
        self.heartbeats = heartbeats
        self.leader = leader
        self.quorate = quorate
        self.rebootList = rebootList
    }
}

public enum RebootRefusal: Equatable, Sendable, CustomStringConvertible {
    case noQuorum
    case staleHeartbeats([Heartbeat])
    case inProgress([String])
    case corruptList
    case noNodes(onlyRequired: Bool)

    public var description: String {
        switch self {
        case .noQuorum:
            return "the etcd cluster is not in quorum (no leader)"
        case .staleHeartbeats(let stale):
            let names = stale.map { "\($0.node) (expired \(TimeFormat.utc($0.expires)))" }
            return "stale heartbeat: " + names.joined(separator: ", ")
                + "; start distreboot there, or remove the node with --drop=NODE"
        case .inProgress(let nodes):
            return "a reboot is already in progress: " + nodes.joined(separator: ", ") + " (use --cancel to stop it)"
        case .corruptList:
            return "the reboot list in etcd is corrupt (it is being removed; try again)"
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
        if !snapshot.quorate { refusals.append(.noQuorum) }
        let known = snapshot.heartbeats.filter { HeartbeatExpiry.age(of: $0, at: now) != .forgotten }
        let stale = known.filter { HeartbeatExpiry.age(of: $0, at: now) == .stale }.sorted { $0.node < $1.node }
        if !stale.isEmpty { refusals.append(.staleHeartbeats(stale)) }
        switch snapshot.rebootList {
        case .absent: break
        case .corrupt: refusals.append(.corruptList)
        case .present(let list, _): refusals.append(.inProgress(list.nodes))
        }
        let candidates = known.filter { !onlyRequired || $0.rebootRequired }.map(\.node)
        if candidates.isEmpty { refusals.append(.noNodes(onlyRequired: onlyRequired)) }
        if !refusals.isEmpty { return .failure(RebootRefusalList(refusals)) }
        return .success(RebootOrder.order(nodes: candidates, leader: snapshot.leader))
    }
}

public struct RebootRefusalList: Error, Equatable, Sendable {
    public var reasons: [RebootRefusal]
    public init(_ reasons: [RebootRefusal]) { self.reasons = reasons }
}
