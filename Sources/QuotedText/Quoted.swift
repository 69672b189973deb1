/// A value from outside (a configuration file, the command line, a device) as
/// it appears in a message: in double quotes, control characters and escape
/// sequences escaped so that they cannot act on a terminal or split a log
/// line, and at most `limit` characters, the rest counted instead of shown
/// (a 1 MiB value must not become a 1 MiB log line).
public func quoted(_ value: String, limit: Int = 80) -> String {
    var shown = ""
    var count = 0
    for scalar in value.unicodeScalars {
        count += 1
        guard count <= limit else { continue }
        shown += escaped(scalar)
    }
    let cut = count - limit
    return "\"\(shown)\"" + (cut > 0 ? "… (\(cut) more character\(cut == 1 ? "" : "s"))" : "")
}

/// Text already short (a 63-byte node name from a disk) with its control
/// characters escaped as by `quoted`, without quotes: for log lines whose
/// format tools know.
public func escapedText(_ value: String) -> String {
    value.unicodeScalars.map(escaped).joined()
}

private func escaped(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\\": return "\\\\"
    case "\"": return "\\\""
    case "\n": return "\\n"
    case "\t": return "\\t"
    case "\r": return "\\r"
    default:
        let value = scalar.value
        // C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a terminal shows.
        if value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value)
        {
            return value <= 0xFF ? "\\x" + hex(value, digits: 2) : "\\u{" + hex(value, digits: 4) + "}"
        }
        return String(scalar)
    }
}

private func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
}
