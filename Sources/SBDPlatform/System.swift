import CSBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

/// Small facts about the running system.
public enum System {
    /// `uname -n`.
    public static func nodeName() -> String {
        var info = utsname()
        guard uname(&info) == 0 else { return "localhost" }
        return withUnsafeBytes(of: &info.nodename) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    public static var isRoot: Bool { geteuid() == 0 }

    public static func environment() -> [String: String] {
        var values: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                values[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            cursor += 1
        }
        return values
    }

    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    public static func sleep(seconds: UInt32) {
        var request = timespec(tv_sec: Int(seconds), tv_nsec: 0)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }

    public static func exit(_ code: Int32) -> Never {
        Glibc.exit(code)
    }
}

/// Writes to stdout and stderr without buffering surprises between the two.
public enum Console {
    public static func out(_ line: String) { write(1, Array((line + "\n").utf8)) }
    public static func out(bytes: [UInt8]) { write(1, bytes + [0x0A]) }
    public static func err(_ line: String) { write(2, Array((line + "\n").utf8)) }
    /// A prompt: no newline after it.
    public static func prompt(_ text: String) { write(1, Array(text.utf8)) }

    /// Many lines in one system call.
    public static func out(lines: [[UInt8]]) {
        guard !lines.isEmpty else { return }
        var buffer: [UInt8] = []
        for line in lines { buffer += line + [0x0A] }
        write(1, buffer)
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let done = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if done < 0 && errno == EINTR { continue }
                guard done > 0 else { return }
                offset += done
            }
        }
    }
}

/// Messages for the system log, where sbd's own log lines go.
public enum SystemLog {
    public enum Priority: Int32, Sendable {
        case error = 3
        case warning = 4
        case notice = 5
        case info = 6
        case debug = 7
    }

    public static func open(identity: StaticString = "sbd") {
        openlog(
            UnsafeRawPointer(identity.utf8Start).assumingMemoryBound(to: CChar.self), LOG_PID | LOG_NDELAY, LOG_DAEMON)
    }

    public static func log(_ priority: Priority, _ message: String) {
        csbd_syslog(priority.rawValue, message)
    }
}
