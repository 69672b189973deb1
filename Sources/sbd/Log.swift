import SBDCore
import SBDPlatform

/// Log lines go to syslog, where sbd's always went. Errors and warnings are
/// also shown on stderr, and with -v, or when the daemon runs in the
/// foreground, everything is. Under systemd stderr is the journal, which
/// already has the syslog lines: nothing is echoed there.
struct Log: Sendable {
    let verbosity: Int
    /// Echo info and notice lines to stderr even without -v.
    var echo = false
    /// Nothing on stderr (the daemon under systemd).
    var quiet = false

    init(verbosity: Int, echo: Bool = false, quiet: Bool = false) {
        self.verbosity = verbosity
        self.echo = echo
        self.quiet = quiet
    }

    func info(_ message: String) {
        SystemLog.log(.info, message)
        if (verbosity > 0 || echo) && !quiet { Console.err("sbd: \(message)") }
    }

    func notice(_ message: String) {
        SystemLog.log(.notice, message)
        if (verbosity > 0 || echo) && !quiet { Console.err("sbd: \(message)") }
    }

    func debug(_ message: String) {
        guard verbosity > 1 else { return }
        SystemLog.log(.debug, message)
        if !quiet { Console.err("sbd: \(message)") }
    }

    /// Problems are always shown: the user asked for something that did not work.
    func error(_ message: String) {
        SystemLog.log(.error, message)
        if !quiet { Console.err("sbd: \(message)") }
    }

    func warning(_ message: String) {
        SystemLog.log(.warning, message)
        if !quiet { Console.err("sbd: warning: \(message)") }
    }

    /// A line decided by the core.
    func log(_ level: LogLevel, _ message: String) {
        switch level {
        case .debug: debug(message)
        case .info: info(message)
        case .notice: notice(message)
        case .warning: warning(message)
        case .error: error(message)
        }
    }
}
