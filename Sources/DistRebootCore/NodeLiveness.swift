// What distreboot knows of each node that runs it, from one read of its keys
// in etcd: the heartbeat record (what the node says) and the alive key (bound
// to a lease of the heartbeat's lifetime, so it exists exactly while etcd saw
// the daemon renew it in time). No wall clock decides liveness.

public enum NodeState: Equatable, Sendable {
    /// The alive key exists and the record is readable.
    case alive
    /// No alive key: the daemon did not renew its lease in time (down,
    /// unreachable, rebooting, or stopped).
    case stale
    /// The record cannot be read: it blocks like a stale node until its
    /// daemon rewrites it or `--drop` removes it. Never skipped.
    case unreadable(String)
}

public struct NodeLiveness: Equatable, Sendable {
    public var node: String
    public var state: NodeState
    /// The record, when it could be read.
    public var heartbeat: Heartbeat?
    /// When the heartbeat expires (alive) or expired (stale), on the reader's
    /// clock, from the leases' remaining time as etcd counts it; nil if unknown.
    public var expires: Int64?

    public init(node: String, state: NodeState, heartbeat: Heartbeat? = nil, expires: Int64? = nil) {
        self.node = node
        self.state = state
        self.heartbeat = heartbeat
        self.expires = expires
    }

    public var isAlive: Bool { state == .alive }

    /// Every node named by a record or an alive key, by name.
    /// `aliveTTL`: seconds left on each alive key's lease; `recordTTL`: on each
    /// record's lease (which runs a day longer than the alive one); `now`: the
    /// reader's clock, used only to show the expiry as a time.
    public static func assess(
        records: [String: [UInt8]], alive: Set<String>, aliveTTL: [String: Int64] = [:],
        recordTTL: [String: Int64] = [:], now: Int64
    ) -> [NodeLiveness] {
        let names = Set(records.keys).union(alive).sorted()
        return names.map { node in
            guard let value = records[node] else {
                return NodeLiveness(node: node, state: .unreadable("no heartbeat record beside its alive key"))
            }
            switch Heartbeat.decode(node: node, value: value) {
            case .failure(let unreadable):
                return NodeLiveness(node: node, state: .unreadable(unreadable.reason))
            case .success(let heartbeat):
                if alive.contains(node) {
                    return NodeLiveness(
                        node: node, state: .alive, heartbeat: heartbeat, expires: aliveTTL[node].map { now + $0 })
                }
                // The record's lease was last renewed with the alive one: it ran
                // out `lifetime` seconds later and the record's a day after that.
                let expired = recordTTL[node].map { now + $0 - Heartbeat.forgetAfter }
                return NodeLiveness(node: node, state: .stale, heartbeat: heartbeat, expires: expired)
            }
        }
    }

    /// A note when the writer's clock disagrees with the reader's by more than
    /// `tolerance` seconds beyond what the heartbeat's age explains.
    public func clockSkew(now: Int64, tolerance: Int64 = 30) -> String? {
        guard let heartbeat else { return nil }
        let ahead = heartbeat.renewed - now
        if ahead > tolerance {
            return
                "clock skew? \(node)'s last heartbeat is stamped \(TimeFormat.duration(ahead)) ahead of this node's clock"
        }
        // Alive means renewed within its lifetime: older than that is the writer's clock running behind.
        let behind = now - heartbeat.renewed - heartbeat.lifetime
        if state == .alive, behind > tolerance {
            return "clock skew? \(node)'s clock seems at least \(TimeFormat.duration(behind)) behind this node's"
        }
        return nil
    }
}
