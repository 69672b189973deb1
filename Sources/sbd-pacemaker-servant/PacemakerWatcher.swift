import SBDCluster
import SBDCore
import SBDPlatform

/// One look at pacemaker per loop, and one as soon as the CIB manager
/// announces a change: the CIB (reconnected when lost, read again only when
/// it changed, see `RereadSchedule`), and with SBD_SYNC_RESOURCE_STARTUP a
/// ping of pacemakerd as "sbd", so that it starts resources only with sbd up
/// and ends its shutdown once sbd saw it. Corosync's quorum is the cluster
/// watcher's (the inquisitor wants both healthy): no votequorum connection
/// here, whose three 2 MB IPC buffers would be locked in this process too.
final class PacemakerWatcher {
    let node: String
    let syncResourceStartup: Bool
    private let cib: CIBLink
    private var watch = PacemakerWatch()

    init(node: String, syncResourceStartup: Bool, loopMilliseconds: Int64) {
        self.node = node
        self.syncResourceStartup = syncResourceStartup
        // A change is read within a quarter loop; a full re-read without any
        // announcement once a minute (or every 10 loops, if longer).
        cib = CIBLink(
            clientName: "sbd",
            schedule: RereadSchedule(
                minimumGap: loopMilliseconds / 4, safetyInterval: max(60_000, 10 * loopMilliseconds)))
    }

    func look() -> ServantReport {
        if syncResourceStartup {
            // Also the handshake itself: pacemakerd waits for this ping.
            watch.note(try? PacemakerdPing.ping(client: "sbd", timeoutMilliseconds: 500))
        }
        let state = cib.state(nodeName: node, nodeID: 0, at: Kernel.monotonicMilliseconds())
        return watch.observe(state)
    }

    func descriptors() -> [Int32] { [cib.fileDescriptor].compactMap { $0 } }

    /// A change announced but not read yet: look again when it is due.
    func wakeIn() -> Int64? { cib.untilDue(at: Kernel.monotonicMilliseconds()) }
}
