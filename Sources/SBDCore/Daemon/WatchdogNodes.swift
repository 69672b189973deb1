/// Which entries of /dev `query-watchdog` and `test-watchdog` list, in the
/// order sbd 1.5 lists them (pcs numbers its choices by it): every
/// character device whose number is a watchdog's, each followed by the
/// symlinks in /dev that point at it by name, all in reverse directory
/// order. Pure: the shell reads the directory and the device numbers.
public enum WatchdogNodes {
    /// A device number, major and minor.
    public struct Number: Hashable, Sendable {
        public var major: UInt32
        public var minor: UInt32

        public init(_ major: UInt32, _ minor: UInt32) {
            self.major = major
            self.minor = minor
        }

        /// The legacy /dev/watchdog (misc 10:130): always a watchdog's number.
        public static let legacy = Number(10, 130)

        /// sysfs's "MAJ:MIN" (a `dev` file).
        public init?(sysfs text: String) {
            let parts = text.split(separator: "\n").first?.split(separator: ":") ?? []
            guard parts.count == 2, let major = UInt32(parts[0]), let minor = UInt32(parts[1]) else { return nil }
            self.init(major, minor)
        }

        /// A dev_t as stat returns it (glibc's encoding of major and minor).
        public init(device: UInt64) {
            self.init(
                UInt32(truncatingIfNeeded: ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff))),
                UInt32(truncatingIfNeeded: (device & 0xff) | ((device >> 12) & ~UInt64(0xff))))
        }

        public var sysfsName: String { "\(major):\(minor)" }
    }

    /// An entry of /dev as readdir returns it.
    public enum Entry: Equatable, Sendable {
        /// A character device (d_type DT_CHR) and its number (stat).
        case characterDevice(name: String, Number)
        /// A symlink (DT_LNK) and its target as readlink returns it.
        case link(name: String, target: String)
    }

    /// A watchdog node to list: its path and the device it is.
    public struct Node: Equatable, Sendable {
        public var path: String
        public var number: Number

        public init(path: String, number: Number) {
            self.path = path
            self.number = number
        }
    }

    /// `entries` in directory order; `watchdogs`: the numbers sysfs lists
    /// (the legacy number counts as well).
    public static func list(_ entries: [Entry], watchdogs: Set<Number>, dev: String = "/dev") -> [Node] {
        let known = watchdogs.union([Number.legacy])
        // Only a link that stays inside /dev, one level deep, by a plain name
        // (no "..") counts as an alias: sbd 1.5 does not follow it further.
        var aliases: [(link: String, target: String)] = []
        for case .link(let name, let target) in entries {
            let absolute = target.hasPrefix("/") ? target : "\(dev)/\(target)"
            guard absolute.hasPrefix("\(dev)/"), !absolute.contains("/../") else { continue }
            aliases.insert(("\(dev)/\(name)", absolute), at: 0)
        }
        var nodes: [Node] = []
        for case .characterDevice(let name, let number) in entries where known.contains(number) {
            let node = Node(path: "\(dev)/\(name)", number: number)
            nodes.insert(node, at: 0)
            for alias in aliases where alias.target == node.path {
                nodes.insert(Node(path: alias.link, number: number), at: 0)
            }
        }
        return nodes
    }

    /// The driver's name: sysfs's driver link, else what the identity says
    /// (softdog has no device of its own to link a driver to).
    public static func driver(link: String?, identity: String?) -> String {
        if let link, let name = link.split(separator: "/").last { return String(name) }
        return identity == "Software Watchdog" ? "softdog" : "<unknown>"
    }

    /// The name shown for a process that holds a watchdog open: the start of
    /// the `Name:` line of /proc/PID/status, up to 15 letters, digits, spaces,
    /// `_` or `-` (as sbd 1.5 reads it); nil if it does not start so.
    public static func processName(status: String) -> String? {
        guard status.hasPrefix("Name:\t") else { return nil }
        let allowed = { (c: Character) in
            c.isASCII && (c.isLetter || c.isNumber || c == " " || c == "_" || c == "-")
        }
        let name = status.dropFirst("Name:\t".count).prefix(while: allowed).prefix(15)
        return name.isEmpty ? nil : String(name)
    }
}
