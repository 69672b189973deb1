/// pacemakerd's own state, as its IPC "ping" reports it. With
/// `SBD_SYNC_RESOURCE_STARTUP=yes` (and sbd running) pacemakerd holds in
/// `waitingForPing` until sbd pings it, and after a clean shutdown holds in
/// `shutdownComplete` until sbd has fetched that state.
///
/// The raw values are the glue's `CSBD_PCMKD_*` numbers (csbd_cluster.h).
public enum PacemakerdState: Int32, CaseIterable, Equatable, Sendable, CustomStringConvertible {
    /// No state, or one this build does not know.
    case unknown = 0
    case initializing = 1
    case startingDaemons = 2
    /// Waiting for sbd's ping before it starts the subdaemons (and so resources).
    case waitingForPing = 3
    case running = 4
    case shuttingDown = 5
    /// The subdaemons and resources are stopped cleanly; waiting for sbd to fetch this.
    case shutdownComplete = 6
    /// pacemaker-remoted on a remote node (newer pacemaker).
    case remote = 7

    /// The glue's number; anything out of range is `unknown`.
    public init(code: Int32) { self = PacemakerdState(rawValue: code) ?? .unknown }

    /// Pacemaker's name for the state (`unknown` for ours).
    public var name: String {
        switch self {
        case .unknown: "unknown"
        case .initializing: "init"
        case .startingDaemons: "starting_daemons"
        case .waitingForPing: "wait_for_ping"
        case .running: "running"
        case .shuttingDown: "shutting_down"
        case .shutdownComplete: "shutdown_complete"
        case .remote: "remote"
        }
    }

    /// The state pacemaker names so, if any.
    public init?(name: String) {
        guard let state = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = state
    }

    public var description: String { name }

    /// Pacemaker runs (resources may be active): a full node or a remote one.
    public var isRunning: Bool { self == .running || self == .remote }
    /// Held until sbd's ping: nothing has started yet.
    public var isWaitingForPing: Bool { self == .waitingForPing }
    /// On the way up (before `running`), including the wait for sbd.
    public var isStarting: Bool { self == .initializing || self == .startingDaemons || self == .waitingForPing }
    /// A shutdown is under way or finished.
    public var isShuttingDown: Bool { self == .shuttingDown || self == .shutdownComplete }
    /// Everything was stopped cleanly: pacemakerd leaving now is no reason to fence.
    public var isShutdownComplete: Bool { self == .shutdownComplete }
}
