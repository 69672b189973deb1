/// What the generator reads: the configuration file's bytes, or why there are none.
public enum ConfigFileRead: Equatable, Sendable {
    case missing
    case unreadable(reason: String)
    case contents([UInt8])
}

/// A file to write below the generator's output directory.
public struct GeneratedFile: Equatable, Sendable {
    /// Relative to the output directory, e.g. `sbd.service.d/50-sbd-generator.conf`.
    public let relativePath: String
    public let text: String

    public init(relativePath: String, text: String) {
        self.relativePath = relativePath
        self.text = text
    }
}

/// A line for the kernel log (or stderr when run by hand).
public struct GeneratorMessage: Equatable, Sendable, CustomStringConvertible {
    /// syslog severities, the numbers /dev/kmsg expects.
    public enum Level: Int32, Sendable {
        case error = 3, warning = 4, notice = 5, info = 6
    }

    public let level: Level
    public let text: String

    public init(level: Level, text: String) {
        self.level = level
        self.text = text
    }

    public var description: String { text }
}

/// Everything one run decides: the files (none when the configuration is
/// unusable) and what to log about it.
public struct GeneratorOutput: Equatable, Sendable {
    public var files: [GeneratedFile] = []
    public var messages: [GeneratorMessage] = []
}
