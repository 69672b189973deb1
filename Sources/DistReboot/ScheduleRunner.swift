// The daemon's "when" (issue 16): runs requiredcmd and blockcmd on the check
// period, starts automatic cycles (auto=yes), says what holds a turn (window,
// settle, blockcmd), sends notifications and keeps the metrics file. The
// decisions are DistRebootCore's (AutoCycle, ScheduleGate, SettleTimer,
// MetricsReport); this holds their state between events and does the I/O.

import DistRebootCore
import Glibc

/// Whether requiredcmd last said that this node needs a reboot; the heartbeat reports it.
final class RequiredNote: @unchecked Sendable {
    private let monitor = Monitor()
    private var value = false
    var isSet: Bool { monitor.locked { value } }
    func set(_ v: Bool) { monitor.locked { value = v } }
}

final class ScheduleRunner: @unchecked Sendable {
    let node: String
    let settings: ScheduleProperties
    let window: WindowClock?
    let rebootRequiredPath: String
    let notifier: Notifier
    let requiredByCommand = RequiredNote()
    /// Test-only: a file holding seconds added to the clock that the window is read with.
    let testClockFile: String?
    private let metricsFile: MetricsFile?

    private let monitor = Monitor()
    /// One writer of the metrics file at a time (they share its temporary file).
    private let writing = Monitor()
    private var list: RebootListState = .absent
    private var settle: SettleTimer
    private var lastBlockCommand: CheckOutcome?
    private var requiredHung: CheckOutcome?
    /// What holds this node's turn, as the coordinator last said (kinds).
    private var turnKinds: Set<String> = []
    private var lastSchedule: [ScheduleBlocker] = []
    private var lastCycleStart: Int64?
    private var lastCycleEnd: Int64?
    private var lastRebootSeconds: Int64?
    private var metricsError: String?
    private var autoWaiting: String?

    init(node: String, configuration: DaemonConfiguration) {
        self.node = node
        settings = configuration.properties.schedule
        window = configuration.windowClock
        rebootRequiredPath = configuration.rebootRequiredPath
        notifier = Notifier(
            command: settings.notifyCommand, timeoutSeconds: settings.commandTimeoutSeconds)
        testClockFile = Files.environment("DISTREBOOT_TEST_CLOCK_FILE")
        metricsFile = settings.metricsFile.map { MetricsFile(path: $0) }
        settle = SettleTimer(settle: settings.settleSeconds)
    }

    /// The clock the window is read with: the wall clock, moved in tests only.
    func now() -> Int64 {
        guard let testClockFile, let text = try? Files.read(testClockFile),
            let offset = Int64(text.trimmingCharacters(in: " \n\t"))
        else { return Clock.now() }
        return Clock.now() + offset
    }

    // MARK: hooks called by the daemon

    func listChanged(_ state: RebootListState) {
        // The cycle's timestamps are real time, like the list's `started`: the test clock moves only the window.
        let now = Clock.now()
        monitor.locked {
            if case .present(let new, _) = state {
                if case .present = list {} else { lastCycleStart = new.started ?? now }  // a cycle seen anew
            } else if case .absent = state, case .present = list {
                lastCycleEnd = now
            }
            list = state
            // Settle time runs on the monotonic clock: the test clock moves only the window. Its start is
            // rounded up (and the time it is read at, down) so that whole seconds never cut it short.
            settle.observe(state, node: node, now: (Clock.monotonicMilliseconds() + 999) / 1000)
            if case .present(let new, _) = state, new.head != node { turnKinds = [] }
            if case .absent = state { turnKinds = [] }
        }
        writeMetrics()
    }

    /// What holds this node's turn now; runs blockcmd (on the caller's thread).
    func blockersBeforeTurn() -> [ScheduleBlocker] {
        let block = settings.blockCommand.map { runCheck($0, "blockcmd") }
        let now = now()
        return monitor.locked {
            if block != nil { lastBlockCommand = block }
            var ignoreWindow = false
            if case .present(let list, _) = list { ignoreWindow = list.ignoreWindow }
            lastSchedule = gateLocked(ignoreWindow: ignoreWindow, now: now, blockCommand: block)
            return lastSchedule
        }
    }

    /// The coordinator published why this node waits (nil: it does not).
    func waitingChanged(_ reason: String?) {
        monitor.locked {
            guard let reason else {
                turnKinds = []
                return
            }
            // The schedule's reasons that the coordinator counted (not those of a turn already begun);
            // anything beyond them is the engine's health gate.
            let counted = lastSchedule.filter { reason.contains($0.description) }
            var kinds = Set(counted.map(\.kind))
            if reason != counted.map(\.description).joined(separator: "; ") { kinds.insert("cluster") }
            turnKinds = kinds
        }
        writeMetrics()
    }

    func notify(_ event: NotifyEvent, about subject: String, _ detail: String) {
        notifier.send(Notification(event: event, node: subject, detail: detail, sender: node))
    }

    /// This node is back and left the list: how long its reboot took, by its
    /// own clock, from its turn in the list as last seen (before the removal).
    func returned() {
        let now = Clock.now()
        monitor.locked {
            if case .present(let old, _) = list, let started = old.headTurn?.started, now >= started {
                lastRebootSeconds = now - started
            }
        }
        writeMetrics()
    }

    // MARK: the check period

    /// Runs requiredcmd and blockcmd, looks for an automatic cycle and writes the metrics, every check period.
    func run(engine: any RebootEngine, stop: StopFlag) {
        while !stop.isStopped {
            if let command = settings.requiredCommand {
                let outcome = runCheck(command, "requiredcmd")
                requiredByCommand.set(outcome.passed)
                monitor.locked {
                    if case .timedOut = outcome { requiredHung = outcome } else { requiredHung = nil }
                }
            }
            if let command = settings.blockCommand {
                let outcome = runCheck(command, "blockcmd")
                monitor.locked { lastBlockCommand = outcome }
            }
            if settings.auto { lookForAutomaticCycle(engine) }
            writeMetrics()
            stop.sleep(milliseconds: settings.checkPeriodSeconds * 1000)
        }
    }

