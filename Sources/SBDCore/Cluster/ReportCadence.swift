/// When a -P watcher sends a report. The inquisitor counts a watcher as
/// late once its last good report is older than loop + I/O timeout
/// (`InquisitorConfig.reportMaxAge`); Debian's watchers report every loop.
/// Ours are event-driven: a change wakes them and is sent at once, so a
/// report that only repeats "healthy" proves that the watcher still runs,
/// and every other loop does that with half the allowed age to spare (one
/// wake-up a loop is most of an idle watcher's CPU). Anything but a steady
/// "healthy" is sent every loop, as before. The watcher wakes on the
/// daemon's `TickGrid`, with the inquisitor and the device watchers. Times
/// are milliseconds on one monotonic clock.
public struct ReportCadence: Equatable, Sendable {
    public let loop: Int64
    /// The longest gap between two reports of an unchanged "healthy": whole
    /// loops, at most half of the allowed age, at least one loop.
    public let interval: Int64
    public var grid: TickGrid { TickGrid(period: loop) }
    public private(set) var lastSent: ServantReport?
    public private(set) var lastSentAt: Int64 = 0

    /// `maxAge` nil (an inquisitor that did not say): every loop.
    public init(loop: Int64, maxAge: Int64?) {
        let loop = max(1, loop)
        self.loop = loop
        interval = loop * (maxAge.map { max(1, $0 / 2 / loop) } ?? 1)
    }

    /// When an unchanged "healthy" is next due: the last grid instant within
    /// `interval` of the last report. Never later, so the gap never grows;
    /// earlier only after a report sent off the grid (a change), which
    /// brings the watcher back onto the grid.
    public var steadyDueAt: Int64 { grid.floor(lastSentAt + interval) }

    /// Whether `report`, judged at `now`, must go to the inquisitor. Half a
    /// loop of tolerance: a wake-up for a change that comes just before the
    /// steady report is due sends that one too (and saves a wake-up).
    public func isDue(_ report: ServantReport, at now: Int64) -> Bool {
        guard report == .healthy, lastSent == .healthy else { return true }
        return now + loop / 2 >= steadyDueAt
    }

    public mutating func sent(_ report: ServantReport, at now: Int64) {
        lastSent = report
        lastSentAt = now
    }

    /// The instant the watcher sleeps until at `now`, unless its connection
    /// wakes it: the next report of a steady "healthy", else the next grid
    /// instant (every loop). `steady`: nothing changes without a wake-up (no
    /// look running that could turn overdue in between).
    public func wake(steady: Bool, at now: Int64) -> Int64 {
        guard steady, lastSent == .healthy else { return grid.next(after: now) }
        return max(steadyDueAt, now)
    }
}
