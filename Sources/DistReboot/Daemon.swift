// `distreboot --start`: the daemon. Threads feed one event loop, which owns
// the RebootCoordinator and performs what it decides.

import DistRebootCore
import Glibc

enum DaemonEvent: Sendable {
    case listChanged(RebootListState)
    case commandFinished(HookStep, succeeded: Bool)
    case stop(String)
}

public final class Daemon: Sendable {
    let configuration: DaemonConfiguration
    let etcd: EtcdClient
    let events = EventQueue<DaemonEvent>()
    let stopFlag = StopFlag()

    public init(configuration: DaemonConfiguration) {
        self.configuration = configuration
        etcd = EtcdClient(endpoint: configuration.endpoint)
    }

    /// Runs in the foreground until stopped; returns the exit code.
    public func run() -> Int32 {
        // Signals are taken by one thread with sigwait, not by handlers: block them everywhere first.
        var signals = sigset_t()
        sigemptyset(&signals)
        for s in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&signals, s) }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        signal(SIGPIPE, SIG_IGN)

        let lock: DaemonLock
        let listener: Socket
        do {
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

        // Commands get an answer at once, even while etcd is not reachable yet.
        let slot = HandlerSlot()
        let endpoint = configuration.endpoint
        ControlServer(listener: listener, handler: slot) { request in
            if request == .stop {
                return (ControlReply(output: "distreboot is stopping\n"), { self.requestStop("--stop") })
            }
            return (
                .failure(
                    "distreboot: the daemon is starting: waiting for etcd at \(endpoint) to learn this node's name",
                    .notConnected), nil
            )
        }.start()

        guard let node = resolveNodeName() else { return 0 }
        Log.info(
            "starting on node \(node), etcd at \(configuration.endpoint), rebootcmd '\(configuration.properties.rebootCommand)'"
        )
        slot.set(RequestHandler(node: node, etcd: etcd, stopDaemon: { self.requestStop("--stop") }))

        let watcher = RebootListWatcher(etcd: etcd, stop: stopFlag) { [events] in events.post(.listChanged($0)) }
        let publisher = HeartbeatPublisher(
            node: node, etcd: etcd, lifetime: configuration.properties.heartbeatSeconds,
            rebootRequiredPath: configuration.rebootRequiredPath, stop: stopFlag)
        // The list is looked at only once this node is visible again: its heartbeat is out.
        Threads.detach { publisher.run(onFirstPublished: { Threads.detach { watcher.run() } }) }

        var coordinator = RebootCoordinator(
            node: node, hasPreRebootCommand: configuration.properties.preRebootCommand != nil,
            hasPostRebootCommand: configuration.properties.postRebootCommand != nil)
        while true {
            let actions: [CoordinatorAction]
            switch events.next() {
            case .stop(let reason):
                Log.info("stopping (\(reason))")
                stopFlag.stop()
                unlink(configuration.socketPath)
                withExtendedLifetime(lock) {}
                return 0
            case .listChanged(let state): actions = coordinator.listChanged(state)
            case .commandFinished(let step, let succeeded):
                actions = coordinator.commandFinished(step, succeeded: succeeded)
            }
            for action in actions { perform(action, node: node) }
        }
    }

    /// --name, else ETCD_NAME, else the local member's name as etcd reports it.
    private func resolveNodeName() -> String? {
        if let node = configuration.node { return node }
        var logged = false
        while !stopFlag.isStopped {
            do {
                let name = try ClusterReader(etcd: etcd).membership().member
                return name
            } catch {
                if !logged { Log.warning("waiting for etcd at \(configuration.endpoint): \(error.message)") }
                logged = true
            }
            stopFlag.sleep(milliseconds: 1000)
        }
        return nil
    }

    /// Ends sleeps and retries at once, then the event loop.
    func requestStop(_ reason: String) {
        stopFlag.stop()
        events.post(.stop(reason))
    }

    private func perform(_ action: CoordinatorAction, node: String) {
        switch action {
        case .log(let level, let message):
            Log.write(level, message)
        case .run(let step):
            let command: String?
            switch step {
            case .preReboot: command = configuration.properties.preRebootCommand
            case .reboot: command = configuration.properties.rebootCommand
            case .postReboot: command = configuration.properties.postRebootCommand
            }
            runCommand(step, command ?? "true", node: node)
        case .removeSelf(let remaining, let revision):
            removeSelf(remaining: remaining, revision: revision, node: node)
        case .deleteCorrupt(let revision):
            let deleted = retrying("delete the corrupt reboot list") {
                () throws(EtcdError) in
                try etcd.transaction(
                    compare: [.modRevision(key: Keys.rebootList, equals: revision)],
                    success: [.delete(key: Keys.rebootList)])
            }
            if deleted == true { Log.warning("removed the corrupt reboot list") }
        }
    }

    private func runCommand(_ step: HookStep, _ command: String, node: String) {
        Log.info("running \(step.rawValue): \(command)")
        let pid: pid_t
        do {
            pid = try CommandRunner.spawn(command, environment: ["DISTREBOOT_NODE": node])
        } catch {
            Log.error("\(step.rawValue): \(error)")
            events.post(.commandFinished(step, succeeded: false))
            return
        }
        Threads.detach { [events] in
            let (succeeded, how) = CommandRunner.wait(pid)
            Log.write(succeeded ? .info : .error, "\(step.rawValue) ended: \(how)")
            events.post(.commandFinished(step, succeeded: succeeded))
        }
    }

    /// Takes this node off the head of the list with a compare-and-swap on
    /// the list's revision; the last node deletes the list.
    private func removeSelf(remaining: [String], revision: Int64, node: String) {
        let operation: EtcdOperation =
            remaining.isEmpty
            ? .delete(key: Keys.rebootList)
            : .put(key: Keys.rebootList, value: RebootList(nodes: remaining).encoded)
        let done = retrying("remove \(node) from the reboot list") { () throws(EtcdError) in
            try etcd.transaction(
                compare: [.modRevision(key: Keys.rebootList, equals: revision)], success: [operation])
        }
        switch done {
        case true?:
            Log.info(
                remaining.isEmpty
                    ? "removed \(node) from the reboot list; the reboot cycle is complete"
                    : "removed \(node) from the reboot list; next: \(remaining[0])")
        case false?:
            // Lost a race (e.g. --cancel): look again; the coordinator decides on what is there now.
            if let state = try? ClusterReader(etcd: etcd).rebootList(serializable: false) {
                events.post(.listChanged(state))
            }
        case nil:
            break
        }
    }

    /// Retries an etcd call until it answers or the daemon stops.
    private func retrying<T>(_ what: String, _ call: () throws(EtcdError) -> T) -> T? {
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
