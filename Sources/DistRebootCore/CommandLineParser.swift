// distreboot's command line, as the manual gives it, plus --only-required and
// a few overrides for tests and unusual hosts.

import QuotedText

public enum DistRebootCommand: Equatable, Sendable {
    case start(StartOptions)
    case stop
    case status
    case dryRun(onlyRequired: Bool)
    /// `now`: begin at once even outside the reboot window.
    case reboot(onlyRequired: Bool, now: Bool = false)
    case cancel
    case drop(node: String)
    case help
}

public struct StartOptions: Equatable, Sendable {
    /// --node: an etcd configuration file or directory, or a client URL.
    public var node: String?
    /// --name: the node name, instead of the etcd member name.
    public var name: String?
    /// --set-property NAME=VALUE, in order.
    public var properties: [(String, String)] = []

    public init(node: String? = nil, name: String? = nil, properties: [(String, String)] = []) {
        self.node = node
        self.name = name
        self.properties = properties
    }

    public static func == (a: StartOptions, b: StartOptions) -> Bool {
        a.node == b.node && a.name == b.name && a.properties.map { [$0.0, $0.1] } == b.properties.map { [$0.0, $0.1] }
    }
}

public struct UsageError: Error, Equatable, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
}

public enum CommandLineParser {
    public static let usage = """
        usage: distreboot [ --start [--node=DIR|FILE|URL] [--name=NODE] [--set-property NAME=VALUE]...
                          | --stop | --reboot [--only-required] [--now] | --dry-run [--only-required]
                          | --cancel | --drop=NODE ]
        With no option, shows the status of this node's daemon and of every node's heartbeat.
        """

    public static func parse(_ arguments: [String]) throws(UsageError) -> DistRebootCommand {
        var mode: String?
        var onlyRequired = false
        var now = false
        var start = StartOptions()
        var dropNode: String?
        var startOnly: [String] = []
        var index = 0

        func setMode(_ m: String) throws(UsageError) {
            if let mode, mode != m { throw UsageError(message: "--\(mode) and --\(m) cannot be combined") }
            mode = m
        }

        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            let (name, inlineValue) = splitOption(argument)

            func value() throws(UsageError) -> String {
                if let inlineValue { return inlineValue }
                guard index < arguments.count else { throw UsageError(message: "\(name) needs a value") }
                index += 1
                return arguments[index - 1]
            }
            func noValue() throws(UsageError) {
                if inlineValue != nil { throw UsageError(message: "\(name) takes no value") }
            }

            switch name {
            case "--start", "--stop", "--reboot", "--dry-run", "--cancel":
                try noValue()
                try setMode(String(name.dropFirst(2)))
            case "--drop":
                try setMode("drop")
                let node = try value()
                guard !node.isEmpty else { throw UsageError(message: "--drop needs a node name") }
                dropNode = node
            case "--only-required":
                try noValue()
                onlyRequired = true
            case "--now":
                try noValue()
                now = true
            case "--node":
                start.node = try value()
                startOnly.append(name)
            case "--name":
                start.name = try value()
                startOnly.append(name)
            case "--set-property":
                let assignment = try value()
                do {
                    start.properties.append(try Properties.split(assignment: assignment))
                } catch {
                    throw UsageError(message: "--set-property: \(error.message)")
                }
                startOnly.append(name)
            case "-h", "--help":
                try noValue()
                try setMode("help")
            default:
                throw UsageError(message: "unknown option \(quoted(argument))")
            }
        }

        if mode != "start", let option = startOnly.first {
            throw UsageError(message: "\(option) is used with --start")
        }
        if onlyRequired, mode != "reboot", mode != "dry-run" {
            throw UsageError(message: "--only-required is used with --reboot or --dry-run")
        }
        if now, mode != "reboot" { throw UsageError(message: "--now is used with --reboot") }
        switch mode {
        case nil: return .status
        case "start": return .start(start)
        case "stop": return .stop
        case "reboot": return .reboot(onlyRequired: onlyRequired, now: now)
        case "dry-run": return .dryRun(onlyRequired: onlyRequired)
        case "cancel": return .cancel
        case "drop": return .drop(node: dropNode!)
        default: return .help
        }
    }

    private static func splitOption(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<eq]), String(argument[argument.index(after: eq)...]))
    }
}
