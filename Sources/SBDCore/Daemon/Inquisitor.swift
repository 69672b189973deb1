/// Something the inquisitor learns.
public enum InquisitorEvent: Equatable, Sendable {
    case report(servant: Int, ServantReport)
    /// The servant process is gone; `status` says how, for the log.
    case servantExited(servant: Int, status: String)
    /// The periodic wake-up (every `InquisitorConfig.tickInterval`).
    case tick
    /// SIGUSR1: restart failed servants now, whatever the dampening says.
    case restartFailedServants
    /// SIGTERM or SIGINT: stop watching and exit cleanly.
    case terminate(String)
    /// The shell performed `.rearmWatchdog(requested)`: the timeout the
    /// driver reports back, or nil and why when it refused.
    case watchdogRearmed(requested: UInt32, reported: UInt32?, problem: String?)
}

public enum LogLevel: Equatable, Sendable {
    case debug, info, notice, warning, error
}

/// A reboot, power-off or crash of this node, and why.
public struct FenceRequest: Equatable, Sendable {
    public var kind: TimeoutAction.Kind
    public var flush: Bool
    public var reason: String

    public init(kind: TimeoutAction.Kind, flush: Bool, reason: String) {
        self.kind = kind
        self.flush = flush
        self.reason = reason
    }
}

public enum InquisitorExit: Equatable, Sendable {
    /// Stop the servants, disarm the watchdog (magic close), exit 0.
    case clean
    /// Start-up failed: the watchdog was never tickled by a majority.
    case startupFailed(String)
}

/// What the shell must do, in order.
public enum InquisitorAction: Equatable, Sendable {
    case startServant(Int)
    case tickleWatchdog
    case log(LogLevel, String)
    case fence(FenceRequest)
    case exit(InquisitorExit)
    /// Set the watchdog's timeout (WDIOC_SETTIMEOUT, which also tickles it)
    /// and report what the driver took with `.watchdogRearmed`.
    case rearmWatchdog(seconds: UInt32)
    /// What `systemctl status sbd` shows beside the usual text; nil: nothing more.
    case status(String?)
}

/// The inquisitor's decisions (sbd's "master" process): it tickles the
/// watchdog while a majority of device servants report in time, restarts
/// servants that die, acts on messages, and executes the timeout action when
/// the majority has been missing for the watchdog timeout. Pure: the shell
/// feeds it events with their time and performs the actions it returns.
public struct Inquisitor: Sendable {
    /// The watchdog timeout and the -5 threshold change when a re-arm
    /// lowers the timeout (WatchdogPromise); the rest never changes.
    public private(set) var config: InquisitorConfig

    struct Servant: Sendable {
        var running = false
        var lastGood: Instant?
        /// Pacemaker/cluster servants: last "alive, nothing to protect" report.
        var lastIdle: Instant?
        var starts: [Instant] = []
        var restartAt: Instant?
        var outdated = false
        /// The problem last logged for it: a servant repeats its report
        /// every loop, the log says it once (and again when it changes).
        var loggedProblem: String?
        /// How it last ended: a watcher that keeps failing the same way
        /// (a lost device, restarted every -t) is a warning once, then debug.
        var loggedExit: String?
    }

    private(set) var servants: [Servant]
    private var lastTickle: Instant
    /// Set once a majority first reported: from then on, missing it fences.
    public private(set) var watching = false
    /// After a fence or an exit nothing else may happen.
    public private(set) var finished = false
    private var warnedLate = false
    /// -Z -Z and more: the watchdog timeout passed without a fence, logged once.
    private var loggedTraceSpare = false
    private var survivingOnCluster = false
    private var clusterWasHealthy = false
    /// Each device's header as its watcher last reported it.
    private var headers: [DiskTimeouts?]
    /// Devices counted unhealthy: their msgwait is shorter than the armed
    /// watchdog, which could not be lowered.
    public private(set) var brokenPromises: [Int] = []
    /// A re-arm to make at the next tickle, and the device whose header asks for it.
    private var pendingRearm: (seconds: UInt32, device: Int)?
    /// A re-arm target the driver turned down: not asked again.
    private var refusedRearm: UInt32?

    public init(config: InquisitorConfig, startedAt now: Instant) {
        self.config = config
        servants = Array(repeating: Servant(), count: config.servantNames.count)
        headers = Array(repeating: nil, count: config.devices.count)
        lastTickle = now
    }

