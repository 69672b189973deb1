// The etcd engine: the reboot list is one key changed by transactions on its
// mod revision, heartbeats are keys bound to leases (HeartbeatPublisher), the
// list is followed with a watch (RebootListWatcher), and the cluster's facts
// come from ClusterReader. Drain and settle are left to the hooks.

import DistRebootCore
import QuotedText

struct EtcdEngine: RebootEngine {
    let etcd: EtcdClient

    var kind: EngineKind { .etcd }
    var location: String { "etcd at \(etcd.endpoint)" }
    var drainsAndSettles: Bool { false }
    private var reader: ClusterReader { ClusterReader(etcd: etcd) }

    private func wrapped<T>(_ call: () throws(EtcdError) -> T) throws(EngineError) -> T {
        do {
            return try call()
        } catch {
            throw EngineError(error.message)
        }
    }

    func localNodeName() throws(EngineError) -> String {
        try wrapped { () throws(EtcdError) in try reader.membership().member }
    }

    func readList() throws(EngineError) -> (RebootListState, revision: Int64) {
        try wrapped { () throws(EtcdError) in try reader.rebootList() }
    }

    func replaceList(_ list: RebootList?, at revision: Int64) throws(EngineError) -> ListWriteOutcome {
        let operation: EtcdOperation =
            list.map { .put(key: Keys.rebootList, value: $0.encoded) } ?? .delete(key: Keys.rebootList)
        let outcome = try wrapped { () throws(EtcdError) in
            try etcd.transact(compare: [.modRevision(key: Keys.rebootList, equals: revision)], success: [operation])
        }
        return ListWriteOutcome(succeeded: outcome.succeeded, revision: outcome.revision)
    }

    func createList(_ list: RebootList) throws(EngineError) -> Bool {
        try wrapped { () throws(EtcdError) in
            try etcd.transaction(
                compare: [.createRevision(key: Keys.rebootList, equals: 0)],
                success: [.put(key: Keys.rebootList, value: list.encoded)])
        }
    }

    func removeList() throws(EngineError) -> Bool {
        try wrapped { () throws(EtcdError) in try etcd.delete(key: Keys.rebootList) > 0 }
    }

    func removeCorruptList(at revision: Int64) throws(EngineError) -> Bool {
        try wrapped { () throws(EtcdError) in
            try etcd.transaction(
                compare: [.modRevision(key: Keys.rebootList, equals: revision)],
                success: [.delete(key: Keys.rebootList)])
        }
    }

    func followList(stop: StopFlag, report: @escaping @Sendable (RebootListState) -> Void) {
        RebootListWatcher(etcd: etcd, stop: stop, report: report).run()
    }

    func publishHeartbeat(
        _ settings: HeartbeatSettings, waiting: WaitingNote, stop: StopFlag,
        onFirstPublished: @escaping @Sendable () -> Void
    ) {
        HeartbeatPublisher(settings: settings, etcd: etcd, waiting: waiting, stop: stop)
            .run(onFirstPublished: onFirstPublished)
    }

    func turnFacts(node: String, now: Int64) -> Result<TurnFacts, TurnReadError> { reader.turnFacts(now: now) }

    func snapshot(node: String, now: Int64) throws(EngineError) -> ClusterSnapshot {
        try wrapped { () throws(EtcdError) in try reader.snapshot(now: now) }
    }

    func runBuiltIn(_ step: HookStep, node: String, properties: Properties, stop: StopFlag) -> (
        succeeded: Bool, how: String
    ) { (true, "nothing to do on etcd") }

    func status(node: String, now: Int64) -> ControlReply {
        do {
            let membership = try reader.membership()
            // Serializable: the status answers from the local member even without quorum.
            let view = try reader.keys(serializable: true)
            let report = StatusReport(
                node: node,
                connection: .connected(
                    member: membership.member, endpoint: etcd.endpoint.description, leader: membership.leader),
                nodes: reader.liveness(view, leaseTimes: true, now: now), rebootList: view.list, now: now)
            return ControlReply(output: report.text)
        } catch {
            let report = StatusReport(
                node: node, connection: .disconnected(endpoint: etcd.endpoint.description, reason: error.message),
                nodes: [], rebootList: nil, now: now)
            return ControlReply(exitCode: ExitCode.notConnected.rawValue, output: report.text)
        }
    }

    /// Forgets a node's heartbeat now. Its etcd member is not ours to remove:
    /// while it is listed and down, every reboot counts it as down.
    func drop(_ target: String) -> ControlReply {
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
            return .failure("distreboot: not connected to etcd at \(etcd.endpoint): \(error.message)", .notConnected)
        }
    }
}
