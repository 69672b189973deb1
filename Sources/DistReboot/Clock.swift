// Wall-clock time for heartbeats (they are compared across nodes) and
// monotonic time for timeouts.

import Glibc

public enum Clock {
    /// Seconds since the epoch.
    public static func now() -> Int64 { Int64(time(nil)) }

    /// Milliseconds on the monotonic clock.
    public static func monotonicMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    static func realtime() -> timespec {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return ts
    }
}
