import CSBDCorosync
import SBDCore

/// A votequorum connection that tracks membership changes. Use it from one
/// thread; poll `fileDescriptor` and call `dispatch()` when it is readable.
public final class CorosyncConnection {
    private let handle: OpaquePointer

    /// Connects and waits up to `waitMilliseconds` for the first membership list.
    public init(waitMilliseconds: Int32 = 1000) throws(ClusterError) {
        var out: OpaquePointer?
        let rc = csbd_corosync_connect(&out, waitMilliseconds)
        guard rc == 0, let out else { throw corosyncError(rc, "connect") }
        handle = out
    }

    deinit { csbd_corosync_disconnect(handle) }

    public var fileDescriptor: Int32 { csbd_corosync_fd(handle) }

    /// Membership and expected-votes notifications handled so far.
    public var changes: UInt64 { csbd_corosync_changes(handle) }

    /// Handles pending notifications; throws when the connection is gone.
    public func dispatch() throws(ClusterError) {
        let rc = csbd_corosync_dispatch(handle)
        guard rc == 0 else { throw corosyncError(rc, "dispatch") }
    }

    public func query() throws(ClusterError) -> CorosyncQuorum {
        var info = csbd_quorum_info()
        let rc = csbd_corosync_query(handle, &info)
        guard rc == 0 else { throw corosyncError(rc, "getinfo") }
        return CorosyncQuorum(
            quorate: info.quorate != 0, members: Int(info.members), membersKnown: info.members_known != 0,
            expectedVotes: Int(info.expected_votes), highestExpected: Int(info.highest_expected),
            totalVotes: Int(info.total_votes), quorum: Int(info.quorum), twoNode: info.two_node != 0,
            waitForAll: info.wait_for_all != 0, nodeID: info.node_id)
    }
}

private func corosyncError(_ code: Int32, _ operation: String) -> ClusterError {
    let text = csbd_corosync_strerror(code).map { String(cString: $0) } ?? "error \(code)"
    return ClusterError(.corosync, code: code, operation: operation, message: text)
}
