import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

/// Watchdog devices as sysfs lists them, read without opening (and so
/// without arming) any of them.
public enum WatchdogDiscovery {
    public static func discover(sysfs: String = "/sys/class/watchdog", dev: String = "/dev") -> [WatchdogInfo] {
        guard let directory = opendir(sysfs) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix("watchdog") { names.append(name) }
        }
        names.sort { Int($0.dropFirst(8)) ?? 0 < Int($1.dropFirst(8)) ?? 0 }
        var found: [WatchdogInfo] = []
        for name in names {
            let base = "\(sysfs)/\(name)"
            let identity = Files.read("\(base)/identity") ?? "unknown"
            let driver = Files.linkTarget("\(base)/device/driver").map { String($0.split(separator: "/").last ?? "") }
            let info = WatchdogInfo(path: "\(dev)/\(name)", identity: identity, driver: driver ?? "<unknown>")
            // /dev/watchdog is the legacy name of the first one; list it as sbd always did.
            if name == "watchdog0", access("\(dev)/watchdog", F_OK) == 0 {
                found.append(WatchdogInfo(path: "\(dev)/watchdog", identity: identity, driver: info.driver))
            }
            found.append(info)
        }
        return found
    }

    public static var standardInputIsTerminal: Bool { isatty(0) == 1 }

    public static func readAnswer() -> String {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(0, &byte, 1) == 1, byte != 0x0A { line.append(byte) }
        return String(decoding: line, as: UTF8.self)
    }
}
