// The text `distreboot` prints with no option.

public struct StatusReport: Equatable, Sendable {
    public enum Connection: Equatable, Sendable {
        case connected(member: String, endpoint: String, leader: String?)
        case disconnected(endpoint: String, reason: String)
    }

    public var node: String
    public var connection: Connection
    public var heartbeats: [Heartbeat]
    public var rebootList: RebootListState?
    public var now: Int64

    public init(
        node: String, connection: Connection, heartbeats: [Heartbeat], rebootList: RebootListState?, now: Int64
    ) {
        self.node = node
        self.connection = connection
        self.heartbeats = heartbeats
        self.rebootList = rebootList
        self.now = now
    }

    public var text: String {
        var lines: [String] = []
        switch connection {
        case .connected(let member, let endpoint, let leader):
            let role: String
            if let leader {
                role = leader == member ? "leader" : "follower; leader is \(leader)"
            } else {
                role = "no leader: the cluster is not in quorum"
            }
            lines.append("node \(node): connected to etcd member \(member) at \(endpoint) (\(role))")
        case .disconnected(let endpoint, let reason):
            lines.append("node \(node): not connected to etcd at \(endpoint): \(reason)")
        }
        switch rebootList {
        case nil: lines.append("reboot: unknown")
        case .absent: lines.append("reboot: none in progress")
        case .corrupt: lines.append("reboot: the reboot list is corrupt")
        case .present(let list, _):
            lines.append(
                "reboot: in progress\(list.onlyRequired ? " (only required)" : ""): "
                    + list.nodes.enumerated().map { $0.offset == 0 ? "\($0.element) (rebooting)" : $0.element }
                    .joined(separator: ", "))
        }
        let shown = heartbeats.filter { HeartbeatExpiry.age(of: $0, at: now) != .forgotten }
            .sorted { $0.node < $1.node }
        if shown.isEmpty {
            lines.append("no heartbeats")
            return lines.joined(separator: "\n") + "\n"
        }
        let width = max(4, shown.map(\.node.count).max() ?? 0)
        lines.append(pad("NODE", width) + "  HEARTBEAT EXPIRES                    STATE  REBOOT-REQUIRED")
        for hb in shown {
            let stale = HeartbeatExpiry.age(of: hb, at: now) == .stale
            let when = TimeFormat.utc(hb.expires) + " (" + TimeFormat.relative(hb.expires, now: now) + ")"
            lines.append(
                pad(hb.node, width) + "  " + pad(when, 35) + "  " + pad(stale ? "stale" : "ok", 5) + "  "
                    + (hb.rebootRequired ? "yes" : "no"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
