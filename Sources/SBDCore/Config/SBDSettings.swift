/// `SBD_DELAY_START`: no delay, msgwait, or a number of seconds.

import QuotedText

public enum DelayStart: Equatable, Sendable {
    case no
    case msgwait
    case seconds(UInt32)
}

/// `SBD_MOVE_TO_ROOT_CGROUP`.
public enum RootCgroupMove: Equatable, Sendable {
    case yes, no, auto
}

/// Everything sbd needs to know, resolved from command line, environment,
/// configuration file and defaults, in that order of precedence.
public struct SBDSettings: Equatable, Sendable {
    public var devices: [String] = []
    /// Where the device list came from (for error messages); nil = -d.
    public var devicesOrigin: ConfigOrigin?
    public var nodeName: String?
    public var verbosity = 0
    public var pacemaker = true
    /// sbd 1.5's separate switch for the corosync watcher: SBD_PACEMAKER, then
    /// -c (odd count on, even off). This sbd runs that watcher exactly when it
    /// runs pacemaker's, so a different wish is only reported (see WatchCommand).
    public var clusterCheck = true
    public var startMode = StartMode.always
    public var delayStart = DelayStart.no
    /// `nil` means no watchdog (-W -W, or /dev/null).
    public var watchdogDevice: String? = "/dev/watchdog"
    /// The watchdog was named (-w or SBD_WATCHDOG_DEV), not the default.
    public var watchdogDeviceNamed = false
    public var watchdogTimeout: UInt32 = 5
    public var timeoutAction = TimeoutAction.default
    public var moveToRootCgroup = RootCgroupMove.auto
    public var syncResourceStartup = true
    public var ioTimeout: UInt32 = 3
    public var startupWait: UInt32 = 120
    public var realtime = true
    public var keepWatchdogTimeout = false
    public var pidFile: String?
    public var lateTickleWarning: UInt32?
    public var crashdumpWatchdogTimeout: UInt32 = 0
    public var dampeningDelay: UInt32 = 5
    public var failureThreshold: UInt32 = 1
    public var traceLevel = 0

    public init() {}

