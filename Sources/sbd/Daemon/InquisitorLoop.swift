import SBDCore
import SBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

/// The inquisitor process: spawns the servants, waits for their reports,
/// signals and the next tick in one poll(2), hands each event to the pure
/// Inquisitor and performs the actions it returns.
final class InquisitorLoop {
    private var core: Inquisitor
    private var servantArguments: [ServantArguments]
    /// For -P: the folder of sbd-pacemaker-servant and sbd-cluster-servant, and this node's name.
    private let clusterServantFolder: String
    private let clusterNode: String
    private let watchdog: Watchdog?
    private let settings: SBDSettings
    private let log: Log
    private let reports: ReportPipe
    private let signals: SignalChannel
    private var servantByPID: [pid_t: Int] = [:]
    private var pidByServant: [Int: pid_t] = [:]
    private var buffer: [UInt8] = []
    /// Called once, when a majority first reported (start-up is complete).
    private var onWatching: (() -> Void)?
    private var pidFile: PidFile?
    private let notifier: ServiceNotifier
    /// STATUS= once watching, and what the core adds to it (a broken promise, a re-arm).
    private let watchingStatus: String
    private var statusNote: String?

    init(
        config: InquisitorConfig, servants: [ServantArguments], watchdog: Watchdog?, settings: SBDSettings,
        pidFile: PidFile?, notifier: ServiceNotifier, watchingStatus: String, log: Log,
        clusterServantFolder: String = "", clusterNode: String = "", onWatching: @escaping () -> Void
    ) throws(SpawnError) {
        self.watchingStatus = watchingStatus
        self.clusterServantFolder = clusterServantFolder
        self.clusterNode = clusterNode
        self.notifier = notifier
        core = Inquisitor(config: config, startedAt: Self.now())
        servantArguments = servants
        self.watchdog = watchdog
        self.settings = settings
        self.pidFile = pidFile
        self.log = log
        self.onWatching = onWatching
        signals = try SignalChannel()
        reports = try ReportPipe()
    }

    private static func now() -> Instant { Instant(milliseconds: Kernel.monotonicMilliseconds()) }

    private static func nextTick(after now: Instant, on grid: TickGrid) -> Instant {
        Instant(milliseconds: grid.next(after: now.milliseconds))
    }

    /// Runs until a clean exit (returns the exit code) or a fence.
    func run() -> Int32 {
        if let code = perform(core.start(at: Self.now())) { return code }
        // Ticks on the watchers' grid (InquisitorConfig.tickGrid), and when a report grows too old.
        var nextTick = Self.nextTick(after: Self.now(), on: core.config.tickGrid)
        while true {
            // Routine reports are read at each tick (they carry their time);
            // servants signal SIGUSR2 for urgent ones, so one wake-up a
            // second is the idle cost, and an idle tick allocates little.
            let wake = min(nextTick, core.nextStaleness(after: Self.now()) ?? nextTick)
            if waitReadable(signals.fd, untilMonotonic: wake.milliseconds) {
                let (signalled, urgent) = readSignals()
                if urgent, let code = handleReports() { return code }
                for event in signalled {
                    if let code = perform(core.handle(event, at: Self.now())) { return code }
                }
            }
            let now = Self.now()
            if now >= wake {
                if let code = handleReports() { return code }
                if let code = perform(core.handle(.tick, at: Self.now())) { return code }
                // The next grid instant: after a stall, no burst of ticks.
                if now >= nextTick { nextTick = Self.nextTick(after: Self.now(), on: core.config.tickGrid) }
            }
            // A re-arm just now may have shortened the interval: never wait longer than it.
            nextTick = min(nextTick, Self.nextTick(after: Self.now(), on: core.config.tickGrid))
            if core.watching, let callback = onWatching {
                onWatching = nil
                notifier.ready(status: currentStatus)
                callback()
            }
        }
    }

    /// Hands every complete report in the pipe to the core, each at the
    /// time its servant sent it; an exit code when the process must end.
    private func handleReports() -> Int32? {
        reports.readAvailable(into: &buffer)
        guard buffer.count >= ServantReportFrame.headerSize else { return nil }
        let (frames, consumed) = ServantReportFrame.decode(buffer[...])
        buffer.removeFirst(consumed)
        let now = Self.now()
        for frame in frames {
            guard let report = frame.report else {
                log.warning("garbled report from watcher \(frame.servant); ignored")
                continue
            }
            // Once a late device is watched, restarts must not clear its mailbox again.
            if report == .healthy, servantArguments.indices.contains(frame.servant),
                servantArguments[frame.servant].firstStart
            {
                servantArguments[frame.servant].firstStart = false
            }
            // A stamp from the future (another clock?) counts as now.
            let event = InquisitorEvent.report(servant: frame.servant, report)
            if let code = perform(core.handle(event, at: min(frame.sentAt, now))) { return code }
        }
        return nil
    }

