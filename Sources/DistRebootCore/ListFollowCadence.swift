/// When the pacemaker engine reads the reboot list again. Each read is a
/// `cibadmin` query, a process started and a request to the CIB manager, so
/// reading twice a second on every node, forever, was most of an idle
/// daemon's cost. A daemon that writes the list tells every daemon at once
/// (a notice through corosync's process group); while no cycle runs, the
/// timed read is then only a safety net, for a notice lost with the daemon
/// that wrote and for a list written by hand. While a cycle runs, after a
/// failed read, and for a while after a notice (this node's copy of the CIB
/// may not hold the write yet), it reads as often as before.
public struct ListFollowCadence: Equatable, Sendable {
    /// While a cycle runs (the list exists, or cannot be read).
    public static let activeMilliseconds: Int64 = 500
    /// While no cycle runs: the safety net.
    public static let idleMilliseconds: Int64 = 10_000
    /// How long reads stay frequent after a notice.
    public static let afterNoticeMilliseconds: Int64 = 5_000

    /// Monotonic milliseconds of the last notice, if any.
    public private(set) var lastNoticeAt: Int64?

    public init() {}

    public mutating func noticed(at now: Int64) {
        lastNoticeAt = now
    }

    /// How long to wait before the next read, after reading `state` (nil:
    /// nothing read yet) or failing to read.
    public func delay(after state: RebootListState?, readFailed: Bool, now: Int64) -> Int64 {
        if readFailed || state != .absent { return Self.activeMilliseconds }
        if let noticed = lastNoticeAt, now - noticed < Self.afterNoticeMilliseconds {
            return Self.activeMilliseconds
        }
        return Self.idleMilliseconds
    }
}
