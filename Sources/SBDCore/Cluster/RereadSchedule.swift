/// When a -P watcher asks its source again: the pacemaker watcher queries
/// and unpacks the whole CIB, the cluster watcher asks votequorum. Each
/// connection counts the change notifications it got; a reading is due after
/// a change, at most once per `minimumGap` (a busy cluster changes its CIB
/// many times a second), and every `safetyInterval` without any, in case one
/// was lost. In between, the last reading stands: its source has not
/// changed. Times are milliseconds on one monotonic clock.
public struct RereadSchedule: Equatable, Sendable {
    public let minimumGap: Int64
    public let safetyInterval: Int64
    /// The change count (of the connection) the last reading includes, and when it was taken.
    public private(set) var lastRead: (changes: UInt64, at: Int64)?

    public init(minimumGap: Int64, safetyInterval: Int64) {
        self.minimumGap = minimumGap
        self.safetyInterval = safetyInterval
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.minimumGap == b.minimumGap && a.safetyInterval == b.safetyInterval
            && a.lastRead?.changes == b.lastRead?.changes && a.lastRead?.at == b.lastRead?.at
    }

    /// Whether to read now, the connection having announced `changes` so far.
    public func isDue(changes: UInt64, at now: Int64) -> Bool {
        guard let last = lastRead else { return true }
        if now - last.at >= safetyInterval { return true }
        return changes != last.changes && now - last.at >= minimumGap
    }

    /// Whether the safety interval is up (or nothing was read yet): the
    /// reading then starts from the source itself, not from what earlier
    /// changes were applied to.
    public func isSafetyDue(at now: Int64) -> Bool {
        guard let last = lastRead else { return true }
        return now - last.at >= safetyInterval
    }

    /// Milliseconds until a read falls due (0: now), for the watcher's sleep.
    public func due(changes: UInt64, at now: Int64) -> Int64 {
        guard let last = lastRead else { return 0 }
        let next = changes != last.changes ? last.at + minimumGap : last.at + safetyInterval
        return max(0, next - now)
    }

    /// A reading was taken at `now` that includes the changes announced up
    /// to `changes` (counted before the query began).
    public mutating func read(changes: UInt64, at now: Int64) { lastRead = (changes, now) }

    /// A new connection: nothing read through it yet.
    public mutating func reset() { lastRead = nil }
}