    /// Starts every servant.
    public mutating func start(at now: Instant) -> [InquisitorAction] {
        servants.indices.flatMap { startServant($0, at: now) }
    }

    public mutating func handle(_ event: InquisitorEvent, at now: Instant) -> [InquisitorAction] {
        guard !finished else { return [] }
        switch event {
        case .tick:
            return tick(at: now)
        case .report(let index, let report):
            guard servants.indices.contains(index) else {
                return [.log(.warning, "ignoring a report from unknown servant \(index)")]
            }
            return received(report, from: index, at: now)
        case .servantExited(let index, let status):
            guard servants.indices.contains(index) else { return [] }
            return exited(index, status: status, at: now)
        case .restartFailedServants:
            var actions: [InquisitorAction] = []
            for index in servants.indices where !servants[index].running {
                servants[index].starts = []
                actions.append(.log(.notice, "restarting the watcher of \(config.servantName(index)) on request"))
                actions += startServant(index, at: now)
            }
            if actions.isEmpty { actions.append(.log(.info, "restart requested, but every watcher is running")) }
            return actions
        case .terminate(let why):
            finished = true
            return [.log(.notice, "\(why): stopping the watchers and exiting cleanly"), .exit(.clean)]
        case .watchdogRearmed(let requested, let reported, let problem):
            return rearmed(requested: requested, reported: reported, problem: problem, at: now)
        }
    }

    /// Devices whose servant reported good health within the allowed age.
    /// A device whose header promises less than the armed watchdog does not count.
    public func healthyCount(at now: Instant) -> Int {
        var count = 0
        for index in 0..<min(config.devices.count, servants.count)
        where isFresh(servants[index], at: now) && !brokenPromises.contains(index) {
            count += 1
        }
        return count
    }

    /// With -P: pacemaker and corosync both say this node may run.
    public func clusterHealthy(at now: Instant) -> Bool {
        guard config.clusterIntegration else { return false }
        let first = config.pacemakerServant
        return isFresh(servants[first], at: now) && isFresh(servants[first + 1], at: now)
    }

    /// With -P: both servants report in time, healthy or with nothing to
    /// protect yet; enough for a disk-less node, never for lost devices.
    func clusterAlive(at now: Instant) -> Bool {
        guard config.clusterIntegration else { return false }
        let first = config.pacemakerServant
        func alive(_ servant: Servant) -> Bool {
            if isFresh(servant, at: now) { return true }
            guard let idle = servant.lastIdle else { return false }
            return now - idle < config.reportMaxAge
        }
        return alive(servants[first]) && alive(servants[first + 1])
    }

    /// The first instant after `now` at which a report the decisions rest
    /// on grows too old (a good or an idle one, `reportMaxAge`): the loop
    /// ticks then as well, so a watcher that stopped reporting is judged
    /// the moment it is late, whatever the phase of the regular ticks.
    /// While watchers report, it always lies beyond the next tick.
    public func nextStaleness(after now: Instant) -> Instant? {
        var first: Instant?
        for servant in servants {
            for last in [servant.lastGood, servant.lastIdle] {
                guard let last else { continue }
                let stale = last + config.reportMaxAge
                if stale > now, first.map({ stale < $0 }) ?? true { first = stale }
            }
        }
        return first
    }

    private func isFresh(_ servant: Servant, at now: Instant) -> Bool {
        guard let last = servant.lastGood else { return false }
        return now - last < config.reportMaxAge
    }

