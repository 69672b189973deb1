import CSBDCluster
import SBDCore

/// pacemakerd's IPC "ping": one short connection per call. Pinging as a client
/// whose name contains "sbd" is the synchronized start-up handshake of
/// `SBD_SYNC_RESOURCE_STARTUP`: it releases a pacemakerd held in
/// `waitingForPing`, and one that answers `shutdownComplete` exits once the
/// connection is closed (which this does before returning).
public enum PacemakerdPing {
    /// One reply: the state and pacemakerd's time of its last good check of
    /// its subdaemons (seconds since the epoch; 0 if none).
    public struct Reply: Equatable, Sendable {
        public var state: PacemakerdState
        public var lastGood: Int64

        public init(state: PacemakerdState, lastGood: Int64) {
            self.state = state
            self.lastGood = lastGood
        }
    }

    /// Pings and returns the full reply. Waits at most `timeoutMilliseconds`
    /// for it; errors carry pacemaker's legacy (negative) codes, e.g. -ETIME.
    public static func query(client: String = "sbd", timeoutMilliseconds: Int32 = 5000) throws(ClusterError) -> Reply {
        var state: Int32 = 0
        var lastGood: Int64 = 0
        let rc = client.withCString { csbd_pacemakerd_ping($0, timeoutMilliseconds, &state, &lastGood) }
        // ClusterError has no source of its own for pacemakerd; its codes and
        // messages are pacemaker's legacy ones, as for the CIB.
        guard rc == 0 else { throw cibError(rc, "pacemakerd ping") }
        return Reply(state: PacemakerdState(code: state), lastGood: lastGood)
    }

    /// Pings and returns pacemakerd's state.
    public static func ping(client: String = "sbd", timeoutMilliseconds: Int32 = 5000) throws(ClusterError)
        -> PacemakerdState
    {
        try query(client: client, timeoutMilliseconds: timeoutMilliseconds).state
    }
}
