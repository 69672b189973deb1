import ProcessArguments
import SBDCore
import SBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

/// The argv the inquisitor gives the pacemaker and cluster watchers:
///
///     KIND INDEX NODE LOOP-SECONDS REALTIME(rt|nort) SYNC(sync|nosync) [MAX-AGE-MS]
///
/// MAX-AGE-MS, the age at which the inquisitor counts a report as late, is
/// missing when an inquisitor of an older package (still running during an
/// upgrade) restarts a watcher: it then reports every loop, as before.
public struct ClusterServantArguments: Sendable {
    public var kind: String
    public var index: Int
    public var node: String
    public var loopMilliseconds: Int64
    public var realtime: Bool
    public var syncResourceStartup: Bool
    public var reportMaxAge: Int64?

    public init?(_ argv: [String], kind: String) {
        guard argv.count == 6 || argv.count == 7, argv[0] == kind, let index = Int(argv[1]),
            let loop = UInt32(argv[3])
        else {
            return nil
        }
        if argv.count == 7 {
            guard let age = UInt32(argv[6]) else { return nil }
            reportMaxAge = Int64(age)
        }
        self.kind = kind
        self.index = index
        node = argv[2]
        loopMilliseconds = Int64(loop) * 1000
        realtime = argv[4] == "rt"
        syncResourceStartup = argv[5] == "sync"
    }
}

/// What both -P watchers do around their look at the cluster: a report at
/// once when a connection signals a change, else as `ReportCadence` says
/// (a steady "healthy" every other loop, on the daemon's `TickGrid`), and
/// an end when the inquisitor is gone.
public struct ClusterServantLoop {
    public let arguments: ClusterServantArguments

    /// Parses argv for `kind` and sets the process up (syslog, SIGPIPE,
    /// real-time scheduling, memory locked on fault, the mappings of
    /// `unlocking` not locked: see `MemoryLocking`); a wrong argv ends the
    /// process with status 2.
    public init(program: String, kind: String, unlocking unused: [String] = []) {
        guard let arguments = ClusterServantArguments(ProcessArguments.afterProgramName, kind: kind) else {
            Console.err("\(program): started by sbd watch -P only (see sbd(8))")
            exit(2)
        }
        self.arguments = arguments
        SystemLog.open(identity: "sbd")
        Kernel.ignoreSIGPIPE()
        if arguments.realtime {
            if let problem = Kernel.makeRealtime(lockOnFault: true) {
                SystemLog.log(.warning, "\(kind) watcher: \(problem)")
            }
            if !unused.isEmpty { MemoryLocking.unlock(libraries: unused) }
        }
    }

    /// Runs until the inquisitor is gone (status 1) or a report demands a
    /// fence. `look` judges the state now, told whether the wait ended
    /// because `descriptor` (the connection to wake on, if any) became
    /// readable; `steady` says whether that report can change only with
    /// such a wake-up. An idle loop allocates nothing here.
    public func run(look: (_ woken: Bool) -> ServantReport, steady: () -> Bool, descriptor: () -> Int32?) -> Int32 {
        var reporter = ServantReporter(servant: arguments.index, inquisitor: Processes.parent)
        var cadence = ReportCadence(loop: arguments.loopMilliseconds, maxAge: arguments.reportMaxAge)
        var woken = false
        while true {
            let started = Kernel.monotonicMilliseconds()
            // No log of its own: the inquisitor logs each change of report once.
            let report = look(woken)
            if cadence.isDue(report, at: started) {
                guard reporter.send(report) else { return 1 }
                cadence.sent(report, at: started)
            }
            if case .selfFence = report { return 1 }
            let wake = cadence.wake(steady: steady(), at: started)
            if let fd = descriptor(), fd >= 0 {
                woken = waitReadable(fd, untilMonotonic: wake)
            } else {
                Kernel.sleep(untilMonotonic: wake)
                woken = false
            }
        }
    }
}
