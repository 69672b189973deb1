import SBDCore
import SBDPlatform

/// Log lines go to syslog, where sbd's always went. With -v, or when the
/// daemon runs in the foreground, they are also echoed to stderr.
struct Log: Sendable {
    let verbosity: Int
    /// Echo info and notice lines to stderr even without -v.
    var echo = false

    init(verbosity: Int, echo: Bool = false) {
        self.verbosity = verbosity
        self.echo = echo
    }

    func info(_ message: String) {
        SystemLog.log(.info, message)
        if verbosity > 0 || echo { Console.err("sbd: \(message)") }
    }

    func notice(_ message: String) {
        SystemLog.log(.notice, message)
        if verbosity > 0 || echo { Console.err("sbd: \(message)") }
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
