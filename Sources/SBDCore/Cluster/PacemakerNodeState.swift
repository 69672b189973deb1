/// What pacemaker's CIB says about the partition and the local node.
public struct PacemakerNodeState: Equatable, Sendable {
    /// The CIB connection is up; every other field is meaningless without it.
    public var connected: Bool
    /// `have-quorum` on the `cib` element.
    public var quorate: Bool
    /// A DC is known (`dc-uuid` is set).
    public var dcKnown: Bool
    /// The node is known to the CIB (configuration or status).
    public var known: Bool
    /// Pacemaker's reading of the status section (as its scheduler sees it).
    public var online: Bool
    public var unclean: Bool
    /// A shutdown was requested: pacemaker is stopping on this node.
    public var shuttingDown: Bool
    public var pending: Bool
    public var standby: Bool
    public var maintenance: Bool
    public var expectedUp: Bool
    public var isDC: Bool
    /// The node_state attributes as stored.
    public var record: NodeStateRecord
    public var nodeName: String
    public var nodeID: String

    public init(
        connected: Bool = false, quorate: Bool = false, dcKnown: Bool = false, known: Bool = false,
        online: Bool = false, unclean: Bool = false, shuttingDown: Bool = false, pending: Bool = false,
        standby: Bool = false, maintenance: Bool = false, expectedUp: Bool = false, isDC: Bool = false,
        record: NodeStateRecord = NodeStateRecord(), nodeName: String = "", nodeID: String = ""
    ) {
        self.connected = connected
        self.quorate = quorate
        self.dcKnown = dcKnown
        self.known = known
        self.online = online
        self.unclean = unclean
        self.shuttingDown = shuttingDown
        self.pending = pending
        self.standby = standby
        self.maintenance = maintenance
        self.expectedUp = expectedUp
        self.isDC = isDC
        self.record = record
        self.nodeName = nodeName
        self.nodeID = nodeID
    }

    /// No CIB connection.
    public static let disconnected = PacemakerNodeState()
}

/// A `node_state` element of the CIB's status section, as stored.
public struct NodeStateRecord: Equatable, Sendable {
    public var present: Bool
    /// `in_ccm`: the node is in corosync's membership.
    public var inMembership: Bool
    /// `crmd`: the node's controller is online.
    public var controllerOnline: Bool
    /// `join="member"`: the node completed the DC's join.
    public var joined: Bool
    /// `expected="member"`: the node is expected up (not a clean stop).
    public var expectedMember: Bool

    public init(
        present: Bool = false, inMembership: Bool = false, controllerOnline: Bool = false, joined: Bool = false,
        expectedMember: Bool = false
    ) {
        self.present = present
        self.inMembership = inMembership
        self.controllerOnline = controllerOnline
        self.joined = joined
        self.expectedMember = expectedMember
    }

    /// Online as the three attributes say: in the membership, controller up, joined.
    public var isMember: Bool { present && inMembership && controllerOnline && joined }
}
