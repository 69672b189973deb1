// sbd-cluster-servant: the pacemaker and cluster servants of `sbd watch -P`,
// started by the inquisitor (never by hand). A binary of its own so that the
// pacemaker and corosync libraries are mapped, and locked in memory, only in
// these two processes and not in every device servant.
//
//   sbd-cluster-servant pacemaker|cluster INDEX NODE LOOP-SECONDS REALTIME(rt|nort) SYNC(sync|nosync)
//
// Reports go to fd 3 as ServantReportFrames, like a device servant's.
import SBDCluster
import SBDCore
import SBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 6, ["pacemaker", "cluster"].contains(arguments[0]), let index = Int(arguments[1]),
    let loopSeconds = UInt32(arguments[3])
else {
    Console.err("sbd-cluster-servant: started by sbd watch -P only (see sbd(8))")
    exit(2)
}
SystemLog.open(identity: "sbd")
Kernel.ignoreSIGPIPE()
if arguments[4] == "rt", let problem = Kernel.makeRealtime() {
    SystemLog.log(.warning, "\(arguments[0]) watcher: \(problem)")
}
let servant = ClusterServant(
    kind: arguments[0] == "pacemaker" ? .pacemaker : .cluster, node: arguments[2],
    reporter: ServantReporter(servant: index, inquisitor: Processes.parent),
    loopMilliseconds: Int64(loopSeconds) * 1000,
    syncResourceStartup: arguments[5] == "sync")
exit(servant.run())
