// The pacemaker engine: the cluster an HA administrator already runs. It
// speaks to this node's corosync and pacemaker through their command-line
// tools (cibadmin, crm_mon, crm_attribute, attrd_updater, crm_resource,
// corosync-quorumtool): each does one CIB request or status read, and they
// are the interface pacemaker keeps stable across versions, where libcib's
// and libpe_status's C structures are not. Where things live in the CIB and
// why a write is atomic: PacemakerCIB.

import DistRebootCore
import QuotedText

struct PacemakerEngine: RebootEngine {
    /// This daemon's membership of the daemons' process group, and its view of it.
    let group = DaemonGroup()

    var kind: EngineKind { .pacemaker }
    var location: String { "pacemaker on this node" }
    var drainsAndSettles: Bool { true }

    // MARK: tools

    private func tool(_ arguments: [String], timeoutMilliseconds: Int64 = 30_000) throws(EngineError) -> ToolResult {
        do {
            return try ToolRunner.run(arguments, timeoutMilliseconds: timeoutMilliseconds)
        } catch {
            throw EngineError("\(arguments[0]): \(error)")
        }
    }

    private func succeeding(_ arguments: [String]) throws(EngineError) -> String {
        let result = try tool(arguments)
        guard result.succeeded else { throw EngineError("\(arguments[0]): \(result.complaint)") }
        return result.output
    }

    private func xml(_ text: String, from what: String) throws(EngineError) -> XMLElement {
        do {
            return try XMLElement.parse(text)
        } catch {
            throw EngineError("\(what): unreadable XML: \(error.message)")
        }
    }

    private func cib() throws(EngineError) -> XMLElement {
        try xml(try succeeding(["cibadmin", "--query"]), from: "cibadmin --query")
    }

    private func crmMon() throws(EngineError) -> PacemakerStatus {
        let text = try succeeding(["crm_mon", "--one-shot", "--output-as=xml", "--include=fencing-pending"])
        do {
            return try PacemakerStatus.parse(crmMon: text)
        } catch {
            throw EngineError("crm_mon: unreadable XML: \(error.message)")
        }
    }

    private func votes() throws(EngineError) -> VoteCount {
        // It exits non-zero without quorum; what it prints is what counts.
        let result = try tool(["corosync-quorumtool", "-s"])
        guard let votes = VoteCount.parse(quorumtool: result.output) else {
            throw EngineError("corosync-quorumtool -s: \(result.complaint)")
        }
        return votes
    }

    func localNodeName() throws(EngineError) -> String {
        let name = try succeeding(["crm_node", "--name"]).trimmingNewlines
        guard !name.isEmpty else { throw EngineError("crm_node --name printed no name") }
        return name
    }

    // MARK: the list

    func readList() throws(EngineError) -> (RebootListState, revision: Int64) {
        let result = try tool([
            "cibadmin", "--query", "--xpath",
            "/cib/configuration/crm_config/cluster_property_set[@id='\(PacemakerCIB.listSet)']",
        ])
        if result.status == 105 { return (.absent, 0) }  // no such set yet: never written
        guard result.succeeded else { throw EngineError("cibadmin --query: \(result.complaint)") }
        let state = PacemakerCIB.list(in: try xml(result.output, from: "cibadmin --query"))
        return (state.0, state.version)
    }

    /// A write of the list: once the CIB took it, every daemon is told (DaemonGroup).
    private func listWrite(_ arguments: [String]) throws(EngineError) -> ToolResult {
        let result = try tool(arguments)
        if result.succeeded { group.announceListWritten() }
        return result
    }

    func replaceList(_ list: RebootList?, at revision: Int64) throws(EngineError) -> ListWriteOutcome {
        if revision == 0 {
            // The set does not exist yet: creating it fails if another node just did.
            let result = try listWrite([
                "cibadmin", "--create", "--scope", "crm_config", "--xml-text", PacemakerCIB.setXML(list, version: 1),
            ])
            if result.succeeded { return ListWriteOutcome(succeeded: true, revision: 1) }
            guard result.status == 108 else { throw EngineError("cibadmin --create: \(result.complaint)") }
            return ListWriteOutcome(succeeded: false, revision: try readList().revision)
        }
        let result = try listWrite([
            "cibadmin", "--modify", "--xpath", PacemakerCIB.setAt(version: revision), "--xml-text",
            PacemakerCIB.setXML(list, version: revision + 1),
        ])
        if result.succeeded { return ListWriteOutcome(succeeded: true, revision: revision + 1) }
        // "No such device or address": the set is no longer at that version.
        guard result.status == 105 else { throw EngineError("cibadmin --modify: \(result.complaint)") }
        return ListWriteOutcome(succeeded: false, revision: revision)
    }

