import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

/// The watchdog devices of this node, found as sbd 1.5 finds them (the
/// character devices in /dev with a watchdog's number, and their aliases),
/// described from sysfs without opening (and so without arming) any of them.
public enum WatchdogDiscovery {
    public static func discover(
        sysfs: String = "/sys/class/watchdog", charDevices: String = "/sys/dev/char", dev: String = "/dev",
        proc: String = "/proc"
    ) -> [WatchdogInfo] {
        // Each watchdog's number, and the sysfs name of the first one (the legacy node's).
        var numbers: Set<WatchdogNodes.Number> = []
        var first: (index: Int, name: String)?
        for (name, _) in directory(sysfs) where name.hasPrefix("watchdog") {
            guard let number = Files.read("\(sysfs)/\(name)/dev").flatMap(WatchdogNodes.Number.init(sysfs:)) else {
                continue
            }
            numbers.insert(number)
            if let index = Int(name.dropFirst("watchdog".count)), index < first?.index ?? Int.max {
                first = (index, name)
            }
        }
        var entries: [WatchdogNodes.Entry] = []
        for (name, type) in directory(dev) {
            if type == UInt8(DT_LNK), let target = Files.linkTarget("\(dev)/\(name)") {
                entries.append(.link(name: name, target: target))
            } else if type == UInt8(DT_CHR) {
                var info = stat()
                guard stat("\(dev)/\(name)", &info) == 0, info.st_mode & S_IFMT == S_IFCHR else { continue }
                entries.append(.characterDevice(name: name, WatchdogNodes.Number(device: UInt64(info.st_rdev))))
            }
        }
        let nodes = WatchdogNodes.list(entries, watchdogs: numbers, dev: dev)
        let holders = openFiles(proc, among: Set(nodes.map(\.path)))
        return nodes.map { node in
            let base = "\(charDevices)/\(node.number.sysfsName)"
            // The legacy node has no identity of its own in sysfs: it is the first watchdog.
            let identity =
                Files.read("\(base)/identity")
                ?? (node.number == .legacy ? first.flatMap { Files.read("\(sysfs)/\($0.name)/identity") } : nil)
            let driver = WatchdogNodes.driver(link: Files.linkTarget("\(base)/device/driver"), identity: identity)
            let busy = holders[node.path].map { pid in
                WatchdogInfo.Holder(
                    pid: pid, name: Files.read("\(proc)/\(pid)/status").flatMap(WatchdogNodes.processName))
            }
            return WatchdogInfo(
                path: node.path, identity: identity ?? "<unknown>", driver: driver, busy: busy, number: node.number)
        }
    }

    /// The names and d_types of a directory's entries, in its own order.
    private static func directory(_ path: String) -> [(name: String, type: UInt8)] {
        guard let handle = opendir(path) else { return [] }
        defer { closedir(handle) }
        var entries: [(String, UInt8)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { entries.append((name, entry.pointee.d_type)) }
        }
        return entries
    }

    /// Which process holds each path open (the last one found, as sbd 1.5 reports it).
    private static func openFiles(_ proc: String, among paths: Set<String>) -> [String: Int32] {
        var holders: [String: Int32] = [:]
        for (name, _) in directory(proc) {
            guard let pid = Int32(name) else { continue }
            for (fd, type) in directory("\(proc)/\(name)/fd") where type == UInt8(DT_LNK) {
                if let target = Files.linkTarget("\(proc)/\(name)/fd/\(fd)"), paths.contains(target) {
                    holders[target] = pid
                }
            }
        }
        return holders
    }

    public static var standardInputIsTerminal: Bool { isatty(0) == 1 }

    /// One line from the terminal; nil at its end before a newline (an
    /// answer cut short is no answer).
    public static func readAnswer() -> String? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(0, &byte, 1) == 1 {
            if byte == 0x0A { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
        return nil
    }
}
