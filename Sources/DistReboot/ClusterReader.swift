// Reads what the commands and the daemon decide on: the local member, the
// leader, every member's health, the heartbeats and the reboot list. Every
// key of ours comes from one range read, so they are seen at one revision.

import DistRebootCore

struct ClusterReader: Sendable {
    let etcd: EtcdClient

    struct Membership {
        var member: String
        var memberID: UInt64
        var leader: String?
        var members: [Member]
    }

    /// Our keys at one revision.
    struct KeysView {
        var records: [String: KeyValue] = [:]
        var alive: [String: KeyValue] = [:]
        var list: RebootListState = .absent
    }

    /// The local member's name and id and its leader's name (nil without quorum).
    func membership() throws(EtcdError) -> Membership {
        let status = try etcd.status()
        let members = try etcd.members()
        func name(_ id: UInt64) -> String {
            let found = members.first { $0.id == id }?.name ?? ""
            return found.isEmpty ? "member \(String(id, radix: 16))" : found
        }
        return Membership(
            member: name(status.memberID), memberID: status.memberID,
            leader: status.leaderID == 0 ? nil : name(status.leaderID), members: members)
    }

    /// Every key under our prefix. Linearizable unless `serializable`: then the
    /// local member answers alone, even without quorum.
    func keys(serializable: Bool) throws(EtcdError) -> KeysView {
        let (kvs, _) = try etcd.range(key: Keys.prefix, prefix: true, serializable: serializable)
        var view = KeysView()
        for kv in kvs {
            if let node = Keys.node(fromHeartbeatKey: kv.key) {
                view.records[node] = kv
            } else if let node = Keys.node(fromAliveKey: kv.key) {
                view.alive[node] = kv
            } else if kv.key == Keys.rebootList {
                view.list = RebootListState.from(value: kv.value, modRevision: kv.modRevision)
            }
        }
        return view
    }

    /// The reboot list alone, linearizably, and the revision the cluster is at.
    func rebootList() throws(EtcdError) -> (RebootListState, revision: Int64) {
        let (kvs, revision) = try etcd.range(key: Keys.rebootList)
        let kv = kvs.first
        return (RebootListState.from(value: kv?.value, modRevision: kv?.modRevision ?? 0), revision)
    }

    /// Each node's liveness; with `leaseTimes`, also when its heartbeat
    /// expires (one more request per node: for the status report).
    func liveness(_ view: KeysView, leaseTimes: Bool, now: Int64) -> [NodeLiveness] {
        var aliveTTL: [String: Int64] = [:]
        var recordTTL: [String: Int64] = [:]
        if leaseTimes {
            for (node, kv) in view.alive where kv.lease != 0 {
                aliveTTL[node] = (try? etcd.timeToLive(lease: kv.lease)) ?? nil
            }
            for (node, kv) in view.records where kv.lease != 0 && view.alive[node] == nil {
                recordTTL[node] = (try? etcd.timeToLive(lease: kv.lease)) ?? nil
            }
        }
        return NodeLiveness.assess(
            records: view.records.mapValues(\.value), alive: Set(view.alive.keys), aliveTTL: aliveTTL,
            recordTTL: recordTTL, now: now)
    }

    /// Every member and whether it answers, over its own client URL, and follows a leader.
    func health(of members: [Member]) -> [MemberHealth] {
        members.map { member in
            guard let url = member.clientURLs.first else {
                return MemberHealth(id: member.id, name: member.name, healthy: false, problem: "not started")
            }
            do {
                let endpoint = try Endpoint.parse(url: url)
                let status = try EtcdClient(endpoint: endpoint, timeoutMilliseconds: 1500).status()
                guard status.leaderID != 0 else {
                    return MemberHealth(id: member.id, name: member.name, healthy: false, problem: "no leader")
                }
                return MemberHealth(id: member.id, name: member.name, healthy: true)
            } catch {
                return MemberHealth(id: member.id, name: member.name, healthy: false, problem: "\(error)")
            }
        }
    }

    /// Everything `--reboot` decides on. Reads are linearizable when the
    /// member has a leader, so that a partitioned member cannot start a cycle
    /// on stale data.
    func snapshot(now: Int64) throws(EtcdError) -> ClusterSnapshot {
        let membership = try membership()
        var quorate = membership.leader != nil
        var view: KeysView
        do {
            view = try keys(serializable: !quorate)
        } catch {
            // A linearizable read that fails while the member still names a leader: quorum was just lost.
            quorate = false
            view = try keys(serializable: true)
        }
        return ClusterSnapshot(
            nodes: liveness(view, leaseTimes: true, now: now), leader: membership.leader, quorate: quorate,
            rebootList: view.list, members: health(of: membership.members))
    }

    /// What a node checks before each step of its reboot, read linearizably.
    func turnFacts(now: Int64) -> Result<TurnFacts, TurnReadError> {
        do {
            let membership = try membership()
            // Without a leader a linearizable read only times out: say what the member says.
            let view = try keys(serializable: membership.leader == nil)
            return .success(
                TurnFacts(
                    leader: membership.leader, localMemberID: membership.memberID,
                    members: health(of: membership.members), nodes: liveness(view, leaseTimes: false, now: now)))
        } catch {
            return .failure(TurnReadError(message: error.message))
        }
    }
}
