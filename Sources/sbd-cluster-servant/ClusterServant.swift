import SBDCluster
import SBDCore
import SBDPlatform

/// One look at pacemaker or corosync per loop timeout (sooner when their
/// connection signals a change), judged by PacemakerWatch / CorosyncWatch.
final class ClusterServant {
    enum Kind { case pacemaker, cluster }

    let kind: Kind
    let node: String
    let reporter: ServantReporter
    let loopMilliseconds: Int64
    /// SBD_SYNC_RESOURCE_STARTUP: ping pacemakerd as "sbd" every loop, so it
    /// starts resources only with sbd up and ends its shutdown once sbd saw it.
    let syncResourceStartup: Bool
    private var corosync: CorosyncConnection?
    private var cib: CIBConnection?
    private var pacemakerWatch = PacemakerWatch()
    private var corosyncWatch = CorosyncWatch()
    private var lastReport: ServantReport?

    init(kind: Kind, node: String, reporter: ServantReporter, loopMilliseconds: Int64, syncResourceStartup: Bool) {
        self.syncResourceStartup = syncResourceStartup
        self.kind = kind
        self.node = node
        self.reporter = reporter
        self.loopMilliseconds = loopMilliseconds
    }

    func run() -> Int32 {
        while true {
            let started = Kernel.monotonicMilliseconds()
            let report = look()
            if report != lastReport, report != .healthy {
                SystemLog.log(.warning, "\(kind) watcher: \(report)")
            }
            lastReport = report
            guard reporter.send(report) else { return 1 }  // the inquisitor is gone
            if case .selfFence = report { return 1 }
            // Wake early when a connection has news (pacemaker leaving, quorum lost).
            let fds = [corosync?.fileDescriptor, cib?.fileDescriptor].compactMap { $0 }.filter { $0 >= 0 }
            let left = started + loopMilliseconds - Kernel.monotonicMilliseconds()
            if fds.isEmpty {
                Kernel.sleep(milliseconds: left)
            } else {
                _ = waitReadable(fds, milliseconds: left)
            }
        }
    }

    /// The state now, reconnecting where a connection was lost.
    private func look() -> ServantReport {
        if corosync == nil { corosync = try? CorosyncConnection(waitMilliseconds: 200) }
        var quorum: CorosyncQuorum?
        if let connection = corosync {
            do {
                try connection.dispatch()
                quorum = try connection.query()
            } catch {
                corosync = nil
            }
        }
        switch kind {
        case .cluster:
            return corosyncWatch.observe(quorum)
        case .pacemaker:
            if cib?.isConnected == false { cib = nil }  // one CIB handle per process: drop the old one first
            if cib == nil { cib = try? CIBConnection(clientName: "sbd") }
            if syncResourceStartup {
                // Also the handshake itself: pacemakerd waits for this ping.
                pacemakerWatch.note(try? PacemakerdPing.ping(client: "sbd", timeoutMilliseconds: 500))
            }
            var state = PacemakerNodeState.disconnected
            if let cib {
                cib.dispatch()
                state = (try? cib.query(nodeName: node, nodeID: quorum?.nodeID ?? 0)) ?? .disconnected
            }
            return pacemakerWatch.observe(state, corosync: quorum)
        }
    }
}
