// Which cluster distreboot coordinates through: etcd (its own key prefix) or
// corosync + pacemaker (the CIB and votequorum). The rolling-reboot decisions
// are the same on both; only where the facts come from differs.

public enum EngineKind: String, CaseIterable, Equatable, Sendable {
    case pacemaker
    case etcd

    /// The default when the properties do not say: pacemaker on a node that
    /// runs corosync (its configuration exists) and has no etcd configuration;
    /// etcd otherwise, as before this choice existed, so that an etcd node
    /// that also carries corosync's packaged example keeps its engine.
    public static func chosenByDefault(corosyncConfigured: Bool, etcdConfigured: Bool) -> EngineKind {
        corosyncConfigured && !etcdConfigured ? .pacemaker : .etcd
    }

    /// What the cluster calls the node that leads it: rebooted last.
    public var leaderNoun: String {
        switch self {
        case .etcd: return "etcd leader"
        case .pacemaker: return "pacemaker DC"
        }
    }
}
