import SBDCluster
import SBDCore
import SBDCorosync

/// One look at pacemaker per loop: the CIB (reconnected when lost), corosync's
/// quorum, and with SBD_SYNC_RESOURCE_STARTUP a ping of pacemakerd as "sbd",
/// so that it starts resources only with sbd up and ends its shutdown once
/// sbd saw it.
final class PacemakerWatcher {
    let node: String
    let syncResourceStartup: Bool
    private let corosync = CorosyncLink()
    private let cib = CIBLink(clientName: "sbd")
    private var watch = PacemakerWatch()

    init(node: String, syncResourceStartup: Bool) {
        self.node = node
        self.syncResourceStartup = syncResourceStartup
    }

    func look() -> ServantReport {
        let quorum = corosync.quorum()
        if syncResourceStartup {
            // Also the handshake itself: pacemakerd waits for this ping.
            watch.note(try? PacemakerdPing.ping(client: "sbd", timeoutMilliseconds: 500))
        }
        let state = cib.state(nodeName: node, nodeID: quorum?.nodeID ?? 0)
        return watch.observe(state, corosync: quorum)
    }

    func descriptors() -> [Int32] { [corosync.fileDescriptor, cib.fileDescriptor].compactMap { $0 } }
}
