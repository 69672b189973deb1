import SBDCore
import SBDPlatform

/// `query-watchdog` and `test-watchdog`.
enum WatchdogCommands {
    static func query(_ settings: SBDSettings, log: Log) -> Int32 {
        let watchdogs = WatchdogDiscovery.discover()
        WatchdogListing.lines(watchdogs).forEach { Console.out($0) }
        // Aliases and the legacy node name devices already counted.
        let distinct = Set(watchdogs.compactMap(\.number).filter { $0 != .legacy }).count
        if distinct > 1 {
            log.warning(
                "\(distinct) watchdog devices: sbd uses \(settings.watchdogDevice ?? "/dev/watchdog");"
                    + " name the right one with SBD_WATCHDOG_DEV, and make sure nothing else uses it")
        }
        return ExitCode.success
    }

    /// Arms the watchdog and never tickles it: a working watchdog resets the
    /// node. On a terminal it asks first; without one (pcs, scripts) it goes
    /// ahead as sbd 1.5 does, printing its lines on stdout.
    static func test(_ settings: SBDSettings, log: Log) -> Int32 {
        guard let path = settings.watchdogDevice, !settings.keepWatchdogTimeout else {
            WatchdogTestText.disabled.forEach { Console.out($0) }
            return ExitCode.success
        }
        let watchdogs = WatchdogDiscovery.discover()
        if !settings.watchdogDeviceNamed, watchdogs.count > 1 {
            WatchdogTestText.multipleDevices.forEach { Console.out($0) }
            WatchdogListing.lines(watchdogs).forEach { Console.out($0) }
            log.error(WatchdogListing.multipleDevicesWarning(watchdogs))
            return ExitCode.failure
        }
        if WatchdogDiscovery.standardInputIsTerminal {
            WatchdogTestText.confirmation.forEach { Console.out($0) }
            Console.prompt(WatchdogTestText.question)
            guard WatchdogDiscovery.readAnswer() == WatchdogTestText.proceed else {
                WatchdogTestText.aborted.forEach { Console.out($0) }
                log.notice("\(path) not tested: the answer was not \(WatchdogTestText.proceed)")
                return ExitCode.success
            }
            Console.out("")
        }
        let seconds = settings.watchdogTimeout
        Console.out(WatchdogTestText.initializing(path, seconds: seconds))
        let watchdog: Watchdog
        do {
            watchdog = try Watchdog(path: path)
            _ = try watchdog.setTimeout(seconds)
        } catch {
            Console.out(WatchdogTestText.initializationFailed)
            WatchdogListing.lines(watchdogs).forEach { Console.out($0) }
            log.error("\(error)")
            return ExitCode.failure
        }
        log.notice("\(path) armed with a timeout of \(seconds) s; not tickling it")
        WatchdogTestText.notice(seconds: seconds).forEach { Console.out($0) }
        Kernel.flush()
        for line in WatchdogTestText.countdown(seconds: seconds) {
            Console.out(line)
            System.sleep(seconds: 1)
        }
        // Closed without the magic character: it stays armed, as there.
        watchdog.closeArmed()
        WatchdogTestText.failedToReset.forEach { Console.out($0) }
        log.error("\(path) did not reset the node: the watchdog does not work; do not rely on it")
        return ExitCode.failure
    }
}
