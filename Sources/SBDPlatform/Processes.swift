import CSBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

/// Starting, reaping and signalling processes, without fork in a process
/// that may have threads: children are new executables (posix_spawn).
public enum Processes {
    public enum Exit: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        public var description: String {
            switch self {
            case .exited(let code): return "exited with status \(code)"
            case .signaled(let signal): return "was killed by signal \(signal)"
            }
        }
    }

    /// Spawns `path` with `arguments` (argv[0] included) and the current
    /// environment plus `extraEnvironment`; `reportFD` becomes fd 3 in it.
    public static func spawn(
        _ path: String, arguments: [String], extraEnvironment: [String] = [], reportFD: Int32 = -1,
        newSession: Bool = false
    ) throws(SpawnError) -> pid_t {
        var environment: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            environment.append(String(cString: entry))
            cursor += 1
        }
        let overridden = Set(extraEnvironment.compactMap { $0.split(separator: "=").first.map(String.init) })
        environment = environment.filter { !overridden.contains(String($0.split(separator: "=").first ?? "")) }
        environment += extraEnvironment
        var pid: pid_t = 0
        let result = withCStrings(arguments) { argv in
            withCStrings(environment) { envp in
                csbd_spawn(path, argv, envp, reportFD, newSession ? 1 : 0, &pid)
            }
        }
        guard result == 0 else { throw SpawnError(path: path, errno: result) }
        return pid
    }

    /// One exited child, if any, without blocking.
    public static func reap() -> (pid: pid_t, exit: Exit)? {
        var pid: pid_t = 0
        var exited: Int32 = 0
        var code: Int32 = 0
        guard csbd_reap(&pid, &exited, &code) == 1 else { return nil }
        return (pid, exited == 1 ? .exited(code) : .signaled(code))
    }

    /// Blocks until `pid` exits.
    public static func wait(_ pid: pid_t) -> Exit {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .exited(127) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, restated.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    public static func signal(_ pid: pid_t, _ signal: Int32) {
        _ = kill(pid, signal)
    }

    public static var current: pid_t { getpid() }
    public static var parent: pid_t { getppid() }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}

public struct SpawnError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let errno: Int32
    public var description: String { "cannot start \(path): \(errorText(errno))" }
}

/// The signals the daemon handles, delivered through a file descriptor so
/// that one poll(2) waits for reports, signals and the next tick.
public final class SignalChannel {
    public let fd: Int32

    public init() throws(SpawnError) {
        let fd = csbd_signalfd_open()
        guard fd >= 0 else { throw SpawnError(path: "signalfd", errno: -fd) }
        self.fd = fd
    }

    /// Every pending signal number.
    public func drain() -> [Int32] {
        var signals: [Int32] = []
        var signo: Int32 = 0
        var pid: Int32 = 0
        while csbd_signalfd_read(fd, &signo, &pid) == 1 { signals.append(signo) }
        return signals
    }
}

/// Kernel facilities the daemon uses for itself and for fencing.
public enum Kernel {
    public static func monotonicMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    public static func sleep(milliseconds: Int64) {
        guard milliseconds > 0 else { return }
        var request = timespec(tv_sec: Int(milliseconds / 1000), tv_nsec: Int((milliseconds % 1000) * 1_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    /// Sleeps until `milliseconds` on the monotonic clock (an instant, not a
    /// span), so that processes sleeping until one `TickGrid` instant wake
    /// together.
    public static func sleep(untilMonotonic milliseconds: Int64) {
        var until = timespec(tv_sec: Int(milliseconds / 1000), tv_nsec: Int((milliseconds % 1000) * 1_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nil) == EINTR {}
    }

    /// SCHED_RR at the top priority and all memory locked; the error names the step.
    /// `lockOnFault`: pages are locked as they are first touched, not read in
    /// up front (see `MemoryLocking` for who locks what, and why).
    public static func makeRealtime(lockOnFault: Bool = false) -> String? {
        var step: Int32 = 0
        let result = csbd_make_realtime(&step, lockOnFault ? 1 : 0)
        guard result != 0 else { return nil }
        return "\(step == 1 ? "realtime scheduling (SCHED_RR)" : "locking memory (mlockall)"): \(errorText(-result))"
    }

    public static func realtimeIOPriority() -> String? {
        let result = csbd_ioprio_realtime()
        return result == 0 ? nil : "realtime I/O priority: \(errorText(-result))"
    }

    public static func flush() { Glibc.sync() }

    /// reboot(2); returns only if the kernel refused, with the reason.
    public static func reboot(powerOff: Bool) -> String {
        errorText(-csbd_reboot(powerOff ? 1 : 0))
    }

    /// /proc/sysrq-trigger opened for writing, if this system has one.
    public static func openSysrq() -> Int32? {
        let fd = open("/proc/sysrq-trigger", O_WRONLY | O_CLOEXEC)
        return fd >= 0 ? fd : nil
    }

    public static func sysrq(_ fd: Int32, _ key: Character) {
        var byte = key.asciiValue ?? 0
        _ = write(fd, &byte, 1)
    }

    /// Points stdin, stdout and stderr at /dev/null (a detached daemon).
    public static func detachStandardStreams() {
        let null = open("/dev/null", O_RDWR)
        guard null >= 0 else { return }
        for fd: Int32 in 0...2 { _ = dup2(null, fd) }
        if null > 2 { close(null) }
    }

    public static func ignoreSIGPIPE() { _ = Glibc.signal(SIGPIPE, SIG_IGN) }
}
