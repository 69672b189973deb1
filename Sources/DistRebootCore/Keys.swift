// Where distreboot keeps its state in etcd: one key prefix of its own.

public enum Keys {
    public static let prefix = "/distreboot/"
    public static let heartbeatPrefix = prefix + "heartbeat/"
    /// One key per running daemon, bound to a lease of the heartbeat's lifetime.
    public static let alivePrefix = prefix + "alive/"
    public static let rebootList = prefix + "reboot-list"

    public static func heartbeat(_ node: String) -> String { heartbeatPrefix + node }
    public static func alive(_ node: String) -> String { alivePrefix + node }

    /// The node named by a heartbeat key, or nil for any other key.
    public static func node(fromHeartbeatKey key: String) -> String? { node(key, under: heartbeatPrefix) }

    /// The node named by an alive key, or nil for any other key.
    public static func node(fromAliveKey key: String) -> String? { node(key, under: alivePrefix) }

    private static func node(_ key: String, under prefix: String) -> String? {
        guard key.hasPrefix(prefix), key.count > prefix.count else { return nil }
        return String(key.dropFirst(prefix.count))
    }

    /// etcd's range_end for "every key with this prefix": the prefix with its
    /// last byte incremented.
    public static func rangeEnd(ofPrefix prefix: String) -> [UInt8] {
        var bytes = Array(prefix.utf8)
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return [0]  // every key
    }
}
