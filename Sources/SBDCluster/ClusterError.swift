import CSBDCluster

/// A failed call into corosync or pacemaker's CIB library.
public struct ClusterError: Error, Equatable, CustomStringConvertible {
    public enum Source: String, Sendable {
        case corosync
        case cib
    }

    public var source: Source
    /// The library's code: a cs_error_t for corosync, a legacy (negative) pacemaker code for the CIB.
    public var code: Int32
    public var operation: String

    public init(_ source: Source, code: Int32, operation: String) {
        self.source = source
        self.code = code
        self.operation = operation
    }

    public var message: String {
        let text =
            switch source {
            case .corosync: csbd_corosync_strerror(code)
            case .cib: csbd_cib_strerror(code)
            }
        return text.map { String(cString: $0) } ?? "error \(code)"
    }

    public var description: String { "\(source.rawValue) \(operation): \(message) (\(code))" }
}
