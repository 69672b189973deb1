import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

/// The state of a watchdog as sysfs shows it (CONFIG_WATCHDOG_SYSFS):
/// timeout, its range, and whether it runs. Read without opening the
/// device, which would arm it.
public enum WatchdogState {
    public static func facts(path: String, sysfs: String = "/sys/class/watchdog") -> WatchdogFacts {
        let known = WatchdogDiscovery.discover(sysfs: sysfs).first { $0.path == path }
        let info = known ?? WatchdogInfo(path: path, identity: "unknown", driver: "<unknown>")
        var facts = WatchdogFacts(info: info, present: access(path, F_OK) == 0)
        guard let name = sysfsName(path) else { return facts }
        let base = "\(sysfs)/\(name)"
        func number(_ file: String) -> UInt32? {
            Files.read("\(base)/\(file)").flatMap { UInt32($0.split(separator: "\n").first ?? "") }
        }
        facts.currentTimeout = number("timeout")
        facts.minimumTimeout = number("min_timeout")
        facts.maximumTimeout = number("max_timeout")
        facts.active = Files.read("\(base)/state")?.hasPrefix("active") ?? false
        return facts
    }

    /// /dev/watchdog is the first one's legacy name; /dev/watchdogN is watchdogN.
    static func sysfsName(_ path: String) -> String? {
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        if last == "watchdog" { return "watchdog0" }
        guard last.hasPrefix("watchdog"), !last.dropFirst(8).isEmpty, last.dropFirst(8).allSatisfy(\.isNumber)
        else { return nil }
        return last
    }
}
