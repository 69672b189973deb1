/// A watchdog device as sbd lists it.
public struct WatchdogInfo: Equatable, Sendable {
    public var path: String
    public var identity: String
    public var driver: String
    /// A process that holds the device open, and its name if readable.
    public var busy: Holder?
    /// The device number: aliases of one device share it.
    public var number: WatchdogNodes.Number?

    public struct Holder: Equatable, Sendable {
        public var pid: Int32
        public var name: String?

        public init(pid: Int32, name: String?) {
            self.pid = pid
            self.name = name
        }
    }

    public init(
        path: String, identity: String, driver: String, busy: Holder? = nil, number: WatchdogNodes.Number? = nil
    ) {
        self.number = number
        self.path = path
        self.identity = identity
        self.driver = driver
        self.busy = busy
    }

    /// softdog is a kernel timer: it cannot reset a node whose kernel hangs.
    /// The words are sbd 1.5's: pcs shows them as the device's caution.
    public var caution: String? { driver == "softdog" ? "Not recommended for use with sbd." : nil }
}

/// The text of `query-watchdog`. crmsh and pcs parse it: "[N] PATH", then
/// "Identity: …", "Driver: …" and an optional "CAUTION: …" on the next lines.
public enum WatchdogListing {
    public static func lines(_ watchdogs: [WatchdogInfo]) -> [String] {
        var lines = ["", "Discovered \(watchdogs.count) watchdog devices:"]
        for (number, watchdog) in zip(1..., watchdogs) {
            // A device in use cannot answer: who holds it is what the operator needs.
            let identity = watchdog.busy.map { "Busy: PID \($0.pid) (\($0.name ?? "<unknown>"))" } ?? watchdog.identity
            lines += ["", "[\(number)] \(watchdog.path)", "Identity: \(identity)", "Driver: \(watchdog.driver)"]
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