    func createList(_ list: RebootList) throws(EngineError) -> Bool {
        for _ in 0..<10 {
            let (state, revision) = try readList()
            guard case .absent = state else { return false }
            if try replaceList(list, at: revision).succeeded { return true }
        }
        return false
    }

    func removeList() throws(EngineError) -> Bool {
        for _ in 0..<10 {
            let (state, revision) = try readList()
            if case .absent = state { return false }
            if revision < 0 { return try removeCorruptList(at: revision) }
            if try replaceList(nil, at: revision).succeeded { return true }
        }
        throw EngineError("the reboot list kept changing; try again")
    }

    func removeCorruptList(at revision: Int64) throws(EngineError) -> Bool {
        guard revision < 0 else { return try replaceList(nil, at: revision).succeeded }
        // No readable version to compare: rewrite the set with a version above any count so far.
        let result = try listWrite([
            "cibadmin", "--modify", "--xpath",
            "/cib/configuration/crm_config/cluster_property_set[@id='\(PacemakerCIB.listSet)']", "--xml-text",
            PacemakerCIB.setXML(nil, version: Clock.now()),
        ])
        return result.succeeded
    }

    /// Reads the list at once on a notice of the group, else as ListFollowCadence says.
    func followList(stop: StopFlag, report: @escaping @Sendable (RebootListState) -> Void) {
        var last: RebootListState?
        var failing = false
        var cadence = ListFollowCadence()
        var seen = group.noticeCount
        while !stop.isStopped {
            do {
                let (state, _) = try readList()
                if state != last { report(state) }
                last = state
                if failing { Log.info("reading the reboot list again") }
                failing = false
            } catch {
                if !failing { Log.warning("cannot read the reboot list: \(error.message); retrying") }
                failing = true
            }
            let wait = cadence.delay(after: last, readFailed: failing, now: Clock.monotonicMilliseconds())
            let count = group.waitForNotice(after: seen, milliseconds: wait)
            if count != seen {
                seen = count
                cadence.noticed(at: Clock.monotonicMilliseconds())
            }
        }
    }

    // MARK: liveness

    func publishHeartbeat(
        _ settings: HeartbeatSettings, waiting: WaitingNote, stop: StopFlag,
        onFirstPublished: @escaping @Sendable () -> Void
    ) {
        HeartbeatKeeper(engine: self, settings: settings, waiting: waiting, stop: stop).run(
            onFirstPublished: onFirstPublished)
    }

    func writeRecord(_ heartbeat: Heartbeat) throws(EngineError) {
        _ = try succeeding([
            "crm_attribute", "--node", heartbeat.node, "--lifetime", "forever", "--name",
            PacemakerCIB.recordAttribute, "--update", heartbeat.encoded,
        ])
    }

    func setDaemonAttribute(node: String, bootID: String?) throws(EngineError) {
        if let bootID {
            _ = try succeeding([
                "attrd_updater", "--node", node, "--name", PacemakerCIB.daemonAttribute, "--update", bootID,
            ])
        } else {
            _ = try succeeding(["attrd_updater", "--node", node, "--name", PacemakerCIB.daemonAttribute, "--delete"])
        }
    }

    func nodeID() throws(EngineError) -> UInt64 {
        guard let id = UInt64(try succeeding(["crm_node", "--cluster-id"]).trimmingNewlines) else {
            throw EngineError("crm_node --cluster-id printed no number")
        }
        return id
    }

    /// The CIB, the status and the liveness read together.
    struct View {
        var cib: XMLElement
        var status: PacemakerStatus
        var nodes: [NodeLiveness]
        var records: [String: String]
        var running: [String: String]
    }

