import SBDCore
import SBDPlatform

/// `query-watchdog` and `test-watchdog`.
enum WatchdogCommands {
    static func query(_ settings: SBDSettings, log: Log) -> Int32 {
        let watchdogs = WatchdogDiscovery.discover()
        WatchdogListing.lines(watchdogs).forEach { Console.out($0) }
        let distinct = watchdogs.filter { $0.path != "/dev/watchdog" }
        if distinct.count > 1 {
            log.warning(
                "\(distinct.count) watchdog devices: sbd uses \(settings.watchdogDevice ?? "/dev/watchdog");"
                    + " name the right one with SBD_WATCHDOG_DEV, and make sure nothing else uses it")
        }
        return ExitCode.success
    }

    /// Arms the watchdog and never tickles it: a working watchdog resets the node.
    static func test(_ settings: SBDSettings, log: Log) -> Int32 {
        let watchdogs = WatchdogDiscovery.discover().filter { $0.path != "/dev/watchdog" }
        let path: String
        if let chosen = settings.watchdogDevice, chosen != "/dev/watchdog" || watchdogs.count <= 1 {
            path = chosen
        } else if settings.watchdogDevice == nil {
            log.error("no watchdog device to test (-W -W or /dev/null); name one with -w")
            return ExitCode.failure
        } else {
            log.error(WatchdogListing.multipleDevicesWarning(watchdogs))
            return ExitCode.failure
        }
        guard WatchdogDiscovery.standardInputIsTerminal else {
            log.error(
                "test-watchdog resets this node and asks for confirmation first, but standard input is not a"
                    + " terminal; run it interactively")
            return ExitCode.failure
        }
        Console.out("WARNING: this arms \(path) and stops tickling it. If the watchdog works, this node resets")
        Console.out("within \(settings.watchdogTimeout) s, with no clean shutdown. Type 'yes' to go on:")
        guard WatchdogDiscovery.readAnswer() == "yes" else {
            Console.out("Not tested.")
            return ExitCode.failure
        }
        let watchdog: Watchdog
        do {
            watchdog = try Watchdog(path: path)
            let chosen = try watchdog.setTimeout(settings.watchdogTimeout)
            log.notice("\(path) armed with a timeout of \(chosen) s; not tickling it")
            Console.out("Armed with \(chosen) s. The node should reset now.")
            Kernel.flush()
            System.sleep(seconds: 2 * chosen + 5)
        } catch {
            log.error("\(error)")
            return ExitCode.failure
        }
        watchdog.disarm()
        log.error("\(path) did not reset the node: the watchdog does not work; do not rely on it")
        return ExitCode.failure
    }
}
