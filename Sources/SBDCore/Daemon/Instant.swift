/// A point on the monotonic clock, in milliseconds. The core never reads a
/// clock: the shell passes the time in with every event.
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static func seconds(_ value: Int64) -> Instant { Instant(milliseconds: value * 1000) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public static func + (lhs: Instant, rhs: Millis) -> Instant { Instant(milliseconds: lhs.milliseconds + rhs.value) }

    public static func - (lhs: Instant, rhs: Instant) -> Millis { Millis(lhs.milliseconds - rhs.milliseconds) }

    public var description: String { "\(milliseconds) ms" }
}

/// A span of time in milliseconds.
public struct Millis: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var value: Int64

    public init(_ value: Int64) { self.value = value }

    public static func seconds(_ value: UInt32) -> Millis { Millis(Int64(value) * 1000) }

    public static let zero = Millis(0)

    public static func < (lhs: Millis, rhs: Millis) -> Bool { lhs.value < rhs.value }

    public static func + (lhs: Millis, rhs: Millis) -> Millis { Millis(lhs.value + rhs.value) }

    /// "2.5 s": how log lines show a span.
    public var description: String {
        let whole = value / 1000
        let tenths = (abs(value) % 1000) / 100
        return tenths == 0 ? "\(whole) s" : "\(whole).\(tenths) s"
    }
}
