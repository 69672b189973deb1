// Values from outside (a property file, etcd, the command line) echoed in a
// message: quoted, control bytes escaped, and cut to a bounded length, so
// that a hostile value can neither flood a log nor drive a terminal.

public enum Quote {
    public static let limit = 80

    /// 'value' with control characters as \xNN (\n, \t, \r by name), at most
    /// `limit` characters, followed by how much was cut.
    public static func bounded(_ value: String, limit: Int = Quote.limit) -> String {
        var out = "'"
        var shown = 0
        var cut = 0
        for scalar in value.unicodeScalars {
            if shown >= limit {
                cut += 1
                continue
            }
            shown += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            default:
                if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "'"
        if cut > 0 { out += " (\(cut) more characters cut)" }
        return out
    }
}