    /// The events of pending signals, and whether a servant flagged an urgent report.
    private func readSignals() -> ([InquisitorEvent], Bool) {
        var events: [InquisitorEvent] = []
        var urgent = false
        for signal in signals.drain() {
            switch signal {
            case SIGCHLD:
                // A servant that failed wrote why before it exited.
                urgent = true
                while let (pid, exit) = Processes.reap() {
                    guard let index = servantByPID.removeValue(forKey: pid) else { continue }
                    pidByServant[index] = nil
                    events.append(.servantExited(servant: index, status: "\(exit)"))
                }
            case SIGUSR2: urgent = true
            case SIGTERM: events.append(.terminate("SIGTERM received"))
            case SIGINT: events.append(.terminate("SIGINT received"))
            case SIGUSR1: events.append(.restartFailedServants)
            case SIGHUP: log.info("SIGHUP ignored: restart sbd to apply a changed configuration")
            default: break
            }
        }
        return (events, urgent)
    }

    private var currentStatus: String {
        guard let note = statusNote else { return watchingStatus }
        return core.watching ? "\(watchingStatus); \(note)" : note
    }

    /// Sets the timeout the driver resets the node after; returns what it took, or nil and why not.
    private func rearm(_ seconds: UInt32) -> (reported: UInt32?, problem: String?) {
        guard let watchdog else { return (seconds, nil) }
        do {
            let reported = try watchdog.setTimeout(seconds)
            log.info("watchdog \(watchdog.path): timeout \(seconds) s requested, the driver reports \(reported) s")
            return (reported, nil)
        } catch {
            return (nil, "\(error)")
        }
    }

    /// Performs actions; returns an exit code when the process must end.
    private func perform(_ actions: [InquisitorAction]) -> Int32? {
        for action in actions {
            switch action {
            case .startServant(let index):
                startServant(index)
            case .tickleWatchdog:
                do {
                    try watchdog?.keepalive()
                } catch {
                    log.error("\(error)")
                }
            case .log(let level, let text):
                log.log(level, text)
            case .rearmWatchdog(let seconds):
                let (reported, problem) = rearm(seconds)
                let event = InquisitorEvent.watchdogRearmed(requested: seconds, reported: reported, problem: problem)
                if let code = perform(core.handle(event, at: Self.now())) { return code }
            case .status(let note):
                statusNote = note
                notifier.status(currentStatus)
            case .fence(let request):
                FenceExecutor.execute(
                    request, traceLevel: settings.traceLevel,
                    crashdumpWatchdogTimeout: settings.crashdumpWatchdogTimeout, watchdog: watchdog, log: log)
                if settings.traceLevel == 2 { return shutDown(code: ExitCode.success) }
                // Still alive: stop tickling and let the watchdog do it.
                stopServants()
                while true { Kernel.sleep(milliseconds: 1000) }
            case .exit(.clean):
                return shutDown(code: ExitCode.success)
            case .exit(.startupFailed(let reason)):
                log.error("start-up failed: \(reason)")
                return shutDown(code: ExitCode.failure)
            }
        }
        return nil
    }

    /// The program and argv of servant `index`: devices are this binary;
    /// the pacemaker and cluster servants have binaries of their own.
    private func launch(_ index: Int) -> (path: String, arguments: [String]) {
        if servantArguments.indices.contains(index) {
            let arguments = servantArguments[index]
            return ("/proc/self/exe", ["sbd: watcher: \(arguments.device)"] + arguments.arguments)
        }
        let watcher: ClusterWatcher = index == servantArguments.count ? .pacemaker : .cluster
        return (
            "\(clusterServantFolder)/\(watcher.binary)",
            [
                "sbd: \(watcher.rawValue) watcher", watcher.rawValue, "\(index)", clusterNode,
                "\(core.config.loopTimeout.value / 1000)",
                settings.realtime ? "rt" : "nort", settings.syncResourceStartup ? "sync" : "nosync",
                "\(core.config.reportMaxAge.value)",
            ]
        )
    }

    private func startServant(_ index: Int) {
        let (path, arguments) = launch(index)
        do {
            let pid = try Processes.spawn(path, arguments: arguments, reportFD: reports.writeFD)
            servantByPID[pid] = index
            pidByServant[index] = pid
            log.debug("\(arguments[0]) started as process \(pid)")
        } catch {
            log.error("\(error)")
            // Counted as an immediate exit, so dampening applies to retries.
            _ = perform(core.handle(.servantExited(servant: index, status: "could not start"), at: Self.now()))
        }
    }

    private func stopServants() {
        for pid in servantByPID.keys { Processes.signal(pid, SIGTERM) }
    }

    private func shutDown(code: Int32) -> Int32 {
        notifier.stopping()
        stopServants()
        watchdog?.disarm()
        if watchdog != nil { log.notice("watchdog \(settings.watchdogDevice ?? "") disarmed") }
        pidFile?.remove()
        return code
    }
}
