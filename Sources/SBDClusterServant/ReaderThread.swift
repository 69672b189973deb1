import SBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

/// A thread of the watcher's own for slow looks at the cluster, at normal
/// (not real-time) priority: a large CIB's unpacking must neither hold up the
/// watcher's reports nor hog a CPU at the top real-time priority. It wakes
/// the reporting thread through a pipe when its report changed.
public final class ReaderThread: @unchecked Sendable {
    private let body: @Sendable (ReaderThread) -> Void
    private var pipe: [Int32] = [-1, -1]

    /// The end the reporting thread polls; `drain()` it after waking.
    public var wakeDescriptor: Int32 { pipe[0] }

    private init(body: @escaping @Sendable (ReaderThread) -> Void) { self.body = body }

    /// Starts `body` on a new thread (it runs for the life of the process);
    /// nil if no thread or pipe could be made.
    public static func start(_ body: @escaping @Sendable (ReaderThread) -> Void) -> ReaderThread? {
        let thread = ReaderThread(body: body)
        guard Glibc.pipe(&thread.pipe) == 0 else { return nil }
        for fd in thread.pipe {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }
        // Locked memory counts the mappings of a thread: 1 MB of stack rather
        // than 8, and no malloc arena of its own (64 MB of address space).
        MemoryLocking.shareMallocArena()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, 1 << 20)
        var id = pthread_t()
        let context = Unmanaged.passRetained(thread).toOpaque()
        let rc = pthread_create(
            &id, &attributes,
            { raw in
                let thread = Unmanaged<ReaderThread>.fromOpaque(raw!).takeRetainedValue()
                // Normal scheduling for this thread; the reporting thread keeps real-time.
                var parameters = sched_param()
                parameters.sched_priority = 0
                pthread_setschedparam(pthread_self(), Int32(SCHED_OTHER), &parameters)
                thread.body(thread)
                return nil
            }, context)
        guard rc == 0 else {
            Unmanaged<ReaderThread>.fromOpaque(context).release()
            return nil
        }
        pthread_detach(id)
        return thread
    }

    /// Called by the reader: the report changed, look now.
    public func wake() {
        var byte: UInt8 = 1
        _ = Glibc.write(pipe[1], &byte, 1)
    }

    /// Called by the reporter after a wake-up.
    public func drain() {
        var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        while withUnsafeMutableBytes(of: &buffer, { Glibc.read(pipe[0], $0.baseAddress, $0.count) }) > 0 {}
    }
}
