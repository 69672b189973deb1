/// The instants at which the daemon's processes do their routine work: the
/// multiples of one period on the monotonic clock, which every process of
/// the machine reads alike. Processes that sleep until the same instant are
/// woken by one timer interrupt, and the CPU they wake stays busy for all of
/// them; on a virtual machine, each separate wake-up of an idle CPU costs a
/// trip through the hypervisor, a large part of an idle daemon's CPU time.
/// Times are milliseconds on that clock (never negative).
public struct TickGrid: Equatable, Sendable {
    public let period: Int64

    public init(period: Int64) { self.period = max(1, period) }

    public init(period: Millis) { self.init(period: period.value) }

    /// The first grid instant strictly after `now`: a wake-up at a grid
    /// instant, or work that overran one, waits for the next one.
    public func next(after now: Int64) -> Int64 { floor(now) + period }

    /// The last grid instant at or before `instant`.
    public func floor(_ instant: Int64) -> Int64 {
        let remainder = instant % period
        return instant - (remainder < 0 ? remainder + period : remainder)
    }
}
