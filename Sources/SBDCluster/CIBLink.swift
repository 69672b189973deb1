import SBDCore

/// A CIB connection that reconnects and reads the CIB only when it changed:
/// each `state` runs the pending change notifications (each patches the
/// connection's copy of the CIB; a lost connection is noticed by its destroy
/// callback) and reads the node from that copy when `schedule` says a
/// reading is due, else returns the last reading; the safety interval's
/// reading queries the whole CIB. `.disconnected` while pacemaker is away.
/// One per process (the CIB library allows one handle).
public final class CIBLink {
    private let clientName: String
    private var connection: CIBConnection?
    private var schedule: RereadSchedule
    private var lastState = PacemakerNodeState.disconnected

    public init(clientName: String, schedule: RereadSchedule) {
        self.clientName = clientName
        self.schedule = schedule
    }

    public var fileDescriptor: Int32? { connection?.fileDescriptor }

    /// Full readings (query and unpack) taken so far, for the probe and tests.
    public private(set) var readings: UInt64 = 0

    /// `now`: monotonic milliseconds.
    /// When the connection was lost: the node as the CIB's last change
    /// left it (a clean stop writes the shutdown just before the CIB manager
    /// ends; both may come in one dispatch, before any reading saw the first).
    private var finalView: PacemakerNodeState?

    /// The final view, once: the caller takes it before the `.disconnected`
    /// that follows it.
    public func takeFinalView() -> PacemakerNodeState? {
        defer { finalView = nil }
        return finalView
    }

    public func state(nodeName: String?, nodeID: UInt32, at now: Int64) -> PacemakerNodeState {
        if let connection, !connection.dispatch() {
            finalView = connection.lastView(nodeName: nodeName, nodeID: nodeID)
            self.connection = nil  // release the old handle first
        }
        if connection == nil {
            connection = try? CIBConnection(clientName: clientName)
            schedule.reset()
        }
        guard let connection else { return .disconnected }
        // Counted before the query: a change announced during it is read next time.
        let changes = connection.changes
        guard schedule.isDue(changes: changes, at: now) else { return lastState }
        readings += 1
        let full = schedule.isSafetyDue(at: now)
        let state = (try? connection.query(nodeName: nodeName, nodeID: nodeID, full: full)) ?? .disconnected
        // A failed query is not a reading: the next look asks again.
        if state.connected {
            schedule.read(changes: changes, at: now)
            lastState = state
        }
        return state
    }

    /// Milliseconds until the next reading is due (0: due now); nil without a connection.
    public func untilDue(at now: Int64) -> Int64? {
        guard let connection, connection.isConnected else { return nil }
        return schedule.due(changes: connection.changes, at: now)
    }
}
