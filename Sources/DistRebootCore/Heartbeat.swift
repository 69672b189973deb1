// A daemon's heartbeat: when it stops vouching for its node, and whether the
// node has asked for a reboot (Debian's /var/run/reboot-required).

public struct Heartbeat: Equatable, Sendable {
    public var node: String
    /// Seconds since the epoch after which the heartbeat is stale.
    public var expires: Int64
    public var rebootRequired: Bool

    public init(node: String, expires: Int64, rebootRequired: Bool = false) {
        self.node = node
        self.expires = expires
        self.rebootRequired = rebootRequired
    }

    /// The value stored under the node's heartbeat key.
    public var encoded: String {
        JSONValue.object(["expires": .number(String(expires)), "reboot_required": .bool(rebootRequired)]).serialized
    }

    /// Decodes a stored value; nil when it is not one of ours.
    public static func decode(node: String, value: [UInt8]) -> Heartbeat? {
        guard let json = try? JSONValue.parse(value), let expires = json["expires"]?.int64Value else { return nil }
        return Heartbeat(node: node, expires: expires, rebootRequired: json["reboot_required"]?.boolValue ?? false)
    }
}
