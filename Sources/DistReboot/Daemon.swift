// `distreboot --start`: the daemon. Threads feed one event loop, which owns
// the RebootCoordinator and performs what it decides.

import DistRebootCore
import Glibc
import QuotedText

enum DaemonEvent: Sendable {
    case listChanged(RebootListState)
    case commandFinished(HookStep, succeeded: Bool, how: String)
    case turnChecked(Result<TurnFacts, TurnReadError>, [ScheduleBlocker])
    case recheckDue
    case stop(String)
}

public final class Daemon: Sendable {
    let configuration: DaemonConfiguration
    let engine: any RebootEngine
    let events = EventQueue<DaemonEvent>()
    let stopFlag = StopFlag()
    let waiting = WaitingNote()
    /// Set by the publisher thread once it has withdrawn the heartbeat.
    let publisherStopped = StopFlag()

    /// How long a node whose reboot the cluster does not allow yet waits before looking again.
    static let recheckMilliseconds: Int64 = 2000

    public init(configuration: DaemonConfiguration) {
        self.configuration = configuration
        switch configuration.engine {
        case .etcd: engine = EtcdEngine(etcd: EtcdClient(endpoint: configuration.endpoint))
        case .pacemaker: engine = PacemakerEngine()
        }
    }

    /// Runs in the foreground until stopped; returns the exit code.
    public func run() -> Int32 {
        // Signals are taken by one thread with sigwait, not by handlers: block them everywhere first.
        var signals = sigset_t()
        sigemptyset(&signals)
        for s in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&signals, s) }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        signal(SIGPIPE, SIG_IGN)

        let bootID: String
        let lock: DaemonLock
        let listener: Socket
        do {
            bootID = try BootID.read(configuration.bootIDPath)
            try Files.makeDirectory(configuration.runDirectory)
            lock = try DaemonLock.acquire(path: configuration.lockPath)
            listener = try Socket.listenUnix(path: configuration.socketPath)
        } catch {
            Log.error("\(error)")
            return ExitCode.failed.rawValue
        }
        let signalSet = signals
        Threads.detach {
            var set = signalSet
            var received: Int32 = 0
            sigwait(&set, &received)
            self.requestStop("signal \(received)")
        }

        // Commands get an answer at once, even while the cluster is not reachable yet.
        let slot = HandlerSlot()
        let location = engine.location
        ControlServer(listener: listener, handler: slot) { request in
            if request == .stop {
                return (ControlReply(output: "distreboot is stopping\n"), { self.requestStop("--stop") })
            }
            return (
                .failure(
                    "distreboot: the daemon is starting: waiting for \(location) to learn this node's name",
                    .notConnected), nil
            )
        }.start()

        guard let node = resolveNodeName() else { return 0 }
        Log.info(
            "starting on node \(node), \(engine.location), boot id \(bootID), "
                + "rebootcmd \(quoted(configuration.properties.rebootCommand))")
        // Issue 16: window, blockers, automatic cycles, notifications, metrics.
        let schedule = ScheduleRunner(node: node, configuration: configuration)
        slot.set(
            RequestHandler(
                node: node, engine: engine, stopDaemon: { self.requestStop("--stop") }, schedule: schedule))
        Threads.detach { [engine, stopFlag] in schedule.run(engine: engine, stop: stopFlag) }

        let settings = HeartbeatSettings(
            node: node, lifetime: configuration.properties.heartbeatSeconds,
            rebootRequiredPath: configuration.rebootRequiredPath, bootID: bootID,
            requiredByCommand: schedule.requiredByCommand)
        // The list is looked at only once this node is visible again: its heartbeat is out.
        Threads.detach { [engine, events, waiting, stopFlag, publisherStopped] in
            engine.publishHeartbeat(settings, waiting: waiting, stop: stopFlag) {
                Threads.detach { engine.followList(stop: stopFlag) { events.post(.listChanged($0)) } }
            }
            publisherStopped.stop()
        }

        var coordinator = RebootCoordinator(
            node: node, bootID: bootID, hasPreRebootCommand: configuration.properties.preRebootCommand != nil,
            hasPostRebootCommand: configuration.properties.postRebootCommand != nil,
            drainsAndSettles: engine.drainsAndSettles)
        while true {
            let actions: [CoordinatorAction]
            switch events.next() {
            case .stop(let reason):
                Log.info("stopping (\(reason))")
                stopFlag.stop()
                // The publisher withdraws the heartbeat; a short wait, so that a stop is never held up long.
                publisherStopped.sleep(milliseconds: engine.kind == .etcd ? 3000 : 10000)
                unlink(configuration.socketPath)
                withExtendedLifetime(lock) {}
                return 0
            case .listChanged(let state):
                schedule.listChanged(state)
                actions = coordinator.listChanged(state)
            case .commandFinished(let step, let succeeded, let how):
                actions = coordinator.commandFinished(step, succeeded: succeeded, how: how)
            case .turnChecked(let facts, let held):
                actions = coordinator.turnChecked(facts, now: Clock.now(), schedule: held)
            case .recheckDue: actions = coordinator.recheckDue()
            }
            for action in actions { perform(action, node: node, schedule: schedule) }
        }
    }

    /// --name, else ETCD_NAME, else the node's name as the cluster reports it.
    private func resolveNodeName() -> String? {
        if let node = configuration.node { return node }
        var logged = false
        while !stopFlag.isStopped {
            do {
                return try engine.localNodeName()
            } catch {
                if !logged { Log.warning("waiting for \(engine.location): \(error.message)") }
                logged = true
            }
            stopFlag.sleep(milliseconds: 1000)
        }
        return nil
    }

    /// Ends sleeps and retries at once, then the event loop.
    func requestStop(_ reason: String) {
        stopFlag.stop()
        waiting.stop()
        events.post(.stop(reason))
    }

    private func perform(_ action: CoordinatorAction, node: String, schedule: ScheduleRunner) {
        switch action {
        case .notify(let event, let detail):
            schedule.notify(event, about: node, detail)
        case .log(let level, let message):
            Log.write(level, message)
        case .run(let step):
            let command: String?
            switch step {
            case .drain, .settle:
                runBuiltIn(step, node: node)
                return
            case .preReboot: command = configuration.properties.preRebootCommand
            case .reboot: command = configuration.properties.rebootCommand
            case .postReboot: command = configuration.properties.postRebootCommand
            }
            if step == .reboot {
                schedule.notify(.reboot, about: node, command ?? "")
                schedule.notifier.flush()  // told before the node goes down
            }
            runCommand(step, command ?? "true", node: node)
        case .checkTurn:
            Threads.detach { [engine, events] in
                let facts = engine.turnFacts(node: node, now: Clock.now())
                events.post(.turnChecked(facts, schedule.blockersBeforeTurn()))
            }
        case .recheckLater:
            Threads.detach { [events, stopFlag] in
                if !stopFlag.sleep(milliseconds: Daemon.recheckMilliseconds) { events.post(.recheckDue) }
            }
        case .setWaiting(let text):
            waiting.set(text)
            schedule.waitingChanged(text)
        case .writeList(let list, let revision, let purpose):
            writeList(list, revision: revision, purpose: purpose, node: node, schedule: schedule)
        case .deleteCorrupt(let revision):
            let deleted = retrying("delete the corrupt reboot list") { () throws(EngineError) in
                try engine.removeCorruptList(at: revision)
            }
            if deleted == true { Log.warning("removed the corrupt reboot list") }
        }
    }

    /// The engine's own step (drain, settle), on a thread of its own.
    private func runBuiltIn(_ step: HookStep, node: String) {
        Log.info("\(step.rawValue): starting")
        Threads.detach { [engine, events, configuration, stopFlag] in
            let (succeeded, how) = engine.runBuiltIn(
                step, node: node, properties: configuration.properties, stop: stopFlag)
            // Cut short by a stop: not a failure to record; the next start does the step again.
            if stopFlag.isStopped { return }
            Log.write(succeeded ? .info : .error, "\(step.rawValue) ended: \(how)")
            events.post(.commandFinished(step, succeeded: succeeded, how: how))
        }
    }

    private func runCommand(_ step: HookStep, _ command: String, node: String) {
        Log.info("running \(step.rawValue): \(command)")
        let pid: pid_t
        do {
            pid = try CommandRunner.spawn(command, environment: ["DISTREBOOT_NODE": node])
        } catch {
            Log.error("\(step.rawValue): \(error)")
            events.post(.commandFinished(step, succeeded: false, how: "\(error)"))
            return
        }
        Threads.detach { [events] in
            let (succeeded, how) = CommandRunner.wait(pid)
            Log.write(succeeded ? .info : .error, "\(step.rawValue) ended: \(how)")
            events.post(.commandFinished(step, succeeded: succeeded, how: how))
        }
    }

    /// Replaces the list with a compare-and-swap on its revision (nil deletes
    /// it) and reports the list as it is afterwards, won or lost.
    private func writeList(
        _ list: RebootList?, revision: Int64, purpose: ListWrite, node: String, schedule: ScheduleRunner
    ) {
        let outcome = retrying("write the reboot list") { () throws(EngineError) in
            try engine.replaceList(list, at: revision)
        }
        guard let outcome else { return }
        guard outcome.succeeded else {
            // Lost a race (e.g. --cancel): look again; the coordinator decides on what is there now.
            Log.info("the reboot list changed before it could be written; reading it again")
            if let (state, _) = try? engine.readList() { events.post(.listChanged(state)) }
            return
        }
        switch purpose {
        case .beginTurn:
            Log.info("recorded in the reboot list that \(node) begins its reboot in this boot")
        case .leaderLast(let leader):
            Log.info(
                "the \(engine.kind.leaderNoun) is now \(leader): moved it to the end of the reboot list: "
                    + (list?.nodes.joined(separator: ", ") ?? ""))
        case .halt:
            Log.info("recorded in the reboot list that the cycle stops at \(node)")
            schedule.notify(.halt, about: node, list?.headTurn?.halted ?? "")
        case .removeSelf:
            schedule.returned()
            schedule.notify(.return, about: node, list.map { "next: \($0.nodes[0])" } ?? "the last node")
            if list == nil { schedule.notify(.finish, about: node, "every node of the cycle is back") }
            Log.info(
                list.map { "removed \(node) from the reboot list; next: \($0.nodes[0])" }
                    ?? "removed \(node) from the reboot list; the reboot cycle is complete")
        }
        events.post(.listChanged(list.map { .present($0, modRevision: outcome.revision) } ?? .absent))
    }

    /// Retries a call to the cluster until it answers or the daemon stops.
    private func retrying<T>(_ what: String, _ call: () throws(EngineError) -> T) -> T? {
        var logged = false
        while !stopFlag.isStopped {
            do {
                return try call()
            } catch {
                if !logged { Log.warning("cannot \(what) yet: \(error.message); retrying") }
                logged = true
            }
            stopFlag.sleep(milliseconds: 500)
        }
        return nil
    }
}
