/// What the pacemaker servant reports after each look at the CIB. sbd starts
/// before corosync and pacemaker: until the node has once been a healthy
/// member there is nothing running to protect, reported as `.starting`
/// (enough for a disk-less node to live through its boot; never a reason to
/// survive lost devices).
public struct PacemakerWatch: Equatable, Sendable {
    /// The last state seen while connected.
    public private(set) var lastSeen: PacemakerNodeState?
    /// The node has been healthy since the connection came up.
    public private(set) var joined = false
    /// pacemakerd's own last state (SBD_SYNC_RESOURCE_STARTUP pings), if known.
    public private(set) var daemonState: PacemakerdState?

    public init() {}

    /// What pacemakerd said to the last ping: a shutdown it reports as under
    /// way or complete makes the CIB's end a clean one, whatever the CIB showed last.
    public mutating func note(_ state: PacemakerdState?) {
        daemonState = state ?? daemonState
    }

    public mutating func observe(_ state: PacemakerNodeState, corosync: CorosyncQuorum?) -> ServantReport {
        observe(state, health: PacemakerHealth.evaluate(state, corosync: corosync))
    }

    /// The CIB alone (corosync's quorum is the cluster watcher's report).
    public mutating func observe(_ state: PacemakerNodeState) -> ServantReport {
        observe(state, health: PacemakerHealth.evaluate(state))
    }

    private mutating func observe(_ state: PacemakerNodeState, health: PacemakerHealth) -> ServantReport {
        guard state.connected else {
            guard let last = lastSeen else { return .starting }
            var departure = PacemakerDeparture.classify(lastSeen: last)
            if let daemon = daemonState, daemon.isShuttingDown || daemon.isShutdownComplete { departure = .clean }
            lastSeen = nil
            daemonState = nil
            let wasJoined = joined
            joined = false
            if departure == .unexpected, wasJoined {
                return .selfFence("pacemaker vanished while this node was an active cluster member")
            }
            return .starting
        }
        lastSeen = state
        switch health {
        case .healthy:
            joined = true
            return .healthy
        case .unhealthy(let reason):
            // Still starting (joining, electing a DC): nothing to protect yet.
            return joined ? .unhealthy(reason.explanation) : .starting
        }
    }
}

/// What the cluster servant reports about corosync's quorum, with the same
/// starting phase (`.starting` until the partition has once been quorate).
public struct CorosyncWatch: Equatable, Sendable {
    public private(set) var wasQuorate = false

    public init() {}

    public mutating func observe(_ quorum: CorosyncQuorum?) -> ServantReport {
        switch CorosyncHealth.evaluate(quorum) {
        case .healthy:
            wasQuorate = true
            return .healthy
        case .unhealthy(let reason):
            guard wasQuorate else { return .starting }
            switch reason {
            case .notConnected: return .unhealthy("corosync is gone")
            case .waitingForAllNodes: return .unhealthy("corosync waits for all nodes (wait_for_all)")
            case .notQuorate: return .unhealthy("corosync says this partition has no quorum")
            }
        }
    }
}
