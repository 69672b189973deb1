// distreboot's exit codes: stable, so that scripts and units can tell a
// refusal from a daemon that is not there.

public enum ExitCode: Int32, Sendable {
    case success = 0
    /// The daemon refused or failed the request (the message says why).
    case failed = 1
    /// The command line is wrong.
    case usage = 2
    /// No daemon answers on the control socket.
    case notRunning = 3
    /// Not run as root.
    case permissionDenied = 4
    /// The daemon cannot reach its etcd member.
    case notConnected = 5
    /// --start: the properties file or the etcd configuration is wrong.
    case configuration = 6
}
