import Testing

@testable import DistRebootCore

/// Issue 16's decisions with a fake clock: the gate before a turn, pause and
/// resume at the window's edges, settle, the automatic-cycle election,
/// notifications, metrics and the properties.
struct ScheduleTests {
    typealias F = ClusterFixture
    /// Wednesday 2026-12-02 00:00 UTC.
    let midnight = utc(2026, 12, 2, 0)

    func window(_ text: String = "* 01:00-02:00 UTC") throws -> WindowClock {
        WindowClock(window: try RebootWindow.parse(text), zone: .utc())
    }

    func healthy() -> Result<TurnFacts, TurnReadError> {
        .success(
            TurnFacts(
                leader: "c", localMemberID: 1, members: F.members(), nodes: ["a", "b", "c"].map { F.alive($0) }))
    }

    func gate(
        _ clock: WindowClock?, at now: Int64, ignoreWindow: Bool = false, settleLeft: Int64 = 0,
        block: CheckOutcome? = nil
    ) -> [ScheduleBlocker] {
        ScheduleGate.blockers(
            window: clock, ignoreWindow: ignoreWindow, now: now, settle: 30, settleRemaining: settleLeft,
            blockCommand: block)
    }

    @Test func theGateHoldsOutsideTheWindowUnlessNow() throws {
        let w = try window()
        #expect(gate(w, at: midnight + 3600) == [])
        let held = gate(w, at: midnight)
        #expect(held == [.outsideWindow(next: "closed; next opens 2026-12-02 01:00 UTC")])
        #expect(held[0].description == "outside the reboot window (closed; next opens 2026-12-02 01:00 UTC)")
        #expect(gate(w, at: midnight, ignoreWindow: true) == [])
        #expect(gate(nil, at: midnight) == [])
        #expect(gate(nil, at: midnight, settleLeft: 5) == [.settling(seconds: 30)])
        #expect(gate(nil, at: midnight, block: .exited(0)) == [])
        #expect(gate(nil, at: midnight, block: .exited(1)).map(\.kind) == ["blockcmd"])
        #expect(
            gate(nil, at: midnight, block: .timedOut(seconds: 3)).map(\.description) == [
                "blockcmd hung: killed after 3 s"
            ])
    }

    /// A window that closes mid-cycle: the node that has begun goes on; the
    /// next waits (pause), and goes when the window opens the next night.
    @Test func aWindowClosingMidCyclePausesAfterTheCurrentNodeAndResumes() throws {
        let w = try window()
        var a = RebootCoordinator(node: "a", bootID: "boot-1", hasPreRebootCommand: true, hasPostRebootCommand: false)
        var now = midnight + 3600 + 3500  // 01:58, inside
        _ = a.listChanged(.present(RebootList(nodes: ["a", "b"]), modRevision: 5))
        let begin = a.turnChecked(healthy(), now: now, schedule: gate(w, at: now))
        guard case .writeList(let begun?, 5, .beginTurn)? = begin.last else {
            Issue.record("no turn begun: \(begin)")
            return
        }
        #expect(a.listChanged(.present(begun, modRevision: 6)).last == .run(.preReboot))
        now = midnight + 2 * 3600 + 60  // 02:01: closed while prerebootcmd ran
        #expect(a.commandFinished(.preReboot, succeeded: true) == [.checkTurn])
        // The turn has begun: the window no longer holds it.
        #expect(a.turnChecked(healthy(), now: now, schedule: gate(w, at: now)).last == .run(.reboot))

        // a is back; b is next, outside the window: it waits, says why, and pauses the cycle.
        var b = RebootCoordinator(node: "b", bootID: "boot-b", hasPreRebootCommand: false, hasPostRebootCommand: false)
        var rest = RebootList(nodes: ["b"])
        rest.previous = "a"
        #expect(b.listChanged(.present(rest, modRevision: 8)).last == .checkTurn)
        let paused = b.turnChecked(healthy(), now: now, schedule: gate(w, at: now))
        let reason = "outside the reboot window (closed; next opens 2026-12-03 01:00 UTC)"
        #expect(paused.contains(.setWaiting(reason)))
        #expect(paused.contains(.notify(.pause, reason)))
        #expect(paused.last == .recheckLater)
        #expect(b.phase == .waiting(.preReboot, modRevision: 8))
        // Later the same night: still closed, no new note, no new notification.
        now += 3 * 3600
        #expect(b.recheckDue() == [.checkTurn])
        #expect(b.turnChecked(healthy(), now: now, schedule: gate(w, at: now)) == [.recheckLater])
        // The next night at 01:00 it resumes.
        now = utc(2026, 12, 3, 1)
        _ = b.recheckDue()
        let resumed = b.turnChecked(healthy(), now: now, schedule: gate(w, at: now))
        #expect(resumed.contains(.setWaiting(nil)))
        guard case .writeList(let next?, 8, .beginTurn)? = resumed.last else {
            Issue.record("b did not begin: \(resumed)")
            return
        }
        #expect(next.headTurn?.started == now)
    }

    /// Paused by the window with the settle time running beside it: when the
    /// settle time ends the reason changes, but the pause is told only once;
    /// a blocker that comes and goes makes the pause worth telling again.
    @Test func aPauseIsNotifiedOnceWhileTheSettleTimeEndsBesideIt() throws {
        let w = try window()
        let now = midnight + 2 * 3600 + 60  // 02:01: closed
        var b = RebootCoordinator(node: "b", bootID: "boot-b", hasPreRebootCommand: false, hasPostRebootCommand: false)
        var rest = RebootList(nodes: ["b"])
        rest.previous = "a"
        _ = b.listChanged(.present(rest, modRevision: 8))
        func notifications(_ actions: [CoordinatorAction]) -> [NotifyEvent] {
            actions.compactMap { if case .notify(let event, _) = $0 { return event } else { return nil } }
        }
        #expect(
            notifications(b.turnChecked(healthy(), now: now, schedule: gate(w, at: now, settleLeft: 5))) == [.pause])
        _ = b.recheckDue()
        let settled = b.turnChecked(healthy(), now: now + 10, schedule: gate(w, at: now + 10))
        #expect(settled.contains(.setWaiting("outside the reboot window (closed; next opens 2026-12-03 01:00 UTC)")))
        #expect(notifications(settled) == [])
        _ = b.recheckDue()
        #expect(
            notifications(b.turnChecked(healthy(), now: now + 20, schedule: gate(w, at: now + 20, block: .exited(1))))
                == [.block])
        _ = b.recheckDue()
        #expect(notifications(b.turnChecked(healthy(), now: now + 30, schedule: gate(w, at: now + 30))) == [.pause])
    }

    @Test func aFailingBlockCommandBlocksAndSaysSo() {
        var a = RebootCoordinator(node: "a", bootID: "boot-1", hasPreRebootCommand: false, hasPostRebootCommand: false)
        _ = a.listChanged(.present(RebootList(nodes: ["a", "b"]), modRevision: 5))
        let held = a.turnChecked(healthy(), now: midnight, schedule: gate(nil, at: midnight, block: .exited(2)))
        #expect(held.contains(.notify(.block, "blockcmd exit status 2")))
        // Settle alone neither pauses nor blocks: no notification.
        _ = a.recheckDue()
        let settling = a.turnChecked(healthy(), now: midnight, schedule: gate(nil, at: midnight, settleLeft: 3))
        #expect(settling.contains(.setWaiting("settle: 30s after the previous node's return")))
        #expect(!settling.contains { if case .notify = $0 { return true } else { return false } })
    }

    @Test func settleCountsFromWhenThisNodeBecameHeadAfterAReturn() {
        var timer = SettleTimer(settle: 30)
        var list = RebootList(nodes: ["b", "c"])
        timer.observe(.present(list, modRevision: 1), node: "b", now: 100)
        #expect(timer.remaining(now: 100) == 0)  // the first node of a cycle does not settle
        list.previous = "a"
        timer.observe(.present(list, modRevision: 2), node: "b", now: 200)
        #expect(timer.remaining(now: 210) == 20)
        timer.observe(.present(list, modRevision: 2), node: "b", now: 220)  // seen again: same start
        #expect(timer.remaining(now: 225) == 5)
        #expect(timer.remaining(now: 231) == 0)
        timer.observe(.present(list, modRevision: 2), node: "c", now: 240)  // not this node's turn
        #expect(timer.remaining(now: 240) == 0)
        #expect(SettleTimer(settle: 0).remaining(now: 0) == 0)
    }

    func snapshot(required: Set<String>, list: RebootListState = .absent) -> ClusterSnapshot {
        ClusterSnapshot(
            nodes: ["a", "b", "c"].map { F.alive($0, required: required.contains($0)) }, leader: "b", quorate: true,
            rebootList: list, members: F.members())
    }

    @Test func autoStartsOnlyRequiredNodesInsideTheWindow() throws {
        let w = try window()
        #expect(AutoCycle.decide(snapshot(required: []), window: w, now: midnight + 3600) == .none)
        #expect(
            AutoCycle.decide(snapshot(required: ["a"]), window: w, now: midnight)
                == .wait("outside the reboot window (closed; next opens 2026-12-02 01:00 UTC)"))
        guard case .start(let list) = AutoCycle.decide(snapshot(required: ["a", "b"]), window: w, now: midnight + 3600)
        else {
            Issue.record("no start")
            return
        }
        #expect(list.nodes == ["a", "b"])  // the leader, b, last
        #expect(list.onlyRequired && list.automatic && list.started == midnight + 3600)
        #expect(
            AutoCycle.decide(
                snapshot(required: ["a"], list: .present(RebootList(nodes: ["a"]), modRevision: 3)), window: w,
                now: midnight + 3600) == .none)
        var stale = snapshot(required: ["a"])
        stale.nodes[2] = F.stale("c")
        guard case .wait(let why) = AutoCycle.decide(stale, window: nil, now: F.now) else {
            Issue.record("a stale node did not hold the automatic cycle")
            return
        }
        #expect(why.contains("stale heartbeat: c"))
    }

    /// The window may be read on another clock than the one the list's start
    /// is stamped with (the daemons' test clock moves the window only).
    @Test func theWindowIsReadAtItsOwnTime() throws {
        let w = try window()
        let real: Int64 = 1_700_000_000
        guard
            case .start(let list) = AutoCycle.decide(
                snapshot(required: ["a"]), window: w, now: real, windowTime: midnight + 3600)
        else {
            Issue.record("no start inside the window")
            return
        }
        #expect(list.started == real)
        #expect(
            AutoCycle.decide(snapshot(required: ["a"]), window: w, now: midnight + 3600, windowTime: midnight)
                == .wait("outside the reboot window (closed; next opens 2026-12-02 01:00 UTC)"))
    }

    /// Every daemon notices at the same instant; the list's create-if-absent
    /// (modelled here as the store both engines give) lets one of them start.
    @Test func whenAllNoticeAtOnceExactlyOneStarts() throws {
        var store: RebootList?
        func createIfAbsent(_ list: RebootList) -> Bool {
            guard store == nil else { return false }
            store = list
            return true
        }
        let now = midnight + 3600
        let seen = snapshot(required: ["a", "c"])  // each read before any wrote
        var started: [String] = []
        for daemon in ["c", "a", "b"] {
            if case .start(let list) = AutoCycle.decide(seen, window: try window(), now: now), createIfAbsent(list) {
                started.append(daemon)
            }
        }
        #expect(started == ["c"])
        #expect(store?.nodes == ["a", "c"])
        // The next period: the cycle runs, nobody starts another.
        let later = snapshot(required: ["a", "c"], list: .present(store!, modRevision: 2))
        #expect(AutoCycle.decide(later, window: try window(), now: now + 60) == .none)
    }

    @Test func theListCarriesTheCycleAcrossReboots() {
        var list = RebootList(nodes: ["a", "b"], onlyRequired: true)
        list.started = 1_700_000_000
        list.ignoreWindow = true
        list.automatic = true
        var turn = Turn(node: "a", bootID: "x")
        turn.started = 1_700_000_100
        list.turn = turn
        #expect(RebootList.decode(Array(list.encoded.utf8)) == list)
        let next = list.withoutHead()
        #expect(next?.nodes == ["b"] && next?.previous == "a" && next?.turn == nil && next?.started == list.started)
        #expect(next?.withoutHead() == nil)
        // A list written before issue 16 still reads.
        #expect(RebootList.decode(Array(#"{"nodes":["a"],"only_required":false}"#.utf8)) == RebootList(nodes: ["a"]))
    }

    @Test func dryRunSaysWhenAndWhatHolds() throws {
        let w = try window()
        #expect(DryRunSchedule.lines(window: nil, held: []) == "")
        let held: [ScheduleBlocker] = [.outsideWindow(next: "x"), .blockCommand("exit status 1")]
        #expect(
            DryRunSchedule.lines(window: (w, midnight), held: held)
                == "start: when the reboot window opens, 2026-12-02 01:00 UTC (in 1h 0m); "
                + "--reboot --now starts at once\nheld now: blockcmd exit status 1\n")
        #expect(
            DryRunSchedule.lines(window: (w, midnight + 3600), held: [])
                == "start: now, inside the reboot window (open until 2026-12-02 02:00 UTC (in 1h 0m))\n")
    }

    @Test func notificationEnvironment() {
        let n = Notification(event: .return, node: "b", detail: "next: c", sender: "b")
        #expect(
            n.environment == [
                "DISTREBOOT_EVENT": "return", "DISTREBOOT_NODE": "b", "DISTREBOOT_DETAIL": "next: c",
                "DISTREBOOT_SENDER": "b",
            ])
        #expect(n.summary == "return b: next: c")
        #expect(
            NotifyEvent.allCases.map(\.rawValue) == ["start", "reboot", "return", "pause", "block", "halt", "finish"])
    }

    @Test func metricsText() {
        var m = MetricsReport(node: "n\"1", rebootRequired: true, cycleInProgress: true, position: 2, remaining: 3)
        m.blocked = ["window"]
        m.windowOpen = false
        m.lastCycleStart = 1_700_000_000
        m.lastRebootSeconds = 42
        let text = m.text
        #expect(text.contains("distreboot_reboot_required{node=\"n\\\"1\"} 1\n"))
        #expect(text.contains("distreboot_list_position{node=\"n\\\"1\"} 2\n"))
        #expect(text.contains("distreboot_blocked{node=\"n\\\"1\",reason=\"window\"} 1\n"))
        #expect(text.contains("distreboot_blocked{node=\"n\\\"1\",reason=\"blockcmd\"} 0\n"))
        #expect(text.contains("distreboot_last_reboot_duration_seconds{node=\"n\\\"1\"} 42\n"))
        #expect(!text.contains("last_cycle_end"))
        #expect(text.hasPrefix("# HELP distreboot_reboot_required "))
    }

    @Test func scheduleProperties() throws {
        var p = Properties()
        try p.apply(
            fileText: """
                auto = yes
                window = Mon-Fri 02:00-05:00 Europe/Berlin
                settle=120
                blockcmd=/usr/local/bin/ok
                requiredcmd=needs-restarting -r
                notifycmd=mail root
                metricsfile=
                checkperiod=5
                cmdtimeout=10
                """, path: "/etc/distreboot.properties")
        #expect(p.schedule.auto && p.schedule.settleSeconds == 120 && p.schedule.metricsFile == nil)
        #expect(p.schedule.window?.zone == "Europe/Berlin")
        #expect(p.schedule.windowOrigin == "/etc/distreboot.properties:2")
        #expect(p.schedule.requiredCommand == "needs-restarting -r" && p.schedule.commandTimeoutSeconds == 10)
        #expect(Properties().schedule.metricsFile == "/var/lib/prometheus/node-exporter/distreboot.prom")
        #expect(!Properties().schedule.auto && Properties().schedule.window == nil)
        for (line, message) in [
            ("auto=maybe", #"f:1: auto must be yes or no, not "maybe""#),
            ("settle=-1", #"f:1: settle must be a number of seconds from 0 to 86400, not "-1""#),
            ("checkperiod=1", #"f:1: checkperiod must be a number of seconds from 5 to 86400, not "1""#),
            ("cmdtimeout=0", #"f:1: cmdtimeout must be a number of seconds from 1 to 3600, not "0""#),
            ("metricsfile=relative.prom", "f:1: metricsfile must be an absolute file name"),
            ("window=Mon 02:00-05:00", #"f:1: window "Mon 02:00-05:00": it must end with a time zone"#),
            ("windows=x", #"f:1: unknown property "windows" (known: "#),
        ] {
            var q = Properties()
            do {
                try q.apply(fileText: line, path: "f")
                Issue.record("accepted \(line)")
            } catch {
                #expect(error.message.hasPrefix(message), "\(error.message)")
            }
        }
    }
}
