// Answers the commands that arrive over the control socket.

import DistRebootCore
import QuotedText

struct RequestHandler: Sendable {
    let node: String
    let etcd: EtcdClient
    let stopDaemon: @Sendable () -> Void
    /// Issue 16: the window, blockers and notifications.
    var schedule: ScheduleRunner? = nil

    private var reader: ClusterReader { ClusterReader(etcd: etcd) }

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
        case .drop(let target): return drop(target)
        }
    }

    private func notConnected(_ error: EtcdError) -> ControlReply {
        .failure("distreboot: not connected to etcd at \(etcd.endpoint): \(error.message)", .notConnected)
    }

    private func status() -> ControlReply {
        let now = Clock.now()
        do {
            let membership = try reader.membership()
            // Serializable: the status answers from the local member even without quorum.
            let view = try reader.keys(serializable: true)
            let report = StatusReport(
                node: node,
                connection: .connected(
                    member: membership.member, endpoint: etcd.endpoint.description, leader: membership.leader),
                nodes: reader.liveness(view, leaseTimes: true, now: now), rebootList: view.list, now: now)
            let extra = schedule?.statusLines().map { $0 + "\n" }.joined() ?? ""
            return ControlReply(output: report.text + extra)
        } catch {
            let report = StatusReport(
                node: node, connection: .disconnected(endpoint: etcd.endpoint.description, reason: error.message),
                nodes: [], rebootList: nil, now: now)
            return ControlReply(exitCode: ExitCode.notConnected.rawValue, output: report.text)
        }
    }

    private func refusal(_ refusals: RebootRefusalList, _ prefix: String) -> String {
        refusals.reasons.map { "\(prefix)\($0)\n" }.joined()
    }

    private func dryRun(onlyRequired: Bool) -> ControlReply {
        let now = Clock.now()
        let snapshot: ClusterSnapshot
        do {
            snapshot = try reader.snapshot(now: now)
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
            let snapshot = try reader.snapshot(now: Clock.now())
            let order: [String]
            switch RebootPlan.plan(snapshot, onlyRequired: onlyRequired, now: Clock.now()) {
            case .success(let planned): order = planned
            case .failure(let refusals):
                Log.warning("reboot refused: " + refusals.reasons.map(\.description).joined(separator: "; "))
                return ControlReply(
                    exitCode: ExitCode.failed.rawValue, error: refusal(refusals, "distreboot: reboot refused: "))
            }
            var list = RebootList(nodes: order, onlyRequired: onlyRequired)
            list.started = Clock.now()
            list.ignoreWindow = ignoreWindow
            // Created only if no list exists: two concurrent --reboot cannot both start a cycle.
            let created = try etcd.transaction(
                compare: [.createRevision(key: Keys.rebootList, equals: 0)],
                success: [.put(key: Keys.rebootList, value: list.encoded)])
            guard created else {
                var reason = "a reboot is already in progress"
                if case .present(let existing, _) = try reader.rebootList().0 {
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
            guard try etcd.delete(key: Keys.rebootList) > 0 else {
                return ControlReply(output: "no reboot in progress\n")
            }
            Log.info("reboot cancelled")
            return ControlReply(output: "reboot cancelled\n")
        } catch {
            return notConnected(error)
        }
    }

    /// Forgets a node's heartbeat now. Its etcd member is not ours to remove:
    /// while it is listed and down, every reboot counts it as down.
    private func drop(_ target: String) -> ControlReply {
        do {
            let view = try reader.keys(serializable: false)
            let record = view.records[target]
            guard record != nil || view.alive[target] != nil else {
                return .failure("distreboot: no heartbeat of a node named \(quoted(target))")
            }
            // Both keys at once, whatever their state: an unreadable record is dropped as well.
            _ = try etcd.transaction(
                compare: [], success: [.delete(key: Keys.heartbeat(target)), .delete(key: Keys.alive(target))])
            Log.info("heartbeat of \(quoted(target)) dropped by request")
            var output = "dropped \(target)\n"
            let memberID = record.flatMap { try? Heartbeat.decode(node: target, value: $0.value).get() }?.memberID ?? 0
            let members = try etcd.members()
            if let member = members.first(where: { ($0.id == memberID && memberID != 0) || $0.name == target }) {
                let health = reader.health(of: [member])[0]
                let id = String(member.id, radix: 16)
                output +=
                    "warning: \(member.name.isEmpty ? target : member.name) is still an etcd member (id \(id), "
                    + (health.healthy ? "up" : "down")
                    + "); reboots count it as a member, and as down while it is down. If the node is gone for good, "
                    + "remove it: etcdctl member remove \(id)\n"
            }
            return ControlReply(output: output)
        } catch {
            return notConnected(error)
        }
    }
}
