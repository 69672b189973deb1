// sbd-pacemaker-servant: the pacemaker watcher of `sbd watch -P`, started by
// the inquisitor (never by hand): the CIB's view of this node and partition,
// with corosync's quorum, judged by PacemakerWatch; with
// SBD_SYNC_RESOURCE_STARTUP also the pacemakerd handshake. A binary of its
// own so that pacemaker's libraries are mapped (and locked in memory) only
// in this process.
//
//   sbd-pacemaker-servant pacemaker INDEX NODE LOOP-SECONDS rt|nort sync|nosync
//
// Reports go to fd 3 as ServantReportFrames, like a device servant's.
import SBDCluster
import SBDClusterServant
import SBDCore
import SBDCorosync

#if canImport(Glibc)
    import Glibc
#endif

let loop = ClusterServantLoop(program: "sbd-pacemaker-servant", kind: "pacemaker")
let watcher = PacemakerWatcher(
    node: loop.arguments.node, syncResourceStartup: loop.arguments.syncResourceStartup)
exit(loop.run(look: watcher.look, descriptors: watcher.descriptors))
