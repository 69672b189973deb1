// sbd-cluster-servant: the cluster watcher of `sbd watch -P`, started by the
// inquisitor (never by hand): corosync's quorum through votequorum, judged by
// CorosyncWatch, asked again when votequorum notifies a change (and once a
// minute). A binary of its own that maps (and locks in memory as it touches
// them) only corosync's libraries, not pacemaker's (sbd-pacemaker-servant has
// those).
//
//   sbd-cluster-servant cluster INDEX NODE LOOP-SECONDS rt|nort sync|nosync [MAX-AGE-MS]
//
// Reports go to fd 3 as ServantReportFrames, like a device servant's.
import SBDClusterServant
import SBDCore
import SBDCorosync
import SBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

let loop = ClusterServantLoop(program: "sbd-cluster-servant", kind: "cluster", unlocking: MemoryLocking.journalUnused)
let corosync = CorosyncLink(
    schedule: RereadSchedule(minimumGap: 0, safetyInterval: max(60_000, 10 * loop.arguments.loopMilliseconds)))
var watch = CorosyncWatch()
exit(
    loop.run(
        look: { woken in watch.observe(corosync.quorum(at: Kernel.monotonicMilliseconds(), pending: woken)) },
        // votequorum's notifications wake it; the once-a-minute re-read may come a loop late.
        steady: { true }, descriptor: { corosync.fileDescriptor }))