    func view(now: Int64) throws(EngineError) -> View {
        let status = try crmMon()
        let cib = try cib()
        let (records, running) = PacemakerCIB.daemons(in: cib)
        let online = Set(status.nodes.filter(\.online).map(\.name))
        let ids = try group.members()
        let inGroup = Set(status.nodes.filter { ids.contains($0.id) }.map(\.name))
        return View(
            cib: cib, status: status,
            nodes: PacemakerCIB.liveness(
                records: records, running: running, online: online, inGroup: inGroup, now: now),
            records: records, running: running)
    }

    // MARK: facts

    func turnFacts(node: String, now: Int64) -> Result<TurnFacts, TurnReadError> {
        do {
            let view = try view(now: now)
            let votes = try votes()
            let absent = view.status.nodes.map(\.name).filter { votes.present[$0] == nil }
            return .success(
                TurnFacts(
                    leader: view.status.dc, localMemberID: 0, members: [], nodes: view.nodes, engine: .pacemaker,
                    quorate: view.status.quorate && votes.quorate, votes: votes, absent: absent,
                    problems: view.status.healthProblems(rebooting: node)))
        } catch {
            return .failure(TurnReadError(message: error.message))
        }
    }

    func snapshot(node: String, now: Int64) throws(EngineError) -> ClusterSnapshot {
        let view = try view(now: now)
        let votes = try votes()
        let absent = view.status.nodes.map(\.name).filter { votes.present[$0] == nil }
        // The health gate as the first node of the cycle will see it: no node excused.
        return ClusterSnapshot(
            nodes: view.nodes, leader: view.status.dc, quorate: view.status.quorate && votes.quorate,
            rebootList: PacemakerCIB.list(in: view.cib).0, engine: .pacemaker, votes: votes, absent: absent,
            problems: view.status.healthProblems(rebooting: ""))
    }

    func status(node: String, now: Int64) -> ControlReply {
        do {
            let view = try view(now: now)
            let report = StatusReport(
                node: node, connection: .pacemaker(dc: view.status.dc, quorate: view.status.quorate),
                nodes: view.nodes, rebootList: PacemakerCIB.list(in: view.cib).0, now: now)
            return ControlReply(output: report.text)
        } catch {
            let report = StatusReport(
                node: node, connection: .pacemakerUnreachable(reason: error.message), nodes: [], rebootList: nil,
                now: now)
            return ControlReply(exitCode: ExitCode.notConnected.rawValue, output: report.text)
        }
    }

    func drop(_ target: String) -> ControlReply {
        do {
            let view = try view(now: Clock.now())
            guard view.records[target] != nil || view.running[target] != nil else {
                return .failure("distreboot: no heartbeat of a node named \(quoted(target))")
            }
            _ = try tool([
                "crm_attribute", "--node", target, "--lifetime", "forever", "--name", PacemakerCIB.recordAttribute,
                "--delete",
            ])
            if view.running[target] != nil { try setDaemonAttribute(node: target, bootID: nil) }
            Log.info("heartbeat of \(quoted(target)) dropped by request")
            var output = "dropped \(target)\n"
            if view.status.node(target) != nil {
                output +=
                    "warning: \(target) is still a node of the cluster; its quorum votes count, and count as absent "
                    + "while it is down. If the node is gone for good, remove it from corosync.conf on every node and "
                    + "run crm_node --force --remove \(target)\n"
            }
            return ControlReply(output: output)
        } catch {
            return .failure("distreboot: not connected to pacemaker: \(error.message)", .notConnected)
        }
    }

    // MARK: drain and settle

    func runBuiltIn(_ step: HookStep, node: String, properties: Properties, stop: StopFlag) -> (
        succeeded: Bool, how: String
    ) {
        switch step {
        case .drain: return drain(node, seconds: properties.drainSeconds, stop: stop)
        case .settle: return settle(node, seconds: properties.settleSeconds, stop: stop)
        default: return (true, "nothing to do")
        }
    }

