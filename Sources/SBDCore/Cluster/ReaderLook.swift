/// The pacemaker watcher's reader thread looks at the CIB when it changed,
/// which a large or busy CIB (thousands of resources, a loaded node) can
/// keep busy for seconds; the watcher's main thread reports every loop from
/// the reader's last look, so that a slow CIB does not make the watcher late.
/// The last look holds while the reader waits for the next change; a look
/// that has been running for more than `limit` leaves the last one no longer
/// good news: the report is then "unhealthy", as a stuck watcher's missing
/// report was before.
public struct ReaderLook: Equatable, Sendable {
    public var report: ServantReport
    /// When the look began (monotonic milliseconds).
    public var startedAt: Int64

    public init(report: ServantReport, startedAt: Int64) {
        self.report = report
        self.startedAt = startedAt
    }

    /// What to report at `now` from the last look, if any, with a look
    /// running since `busySince` (nil: the reader waits for a change).
    public static func current(_ last: ReaderLook?, busySince: Int64?, at now: Int64, limit: Int64) -> ServantReport {
        if let busySince, now - busySince > limit {
            return .unhealthy(
                "pacemaker's CIB has not answered for \((now - busySince) / 1000) s (a look is still running)")
        }
        return last?.report ?? .starting
    }
}
