// The reboot list: the nodes still to reboot, in order. The node at the head
// reboots now; each node removes itself when it is back. The head's turn
// records the boot in which it began its reboot, so that only a new boot
// counts as "back", and why the cycle stopped there, if it did.

public struct RebootList: Equatable, Sendable {
    public var nodes: [String]
    public var onlyRequired: Bool
    /// The head's turn, once it began; a turn of any other node is ignored.
    public var turn: Turn?
    /// When the cycle started (the starter's clock): the pacemaker engine's
    /// settle counts failed actions since then as new. Issue 16: whether the
    /// cycle ignores the reboot window (--now), whether the daemons started it
    /// (auto=yes), and the node that came back last (the settle time runs).
    public var started: Int64?
    public var ignoreWindow = false
    public var automatic = false
    public var previous: String?

    public init(nodes: [String], onlyRequired: Bool = false, turn: Turn? = nil, started: Int64? = nil) {
        self.nodes = nodes
        self.onlyRequired = onlyRequired
        self.turn = turn
        self.started = started
    }

    /// The list once its head has come back: the same cycle, without it.
    public func withoutHead() -> RebootList? {
        guard nodes.count > 1 else { return nil }
        var next = self
        next.previous = nodes[0]
        next.nodes.removeFirst()
        next.turn = nil
        return next
    }

    public var head: String? { nodes.first }

    /// The head's turn, if it began.
    public var headTurn: Turn? {
        guard let turn, turn.node == head else { return nil }
        return turn
    }

    public var encoded: String {
        var fields: [String: JSONValue] = [
            "nodes": .array(nodes.map { .string($0) }), "only_required": .bool(onlyRequired),
        ]
        if let turn { fields["turn"] = turn.json }
        if let started { fields["started"] = .number(String(started)) }
        if ignoreWindow { fields["ignore_window"] = .bool(true) }
        if automatic { fields["automatic"] = .bool(true) }
        if let previous { fields["previous"] = .string(previous) }
        return JSONValue.object(fields).serialized
    }

    /// Decodes the stored value; nil if it is not a non-empty list of
    /// distinct, non-empty names with, optionally, a well-formed turn.
    public static func decode(_ value: [UInt8]) -> RebootList? {
        guard let json = try? JSONValue.parse(value), let items = json["nodes"]?.arrayValue, !items.isEmpty else {
            return nil
        }
        var nodes: [String] = []
        for item in items {
            guard let name = item.stringValue, !name.isEmpty, !nodes.contains(name) else { return nil }
            nodes.append(name)
        }
        var turn: Turn?
        if let turnJSON = json["turn"] {
            guard let decoded = Turn(json: turnJSON) else { return nil }
            turn = decoded
        }
        var started: Int64?
        if let startedJSON = json["started"] {
            guard case .number(let text) = startedJSON, let value = Int64(text) else { return nil }
            started = value
        }
        var list = RebootList(
            nodes: nodes, onlyRequired: json["only_required"]?.boolValue ?? false, turn: turn, started: started)
        list.ignoreWindow = json["ignore_window"]?.boolValue ?? false
        list.automatic = json["automatic"]?.boolValue ?? false
        list.previous = json["previous"]?.stringValue
        return list
    }
}

/// The head node's reboot, once it began.
public struct Turn: Equatable, Sendable {
    public var node: String
    /// The boot in which the node began its reboot.
    public var bootID: String
    /// Why the cycle stopped at this node (a command failed); nil while it goes on.
    public var halted: String?
    /// The boot in which it stopped: a daemon of that boot does not try again.
    public var haltedBootID: String?
    /// When the node began its reboot, on its own clock: it measures how long its reboot took.
    public var started: Int64?

    public init(node: String, bootID: String, halted: String? = nil, haltedBootID: String? = nil) {
        self.node = node
        self.bootID = bootID
        self.halted = halted
        self.haltedBootID = haltedBootID
    }

    var json: JSONValue {
        var fields: [String: JSONValue] = ["node": .string(node), "boot_id": .string(bootID)]
        if let halted { fields["halted"] = .string(halted) }
        if let haltedBootID { fields["halted_boot_id"] = .string(haltedBootID) }
        if let started { fields["started"] = .number(String(started)) }
        return .object(fields)
    }

    init?(json: JSONValue) {
        guard let node = json["node"]?.stringValue, !node.isEmpty, let bootID = json["boot_id"]?.stringValue,
            !bootID.isEmpty
        else { return nil }
        self.init(
            node: node, bootID: bootID, halted: json["halted"]?.stringValue,
            haltedBootID: json["halted_boot_id"]?.stringValue)
        started = json["started"]?.int64Value
    }
}

/// What a daemon knows of the reboot-list key: its value and the revision
/// that last changed it (the handle for compare-and-swap).
public enum RebootListState: Equatable, Sendable {
    case absent
    case corrupt(modRevision: Int64)
    case present(RebootList, modRevision: Int64)

    public static func from(value: [UInt8]?, modRevision: Int64) -> RebootListState {
        guard let value else { return .absent }
        guard let list = RebootList.decode(value) else { return .corrupt(modRevision: modRevision) }
        return .present(list, modRevision: modRevision)
    }
}