    private func runCheck(_ command: String, _ name: String) -> CheckOutcome {
        let outcome = CheckCommand.run(
            command, environment: ["DISTREBOOT_NODE": node], timeoutSeconds: settings.commandTimeoutSeconds)
        if case .timedOut = outcome { Log.warning("\(name) \(outcome); it counts as blocked") }
        return outcome
    }

    /// The engine's snapshot, and its create-if-absent of the list: of the daemons that notice at once, one wins.
    private func lookForAutomaticCycle(_ engine: any RebootEngine) {
        let now = Clock.now()
        let snapshot: ClusterSnapshot
        do {
            snapshot = try engine.snapshot(node: node, now: now)
        } catch {
            return  // the heartbeat and the watcher say that the cluster is out of reach
        }
        switch AutoCycle.decide(snapshot, window: window, now: now, windowTime: self.now()) {
        case .none:
            monitor.locked { autoWaiting = nil }
        case .wait(let why):
            let changed = monitor.locked {
                defer { autoWaiting = why }
                return why != autoWaiting
            }
            if changed { Log.info("a node needs a reboot; the automatic cycle waits: \(why)") }
        case .start(let list):
            monitor.locked { autoWaiting = nil }
            let created = (try? engine.createList(list)) ?? false
            // Lost: another daemon created it first (or a --reboot did); it announces the cycle.
            guard created else { return }
            let order = list.nodes.joined(separator: ", ")
            Log.info("automatic reboot cycle started (a node needs a reboot): order \(order)")
            notify(.start, about: node, "automatic, order: \(order)")
        }
    }

    // MARK: reports

    /// Held now, as far as this node alone can tell: with `freshBlockCommand`,
    /// blockcmd is run now (at most 20 s, so that the command gets its answer);
    /// else its outcome of the last check period counts.
    func heldNow(ignoreWindow: Bool = false, freshBlockCommand: Bool = false) -> [ScheduleBlocker] {
        if freshBlockCommand, let command = settings.blockCommand {
            let outcome = CheckCommand.run(
                command, environment: ["DISTREBOOT_NODE": node],
                timeoutSeconds: min(settings.commandTimeoutSeconds, 20))
            monitor.locked { lastBlockCommand = outcome }
        }
        let now = now()
        return monitor.locked { gateLocked(ignoreWindow: ignoreWindow, now: now, blockCommand: lastBlockCommand) }
    }

    /// ScheduleGate's blockers with this runner's state (window, settle timer,
    /// a hung requiredcmd); the caller holds `monitor`.
    private func gateLocked(ignoreWindow: Bool, now: Int64, blockCommand: CheckOutcome?) -> [ScheduleBlocker] {
        var blockers = ScheduleGate.blockers(
            window: window, ignoreWindow: ignoreWindow, now: now, settle: settings.settleSeconds,
            settleRemaining: settle.remaining(now: Clock.monotonicMilliseconds() / 1000), blockCommand: blockCommand)
        if let requiredHung { blockers.append(.requiredCommand(requiredHung.description)) }
        return blockers
    }

    func windowState() -> (WindowClock, Int64)? { window.map { ($0, now()) } }

    /// Lines added to the status report.
    func statusLines() -> [String] {
        var lines: [String] = []
        if let (clock, now) = windowState() {
            lines.append("reboot window: \(clock.window.text): \(clock.describe(at: now))")
        }
        let waits = monitor.locked { () -> String? in autoWaiting }
        var auto = "off"
        if settings.auto {
            auto = "on (checked every \(TimeFormat.duration(settings.checkPeriodSeconds)))"
            if let waits { auto += "; a node needs a reboot, the cycle waits: \(waits)" }
        }
        lines.append("automatic cycles: " + auto)
        let held = heldNow().filter { $0.kind != "window" }
        if !held.isEmpty { lines.append("held on this node: " + held.map(\.description).joined(separator: "; ")) }
        return lines
    }

    private func writeMetrics() {
        guard metricsFile != nil else { return }
        writing.locked { writeMetricsLocked() }
    }

    private func writeMetricsLocked() {
        guard let metricsFile else { return }
        let required = Files.exists(rebootRequiredPath) || requiredByCommand.isSet
        let held = heldNow()
        let windowOpen = windowState().map { $0.0.isOpen(at: $0.1) }
        let report: MetricsReport = monitor.locked {
            var report = MetricsReport(node: node, rebootRequired: required)
            if case .present(let list, _) = list {
                report.cycleInProgress = true
                report.position = (list.nodes.firstIndex(of: node) ?? -1) + 1
                report.remaining = list.nodes.count
            }
            report.blocked = Set(held.map(\.kind)).union(turnKinds)
            report.windowOpen = windowOpen
            report.lastCycleStart = lastCycleStart
            report.lastCycleEnd = lastCycleEnd
            report.lastRebootSeconds = lastRebootSeconds
            return report
        }
        do {
            try metricsFile.write(report.text)
            monitor.locked { metricsError = nil }
        } catch {
            var message = "\(error)"
            if error.errno == ENOENT {
                message +=
                    " (is node_exporter's textfile collector folder there? set metricsfile= to another file, "
                    + "or to nothing for none)"
            }
            let first = monitor.locked {
                defer { metricsError = message }
                return metricsError != message
            }
            if first { Log.warning("cannot write the metrics file: \(message)") }
        }
    }
}
