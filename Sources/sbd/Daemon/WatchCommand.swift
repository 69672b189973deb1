import QuotedText
import SBDCore
import SBDPlatform

/// `sbd watch`: start-up, then the inquisitor. Like Debian's sbd it goes to
/// the background and returns 0 once the daemon watches (non-zero with the
/// reason on stderr if start-up fails). It stays in the foreground under
/// systemd (NOTIFY_SOCKET, Type=notify) or with SBD_FOREGROUND=yes.
enum WatchCommand {
    /// Set by the background parent for its child; not for users.
    static let childVariable = "SBD_WATCH_CHILD"
    static let readyByte: UInt8 = 0x52  // "R"

    static func run(_ settings: SBDSettings, context: CommandContext, arguments: [String]) -> Int32 {
        let environment = System.environment()
        let isChild = environment[childVariable] == "1"
        let foreground =
            isChild || environment["NOTIFY_SOCKET"] != nil
            || parseYesNo(environment["SBD_FOREGROUND"] ?? "no") == true
        if !foreground { return runInBackground(arguments: arguments, log: context.log) }
        let underSystemd = environment["NOTIFY_SOCKET"] != nil
        let log = Log(verbosity: settings.verbosity, echo: !isChild, quiet: underSystemd)
        let ready: () -> Void = {
            guard isChild else { return }
            _ = writeMessage(3, [readyByte])
            Kernel.detachStandardStreams()
            closeDescriptor(3)
        }
        return runDaemon(
            settings,
            context: CommandContext(
                devices: context.devices, localName: context.localName, ioTimeout: context.ioTimeout, log: log),
            log: log, onWatching: ready)
    }

    /// The parent half of going to the background: a child in its own
    /// session does the work and says "ready" on a pipe.
    private static func runInBackground(arguments: [String], log: Log) -> Int32 {
        do {
            let pipe = try ReportPipe()
            let pid = try Processes.spawn(
                "/proc/self/exe", arguments: ["sbd"] + arguments, extraEnvironment: ["\(childVariable)=1"],
                reportFD: pipe.writeFD, newSession: true)
            pipe.closeWriteEnd()
            while let bytes = readBlocking(pipe.readFD) {
                if bytes.contains(readyByte) { return ExitCode.success }
            }
            // The child failed and said why on stderr.
            switch Processes.wait(pid) {
            case .exited(let code): return code == 0 ? ExitCode.failure : code
            case .signaled: return ExitCode.failure
            }
        } catch {
            log.error("cannot start the daemon: \(error)")
            return ExitCode.failure
        }
    }

