import SBDCore

/// A votequorum connection that reconnects: each `quorum()` dispatches what
/// is pending and asks votequorum when `schedule` says so (after a quorum or
/// expected-votes notification), else returns the last answer; nil while
/// corosync is away.
public final class CorosyncLink {
    private let waitMilliseconds: Int32
    private var connection: CorosyncConnection?
    private var schedule: RereadSchedule
    private var last: CorosyncQuorum?

    /// `waitMilliseconds`: how long a (re)connect waits for the first
    /// membership list. The default schedule asks at every call.
    public init(
        waitMilliseconds: Int32 = 200, schedule: RereadSchedule = RereadSchedule(minimumGap: 0, safetyInterval: 0)
    ) {
        self.waitMilliseconds = waitMilliseconds
        self.schedule = schedule
    }

    public var fileDescriptor: Int32? { connection?.fileDescriptor }

    /// `now`: monotonic milliseconds (only the schedule uses it);
    /// `pending`: false when the caller saw `fileDescriptor` not readable,
    /// so there is nothing to dispatch (a lost connection makes it readable).
    public func quorum(at now: Int64 = 0, pending: Bool = true) -> CorosyncQuorum? {
        if connection == nil {
            connection = try? CorosyncConnection(waitMilliseconds: waitMilliseconds)
            schedule.reset()
        }
        guard let connection else { return nil }
        do {
            if pending { try connection.dispatch() }
            let changes = connection.changes
            if let last, !schedule.isDue(changes: changes, at: now) { return last }
            let quorum = try connection.query()
            schedule.read(changes: changes, at: now)
            last = quorum
            return quorum
        } catch {
            self.connection = nil
            last = nil
            return nil
        }
    }

    /// Milliseconds until the next question is due; nil without a connection.
    public func untilDue(at now: Int64) -> Int64? {
        guard let connection else { return nil }
        return schedule.due(changes: connection.changes, at: now)
    }
}
