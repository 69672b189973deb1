/// When a failed servant may start again (-F, -t). A servant may be started
/// `failures` times within `delay`; one more start waits until the oldest
/// of those leaves the window. Zero for either means: always at once.
public struct RestartDampening: Equatable, Sendable {
    public var failures: UInt32
    public var delay: Millis

    public init(failures: UInt32, delay: Millis) {
        self.failures = failures
        self.delay = delay
    }

    /// The earliest restart time, given the times of previous starts (oldest first).
    public func nextStart(after starts: [Instant], now: Instant) -> Instant {
        guard failures > 0, delay > .zero else { return now }
        let recent = starts.filter { now - $0 < delay }
        guard recent.count >= Int(failures) else { return now }
        return recent[recent.count - Int(failures)] + delay
    }

    /// Start times worth remembering: older ones can no longer delay anything.
    public func pruned(_ starts: [Instant], now: Instant) -> [Instant] {
        starts.filter { now - $0 < delay }
    }
}
