import SBDCore

/// How the inquisitor starts a device servant: the same binary with an
/// internal first argument, so no fork of a running Swift process is needed.
/// Not part of the documented command line.
struct ServantArguments: Equatable {
    static let word = "--device-servant"

    var index: Int
    var device: String
    var node: String
    var loopSeconds: UInt32
    var ioSeconds: UInt32
    var timeoutAction: TimeoutAction
    var traceLevel: Int
    var crashdumpWatchdogTimeout: UInt32
    var verbosity: Int
    /// Lock memory like the inquisitor (scheduling is inherited, mlockall is not).
    var realtime: Bool
    /// The device's first watcher (it missed the start-up, which clears the
    /// mailboxes of the others): clear the mailbox before watching. Every
    /// watcher claims its slot; a restarted one leaves the mailbox as it is.
    var firstStart = false

    var arguments: [String] {
        [
            Self.word, "\(index)", device, node, "\(loopSeconds)", "\(ioSeconds)", "\(timeoutAction)", "\(traceLevel)",
            "\(crashdumpWatchdogTimeout)", "\(verbosity)", realtime ? "rt" : "nort",
            firstStart ? "first" : "restart",
        ]
    }

    init(
        index: Int, device: String, node: String, loopSeconds: UInt32, ioSeconds: UInt32,
        timeoutAction: TimeoutAction, traceLevel: Int, crashdumpWatchdogTimeout: UInt32, verbosity: Int,
        realtime: Bool
    ) {
        self.index = index
        self.device = device
        self.node = node
        self.loopSeconds = loopSeconds
        self.ioSeconds = ioSeconds
        self.timeoutAction = timeoutAction
        self.traceLevel = traceLevel
        self.crashdumpWatchdogTimeout = crashdumpWatchdogTimeout
        self.verbosity = verbosity
        self.realtime = realtime
    }

    /// `arguments` without argv[0]; nil unless it is a servant invocation.
    init?(_ arguments: [String]) {
        guard arguments.count == 12, arguments[0] == Self.word, let index = Int(arguments[1]),
            let loop = UInt32(arguments[4]), let io = UInt32(arguments[5]),
            let action = TimeoutAction(parsing: arguments[6]), let trace = Int(arguments[7]),
            let crash = UInt32(arguments[8]), let verbosity = Int(arguments[9])
        else { return nil }
        self.init(
            index: index, device: arguments[2], node: arguments[3], loopSeconds: loop, ioSeconds: io,
            timeoutAction: action, traceLevel: trace, crashdumpWatchdogTimeout: crash, verbosity: verbosity,
            realtime: arguments[10] == "rt")
        firstStart = arguments[11] == "first"
    }
}
