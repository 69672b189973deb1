// sbd-pacemaker-servant: the pacemaker watcher of `sbd watch -P`, started by
// the inquisitor (never by hand): the CIB's view of this node and partition,
// judged by PacemakerWatch; with SBD_SYNC_RESOURCE_STARTUP also the
// pacemakerd handshake. A binary of its own so that pacemaker's libraries are
// mapped only in this process, which locks them as it touches them, and not
// at all those it never calls (MemoryLocking).
//
//   sbd-pacemaker-servant pacemaker INDEX NODE LOOP-SECONDS rt|nort sync|nosync
//
// Reports go to fd 3 as ServantReportFrames, like a device servant's.
import SBDCluster
import SBDClusterServant
import SBDCore
import SBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

let loop = ClusterServantLoop(
    program: "sbd-pacemaker-servant", kind: "pacemaker", unlocking: MemoryLocking.pacemakerUnused)
let watcher = PacemakerWatcher(
    node: loop.arguments.node, syncResourceStartup: loop.arguments.syncResourceStartup,
    loopMilliseconds: loop.arguments.loopMilliseconds)
exit(loop.run(look: watcher.look, descriptors: watcher.descriptors, wakeIn: watcher.wakeIn))
