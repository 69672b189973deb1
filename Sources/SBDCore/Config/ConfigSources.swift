/// Where a setting came from, so that an error can point at it.
public enum ConfigOrigin: Equatable, Sendable, CustomStringConvertible {
    case environment
    case file(path: String, line: Int)

    public var description: String {
        switch self {
        case .environment: return "the environment"
        case .file(let path, let line): return "\(path) line \(line)"
        }
    }
}

public struct ConfigValue: Equatable, Sendable {
    public let value: String
    public let origin: ConfigOrigin
}

/// The `SBD_*` variables seen by this process: those of the configuration
/// file, overridden by those of the environment (command line > environment
/// > file > defaults; the command line is applied later).
public struct ConfigSources: Equatable, Sendable {
    public private(set) var values: [String: ConfigValue] = [:]

    public init() {}

    public init(file assignments: [EnvironmentAssignment], path: String, environment: [String: String]) {
        for assignment in assignments where assignment.name.hasPrefix("SBD_") {
            values[assignment.name] = ConfigValue(
                value: assignment.value, origin: .file(path: path, line: assignment.line))
        }
        for (name, value) in environment where name.hasPrefix("SBD_") {
            values[name] = ConfigValue(value: value, origin: .environment)
        }
    }

    public subscript(name: String) -> ConfigValue? { values[name] }
}
