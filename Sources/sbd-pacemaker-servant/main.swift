// sbd-pacemaker-servant: the pacemaker watcher of `sbd watch -P`, started by
// the inquisitor (never by hand): the CIB's view of this node and partition,
// judged by PacemakerWatch; with SBD_SYNC_RESOURCE_STARTUP also the
// pacemakerd handshake. A binary of its own so that pacemaker's libraries are
// mapped only in this process, which locks them as it touches them, and not
// at all those it never calls (MemoryLocking).
//
//   sbd-pacemaker-servant pacemaker INDEX NODE LOOP-SECONDS rt|nort sync|nosync [MAX-AGE-MS]
//
// Two threads: a reader (PacemakerWatcher, normal priority) looks at the CIB
// when it changed; the main thread (real-time) reports its last look at
// once when it changed, else as ReportCadence says (a steady "healthy"
// every other loop), to fd 3 as ServantReportFrames like a device
// servant's (ReaderLook: while a look has been running for more than four
// loops, the last one is no longer healthy).
import SBDCluster
import SBDClusterServant
import SBDCore
import SBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

let loop = ClusterServantLoop(
    program: "sbd-pacemaker-servant", kind: "pacemaker", unlocking: MemoryLocking.pacemakerUnused)
let shared = SharedLook()
let arguments = loop.arguments
guard let reader = ReaderThread.start({ [arguments, shared] in readPacemaker($0, arguments: arguments, into: shared) })
else {
    SystemLog.log(.error, "pacemaker watcher: cannot start its reader thread")
    exit(1)
}
exit(
    loop.run(
        look: { woken in
            // The pipe holds something only when the wait saw it readable.
            if woken { reader.drain() }
            return shared.report(at: Kernel.monotonicMilliseconds(), limit: 4 * arguments.loopMilliseconds)
        },
        // A look that is running may turn overdue: then every loop.
        steady: { !shared.busy }, descriptor: { reader.wakeDescriptor }))
