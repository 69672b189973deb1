/// The names systemd gives to the units of file system paths, as
/// `systemd-escape --path --suffix=device PATH` prints them (systemd 252).
/// systemd names the `.device` unit of `/dev/disk/by-id/x-y` after the path,
/// so a `Wants=` can only find the unit if the name is spelt exactly alike.
public enum UnitNameEscaping {
    /// The longest unit name systemd accepts (its UNIT_NAME_MAX is 256 with the NUL).
    public static let maximumUnitNameLength = 255

    /// The escaped form of an absolute path, or nil where `systemd-escape
    /// --path` refuses the path (a `..` component) or it is not absolute.
    ///
    /// The path is simplified first (repeated and trailing `/` and `.`
    /// components go); `/` alone is `-`. Then each `/` between components
    /// becomes `-`, and every byte other than ASCII letters, digits, `:`, `_`
    /// and `.` becomes `\xNN` (lower-case hex, per UTF-8 byte). A `.` is
    /// escaped only as the very first character, so that no unit name is hidden.
    public static func escapePath(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." { return nil }
            components.append(component)
        }
        if components.isEmpty { return "-" }
        var escaped = ""
        for (index, byte) in components.joined(separator: "/").utf8.enumerated() {
            escaped += escapeByte(byte, first: index == 0)
        }
        return escaped
    }

    /// The `.device` unit systemd creates for a device node path, or nil if
    /// the path cannot name one (not absolute, `..`, or too long: systemd
    /// names such devices after a hash instead, which a generator cannot
    /// predict without reading the device).
    public static func deviceUnit(forPath path: String) -> String? {
        guard let escaped = escapePath(path) else { return nil }
        let name = escaped + ".device"
        return name.utf8.count <= maximumUnitNameLength ? name : nil
    }

    private static func escapeByte(_ byte: UInt8, first: Bool) -> String {
        switch byte {
        case UInt8(ascii: "/"):
            return "-"
        case UInt8(ascii: ".") where first:
            return hex(byte)
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: ":"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return String(UnicodeScalar(byte))
        default:
            return hex(byte)
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
