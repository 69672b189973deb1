// The properties that decide when distreboot reboots, besides how: automatic
// cycles, the reboot window, blockers, notifications and the metrics file.
// Engine-neutral; Properties hands every name it does not know itself here.

import QuotedText

public struct ScheduleProperties: Equatable, Sendable {
    public static let known: [String] = [
        "auto", "window", "requiredcmd", "blockcmd", "settle", "notifycmd", "metricsfile", "checkperiod",
        "cmdtimeout",
    ]
    public static let defaultMetricsFile = "/var/lib/prometheus/node-exporter/distreboot.prom"

    /// Start an --only-required cycle when a node needs a reboot.
    public var auto = false
    /// When reboots may begin; nil: at any time.
    public var window: RebootWindow?
    /// Where `window` was set ("FILE:LINE" or "--set-property"), for errors found later (the time zone).
    public var windowOrigin = ""
    /// Exit status 0 says this node needs a reboot (besides /var/run/reboot-required).
    public var requiredCommand: String?
    /// A non-zero exit status holds the next reboot.
    public var blockCommand: String?
    /// Seconds between one node's return and the next node's reboot.
    public var settleSeconds: Int64 = 0
    /// Told of every step of a cycle.
    public var notifyCommand: String?
    /// The Prometheus text file; nil: none.
    public var metricsFile: String? = ScheduleProperties.defaultMetricsFile
    /// Seconds between two runs of requiredcmd and blockcmd, and between two looks for an automatic cycle.
    public var checkPeriodSeconds: Int64 = 60
    /// Seconds after which requiredcmd, blockcmd or notifycmd is killed.
    public var commandTimeoutSeconds: Int64 = 30

    public init() {}

    /// Sets a property of this group; false if `name` is not one of them.
    public mutating func set(_ name: String, _ value: String, origin: String) throws(PropertyError) -> Bool {
        switch name {
        case "auto":
            switch value.lowercased() {
            case "yes", "true", "on", "1": auto = true
            case "no", "false", "off", "0": auto = false
            default: throw PropertyError(message: "auto must be yes or no, not \(quoted(value))")
            }
        case "window":
            if value.isEmpty {
                window = nil
            } else {
                window = try RebootWindow.parse(value)
                windowOrigin = origin
            }
        case "requiredcmd": requiredCommand = value.isEmpty ? nil : value
        case "blockcmd": blockCommand = value.isEmpty ? nil : value
        case "notifycmd": notifyCommand = value.isEmpty ? nil : value
        case "metricsfile":
            guard value.isEmpty || value.hasPrefix("/"), !value.hasSuffix("/") else {
                throw PropertyError(
                    message: "metricsfile must be an absolute file name (e.g. \(Self.defaultMetricsFile)), "
                        + "or empty for none, not \(quoted(value))")
            }
            metricsFile = value.isEmpty ? nil : value
        case "settle":
            settleSeconds = try seconds(name, value, 0...86400)
        case "checkperiod":
            checkPeriodSeconds = try seconds(name, value, 5...86400)
        case "cmdtimeout":
            commandTimeoutSeconds = try seconds(name, value, 1...3600)
        default:
            return false
        }
        return true
    }

    private func seconds(_ name: String, _ value: String, _ range: ClosedRange<Int64>) throws(PropertyError)
        -> Int64
    {
        guard let n = Int64(value), range.contains(n) else {
            throw PropertyError(
                message: "\(name) must be a number of seconds from \(range.lowerBound) to \(range.upperBound), "
                    + "not \(quoted(value))")
        }
        return n
    }
}
