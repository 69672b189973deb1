/// The pacemaker watcher's reader thread looks at the CIB, which a large or
/// busy CIB (thousands of resources, a loaded node) can keep busy for
/// seconds; the watcher's main thread reports every loop from the reader's
/// last look, so that a slow CIB does not make the watcher late. A look
/// whose start is more than `limit` ago is no longer good news: the report
/// is then "unhealthy", as a stuck watcher's missing report was before.
public struct ReaderLook: Equatable, Sendable {
    public var report: ServantReport
    /// When the look began (monotonic milliseconds): its facts are that old.
    public var startedAt: Int64

    public init(report: ServantReport, startedAt: Int64) {
        self.report = report
        self.startedAt = startedAt
    }

    /// What to report at `now` from the last look, if any.
    public static func current(_ last: ReaderLook?, at now: Int64, limit: Int64) -> ServantReport {
        guard let last else { return .starting }
        let age = now - last.startedAt
        guard age <= limit else {
            return .unhealthy("pacemaker's CIB has not been read for \(age / 1000) s (a look is still running)")
        }
        return last.report
    }
}
