// distreboot's properties: /etc/distreboot.properties, overridden by
// `--set-property NAME=VALUE` on the command line.

import QuotedText

public struct Properties: Equatable, Sendable {
    public static let known: [String] =
        ["rebootcmd", "prerebootcmd", "postrebootcmd", "heartbeat", "engine", "draintimeout", "settletimeout"]
        + ScheduleProperties.known

    /// Run to reboot this node, through /bin/sh, as given.
    public var rebootCommand = "reboot"
    /// Run before rebootcmd (e.g. put the node in pacemaker standby); failure cancels this node's reboot.
    public var preRebootCommand: String?
    /// Run after the node is back, before it leaves the list; failure stops the cycle.
    public var postRebootCommand: String?
    /// Lifetime of a heartbeat in seconds.
    public var heartbeatSeconds: Int64 = 60
    /// pacemaker or etcd; nil: chosen by `EngineKind.chosenByDefault`.
    public var engine: EngineKind?
    /// Pacemaker engine: how long a node's standby may take to move its resources away.
    public var drainSeconds: Int64 = 300
    /// Pacemaker engine: how long a node back from reboot may take until the cluster has settled.
    public var settleSeconds: Int64 = 300
    /// When to reboot: auto, window, blockers, notifications, metrics (issue 16).
    public var schedule = ScheduleProperties()

    public init() {}

    /// `origin`: where the value comes from ("FILE:LINE", "--set-property"), kept for later checks.
    public mutating func set(_ name: String, _ value: String, origin: String = "--set-property")
        throws(PropertyError)
    {
        switch name {
        case "rebootcmd":
            guard !value.isEmpty else { throw PropertyError(message: "rebootcmd must not be empty") }
            rebootCommand = value
        case "prerebootcmd": preRebootCommand = value.isEmpty ? nil : value
        case "postrebootcmd": postRebootCommand = value.isEmpty ? nil : value
        case "heartbeat":
            guard let seconds = Int64(value), seconds >= 3, seconds <= 86400 else {
                throw PropertyError(
                    message: "heartbeat must be a number of seconds from 3 to 86400, not \(quoted(value))")
            }
            heartbeatSeconds = seconds
        case "engine":
            guard let kind = EngineKind(rawValue: value) else {
                throw PropertyError(message: "engine must be pacemaker or etcd, not \(quoted(value))")
            }
            engine = kind
        case "draintimeout", "settletimeout":
            guard let seconds = Int64(value), seconds >= 1, seconds <= 86400 else {
                throw PropertyError(
                    message: "\(name) must be a number of seconds from 1 to 86400, not \(quoted(value))")
            }
            if name == "draintimeout" { drainSeconds = seconds } else { settleSeconds = seconds }
        default:
            if try schedule.set(name, value, origin: origin) { return }  // issue 16's properties
            throw PropertyError(
                message: "unknown property \(quoted(name)) (known: \(Properties.known.joined(separator: ", ")))")
        }
    }

    /// Applies `name=value` lines; '#' starts a comment line; blank lines are ignored.
    public mutating func apply(fileText: String, path: String) throws(PropertyError) {
        for (index, rawLine) in fileText.lines.enumerated() {
            let line = rawLine.trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                let (name, value) = try Properties.split(assignment: line)
                try set(name, value, origin: "\(path):\(index + 1)")
            } catch {
                throw PropertyError(message: "\(path):\(index + 1): \(error.message)")
            }
        }
    }

    /// Splits "name=value" at the first '='.
    public static func split(assignment: String) throws(PropertyError) -> (String, String) {
        guard let eq = assignment.firstIndex(of: "=") else {
            throw PropertyError(message: "expected NAME=VALUE, got \(quoted(assignment))")
        }
        let name = assignment[..<eq].trimmingSpaces
        guard !name.isEmpty else {
            throw PropertyError(message: "missing property name in \(quoted(assignment))")
        }
        return (name, assignment[assignment.index(after: eq)...].trimmingSpaces)
    }
}

public struct PropertyError: Error, Equatable, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
