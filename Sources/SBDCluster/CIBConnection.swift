import CSBDCluster
import SBDCore

/// A query connection to pacemaker's CIB manager with change notifications.
/// It lives on glib's default main context: one per process, used from one
/// thread. Poll `fileDescriptor` (or call `wait`) and then `dispatch()`;
/// re-query periodically as well, since a notification may be coalesced.
public final class CIBConnection {
    private let handle: OpaquePointer

    public init(clientName: String = "sbd-cluster") throws(ClusterError) {
        var out: OpaquePointer?
        let rc = clientName.withCString { csbd_cib_connect(&out, $0) }
        guard rc == 0, let out else { throw cibError(rc, "signon") }
        handle = out
    }

    deinit { csbd_cib_disconnect(handle) }

    /// The IPC descriptor to poll, or nil once the connection is lost.
    public var fileDescriptor: Int32? {
        let fd = csbd_cib_fd(handle)
        return fd >= 0 ? fd : nil
    }

    public var isConnected: Bool { csbd_cib_connected(handle) != 0 }

    /// Change notifications (and the disconnection) seen so far.
    public var changes: UInt64 { csbd_cib_changes(handle) }

    /// Runs pending events without blocking; returns whether still connected.
    @discardableResult
    public func dispatch() -> Bool { csbd_cib_dispatch(handle) != 0 }

    /// Waits up to `milliseconds` for a change or the connection's end;
    /// returns whether still connected.
    @discardableResult
    public func wait(milliseconds: Int32) -> Bool { csbd_cib_wait(handle, milliseconds) != 0 }

    /// The partition's and the node's state. The node is named, or else found
    /// by its corosync node id. Read from this process's copy of the CIB,
    /// which every change notification patches; `full` (or no current copy)
    /// queries the whole CIB first. A lost connection gives `.disconnected`.
    public func query(nodeName: String?, nodeID: UInt32, full: Bool) throws(ClusterError) -> PacemakerNodeState {
        var raw = csbd_node_state()
        let rc = withName(nodeName) { csbd_cib_query(handle, $0, nodeID, full ? 1 : 0, &raw) }
        if raw.connected == 0 { return .disconnected }
        guard rc == 0 else { throw cibError(rc, "query") }
        return PacemakerNodeState(raw)
    }

    /// Once the connection is lost: the state as the CIB's last change left
    /// it (nil if no copy was current), as if read while connected.
    public func lastView(nodeName: String?, nodeID: UInt32) -> PacemakerNodeState? {
        var raw = csbd_node_state()
        guard withName(nodeName, { csbd_cib_last_view(handle, $0, nodeID, &raw) }) == 0 else { return nil }
        return PacemakerNodeState(raw)
    }

    private func withName(_ name: String?, _ body: (UnsafePointer<CChar>?) -> Int32) -> Int32 {
        guard let name else { return body(nil) }
        return name.withCString { body($0) }
    }
}

extension PacemakerNodeState {
    init(_ raw: csbd_node_state) {
        var raw = raw
        let name = withUnsafeBytes(of: &raw.node_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let id = withUnsafeBytes(of: &raw.node_id) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        self.init(
            connected: raw.connected != 0, quorate: raw.have_quorum != 0, dcKnown: raw.dc_known != 0,
            known: raw.found != 0, online: raw.online != 0, unclean: raw.unclean != 0,
            shuttingDown: raw.shutdown != 0, pending: raw.pending != 0, standby: raw.standby != 0,
            maintenance: raw.maintenance != 0, expectedUp: raw.expected_up != 0, isDC: raw.is_dc != 0,
            record: NodeStateRecord(
                present: raw.raw_state_present != 0, inMembership: raw.raw_in_ccm != 0,
                controllerOnline: raw.raw_crmd_online != 0, joined: raw.raw_join_member != 0,
                expectedMember: raw.raw_expected_member != 0),
            nodeName: name, nodeID: id)
    }
}

/// A CIB (or pacemakerd) failure with pacemaker's text for its legacy code.
func cibError(_ code: Int32, _ operation: String) -> ClusterError {
    let text = csbd_cib_strerror(code).map { String(cString: $0) } ?? "error \(code)"
    return ClusterError(.cib, code: code, operation: operation, message: text)
}