    private mutating func tick(at now: Instant) -> [InquisitorAction] {
        var actions: [InquisitorAction] = []
        for index in servants.indices {
            if !servants[index].running, let due = servants[index].restartAt, due <= now {
                actions += startServant(index, at: now)
            }
            let fresh = isFresh(servants[index], at: now)
            let outdated = servants[index].outdated
            if !fresh, !outdated, let last = servants[index].lastGood {
                servants[index].outdated = true
                actions.append(
                    .log(.warning, "watcher of \(config.servantName(index)) is late: last good read \(now - last) ago")
                )
            } else if fresh, outdated {
                servants[index].outdated = false
                actions.append(.log(.notice, "watcher of \(config.servantName(index)) is healthy again"))
            }
        }

        let healthy = healthyCount(at: now)
        let gap = now - lastTickle
        let devicesHealthy = !config.devices.isEmpty && healthy >= config.majority
        let clusterHealthy = clusterHealthy(at: now)
        let disklessAlive = config.devices.isEmpty && clusterAlive(at: now)
        if config.clusterIntegration, clusterHealthy != clusterWasHealthy {
            clusterWasHealthy = clusterHealthy
            actions.append(
                .log(
                    .notice,
                    clusterHealthy
                        ? "pacemaker and corosync: quorate partition, this node healthy"
                        : "pacemaker and corosync: no longer a quorate partition with this node healthy"))
        }
        if devicesHealthy || clusterHealthy || disklessAlive {
            if !watching {
                watching = true
                let devices =
                    config.devices.isEmpty ? "no devices" : "\(healthy) of \(config.devices.count) devices healthy"
                let cluster =
                    config.clusterIntegration
                    ? (clusterHealthy ? ", cluster healthy" : ", cluster not running yet") : ""
                actions.append(.log(.notice, "\(devices)\(cluster): watching"))
            }
            if !devicesHealthy, !config.devices.isEmpty, !survivingOnCluster {
                survivingOnCluster = true
                actions.append(
                    .log(
                        .warning,
                        "only \(healthy) of \(config.devices.count) devices healthy: staying up because the partition"
                            + " is quorate and this node healthy (pacemaker integration); no further fault is tolerated"
                    ))
            } else if devicesHealthy, survivingOnCluster {
                survivingOnCluster = false
                actions.append(.log(.notice, "device majority back: \(healthy) of \(config.devices.count) healthy"))
            }
            // Whole seconds, as the threshold: a tickle a few milliseconds
            // past a 1 s threshold on a 1 s loop is not late.
            if config.lateTickleWarning > .zero, gap.value / 1000 > config.lateTickleWarning.value / 1000 {
                actions.append(
                    .log(
                        .warning,
                        "late watchdog tickle: \(gap) since the last one exceeds the warning threshold of"
                            + " \(config.lateTickleWarning) (-5); the watchdog fires after \(config.watchdogTimeout)"))
            }
            lastTickle = now
            warnedLate = false
            loggedTraceSpare = false
            // Re-armed only while the node is healthy: setting the timeout
            // tickles the watchdog, which must not prolong a failing node.
            if let rearm = pendingRearm {
                pendingRearm = nil
                actions.append(.rearmWatchdog(seconds: rearm.seconds))
            } else {
                actions.append(.tickleWatchdog)
            }
            return actions
        }

        var shortfall =
            config.devices.isEmpty
            ? "no devices" : "\(healthy) of \(config.devices.count) devices healthy, \(config.majority) needed"
        if config.clusterIntegration { shortfall += ", and pacemaker or the cluster not healthy" }
        if !watching {
            if gap > config.watchdogTimeout {
                finished = true
                actions.append(
                    .exit(
                        .startupFailed(
                            "only \(shortfall) within the watchdog timeout (\(config.watchdogTimeout)) of start-up")))
            }
            return actions
        }
        // sbd 1.5's rule (measured on Debian's binary): the watchdog resets
        // the node one watchdog timeout after the last tickle; the timeout
        // action runs only once the gap exceeds that timeout, so with a
        // working watchdog it is the watchdog that fences, and without one
        // (-W -W) the action is the fence. Trace modes (-Z) with a watchdog
        // act before it, at the warning threshold (-5): -Z a crashdump, -Z -Z
        // a clean exit, -Z -Z -Z a delayed reboot, four and more the action
        // itself; two and more never act on the watchdog timeout alone.
        // In whole seconds, as sbd 1.5 counts (time_t): a tick a few
        // milliseconds past the timeout does not race the watchdog, which
        // fires at the timeout itself.
        let pastWatchdog = gap.value / 1000 > config.watchdogTimeout.value / 1000
        var act = false
        if pastWatchdog {
            if config.traceLevel < 2 {
                act = true
            } else if !loggedTraceSpare {
                loggedTraceSpare = true
                actions.append(
                    .log(
                        .error,
                        "trace mode (-Z x\(config.traceLevel)): would have fenced this node now (\(shortfall) for \(gap))"
                    ))
            }
        }
        if !act, config.lateTickleWarning > .zero, gap > config.lateTickleWarning {
            if !warnedLate {
                warnedLate = true
                actions.append(
                    .log(
                        .warning,
                        "no watchdog tickle for \(gap) (\(shortfall)); the warning threshold (-5) is"
                            + " \(config.lateTickleWarning), the watchdog timeout \(config.watchdogTimeout)"))
            }
            act = config.traceLevel >= 1 && config.watchdogInUse
        }
        guard act else { return actions }
        finished = true
        let why =
            pastWatchdog
            ? (config.watchdogInUse ? "the watchdog (\(config.watchdogTimeout)) did not reset the node" : "no watchdog")
            : "trace mode (-Z) acts before the watchdog (\(config.watchdogTimeout))"
        actions.append(
            .fence(
                FenceRequest(
                    kind: config.timeoutAction.kind, flush: config.timeoutAction.flush,
                    reason: "\(shortfall) for \(gap); \(why)")))
        return actions
    }

