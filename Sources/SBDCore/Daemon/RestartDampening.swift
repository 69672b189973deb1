/// When a failed servant may start again (-F, -t). A servant may be started
/// `failures` times within `delay`; one more start waits until the oldest
/// of those leaves the window. Zero for either means: at once, yet never
/// sooner than `minimumGap` after the last start (a servant that dies at
/// start must not make a realtime process spin).
public struct RestartDampening: Equatable, Sendable {
    public var failures: UInt32
    public var delay: Millis
    public var minimumGap: Millis

    public init(failures: UInt32, delay: Millis, minimumGap: Millis = Millis(1000)) {
        self.failures = failures
        self.delay = delay
        self.minimumGap = minimumGap
    }

    /// The earliest restart time, given the times of previous starts (oldest first).
    public func nextStart(after starts: [Instant], now: Instant) -> Instant {
        let soonest = starts.last.map { max(now, $0 + minimumGap) } ?? now
        guard failures > 0, delay > .zero else { return soonest }
        let recent = starts.filter { now - $0 < delay }
        guard recent.count >= Int(failures) else { return soonest }
        return max(soonest, recent[recent.count - Int(failures)] + delay)
    }

    /// Start times worth remembering: older ones can no longer delay anything.
    public func pruned(_ starts: [Instant], now: Instant) -> [Instant] {
        starts.filter { now - $0 < delay }
    }
}
