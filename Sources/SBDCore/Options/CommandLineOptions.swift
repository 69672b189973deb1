/// sbd's command line, typed and checked. Every option of the manual is
/// accepted here; which ones act depends on the command.
public struct CommandLineOptions: Equatable, Sendable {
    public var devices: [String] = []
    public var nodeName: String?
    public var verbosity = 0
    public var showHelp = false
    /// -R: no realtime priority, no mlockall (debugging only).
    public var disableRealtime = false
    /// -W once = use the watchdog, twice = don't.
    public var watchdogFlagCount = 0
    public var watchdogDevice: String?
    /// -T: leave the watchdog's timeout as it is.
    public var keepWatchdogTimeout = false
    public var startMode: StartMode?
    public var pidFile: String?
    /// -1 .. -4, for `create`.
    public var watchdogTimeout: UInt32?
    public var allocateTimeout: UInt32?
    public var loopTimeout: UInt32?
    public var msgwaitTimeout: UInt32?
    /// -5: warn when tickling the watchdog is later than this.
    public var lateTickleWarning: UInt32?
    /// -C: watchdog timeout to set before a crashdump.
    public var crashdumpWatchdogTimeout: UInt32?
    /// -I: bound on each device I/O.
    public var ioTimeout: UInt32?
    /// -s: how long `watch` waits for devices at start-up.
    public var startupWait: UInt32?
    /// -t and -F: servant restart dampening.
    public var dampeningDelay: UInt32?
    public var failureThreshold: UInt32?
    /// -P once = pacemaker integration on, twice = off.
    public var pacemakerFlagCount = 0
    /// -Z, counted.
    public var traceLevel = 0
    public var timeoutAction: TimeoutAction?
    /// `nil` only when -h was given without a command.
    public var command: SBDCommand?

    public init() {}

    static let parser = GetoptParser(
        withArgument: ["d", "n", "w", "S", "p", "1", "2", "3", "4", "5", "C", "I", "s", "t", "F", "r"],
        flags: ["h", "R", "W", "T", "v", "P", "Z"])

    public static func parse(_ arguments: [String]) throws(UsageError) -> CommandLineOptions {
        let scanned = try parser.parse(arguments)
        var options = CommandLineOptions()
        for occurrence in scanned.options {
            try options.apply(occurrence.letter, occurrence.argument ?? "")
        }
        if options.devices.count > 3 { throw .tooManyDevices(options.devices.count) }
        if options.showHelp && scanned.operands.isEmpty { return options }
        options.command = try SBDCommand.parse(scanned.operands)
        return options
    }

    private mutating func apply(_ letter: Character, _ value: String) throws(UsageError) {
        switch letter {
        case "d": devices.append(value)
        case "n":
            do {
                _ = try NodeName(validating: value)
            } catch {
                throw .invalidNodeName(error)
            }
            nodeName = value
        case "v": verbosity += 1
        case "h": showHelp = true
        case "R": disableRealtime = true
        case "W": watchdogFlagCount += 1
        case "w": watchdogDevice = value
        case "T": keepWatchdogTimeout = true
        case "S":
            switch value {
            case "0": startMode = .always
            case "1": startMode = .clean
            default:
                throw .invalidValue(option: "S", value: value, expected: "0 (always start) or 1 (start only if clean)")
            }
        case "p": pidFile = value
        case "1": watchdogTimeout = try Self.seconds(value, option: letter, minimum: 1)
        case "2": allocateTimeout = try Self.seconds(value, option: letter, minimum: 1)
        case "3": loopTimeout = try Self.seconds(value, option: letter, minimum: 1)
        case "4": msgwaitTimeout = try Self.seconds(value, option: letter, minimum: 1)
        case "5": lateTickleWarning = try Self.seconds(value, option: letter, minimum: 0)
        case "C": crashdumpWatchdogTimeout = try Self.seconds(value, option: letter, minimum: 0)
        case "I": ioTimeout = try Self.seconds(value, option: letter, minimum: 1)
        case "s": startupWait = try Self.seconds(value, option: letter, minimum: 0)
        case "t": dampeningDelay = try Self.seconds(value, option: letter, minimum: 0)
        case "F": failureThreshold = try Self.seconds(value, option: letter, minimum: 0)
        case "P": pacemakerFlagCount += 1
        case "Z": traceLevel += 1
        case "r":
            guard let action = TimeoutAction(parsing: value) else {
                throw .invalidValue(
                    option: "r", value: value,
                    expected: "flush or noflush, and/or reboot, crashdump or off, separated by a comma")
            }
            timeoutAction = action
        default: throw .unknownOption(letter)
        }
    }

    /// Whole seconds, decimal, no sign, no suffix.
    static func seconds(_ text: String, option: Character, minimum: UInt32) throws(UsageError) -> UInt32 {
        let allowed = minimum == 0 ? "a whole number of seconds (0 or more)" : "a whole number of seconds (1 or more)"
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let value = UInt32(text), value >= minimum, value <= Int32.max
        else { throw .invalidNumber(option: option, value: text, allowed: allowed) }
        return value
    }
}

/// `-S` / `SBD_STARTMODE`.
public enum StartMode: Equatable, Sendable {
    /// Start whatever the slot says.
    case always
    /// Refuse to start when the slot holds a fencing message.
    case clean
}