    private mutating func received(_ report: ServantReport, from index: Int, at now: Instant) -> [InquisitorAction] {
        // Named only in the lines that need it: most reports are a routine "healthy".
        var device: String { config.servantName(index) }
        switch report {
        case .healthy:
            servants[index].lastGood = now
            servants[index].loggedExit = nil
            guard servants[index].loggedProblem != nil else { return [] }
            servants[index].loggedProblem = nil
            servants[index].outdated = false
            return [.log(.notice, "watcher of \(device) is healthy again")]
        case .starting:
            servants[index].lastGood = nil
            servants[index].lastIdle = now
            return []
        case .header(let timeouts):
            guard headers.indices.contains(index) else { return [] }
            return headerReported(timeouts, device: index)
        case .unhealthy(let reason):
            servants[index].lastGood = nil
            servants[index].lastIdle = nil  // an earlier "starting" no longer counts
            guard servants[index].loggedProblem != reason else { return [] }
            servants[index].loggedProblem = reason
            return [.log(.warning, "watcher of \(device): \(reason)")]
        case .selfFence(let reason):
            finished = true
            return [
                .fence(
                    FenceRequest(
                        kind: config.timeoutAction.kind, flush: config.timeoutAction.flush,
                        reason: "\(device): \(reason)"))
            ]
        case .message(let message, let sender):
            let received = "Received command \(message.word) from \(sender) on disk \(device)"
            switch message {
            case .clear:
                return []
            case .test:
                return [.log(.info, received)]
            case .exit:
                finished = true
                return [.log(.notice, received), .exit(.clean)]
            case .reset, .off, .crashdump:
                finished = true
                let kind: TimeoutAction.Kind = message == .reset ? .reboot : message == .off ? .off : .crashdump
                return [
                    .log(.warning, received),
                    .fence(
                        FenceRequest(kind: kind, flush: true, reason: "\(message.word) from \(sender) on \(device)")),
                ]
            }
        }
    }

    private mutating func exited(_ index: Int, status: String, at now: Instant) -> [InquisitorAction] {
        servants[index].running = false
        servants[index].lastGood = nil
        servants[index].lastIdle = nil
        servants[index].outdated = false
        let device = config.servantName(index)
        let level: LogLevel = servants[index].loggedExit == status ? .debug : .warning
        servants[index].loggedExit = status
        let due = config.dampening.nextStart(after: servants[index].starts, now: now)
        if due <= now {
            return [.log(level, "watcher of \(device) \(status); restarting it")] + startServant(index, at: now)
        }
        servants[index].restartAt = due
        return [
            .log(
                level,
                "watcher of \(device) \(status); restarting it in \(due - now) (-F \(config.dampening.failures),"
                    + " -t \(config.dampening.delay); SIGUSR1 restarts it now)")
        ]
    }

    private mutating func startServant(_ index: Int, at now: Instant) -> [InquisitorAction] {
        servants[index].running = true
        servants[index].restartAt = nil
        servants[index].starts = config.dampening.pruned(servants[index].starts, now: now) + [now]
        return [.startServant(index)]
    }

    // MARK: the promise of the headers (WatchdogPromise)

    private var armedSeconds: UInt32 { UInt32(clamping: config.watchdogTimeout.value / 1000) }

