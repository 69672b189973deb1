import QuotedText
import SBDCore
import SBDPlatform

/// From the command line to a finished command: parse, check privileges,
/// read the configuration, dispatch.
enum SBDTool {
    static func run(_ arguments: [String]) -> Int32 {
        SystemLog.open()
        if let servant = ServantArguments(arguments) { return DeviceServant.run(servant) }
        let code = runCommand(arguments)
        // The daemon's background child leaves the closing line to its parent;
        // check's 1 and 2 are verdicts on the configuration, not failures of sbd.
        let verdict = (try? CommandLineOptions.parse(arguments))?.command == .check
        if code != ExitCode.success && !verdict && System.environment()[WatchCommand.childVariable] != "1" {
            Console.err(Reports.failureClosing)
        }
        return code
    }

    private static func runCommand(_ arguments: [String]) -> Int32 {
        var options: CommandLineOptions
        do {
            options = try CommandLineOptions.parse(arguments)
        } catch {
            Console.err("sbd: \(error)")
            Console.err("Try 'sbd -h' for more information.")
            return ExitCode.failure
        }
        guard let command = options.command else {
            Console.out(Help.text)
            return ExitCode.success
        }
        let log = Log(verbosity: options.verbosity)
        guard System.isRoot else {
            log.error(
                "\(command.word) must be run as root: sbd reads and writes block devices directly"
                    + " and controls the watchdog. Run it as root (for example with sudo).")
            return ExitCode.failure
        }

        let environment = System.environment()
        let sources: ConfigSources
        var configPath = environment[ConfigFile.overrideVariable] ?? ConfigFile.defaultPath
        do {
            let file = try ConfigFile.load(environment: environment)
            configPath = file.path
            if let insecurity = file.insecurity {
                if command == .watch {
                    log.error("refusing to start: \(insecurity); SBD_OPTS in it would run as root")
                    return ExitCode.failure
                }
                log.warning("\(insecurity); anyone who can write it can make sbd run with options of their choosing")
            }
            sources = ConfigSources(file: file.assignments ?? [], path: file.path, environment: environment)
        } catch {
            // Devices given on the command line need nothing from the file:
            // a broken file must not stop fence_sbd from fencing.
            guard !options.devices.isEmpty, command != .watch else {
                log.error("\(error)")
                return ExitCode.failure
            }
            log.warning("\(error); ignoring it, devices come from -d")
            sources = ConfigSources(file: [], path: ConfigFile.defaultPath, environment: environment)
        }

        // check judges the daemon's settings: SBD_OPTS (the daemon's options in
        // sbd.service) first, then this command line, which wins.
        if command == .check, let service = sources["SBD_OPTS"]?.value, !service.isEmpty {
            do {
                options = try CommandLineOptions.parse(CommandWords.split(service) + arguments)
            } catch {
                log.error("SBD_OPTS in \(configPath): \(error)")
                return ExitCode.failure
            }
        }
        let (settings, problems) = SBDSettings.resolve(options: options, sources: sources)
        for problem in problems {
            if command == .watch {
                log.error("\(problem)")
            } else {
                log.warning("\(problem)")
            }
        }
        if command == .watch && !problems.isEmpty { return ExitCode.failure }

        // Disk-less mode: `watch` with pacemaker integration and no devices.
        let diskless = command == .watch && settings.pacemaker
        if command.needsDevices && settings.devices.isEmpty && !diskless {
            log.error("no devices given: use -d DEVICE (up to three times) or set SBD_DEVICE in \(configPath)")
            return ExitCode.failure
        }

        let localName = settings.nodeName ?? System.nodeName()
        // Like sbd, a name that no slot can hold is refused whenever devices are in play.
        if !settings.devices.isEmpty, localName.utf8.count > NodeName.maximumLength {
            log.error("\(NodeNameError.tooLong(localName, localName.utf8.count)): give a shorter one with -n")
            return ExitCode.failure
        }
        let context = CommandContext(
            devices: settings.devices, localName: localName,
            ioTimeout: settings.ioTimeout, log: log)
        switch command {
        case .create:
            return Management.create(context, options: options)
        case .dump:
            return Management.dump(context)
        case .list:
            return Management.list(context)
        case .allocate(let node):
            return Management.allocate(context, node: node)
        case .message(let node, let message):
            return Messenger.send(context, to: node, message)
        case .queryWatchdog:
            return WatchdogCommands.query(settings, log: log)
        case .testWatchdog:
            return WatchdogCommands.test(settings, log: log)
        case .check:
            return CheckCommand.run(settings, sources: sources, context: context, json: options.json)
        case .watch:
            return WatchCommand.run(settings, context: context, arguments: arguments)
        }
    }
}

/// What every management command needs to know.
struct CommandContext: Sendable {
    let devices: [String]
    let localName: String
    let ioTimeout: UInt32
    let log: Log

    func open(_ path: String, writable: Bool) throws(DeviceError) -> SBDDevice {
        let opened = try SBDDevice(path: path, writable: writable, ioTimeoutSeconds: ioTimeout)
        let device = opened.device
        log.debug(
            "opened \(path): \(device.isBlockDevice ? "block device" : "regular file"), \(device.byteCount) bytes,"
                + " \(device.sectorSize)-byte sectors, \(device.usesDirectIO ? "O_DIRECT" : "buffered") I/O")
        return opened
    }
}
