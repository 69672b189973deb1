/// Whether corosync's membership lets the local node keep running, as the
/// cluster servant reports it.
public enum CorosyncHealth: Equatable, Sendable {
    case healthy
    case unhealthy(Reason)

    public enum Reason: Equatable, Sendable {
        case notConnected
        /// A two-node (or wait_for_all) cluster that has not yet seen all
        /// its nodes since corosync started.
        case waitingForAllNodes
        case notQuorate
    }

    public static func evaluate(_ quorum: CorosyncQuorum?) -> CorosyncHealth {
        guard let quorum else { return .unhealthy(.notConnected) }
        if quorum.quorate { return .healthy }
        // wait_for_all holds quorum back until all expected nodes were seen once
        if quorum.waitForAll && quorum.members < quorum.expectedVotes { return .unhealthy(.waitingForAllNodes) }
        return .unhealthy(.notQuorate)
    }
}

extension CorosyncHealth: CustomStringConvertible {
    public var description: String {
        switch self {
        case .healthy: "healthy"
        case .unhealthy(.notConnected): "unhealthy:corosync-not-connected"
        case .unhealthy(.waitingForAllNodes): "unhealthy:waiting-for-all-nodes"
        case .unhealthy(.notQuorate): "unhealthy:not-quorate"
        }
    }
}
