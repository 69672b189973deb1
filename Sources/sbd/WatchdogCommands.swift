import SBDCore

/// `query-watchdog` and `test-watchdog`.
enum WatchdogCommands {
    static func query(_ settings: SBDSettings, log: Log) -> Int32 {
        log.error("'query-watchdog' is not available in this build of sbd yet")
        return ExitCode.failure
    }

    static func test(_ settings: SBDSettings, log: Log) -> Int32 {
        log.error("'test-watchdog' is not available in this build of sbd yet")
        return ExitCode.failure
    }
}
