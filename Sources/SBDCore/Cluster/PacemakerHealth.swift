/// Whether the local node is healthy for sbd's purpose, following the sbd
/// manual's three conditions for surviving the loss of device majority:
/// the partition is quorate according to the CIB, it is quorate according
/// to corosync, and the node itself is online and healthy for pacemaker.
public enum PacemakerHealth: Equatable, Sendable {
    case healthy
    case unhealthy(Reason)

    public enum Reason: Equatable, Sendable {
        case cibNotConnected
        case cibNotQuorate
        case corosyncNotConnected
        case corosyncNotQuorate
        case nodeUnknown
        case nodeUnclean
        case shuttingDown
        case nodeOffline
        case nodePending
    }

    public var isHealthy: Bool { self == .healthy }

    /// The first condition that fails, checked from the most to the least
    /// serious. `corosync` is nil when its connection is down.
    public static func evaluate(_ node: PacemakerNodeState, corosync: CorosyncQuorum?) -> PacemakerHealth {
        guard node.connected else { return .unhealthy(.cibNotConnected) }
        guard let corosync else { return .unhealthy(.corosyncNotConnected) }
        guard node.quorate else { return .unhealthy(.cibNotQuorate) }
        guard corosync.quorate else { return .unhealthy(.corosyncNotQuorate) }
        return evaluate(node)
    }

    /// The CIB's conditions alone: for the pacemaker watcher of `sbd watch
    /// -P`, whose inquisitor takes corosync's quorum from the cluster watcher
    /// and wants both healthy.
    public static func evaluate(_ node: PacemakerNodeState) -> PacemakerHealth {
        guard node.connected else { return .unhealthy(.cibNotConnected) }
        guard node.quorate else { return .unhealthy(.cibNotQuorate) }
        guard node.known else { return .unhealthy(.nodeUnknown) }
        if node.unclean { return .unhealthy(.nodeUnclean) }
        if node.shuttingDown { return .unhealthy(.shuttingDown) }
        guard node.online else { return .unhealthy(.nodeOffline) }
        if node.pending { return .unhealthy(.nodePending) }
        return .healthy
    }
}

extension PacemakerHealth.Reason: CustomStringConvertible {
    public var description: String {
        switch self {
        case .cibNotConnected: "cib-not-connected"
        case .cibNotQuorate: "cib-not-quorate"
        case .corosyncNotConnected: "corosync-not-connected"
        case .corosyncNotQuorate: "corosync-not-quorate"
        case .nodeUnknown: "node-unknown"
        case .nodeUnclean: "node-unclean"
        case .shuttingDown: "shutting-down"
        case .nodeOffline: "node-offline"
        case .nodePending: "node-pending"
        }
    }
}

extension PacemakerHealth.Reason {
    /// The reason as the daemon's log says it.
    public var explanation: String {
        switch self {
        case .cibNotConnected: "pacemaker's CIB connection is down"
        case .cibNotQuorate: "the CIB says this partition has no quorum"
        case .corosyncNotConnected: "pacemaker's view of corosync is down"
        case .corosyncNotQuorate: "corosync says this partition has no quorum"
        case .nodeUnknown: "this node is not in pacemaker's node list"
        case .nodeUnclean: "pacemaker considers this node unclean"
        case .shuttingDown: "pacemaker is shutting this node down"
        case .nodeOffline: "pacemaker considers this node offline"
        case .nodePending: "this node is still joining pacemaker (pending)"
        }
    }
}

extension PacemakerHealth: CustomStringConvertible {
    public var description: String {
        switch self {
        case .healthy: "healthy"
        case .unhealthy(let reason): "unhealthy:\(reason)"
        }
    }
}
