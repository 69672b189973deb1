/// A configuration value sbd cannot use, with where it came from.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    public let variable: String
    public let origin: ConfigOrigin
    public let problem: String

    public init(variable: String, origin: ConfigOrigin, problem: String) {
        self.variable = variable
        self.origin = origin
        self.problem = problem
    }

    public var description: String { "\(variable) (from \(origin)): \(problem)" }
}
