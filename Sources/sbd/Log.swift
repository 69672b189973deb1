import SBDPlatform

/// Log lines go to syslog, where sbd's always went; with -v they are also
/// echoed to stderr for the person at the terminal.
struct Log: Sendable {
    let verbosity: Int

    func info(_ message: String) {
        SystemLog.log(.info, message)
        if verbosity > 0 { Console.err("sbd: \(message)") }
    }

    func debug(_ message: String) {
        guard verbosity > 1 else { return }
        SystemLog.log(.debug, message)
        Console.err("sbd: \(message)")
    }

    /// Problems are always shown: the user asked for something that did not work.
    func error(_ message: String) {
        SystemLog.log(.error, message)
        Console.err("sbd: \(message)")
    }

    func warning(_ message: String) {
        SystemLog.log(.warning, message)
        Console.err("sbd: warning: \(message)")
    }
}