    static func runDaemon(
        _ settings: SBDSettings, context: CommandContext, log: Log, onWatching: @escaping () -> Void
    ) -> Int32 {
        let notifier = ServiceNotifier(environment: System.environment())
        let node: NodeName
        do {
            node = try NodeName(validating: context.localName)
        } catch {
            log.error("the node name \(quoted(context.localName)) cannot be used: \(error); set it with -n")
            return ExitCode.failure
        }
        if settings.syncResourceStartup && !settings.pacemaker {
            // pacemakerd reads the same file: it would wait for a ping that never comes.
            log.warning(
                "SBD_SYNC_RESOURCE_STARTUP=yes (the default) but pacemaker integration is off (-P -P or"
                    + " SBD_PACEMAKER=no): sbd will not ping pacemakerd, which then waits before starting"
                    + " resources; set SBD_SYNC_RESOURCE_STARTUP=no or turn the integration on")
        }
        if settings.clusterCheck != settings.pacemaker {
            // sbd 1.5 could run one of the two watchers without the other.
            log.warning(
                "corosync watcher \(settings.clusterCheck ? "on" : "off") (-c, SBD_PACEMAKER) but pacemaker"
                    + " integration \(settings.pacemaker ? "on" : "off") (-P): this sbd runs both watchers or"
                    + " neither, as -P says")
        }
        var clusterServants = ""
        if settings.pacemaker {
            switch ClusterServantBinary.locate() {
            case .success(let folder):
                clusterServants = folder
            case .failure(let missing):
                log.error(
                    "pacemaker integration (-P, SBD_PACEMAKER=yes) needs \(missing.path),"
                        + " which is missing; reinstall the sbd package, or turn the integration off with -P -P")
                return ExitCode.failure
            }
        }

        let pidFile: PidFile?
        do {
            pidFile = try settings.pidFile.map { path throws(PidFileError) in try PidFile(path: path) }
        } catch {
            log.error("\(error)")
            return ExitCode.failure
        }

        let devices: WatchedDevices
        if settings.devices.isEmpty {
            // Disk-less: the watchdog alone, tickled while pacemaker and corosync allow.
            let timeouts = StartupDecisions.disklessTimeouts(watchdog: settings.watchdogTimeout)
            devices = WatchedDevices(paths: [], timeouts: timeouts)
            log.notice("no devices: disk-less mode, the watchdog is tickled while pacemaker and corosync allow")
        } else {
            switch WatchStartup(settings: settings, node: node, context: context, log: log, notifier: notifier).run() {
            case .success(let found): devices = found
            case .failure(let failure):
                log.error("not starting: \(failure)")
                notifier.status("Not started: \(failure)")
                pidFile?.remove()
                return ExitCode.failure
            }
        }
        let timeouts = devices.timeouts
        let delay = StartupDecisions.delaySeconds(settings.delayStart, msgwait: timeouts.msgwait)
        if delay > 0 {
            log.notice("delaying start-up by \(delay) s (SBD_DELAY_START)")
            notifier.status("Delaying start-up by \(delay) s (SBD_DELAY_START)")
            notifier.extendTimeout(bySeconds: Int64(delay) + 30)
            System.sleep(seconds: delay)
        }

        var watchdog: Watchdog?
        if let path = settings.watchdogDevice {
            do {
                let opened = try Watchdog(path: path)
                watchdog = opened
                if settings.keepWatchdogTimeout {
                    log.info("watchdog \(path) armed; its timeout is left as it is (-T)")
                } else {
                    let chosen = try opened.setTimeout(timeouts.watchdog)
                    guard chosen == timeouts.watchdog else {
                        opened.disarm()
                        log.error(
                            "watchdog \(path) took a timeout of \(chosen) s instead of \(timeouts.watchdog) s;"
                                + " set one it supports on the devices (sbd create -1), or use -T and set it yourself")
                        pidFile?.remove()
                        return ExitCode.failure
                    }
                    log.info("watchdog \(path) armed with a timeout of \(chosen) s")
                }
            } catch {
                watchdog?.disarm()
                log.error(
                    "\(error). Load a watchdog driver (or softdog), name another device with -w /"
                        + " SBD_WATCHDOG_DEV, or run without one (-W -W; unsafe)")
                pidFile?.remove()
                return ExitCode.failure
            }
        } else {
            log.warning("running without a watchdog (-W -W or /dev/null): a hung sbd cannot reset this node")
        }

        if settings.realtime {
            // Everything this process maps is locked and read in: it is the fence path (MemoryLocking).
            if let problem = Kernel.makeRealtime() { log.warning("\(problem); continuing without it") }
            if let problem = Kernel.realtimeIOPriority() { log.warning("\(problem); continuing without it") }
        }
        if let move = RootCgroup.moveIfNeeded(settings.moveToRootCgroup, realtime: settings.realtime) {
            log.info(move)
        }
        pidFile?.write(pid: Processes.current)

        let servants = settings.devices.enumerated().map { index, path in
            var servant = ServantArguments(
                index: index, device: path, node: "\(node)", loopSeconds: timeouts.loop, ioSeconds: settings.ioTimeout,
                timeoutAction: settings.timeoutAction, traceLevel: settings.traceLevel,
                crashdumpWatchdogTimeout: settings.crashdumpWatchdogTimeout, verbosity: settings.verbosity,
                realtime: settings.realtime)
            servant.firstStart = !devices.paths.contains(path)
            return servant
        }
        let config = InquisitorConfig(
            devices: settings.devices, watchdogTimeout: .seconds(timeouts.watchdog),
            loopTimeout: .seconds(timeouts.loop),
            ioTimeout: .seconds(settings.ioTimeout), lateTickleWarning: settings.lateTickleWarning.map { .seconds($0) },
            timeoutAction: settings.timeoutAction,
            dampening: RestartDampening(failures: settings.failureThreshold, delay: .seconds(settings.dampeningDelay)),
            clusterIntegration: settings.pacemaker, watchdogInUse: watchdog != nil, traceLevel: settings.traceLevel,
            rearm: watchdog == nil ? .timeoutActionOnly : settings.keepWatchdogTimeout ? .notAllowed : .driver)
        let watchingStatus =
            (settings.devices.isEmpty
                ? "Watching pacemaker and corosync as \(node), no devices"
                : "Watching \(devices.paths.count) of \(settings.devices.count) devices as \(node)")
            + " (watchdog \(settings.watchdogDevice ?? "none"))"
        do {
            let loop = try InquisitorLoop(
                config: config, servants: servants, watchdog: watchdog, settings: settings, pidFile: pidFile,
                notifier: notifier, watchingStatus: watchingStatus, log: log, clusterServantFolder: clusterServants,
                clusterNode: "\(node)"
            ) {
                log.notice(
                    settings.devices.isEmpty
                        ? "sbd \(Version.text) watching pacemaker and corosync as \(node), no devices"
                            + " (watchdog \(timeouts.watchdog) s, loop \(timeouts.loop) s)"
                        : "sbd \(Version.text) watching \(devices.paths.joined(separator: ", ")) as \(node)"
                            + " (watchdog \(timeouts.watchdog) s, loop \(timeouts.loop) s, msgwait \(timeouts.msgwait) s)"
                )
                onWatching()
            }
            return loop.run()
        } catch {
            watchdog?.disarm()
            pidFile?.remove()
            log.error("cannot start watching: \(error)")
            return ExitCode.failure
        }
    }
}
