import SBDCore

/// A votequorum connection that reconnects: each `quorum()` dispatches what
/// is pending and asks votequorum, or returns nil while corosync is away.
public final class CorosyncLink {
    private var connection: CorosyncConnection?

    public init() {}

    public var fileDescriptor: Int32? { connection?.fileDescriptor }

    public func quorum() -> CorosyncQuorum? {
        if connection == nil { connection = try? CorosyncConnection(waitMilliseconds: 200) }
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
