import SBDCore

/// A votequorum connection that reconnects: each `quorum()` dispatches what
/// is pending and asks votequorum, or returns nil while corosync is away.
public final class CorosyncLink {
    private let waitMilliseconds: Int32
    private var connection: CorosyncConnection?

    /// `waitMilliseconds`: how long a (re)connect waits for the first membership list.
    public init(waitMilliseconds: Int32 = 200) { self.waitMilliseconds = waitMilliseconds }

    public var fileDescriptor: Int32? { connection?.fileDescriptor }

    public func quorum() -> CorosyncQuorum? {
        if connection == nil { connection = try? CorosyncConnection(waitMilliseconds: waitMilliseconds) }
        guard let connection else { return nil }
        do {
            try connection.dispatch()
            return try connection.query()
        } catch {
            self.connection = nil
            return nil
        }
    }
}
