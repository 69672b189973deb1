// The Prometheus text file a daemon keeps for node_exporter's textfile
// collector: what this node knows of the reboot cycle, one sample each.

public struct MetricsReport: Equatable, Sendable {
    public var node: String
    public var rebootRequired: Bool
    public var cycleInProgress: Bool
    /// This node's place in the reboot list, from 1; 0 when it is not in it.
    public var position: Int
    /// Nodes left in the list.
    public var remaining: Int
    /// What holds the next reboot now (ScheduleBlocker kinds).
    public var blocked: Set<String>
    /// nil: no window is set.
    public var windowOpen: Bool?
    public var lastCycleStart: Int64?
    public var lastCycleEnd: Int64?
    /// How long this node's last reboot took, from its start to its return.
    public var lastRebootSeconds: Int64?

    public init(
        node: String, rebootRequired: Bool = false, cycleInProgress: Bool = false, position: Int = 0,
        remaining: Int = 0, blocked: Set<String> = [], windowOpen: Bool? = nil, lastCycleStart: Int64? = nil,
        lastCycleEnd: Int64? = nil, lastRebootSeconds: Int64? = nil
    ) {
        self.node = node
        self.rebootRequired = rebootRequired
        self.cycleInProgress = cycleInProgress
        self.position = position
        self.remaining = remaining
        self.blocked = blocked
        self.windowOpen = windowOpen
        self.lastCycleStart = lastCycleStart
        self.lastCycleEnd = lastCycleEnd
        self.lastRebootSeconds = lastRebootSeconds
    }

    public var text: String {
        var out = ""
        let node = "node=\"\(Self.escape(self.node))\""
        func metric(_ name: String, _ help: String, _ samples: [(String, String)]) {
            out += "# HELP distreboot_\(name) \(help)\n# TYPE distreboot_\(name) gauge\n"
            for (labels, value) in samples { out += "distreboot_\(name){\(labels)} \(value)\n" }
        }
        func flag(_ b: Bool) -> String { b ? "1" : "0" }
        metric("reboot_required", "Whether this node needs a reboot.", [(node, flag(rebootRequired))])
        metric("cycle_in_progress", "Whether a reboot cycle is in progress.", [(node, flag(cycleInProgress))])
        metric(
            "list_position", "This node's place in the reboot list, from 1; 0 when not in it.",
            [(node, String(position))])
        metric("list_remaining", "Nodes left in the reboot list.", [(node, String(remaining))])
        metric(
            "blocked", "Whether the next reboot is held, by reason.",
            ScheduleBlocker.kinds.map { ("\(node),reason=\"\($0)\"", flag(blocked.contains($0))) })
        if let windowOpen {
            metric("window_open", "Whether the reboot window is open.", [(node, flag(windowOpen))])
        }
        if let lastCycleStart {
            metric(
                "last_cycle_start_timestamp_seconds", "When the last reboot cycle seen by this node started.",
                [(node, String(lastCycleStart))])
        }
        if let lastCycleEnd {
            metric(
                "last_cycle_end_timestamp_seconds", "When the last reboot cycle seen by this node ended.",
                [(node, String(lastCycleEnd))])
        }
        if let lastRebootSeconds {
            metric(
                "last_reboot_duration_seconds", "How long this node's last reboot took, from its start to its return.",
                [(node, String(lastRebootSeconds))])
        }
        return out
    }

    /// A label value: backslash, double quote and line feed escaped.
    static func escape(_ value: String) -> String {
        var out = ""
        for c in value {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