    /// Standby, then wait until the node runs nothing and the cluster has no transition pending.
    private func drain(_ node: String, seconds: Int64, stop: StopFlag) -> (succeeded: Bool, how: String) {
        let start = Clock.monotonicMilliseconds()
        do {
            _ = try succeeding([
                "crm_attribute", "--node", node, "--lifetime", "forever", "--name", "standby", "--update", "on",
            ])
            Log.info("drain: \(node) is in standby; waiting until its resources have moved")
        } catch {
            return (false, "cannot put \(node) in standby: \(error.message)")
        }
        var reason = "no answer from the cluster yet"
        while !stop.isStopped {
            let left = seconds * 1000 - (Clock.monotonicMilliseconds() - start)
            if left <= 0 { break }
            do {
                let settled = try waitForIdle(milliseconds: left)
                let status = try crmMon()
                let here = status.resources.filter { $0.active && $0.nodes.contains(node) }
                if here.isEmpty, settled {
                    return (true, "\(node) runs no resource (took \(elapsed(since: start)))")
                }
                let stuck = here.filter { $0.failed || $0.blocked }
                if !stuck.isEmpty {
                    return (
                        false,
                        "resources failed to stop on \(node): " + stuck.map(\.id).joined(separator: ", ")
                            + " (fix them, then run distreboot --cancel; \(node) stays in standby)"
                    )
                }
                reason =
                    here.isEmpty
                    ? "a transition is still pending"
                    : "still active on \(node): " + here.map(\.id).joined(separator: ", ")
            } catch {
                reason = error.message
            }
            stop.sleep(milliseconds: 500)
        }
        return (false, "timed out after \(seconds) s (draintimeout): \(reason); \(node) stays in standby")
    }

    /// Online again, then wait until the node is online, no transition is
    /// pending, nothing is failed or blocked, and no action failed since the cycle began.
    private func settle(_ node: String, seconds: Int64, stop: StopFlag) -> (succeeded: Bool, how: String) {
        let start = Clock.monotonicMilliseconds()
        var reason = "no answer from the cluster yet"
        var online = false
        while !stop.isStopped {
            let left = seconds * 1000 - (Clock.monotonicMilliseconds() - start)
            if left <= 0 { break }
            do {
                if !online {
                    _ = try succeeding([
                        "crm_attribute", "--node", node, "--lifetime", "forever", "--name", "standby", "--delete",
                    ])
                    online = true
                    Log.info("settle: \(node) is out of standby; waiting for the cluster to settle")
                }
                let settled = try waitForIdle(milliseconds: left)
                let status = try crmMon()
                let started = (try? readList().0).flatMap { state -> Int64? in
                    if case .present(let list, _) = state { return list.started }
                    return nil
                }
                var problems: [String] = []
                if let me = status.node(node) {
                    if !me.online { problems.append("\(node) is not online") }
                    if me.standby { problems.append("\(node) is still in standby") }
                    if me.pending { problems.append("\(node) is still joining") }
                } else {
                    problems.append("\(node) is not in the cluster's status")
                }
                if status.dc == nil { problems.append("no DC") }
                if !status.quorate { problems.append("no quorum") }
                if !settled { problems.append("a transition is still pending") }
                problems += status.healthProblems(rebooting: node)
                if let started {
                    problems += status.failures(since: started).map {
                        "\($0.operation) failed on \($0.node) since the cycle began"
                    }
                }
                if problems.isEmpty { return (true, "the cluster has settled (took \(elapsed(since: start)))") }
                reason = problems.joined(separator: "; ")
            } catch {
                reason = error.message
            }
            stop.sleep(milliseconds: 500)
        }
        return (false, "timed out after \(seconds) s (settletimeout): \(reason)")
    }

    /// `crm_resource --wait`: true once the cluster has no transition pending (at most `milliseconds`).
    private func waitForIdle(milliseconds: Int64) throws(EngineError) -> Bool {
        let seconds = max(1, min(milliseconds / 1000, 60))
        let result = try tool(
            ["crm_resource", "--wait", "--timeout=\(seconds)s"], timeoutMilliseconds: seconds * 1000 + 5000)
        return result.succeeded
    }

    private func elapsed(since start: Int64) -> String {
        let ms = Clock.monotonicMilliseconds() - start
        return "\(ms / 1000).\(ms % 1000 / 100) s"
    }
}

extension String {
    fileprivate var trimmingNewlines: String {
        var s = Substring(self)
        while let l = s.last, l == "\n" || l == " " || l == "\r" { s.removeLast() }
        return String(s)
    }
}
