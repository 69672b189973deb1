/// A watchdog device as the kernel describes it in sysfs.
public struct WatchdogInfo: Equatable, Sendable {
    public var path: String
    public var identity: String
    public var driver: String

    public init(path: String, identity: String, driver: String) {
        self.path = path
        self.identity = identity
        self.driver = driver
    }

    /// softdog is a kernel timer: it cannot reset a node whose kernel hangs.
    public var caution: String? {
        driver == "softdog" ? "Not recommended for use with sbd: softdog cannot reset a hung kernel." : nil
    }
}

/// The text of `query-watchdog`. crmsh and pcs parse it: "[N] PATH", then
/// "Identity: …", "Driver: …" and an optional "CAUTION: …" on the next lines.
public enum WatchdogListing {
    public static func lines(_ watchdogs: [WatchdogInfo]) -> [String] {
        var lines = ["", "Discovered \(watchdogs.count) watchdog devices:"]
        for (number, watchdog) in zip(1..., watchdogs) {
            lines += [
                "", "[\(number)] \(watchdog.path)", "Identity: \(watchdog.identity)", "Driver: \(watchdog.driver)",
            ]
            if let caution = watchdog.caution { lines.append("CAUTION: \(caution)") }
        }
        return lines
    }

    /// `test-watchdog` without -w must not guess between several devices.
    public static func multipleDevicesWarning(_ watchdogs: [WatchdogInfo]) -> String {
        "Multiple watchdog devices discovered: "
            + watchdogs.map(\.path).joined(separator: ", ")
            + ". Name the one to test with -w (or SBD_WATCHDOG_DEV)."
    }
}
