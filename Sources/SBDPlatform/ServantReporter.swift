import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

/// A servant's side of the report pipe (fd 3): each report carries the
/// monotonic time; urgent ones are flagged to the inquisitor with SIGUSR2
/// so they do not wait for its next tick.
public struct ServantReporter: Sendable {
    public static let reportFD: Int32 = 3
    public let servant: Int
    public let inquisitor: pid_t
    /// The report sent before: a "healthy" that ends another state is urgent.
    private var previous: ServantReport?

    public init(servant: Int, inquisitor: pid_t) {
        self.servant = servant
        self.inquisitor = inquisitor
    }

    /// False when the inquisitor is gone (the pipe has no reader).
    public mutating func send(_ report: ServantReport) -> Bool {
        let frame = ServantReportFrame(
            servant: servant, report: report, sentAt: Instant(milliseconds: Kernel.monotonicMilliseconds()))
        guard writeMessage(Self.reportFD, frame.encoded()) else { return false }
        if frame.isUrgent(after: previous) { Processes.signal(inquisitor, SIGUSR2) }
        previous = report
        return true
    }
}
