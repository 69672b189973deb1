/// When a -P watcher sends a report. The inquisitor counts a watcher as
/// late once its last good report is older than loop + I/O timeout
/// (`InquisitorConfig.reportMaxAge`); Debian's watchers report every loop.
/// Ours are event-driven: a change wakes them and is sent at once, so a
/// report that only repeats "healthy" proves that the watcher still runs,
/// and every other loop does that with half the allowed age to spare (one
/// wake-up a loop is most of an idle watcher's CPU). Anything but a steady
/// "healthy" is sent every loop, as before. Times are milliseconds on one
/// monotonic clock.
public struct ReportCadence: Equatable, Sendable {
    public let loop: Int64
    /// The longest gap between two reports of an unchanged "healthy": whole
    /// loops, at most half of the allowed age, at least one loop.
    public let interval: Int64
    public private(set) var lastSent: ServantReport?
    public private(set) var lastSentAt: Int64 = 0

    /// `maxAge` nil (an inquisitor that did not say): every loop.
    public init(loop: Int64, maxAge: Int64?) {
        let loop = max(1, loop)
        self.loop = loop
        interval = loop * (maxAge.map { max(1, $0 / 2 / loop) } ?? 1)
    }

    /// Whether `report`, judged at `now`, must go to the inquisitor. Half a
    /// loop of tolerance: a wake-up a few milliseconds early still sends.
    public func isDue(_ report: ServantReport, at now: Int64) -> Bool {
        guard report == .healthy, lastSent == .healthy else { return true }
        return now - lastSentAt + loop / 2 >= interval
    }

    public mutating func sent(_ report: ServantReport, at now: Int64) {
        lastSent = report
        lastSentAt = now
    }

    /// How long the watcher may sleep at `now` unless its connection wakes
    /// it: until the next report of a steady "healthy" falls due, else one
    /// loop. `steady`: nothing changes without a wake-up (no look running
    /// that could turn overdue in between).
    public func sleep(steady: Bool, at now: Int64) -> Int64 {
        guard steady, lastSent == .healthy else { return loop }
        return min(interval, max(0, lastSentAt + interval - now))
    }
}
