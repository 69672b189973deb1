// The text `distreboot` prints with no option.

public struct StatusReport: Equatable, Sendable {
    public enum Connection: Equatable, Sendable {
        case connected(member: String, endpoint: String, leader: String?)
        case disconnected(endpoint: String, reason: String)
        /// The pacemaker engine: this node's partition and its DC.
        case pacemaker(dc: String?, quorate: Bool)
        case pacemakerUnreachable(reason: String)
    }

    public var node: String
    public var connection: Connection
    public var nodes: [NodeLiveness]
    public var rebootList: RebootListState?
    public var now: Int64

    public init(
        node: String, connection: Connection, nodes: [NodeLiveness], rebootList: RebootListState?, now: Int64
    ) {
        self.node = node
        self.connection = connection
        self.nodes = nodes
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
        case .pacemaker(let dc, let quorate):
            let partition = quorate ? "partition with quorum" : "partition WITHOUT quorum"
            let role = dc.map { $0 == node ? "this node is the DC" : "DC is \($0)" } ?? "no DC"
            lines.append("node \(node): connected to pacemaker (\(partition); \(role))")
        case .pacemakerUnreachable(let reason):
            lines.append("node \(node): not connected to pacemaker: \(reason)")
        }
        switch rebootList {
        case nil: lines.append("reboot: unknown")
        case .absent: lines.append("reboot: none in progress")
        case .corrupt: lines.append("reboot: the reboot list is corrupt")
        case .present(let list, _):
            lines.append(
                "reboot: in progress\(list.onlyRequired ? " (only required)" : ""): "
                    + list.nodes.enumerated().map { $0.offset == 0 ? "\($0.element) (\(headState(list)))" : $0.element }
                    .joined(separator: ", "))
        }
        let shown = nodes.sorted { $0.node < $1.node }
        if shown.isEmpty {
            lines.append("no heartbeats")
            return lines.joined(separator: "\n") + "\n"
        }
        let width = max(4, shown.map(\.node.count).max() ?? 0)
        lines.append(pad("NODE", width) + "  HEARTBEAT EXPIRES                    STATE       REBOOT-REQUIRED")
        var notes: [String] = []
        for entry in shown {
            var when = entry.expires.map { TimeFormat.utc($0) + " (" + TimeFormat.relative($0, now: now) + ")" }
            // pacemaker: a running daemon does not expire; it is alive while its node is in the cluster.
            if when == nil, entry.isAlive, case .pacemaker = connection { when = "while in the cluster" }
            let state: String
            switch entry.state {
            case .alive: state = "ok"
            case .stale: state = "stale"
            case .unreadable:
                state = "unreadable"
                notes.append(RebootBlocker.describe(entry, now: now))
            }
            if let skew = entry.clockSkew(now: now) { notes.append(skew) }
            let required = entry.heartbeat.map { $0.rebootRequired ? "yes" : "no" } ?? "?"
            lines.append(
                pad(entry.node, width) + "  " + pad(when ?? "unknown", 35) + "  " + pad(state, 10) + "  " + required)
        }
        lines += notes.map { "note: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What the head of the list is doing, as far as this node can tell.
    private func headState(_ list: RebootList) -> String {
        if let halted = list.headTurn?.halted { return "halted: \(halted)" }
        let head = nodes.first { $0.node == list.head }
        if let waiting = head?.heartbeat?.waiting, head?.isAlive == true { return "waiting: \(waiting)" }
        return "rebooting"
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
