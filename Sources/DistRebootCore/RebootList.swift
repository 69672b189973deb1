// The reboot list: the nodes still to reboot, in order. The node at the head
// reboots now; each node removes itself when it is back.

public struct RebootList: Equatable, Sendable {
    public var nodes: [String]
    public var onlyRequired: Bool

    public init(nodes: [String], onlyRequired: Bool = false) {
        self.nodes = nodes
        self.onlyRequired = onlyRequired
    }

    public var head: String? { nodes.first }

    public var encoded: String {
        JSONValue.object([
            "nodes": .array(nodes.map { .string($0) }), "only_required": .bool(onlyRequired),
        ]).serialized
    }

    /// Decodes the stored value; nil if it is not a non-empty list of distinct, non-empty names.
    public static func decode(_ value: [UInt8]) -> RebootList? {
        guard let json = try? JSONValue.parse(value), let items = json["nodes"]?.arrayValue, !items.isEmpty else {
            return nil
        }
        var nodes: [String] = []
        for item in items {
            guard let name = item.stringValue, !name.isEmpty, !nodes.contains(name) else { return nil }
            nodes.append(name)
        }
        return RebootList(nodes: nodes, onlyRequired: json["only_required"]?.boolValue ?? false)
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
