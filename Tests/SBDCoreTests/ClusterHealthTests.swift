import Testing

@testable import SBDCore

struct ClusterHealthTests {
    /// A quorate partition with the node online, as a one-node cluster shows it.
    let onlineNode = PacemakerNodeState(
        connected: true, quorate: true, dcKnown: true, known: true, online: true, expectedUp: true, isDC: true,
        record: NodeStateRecord(
            present: true, inMembership: true, controllerOnline: true, joined: true, expectedMember: true),
        nodeName: "node1", nodeID: "1")
    let quorate = CorosyncQuorum(
        quorate: true, members: 1, membersKnown: true, expectedVotes: 1, highestExpected: 1, totalVotes: 1,
        quorum: 1, nodeID: 1)

    @Test func healthyWhenAllThreeConditionsHold() {
        #expect(PacemakerHealth.evaluate(onlineNode, corosync: quorate) == .healthy)
        #expect(PacemakerHealth.evaluate(onlineNode, corosync: quorate).description == "healthy")
    }

    @Test func eachConditionAlone() {
        var node = onlineNode
        node.quorate = false
        #expect(PacemakerHealth.evaluate(node, corosync: quorate) == .unhealthy(.cibNotQuorate))
        var corosync = quorate
        corosync.quorate = false
        #expect(PacemakerHealth.evaluate(onlineNode, corosync: corosync) == .unhealthy(.corosyncNotQuorate))
        node = onlineNode
        node.online = false
        #expect(PacemakerHealth.evaluate(node, corosync: quorate) == .unhealthy(.nodeOffline))
        node = onlineNode
        node.unclean = true
        #expect(PacemakerHealth.evaluate(node, corosync: quorate) == .unhealthy(.nodeUnclean))
        node = onlineNode
        node.pending = true
        #expect(PacemakerHealth.evaluate(node, corosync: quorate) == .unhealthy(.nodePending))
        node = onlineNode
        node.known = false
        #expect(PacemakerHealth.evaluate(node, corosync: quorate) == .unhealthy(.nodeUnknown))
    }

    @Test func lostConnectionsComeFirst() {
        #expect(PacemakerHealth.evaluate(.disconnected, corosync: quorate) == .unhealthy(.cibNotConnected))
        #expect(PacemakerHealth.evaluate(onlineNode, corosync: nil) == .unhealthy(.corosyncNotConnected))
        #expect(PacemakerHealth.evaluate(.disconnected, corosync: nil).description == "unhealthy:cib-not-connected")
    }

    @Test func shutdownWhileStillOnlineIsNotHealthy() {
        var node = onlineNode
        node.shuttingDown = true
        #expect(PacemakerHealth.evaluate(node, corosync: quorate) == .unhealthy(.shuttingDown))
        #expect(PacemakerHealth.evaluate(node, corosync: quorate).description == "unhealthy:shutting-down")
    }

    @Test func uncleanOutranksShutdownAndOffline() {
        var node = onlineNode
        node.unclean = true
        node.shuttingDown = true
        node.online = false
        #expect(PacemakerHealth.evaluate(node, corosync: quorate) == .unhealthy(.nodeUnclean))
    }

    @Test func everyCombinationIsHealthyOnlyWhenAllHold() {
        for mask in 0..<(1 << 6) {
            var node = onlineNode
            var corosync = quorate
            node.quorate = mask & 1 != 0
            corosync.quorate = mask & 2 != 0
            node.online = mask & 4 != 0
            node.unclean = mask & 8 != 0
            node.shuttingDown = mask & 16 != 0
            node.pending = mask & 32 != 0
            let quorum = node.quorate && corosync.quorate
            let expected = quorum && node.online && !node.unclean && !node.shuttingDown && !node.pending
            #expect(PacemakerHealth.evaluate(node, corosync: corosync).isHealthy == expected, "mask \(mask)")
        }
    }

    @Test func departureAfterARequestedShutdownIsClean() {
        var node = onlineNode
        node.shuttingDown = true
        node.record.expectedMember = false
        #expect(PacemakerDeparture.classify(lastSeen: node) == .clean)
    }

    @Test func departureAfterLeavingCleanlyIsClean() {
        var node = onlineNode
        node.online = false
        node.expectedUp = false
        node.record = NodeStateRecord(present: true)
        #expect(PacemakerDeparture.classify(lastSeen: node) == .clean)
    }

    @Test func departureOfAnActiveMemberIsUnexpected() {
        #expect(PacemakerDeparture.classify(lastSeen: onlineNode) == .unexpected)
        var node = onlineNode
        node.online = false  // controller gone but still expected up
        #expect(PacemakerDeparture.classify(lastSeen: node) == .unexpected)
    }

    @Test func departureWithoutEverJoining() {
        #expect(PacemakerDeparture.classify(lastSeen: nil) == .neverJoined)
        #expect(PacemakerDeparture.classify(lastSeen: .disconnected) == .neverJoined)
    }

    @Test func nodeStateRecordIsMemberNeedsAllThree() {
        #expect(onlineNode.record.isMember)
        var record = onlineNode.record
        record.joined = false
        #expect(!record.isMember)
        #expect(!NodeStateRecord().isMember)
    }

    @Test func corosyncHealth() {
        #expect(CorosyncHealth.evaluate(quorate) == .healthy)
        #expect(CorosyncHealth.evaluate(nil) == .unhealthy(.notConnected))
        let twoNodeAlone = CorosyncQuorum(
            quorate: false, members: 1, membersKnown: true, expectedVotes: 2, quorum: 1, twoNode: true,
            waitForAll: true, nodeID: 1)
        #expect(CorosyncHealth.evaluate(twoNodeAlone) == .unhealthy(.waitingForAllNodes))
        var twoNodeSurvivor = twoNodeAlone
        twoNodeSurvivor.quorate = true  // both were seen once; one node keeps quorum
        #expect(CorosyncHealth.evaluate(twoNodeSurvivor) == .healthy)
        let minority = CorosyncQuorum(quorate: false, members: 1, membersKnown: true, expectedVotes: 3, quorum: 2)
        #expect(CorosyncHealth.evaluate(minority) == .unhealthy(.notQuorate))
        #expect(CorosyncHealth.evaluate(minority).description == "unhealthy:not-quorate")
    }
}
