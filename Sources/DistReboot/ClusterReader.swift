// Reads what the commands report on: the local member, the leader, the
// heartbeats and the reboot list.

import DistRebootCore

struct ClusterReader: Sendable {
    let etcd: EtcdClient

    struct Membership {
        var member: String
        var leader: String?
    }

    /// The local member's name and its leader's (nil without quorum).
    func membership() throws(EtcdError) -> Membership {
        let status = try etcd.status()
        let members = try etcd.members()
        func name(_ id: UInt64) -> String {
            let found = members.first { $0.id == id }?.name ?? ""
            return found.isEmpty ? "member \(String(id, radix: 16))" : found
        }
        return Membership(member: name(status.memberID), leader: status.leaderID == 0 ? nil : name(status.leaderID))
    }

    func heartbeats(serializable: Bool) throws(EtcdError) -> [(Heartbeat?, KeyValue)] {
        let (kvs, _) = try etcd.range(key: Keys.heartbeatPrefix, prefix: true, serializable: serializable)
        return kvs.compactMap { kv in
            guard let node = Keys.node(fromHeartbeatKey: kv.key) else { return nil }
            return (Heartbeat.decode(node: node, value: kv.value), kv)
        }
    }

    func rebootList(serializable: Bool) throws(EtcdError) -> RebootListState {
        let (kvs, _) = try etcd.range(key: Keys.rebootList, serializable: serializable)
        guard let kv = kvs.first else { return .absent }
        return RebootListState.from(value: kv.value, modRevision: kv.modRevision)
    }

    /// Everything `--reboot` decides on. Reads are linearizable when the
    /// member has a leader, so that a partitioned member cannot start a cycle
    /// on stale data.
    func snapshot() throws(EtcdError) -> ClusterSnapshot {
        let membership = try membership()
        var quorate = membership.leader != nil
        var heartbeats: [Heartbeat]
        var list: RebootListState
        do {
            heartbeats = try self.heartbeats(serializable: !quorate).compactMap(\.0)
            list = try rebootList(serializable: !quorate)
        } catch {
            // A linearizable read that fails while the member still names a leader: quorum was just lost.
            quorate = false
            heartbeats = try self.heartbeats(serializable: true).compactMap(\.0)
            list = try rebootList(serializable: true)
        }
        return ClusterSnapshot(heartbeats: heartbeats, leader: membership.leader, quorate: quorate, rebootList: list)
    }
}
