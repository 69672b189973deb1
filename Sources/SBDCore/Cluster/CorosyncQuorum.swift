/// Corosync's (votequorum's) view of the local node's partition.
public struct CorosyncQuorum: Equatable, Sendable {
    /// votequorum says the partition has quorum (two_node and wait_for_all already applied).
    public var quorate: Bool
    /// Nodes in the membership, from the last membership notification.
    public var members: Int
    /// False until the first membership notification arrived (`members` is then 0).
    public var membersKnown: Bool
    public var expectedVotes: Int
    public var highestExpected: Int
    public var totalVotes: Int
    /// Votes needed for quorum.
    public var quorum: Int
    /// `quorum { two_node: 1 }`: a two-node cluster where one node keeps quorum.
    public var twoNode: Bool
    /// `wait_for_all`: no quorum after start until all nodes were seen once.
    public var waitForAll: Bool
    public var nodeID: UInt32

    public init(
        quorate: Bool = false, members: Int = 0, membersKnown: Bool = false, expectedVotes: Int = 0,
        highestExpected: Int = 0, totalVotes: Int = 0, quorum: Int = 0, twoNode: Bool = false,
        waitForAll: Bool = false, nodeID: UInt32 = 0
    ) {
        self.quorate = quorate
        self.members = members
        self.membersKnown = membersKnown
        self.expectedVotes = expectedVotes
        self.highestExpected = highestExpected
        self.totalVotes = totalVotes
        self.quorum = quorum
        self.twoNode = twoNode
        self.waitForAll = waitForAll
        self.nodeID = nodeID
    }
}
