/// A failed call into corosync or pacemaker's libraries.
public struct ClusterError: Error, Equatable, CustomStringConvertible {
    public enum Source: String, Sendable {
        case corosync
        case cib
    }

    public var source: Source
    /// The library's code: a cs_error_t for corosync, a legacy (negative) pacemaker code for the CIB.
    public var code: Int32
    public var operation: String
    /// The library's text for `code`.
    public var message: String

    public init(_ source: Source, code: Int32, operation: String, message: String) {
        self.source = source
        self.code = code
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(source.rawValue) \(operation): \(message) (\(code))" }
}
