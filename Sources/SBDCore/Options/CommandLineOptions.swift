/// sbd's command line, typed and checked. Every option of the manual is
/// accepted here; which ones act depends on the command.
public struct CommandLineOptions: Equatable, Sendable {
    public var devices: [String] = []
    public var nodeName: String?
    public var verbosity = 0
    public var showHelp = false
    /// -R: no realtime priority, no mlockall (debugging only).
    public var disableRealtime = false
    /// -W, counted: an odd count uses the watchdog, an even one does not.
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
    /// -P, counted: an odd count turns pacemaker integration on, an even one off.
    public var pacemakerFlagCount = 0
    /// -c, counted like -P: the corosync (cluster) watcher on or off.
    public var clusterFlagCount = 0
    /// -Z, counted.
    public var traceLevel = 0
    public var timeoutAction: TimeoutAction?
    /// --json: `check` prints one JSON document. The only long option, so it
    /// is taken out before the getopt scan.
    public var json = false
    /// `nil` only when -h was given: sbd then shows its help and does nothing else.
    public var command: SBDCommand?

    public init() {}

    /// Debian's option string, less the letters that do nothing there: -D
    /// ("has no effect") and -z (sets a disk priority that nothing reads).
    static let parser = GetoptParser(
        withArgument: ["d", "n", "w", "S", "p", "1", "2", "3", "4", "5", "C", "I", "s", "t", "F", "r"],
        flags: ["h", "R", "W", "T", "v", "P", "Z", "c", "z", "D"])

    public static func parse(_ arguments: [String]) throws(UsageError) -> CommandLineOptions {
        var options = CommandLineOptions()
        let end = arguments.firstIndex(of: "--") ?? arguments.endIndex
        options.json = arguments[..<end].contains("--json")
        let scanned = parser.parse(arguments[..<end].filter { $0 != "--json" } + arguments[end...])
        // In order, like sbd: the first mistake wins, and -h ends the scan.
        for occurrence in scanned.options {
            switch occurrence {
            case .unknown(let letter): throw .unknownOption(letter)
            case .missingArgument(let letter): throw .missingArgument(letter)
            case .option("h", _):
                options.showHelp = true
                return options
            case .option(let letter, let argument):
                try options.apply(letter, argument)
            }
        }
        if options.devices.count > 3 { throw .tooManyDevices(options.devices.count) }
        options.command = try SBDCommand.parse(scanned.operands)
        if options.json && options.command != .check { throw .conflict("--json works only with the check command") }
        return options
    }

    private mutating func apply(_ letter: Character, _ argument: String?) throws(UsageError) {
        guard let argument else {
            applyFlag(letter)
            return
        }
        guard let value = OptionValue.trimmed(argument) else {
            throw .invalidValue(option: letter, value: argument, expected: "a value that is not empty")
        }
        switch letter {
        case "d":
            // sbd keeps one servant per device name, compared ignoring case.
            if !devices.contains(where: { Self.sameIgnoringASCIICase($0, value) }) { devices.append(value) }
        case "n": nodeName = value
        case "w": watchdogDevice = value
        case "p": pidFile = value
        case "r":
            guard let action = TimeoutAction(parsing: value) else {
                throw .invalidValue(
                    option: "r", value: argument,
                    expected: "flush or noflush, and/or reboot, crashdump or off, separated by a comma")
            }
            timeoutAction = action
        default:
            guard let number = OptionValue.number(value) else {
                throw .invalidNumber(
                    option: letter, value: argument,
                    allowed: "a whole number from 0 to \(OptionValue.maximumNumber)")
            }
            applyNumber(letter, number)
        }
    }

    private mutating func applyFlag(_ letter: Character) {
        switch letter {
        case "v": verbosity += 1
        case "R": disableRealtime = true
        case "W": watchdogFlagCount += 1
        case "T": keepWatchdogTimeout = true
        case "P": pacemakerFlagCount += 1
        case "c": clusterFlagCount += 1
        case "Z": traceLevel += 1
        default: break  // -D and -z: accepted, as by sbd, and without effect there too
        }
    }

    private mutating func applyNumber(_ letter: Character, _ number: UInt32) {
        switch letter {
        // sbd starts only if clean for any start mode above 0.
        case "S": startMode = number == 0 ? .always : .clean
        case "1": watchdogTimeout = number
        case "2": allocateTimeout = number
        case "3": loopTimeout = number
        case "4": msgwaitTimeout = number
        case "5": lateTickleWarning = number
        case "C": crashdumpWatchdogTimeout = number
        case "I": ioTimeout = number
        case "s": startupWait = number
        case "t": dampeningDelay = number
        default: failureThreshold = number  // "F": the parser knows no other letter
        }
    }

    static func sameIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count
            && zip(a.utf8, b.utf8).allSatisfy { asciiLower($0) == asciiLower($1) }
    }
}

/// `-S` / `SBD_STARTMODE`.
public enum StartMode: Equatable, Sendable {
    /// Start whatever the slot says.
    case always
    /// Refuse to start when the slot holds a fencing message.
    case clean
}
