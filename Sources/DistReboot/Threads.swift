// Plain threads for blocking I/O: the watch stream, the heartbeat, the
// control socket and running commands each block for long times, which must
// not tie up Swift concurrency's small cooperative pool (2 cores here).

import Glibc

private final class ThreadBody {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}

public enum Threads {
    public static func detach(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(
            &thread, nil,
            { context in
                let body = Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue()
                body.run()
                return nil
            }, context)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_detach(thread)
    }
}

/// A mutex and condition variable: the one primitive the daemon's threads
/// need to hand events to the main loop and to sleep until stopped.
public final class Monitor: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    public func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Call with the lock held (inside `locked`).
    public func signalAll() { pthread_cond_broadcast(condition) }

    /// Call with the lock held; waits until signalled or `milliseconds` passed
    /// (nil: no limit). Spurious wake-ups are possible: re-check the condition.
    public func wait(milliseconds: Int64?) {
        guard let milliseconds else {
            pthread_cond_wait(condition, mutex)
            return
        }
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let total = Int64(deadline.tv_nsec) + (milliseconds % 1000) * 1_000_000
        deadline.tv_sec += Int(milliseconds / 1000) + Int(total / 1_000_000_000)
        deadline.tv_nsec = Int(total % 1_000_000_000)
        pthread_cond_timedwait(condition, mutex, &deadline)
    }

    /// Call with the lock held; waits until `done()` holds or `milliseconds`
    /// pass, whichever comes first; returns `done()` then.
    @discardableResult
    public func wait(milliseconds: Int64, until done: () -> Bool) -> Bool {
        let deadline = Clock.monotonicMilliseconds() + milliseconds
        while !done() {
            let left = deadline - Clock.monotonicMilliseconds()
            if left <= 0 { return false }
            wait(milliseconds: left)
        }
        return true
    }
}

/// Events from many threads to one consumer, in order.
public final class EventQueue<Event: Sendable>: @unchecked Sendable {
    private let monitor = Monitor()
    private var events: [Event] = []

    public init() {}

    public func post(_ event: Event) {
        monitor.locked {
            events.append(event)
            monitor.signalAll()
        }
    }

    public func next() -> Event {
        monitor.locked {
            while events.isEmpty { monitor.wait(milliseconds: nil) }
            return events.removeFirst()
        }
    }
}

/// A one-way flag that sleeping threads watch, so that setting it ends their
/// sleeps at once: the daemon's stop, or the end of a thread another waits for.
public final class StopFlag: @unchecked Sendable {
    private let monitor = Monitor()
    private var stopped = false

    public init() {}

    public var isStopped: Bool { monitor.locked { stopped } }

    public func stop() {
        monitor.locked {
            stopped = true
            monitor.signalAll()
        }
    }

    /// Sleeps up to `milliseconds`; true if the daemon is stopping.
    @discardableResult
    public func sleep(milliseconds: Int64) -> Bool {
        monitor.locked { monitor.wait(milliseconds: milliseconds) { stopped } }
    }
}