    private mutating func headerReported(_ timeouts: DiskTimeouts, device index: Int) -> [InquisitorAction] {
        let previous = headers[index]
        headers[index] = timeouts
        var actions: [InquisitorAction] = []
        let armed = armedSeconds
        let device = config.devices[index]
        if previous != timeouts, timeouts.msgwait >= armed, timeouts.watchdog != armed {
            // Nothing to do, but the header no longer says what is armed.
            actions.append(
                .log(
                    .notice,
                    "header of \(device): watchdog timeout \(timeouts.watchdog) s, msgwait \(timeouts.msgwait) s;"
                        + " the armed watchdog timeout stays \(armed) s, which that msgwait covers"
                        + (timeouts.watchdog > armed ? " (a shorter watchdog than the header asks is safe)" : "")))
        }
        return actions + reviewPromise()
    }

    /// Compares the armed timeout with every header and acts on the decision.
    private mutating func reviewPromise() -> [InquisitorAction] {
        let armed = armedSeconds
        let decision = WatchdogPromise.decide(
            armed: armed, headers: headers, rearm: config.rearm, refused: refusedRearm)
        switch decision {
        case .kept:
            pendingRearm = nil
            guard !brokenPromises.isEmpty else { return [] }
            brokenPromises = []
            return [
                .log(.notice, "every device's msgwait covers the armed watchdog timeout (\(armed) s) again"),
                .status(nil),
            ]
        case .rearm(let seconds, let index):
            let device = config.devices[index]
            let msgwait = headers[index]?.msgwait ?? seconds
            guard config.rearm == .timeoutActionOnly else {
                pendingRearm = (seconds, index)
                return []
            }
            // -W -W: the daemon's own threshold is the only thing to lower.
            setWatchdogTimeout(seconds)
            brokenPromises = []
            let text =
                "header of \(device) promises msgwait \(msgwait) s, less than the timeout \(armed) s after which"
                + " this node's timeout action runs (no watchdog, -W -W): lowered to \(seconds) s"
            return [.log(.error, text), .status(text)]
        case .broken(let devices):
            guard devices != brokenPromises else { return [] }
            brokenPromises = devices
            pendingRearm = nil
            let why =
                config.rearm == .notAllowed
                ? "sbd leaves the watchdog's timeout alone (-T)"
                : refusedRearm.map { "the watchdog would not take \($0) s" }
                    ?? "a watchdog timeout of 0 s cannot be armed"
            let text =
                devices.map { "header of \(config.devices[$0]) promises msgwait \(headers[$0]?.msgwait ?? 0) s" }
                .joined(separator: ", ") + ", less than the armed watchdog timeout \(armed) s, and \(why):"
                + " counting \(devices.count == 1 ? "that device" : "those devices") unhealthy"
            return [.log(.error, text), .status(text)]
        }
    }

    private mutating func rearmed(
        requested: UInt32, reported: UInt32?, problem: String?, at now: Instant
    ) -> [InquisitorAction] {
        let before = armedSeconds
        let governing = headers.indices.filter { headers[$0] != nil }.min {
            (headers[$0]!.msgwait, $0) < (headers[$1]!.msgwait, $1)
        }
        let header = governing.map { "header of \(config.devices[$0]) promises msgwait \(headers[$0]!.msgwait) s" }
        let promise = (header ?? "a header promises less") + ", less than the armed watchdog timeout \(before) s"
        if let reported {
            // WDIOC_SETTIMEOUT tickled the watchdog.
            lastTickle = now
            setWatchdogTimeout(reported)
        }
        guard reported == requested else {
            refusedRearm = requested
            let got =
                reported.map { "the driver took \($0) s instead" }
                ?? "the driver refused: \(problem ?? "unknown error")"
            // A refused WDIOC_SETTIMEOUT did not tickle: the tickle it stood for is due.
            return (reported == nil ? [.tickleWatchdog] : [])
                + [.log(.error, "\(promise): re-arming the watchdog to \(requested) s failed (\(got))")]
                + reviewPromise()
        }
        refusedRearm = nil
        brokenPromises = []
        let text = "\(promise): watchdog re-armed to \(requested) s"
        return [.log(.error, text), .status(text)] + reviewPromise()
    }

    /// The watchdog timeout, and the thresholds derived from it, after a re-arm.
    private mutating func setWatchdogTimeout(_ seconds: UInt32) {
        config.watchdogTimeout = .seconds(seconds)
        config.lateTickleWarning = WatchdogPromise.lateTickleWarning(
            given: config.lateTickleWarningGiven, watchdog: config.watchdogTimeout)
    }
}
