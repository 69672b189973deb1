// Answers the commands that arrive over the control socket.

import DistRebootCore
import QuotedText

struct RequestHandler: Sendable {
    let node: String
    let engine: any RebootEngine
    let stopDaemon: @Sendable () -> Void
    /// Issue 16: the window, blockers and notifications.
    var schedule: ScheduleRunner? = nil

    /// The reply, and what to do once it has been sent.
    func handle(_ request: ControlRequest) -> (ControlReply, afterReply: (@Sendable () -> Void)?) {
        switch request {
        case .stop:
            Log.info("stop requested")
            return (ControlReply(output: "distreboot on \(node) is stopping\n"), stopDaemon)
        default:
            return (answer(request), nil)
        }
    }

    private func answer(_ request: ControlRequest) -> ControlReply {
        switch request {
        case .status, .stop: return status()
        case .dryRun(let onlyRequired): return dryRun(onlyRequired: onlyRequired)
        case .reboot(let onlyRequired, let now): return reboot(onlyRequired: onlyRequired, now: now)
        case .cancel: return cancel()
        case .drop(let target): return engine.drop(target)
        }
    }

    private func notConnected(_ error: EngineError) -> ControlReply {
        .failure("distreboot: not connected to \(engine.location): \(error.message)", .notConnected)
    }

    /// The engine's status, and (issue 16) the window, automatic cycles and what holds this node.
    private func status() -> ControlReply {
        var reply = engine.status(node: node, now: Clock.now())
        if reply.exitCode == 0, let schedule {
            reply.output += schedule.statusLines().map { $0 + "\n" }.joined()
        }
        return reply
    }

    private func refusal(_ refusals: RebootRefusalList, _ prefix: String) -> String {
        refusals.reasons.map { "\(prefix)\($0)\n" }.joined()
    }

    private func dryRun(onlyRequired: Bool) -> ControlReply {
        let now = Clock.now()
        let snapshot: ClusterSnapshot
        do {
            snapshot = try engine.snapshot(node: node, now: now)
        } catch {
            return notConnected(error)
        }
        let candidates = snapshot.candidates(onlyRequired: onlyRequired)
        var output =
            candidates.isEmpty
            ? ""
            : "reboot order: " + RebootOrder.order(nodes: candidates, leader: snapshot.leader).joined(separator: ", ")
                + "\n"
        output +=
            schedule.map { DryRunSchedule.lines(window: $0.windowState(), held: $0.heldNow(freshBlockCommand: true)) }
            ?? ""
        switch RebootPlan.plan(snapshot, onlyRequired: onlyRequired, now: now) {
        case .success:
            return ControlReply(output: output)
        case .failure(let refusals):
            return ControlReply(
                exitCode: ExitCode.failed.rawValue, output: output,
                error: refusal(refusals, "distreboot: --reboot would be refused: "))
        }
    }

    private func reboot(onlyRequired: Bool, now ignoreWindow: Bool) -> ControlReply {
        do {
            let now = Clock.now()
            let snapshot = try engine.snapshot(node: node, now: now)
            let order: [String]
            switch RebootPlan.plan(snapshot, onlyRequired: onlyRequired, now: now) {
            case .success(let planned): order = planned
            case .failure(let refusals):
                Log.warning("reboot refused: " + refusals.reasons.map(\.description).joined(separator: "; "))
                return ControlReply(
                    exitCode: ExitCode.failed.rawValue, error: refusal(refusals, "distreboot: reboot refused: "))
            }
            var list = RebootList(nodes: order, onlyRequired: onlyRequired, started: now)
            list.ignoreWindow = ignoreWindow
            // Created only if no list exists: two concurrent --reboot cannot both start a cycle.
            guard try engine.createList(list) else {
                var reason = "a reboot is already in progress"
                if case .present(let existing, _) = try engine.readList().0 {
                    reason = RebootRefusal.inProgress(existing.nodes).description
                }
                return .failure("distreboot: reboot refused: \(reason)")
            }
            Log.info("reboot started: order " + order.joined(separator: ", "))
            schedule?.notify(.start, about: node, "order: " + order.joined(separator: ", "))
            var output = "reboot started: " + order.joined(separator: ", ") + "\n"
            // Issue 16: outside the window, the cycle waits for it (unless --now).
            if !ignoreWindow, let (clock, now) = schedule?.windowState(), !clock.isOpen(at: now) {
                output += "the first reboot waits for the reboot window: \(clock.describe(at: now)) (--now: at once)\n"
            }
            return ControlReply(output: output)
        } catch {
            return notConnected(error)
        }
    }

    private func cancel() -> ControlReply {
        do {
            guard try engine.removeList() else {
                return ControlReply(output: "no reboot in progress\n")
            }
            Log.info("reboot cancelled")
            return ControlReply(output: "reboot cancelled\n")
        } catch {
            return notConnected(error)
        }
    }
}
