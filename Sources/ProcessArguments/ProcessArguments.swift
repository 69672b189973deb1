import CProcessArguments

/// The command line as the process entry received it (argv), not as Swift's
/// `CommandLine` rebuilds it from /proc/self/cmdline: the executables must
/// understand their arguments where /proc is not mounted (a rescue shell, a
/// chroot) or is another PID namespace's. Falls back to `CommandLine` only if
/// the entry's argv was not captured.
public enum ProcessArguments {
    /// Every argument, the program name first.
    public static let all: [String] = {
        let count = cprocess_argument_count()
        guard count > 0 else { return CommandLine.arguments }
        return (0..<count).map { index in cprocess_argument(index).map { String(cString: $0) } ?? "" }
    }()

    /// The arguments after the program name.
    public static var afterProgramName: [String] { Array(all.dropFirst()) }
}
