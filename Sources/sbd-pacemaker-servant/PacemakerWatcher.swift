import SBDCluster
import SBDClusterServant
import SBDCore
import SBDPlatform
import Synchronization

/// A look at pacemaker as soon as the CIB manager announces a change: the CIB (reconnected when lost, read again only when
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
        // A change is read as soon as it is announced: a clean stop of an idle
        // node ends the CIB well under a second after pacemaker wrote its
        // shutdown, and a reading that misses it judges the end unexpected
        // (a fence). A full re-read without any announcement once a minute
        // (or every 10 loops, if longer).
        cib = CIBLink(
            clientName: "sbd",
            schedule: RereadSchedule(minimumGap: 0, safetyInterval: max(60_000, 10 * loopMilliseconds)))
    }

    func look() -> ServantReport {
        if syncResourceStartup {
            // Also the handshake itself: pacemakerd waits for this ping.
            watch.note(try? PacemakerdPing.ping(client: "sbd", timeoutMilliseconds: 500))
        }
        let state = cib.state(nodeName: node, nodeID: 0, at: Kernel.monotonicMilliseconds())
        // The CIB's last word before its end, if it came with the end: what
        // the end is judged by (a shutdown written just before it is clean).
        if let last = cib.takeFinalView() { _ = watch.observe(last) }
        return watch.observe(state)
    }

    func descriptors() -> [Int32] { [cib.fileDescriptor].compactMap { $0 } }

    /// Milliseconds until the next reading falls due (a change announced,
    /// or the safety interval); nil without a connection.
    func wakeIn() -> Int64? { cib.untilDue(at: Kernel.monotonicMilliseconds()) }
}

/// The reader thread's last look and whether a look is running, read by
/// the reporting thread.
final class SharedLook: Sendable {
    private let state = Mutex<(last: ReaderLook?, busySince: Int64?)>((nil, nil))

    /// What to report now (ReaderLook.current).
    func report(at now: Int64, limit: Int64) -> ServantReport {
        let (last, busySince) = state.withLock { $0 }
        return ReaderLook.current(last, busySince: busySince, at: now, limit: limit)
    }

    func begin(at now: Int64) { state.withLock { $0.busySince = now } }

    /// Whether a look is running.
    var busy: Bool { state.withLock { $0.busySince != nil } }

    /// Stores a finished look; returns whether its report differs from the previous one.
    func store(_ look: ReaderLook) -> Bool {
        state.withLock { state in
            defer { state = (look, nil) }
            return state.last?.report != look.report
        }
    }
}

/// The reader thread: looks at the CIB when it announced a change or a
/// reading falls due, every loop while pacemaker is away (reconnecting) or
/// pacemakerd wants its ping; wakes the reporting thread when the report
/// changed.
func readPacemaker(_ thread: ReaderThread, arguments: ClusterServantArguments, into shared: SharedLook) {
    let watcher = PacemakerWatcher(
        node: arguments.node, syncResourceStartup: arguments.syncResourceStartup,
        loopMilliseconds: arguments.loopMilliseconds)
    while true {
        let started = Kernel.monotonicMilliseconds()
        shared.begin(at: started)
        if shared.store(ReaderLook(report: watcher.look(), startedAt: started)) { thread.wake() }
        var wait = arguments.loopMilliseconds
        if !watcher.syncResourceStartup, let due = watcher.wakeIn() { wait = max(due, 1) }
        let fds = watcher.descriptors()
        if fds.isEmpty { Kernel.sleep(milliseconds: wait) } else { _ = waitReadable(fds, milliseconds: wait) }
    }
}
