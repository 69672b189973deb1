/// What `test-watchdog` prints on stdout, line for line as sbd 1.5 does
/// (measured on Debian's binary): pcs shows it to the user and looks for
/// "Multiple watchdog devices discovered".
public enum WatchdogTestText {
    /// -W -W, /dev/null or -T: nothing to test (exit 0, as there).
    public static let disabled = ["", "Watchdog is disabled - aborting test!!!"]

    /// No -w and more than one device listed (the legacy /dev/watchdog counts).
    public static let multipleDevices = [
        "", "Error: Multiple watchdog devices discovered.", "       Use -w <watchdog> or SBD_WATCHDOG_DEV to specify",
        "       which device to reset the system with",
    ]

    /// On a terminal: the question (no newline after it) and the one answer
    /// that goes on; any other answer ends the test, exit 0, as there.
    public static let confirmation = [
        "", "WARNING: This operation is expected to force-reboot this system",
        "         without following any shutdown procedures.", "",
    ]
    public static let question = "Proceed? [NO/Proceed] "
    public static let proceed = "Proceed"
    public static let aborted = ["", "Aborting watchdog test!!!"]

    public static func initializing(_ path: String, seconds: UInt32) -> String {
        "Initializing \(path) with a reset countdown of \(seconds) seconds ..."
    }

    /// Followed by the device listing, as there.
    public static let initializationFailed = "Failed to initialize watchdog!!!"

    public static func notice(seconds: UInt32) -> [String] {
        [
            "", "NOTICE: The watchdog device is expected to reset the system",
            "        in \(seconds) seconds.  If system remains active beyond that time,",
            "        watchdog may not be functional.", "",
        ]
    }

    /// One line a second from arming: the countdown to 2, two "expected",
    /// five "should have"; then the watchdog is closed (still armed).
    public static func countdown(seconds: UInt32) -> [String] {
        let counting = seconds >= 2 ? (2...seconds).reversed().map { "Reset countdown ... \($0) seconds" } : []
        return counting + Array(repeating: "System expected to reset any moment ...", count: 2)
            + Array(repeating: "System should have reset ...", count: 5)
    }

    public static let failedToReset = [
        "Error: The watchdog device has failed to reboot the system,",
        "       and it may not be suitable for usage with sbd.",
    ]
}