    /// Resolves the settings. Invalid values from the environment or the file
    /// are returned as problems and leave the default in place: management
    /// commands warn about them, `watch` refuses to start.
    public static func resolve(
        options: CommandLineOptions, sources: ConfigSources
    ) -> (settings: SBDSettings, problems: [ConfigurationError]) {
        var settings = SBDSettings()
        var problems: [ConfigurationError] = []
        func value(_ name: String) -> ConfigValue? {
            guard let found = sources[name], !found.value.isEmpty else { return nil }
            return found
        }
        func problem(_ name: String, _ found: ConfigValue, _ text: String) {
            problems.append(ConfigurationError(variable: name, origin: found.origin, problem: text))
        }
        func yesNo(_ name: String) -> Bool? {
            guard let found = value(name) else { return nil }
            if let flag = parseYesNo(found.value) { return flag }
            problem(name, found, "\(quoted(found.value)) is not yes or no")
            return nil
        }

        settings.verbosity = options.verbosity
        settings.nodeName = options.nodeName

        if !options.devices.isEmpty {
            settings.devices = options.devices
        } else if let found = sources["SBD_DEVICE"] {
            let devices = splitDeviceList(found.value)
            if devices.count > 3 {
                problem("SBD_DEVICE", found, "lists \(devices.count) devices; sbd uses 1 to 3")
            } else {
                settings.devices = devices
                settings.devicesOrigin = found.origin
            }
        }

        if let found = value("SBD_PACEMAKER"), let flag = parseYesNo(found.value) { settings.clusterCheck = flag }
        if options.clusterFlagCount > 0 { settings.clusterCheck = options.clusterFlagCount % 2 == 1 }

        if options.pacemakerFlagCount > 0 {
            settings.pacemaker = options.pacemakerFlagCount % 2 == 1
        } else if let flag = yesNo("SBD_PACEMAKER") {
            settings.pacemaker = flag
        }

        if let mode = options.startMode {
            settings.startMode = mode
        } else if let found = value("SBD_STARTMODE") {
            switch found.value {
            case "always": settings.startMode = .always
            case "clean": settings.startMode = .clean
            default: problem("SBD_STARTMODE", found, "\(quoted(found.value)) is neither always nor clean")
            }
        }

        if let found = value("SBD_DELAY_START") {
            if let flag = parseYesNo(found.value) {
                // "1" is documented to mean yes, not one second.
                settings.delayStart = flag ? .msgwait : .no
            } else if let seconds = UInt32(found.value) {
                settings.delayStart = .seconds(seconds)
            } else {
                problem("SBD_DELAY_START", found, "\(quoted(found.value)) is not yes, no or a number of seconds")
            }
        }

        if options.watchdogFlagCount > 0 && options.watchdogFlagCount % 2 == 0 {
            settings.watchdogDevice = nil
        } else {
            let named = options.watchdogDevice ?? value("SBD_WATCHDOG_DEV")?.value
            settings.watchdogDeviceNamed = named != nil
            let device = named ?? "/dev/watchdog"
            settings.watchdogDevice = device == "/dev/null" ? nil : device
        }

        if let found = value("SBD_WATCHDOG_TIMEOUT") {
            if let seconds = UInt32(found.value), seconds > 0, seconds <= OptionValue.maximumNumber {
                settings.watchdogTimeout = seconds
            } else {
                problem(
                    "SBD_WATCHDOG_TIMEOUT", found,
                    "\(quoted(found.value)) is not a whole number of seconds from 1 to \(OptionValue.maximumNumber)")
            }
        }
        // -1 sets the same timeout as SBD_WATCHDOG_TIMEOUT and wins over it, as
        // in sbd 1.5: test-watchdog counts down from it, a disk-less watch arms it.
        if let seconds = options.watchdogTimeout { settings.watchdogTimeout = seconds }

        if let action = options.timeoutAction {
            settings.timeoutAction = action
        } else if let found = value("SBD_TIMEOUT_ACTION") {
            if let action = TimeoutAction(parsing: found.value) {
                settings.timeoutAction = action
            } else {
                problem(
                    "SBD_TIMEOUT_ACTION", found,
                    "\(quoted(found.value)) is not a combination of flush|noflush and reboot|crashdump|off")
            }
        }

        if let found = value("SBD_MOVE_TO_ROOT_CGROUP") {
            if found.value == "auto" {
                settings.moveToRootCgroup = .auto
            } else if let flag = parseYesNo(found.value) {
                settings.moveToRootCgroup = flag ? .yes : .no
            } else {
                problem("SBD_MOVE_TO_ROOT_CGROUP", found, "\(quoted(found.value)) is not yes, no or auto")
            }
        }

        if let flag = yesNo("SBD_SYNC_RESOURCE_STARTUP") { settings.syncResourceStartup = flag }

        settings.ioTimeout = options.ioTimeout ?? settings.ioTimeout
        settings.startupWait = options.startupWait ?? settings.startupWait
        settings.realtime = !options.disableRealtime
        settings.keepWatchdogTimeout = options.keepWatchdogTimeout
        settings.pidFile = options.pidFile
        settings.lateTickleWarning = options.lateTickleWarning
        settings.crashdumpWatchdogTimeout = options.crashdumpWatchdogTimeout ?? 0
        settings.dampeningDelay = options.dampeningDelay ?? settings.dampeningDelay
        settings.failureThreshold = options.failureThreshold ?? settings.failureThreshold
        settings.traceLevel = options.traceLevel
        return (settings, problems)
    }
}

/// `SBD_DEVICE`: paths separated by ";", blanks around each ignored.
public func splitDeviceList(_ text: String) -> [String] {
    text.split(separator: ";").map { $0.trimmingASCIISpaces() }.filter { !$0.isEmpty }
}

/// The spellings of yes and no that pacemaker and sbd accept.
public func parseYesNo(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "yes", "y", "true", "on", "1": return true
    case "no", "n", "false", "off", "0": return false
    default: return nil
    }
}
