/// A pacemaker time value ("90", "90s", "2min", "500ms", "-1") in
/// milliseconds. Pacemaker reads a bare number as seconds and knows the
/// units ms/msec, us/usec, s/sec, m/min, h/hr (Pacemaker Explained,
/// "Time values"); sub-millisecond parts are dropped.
public enum PacemakerDuration {
    public static func milliseconds(_ text: String) -> Int64? {
        var rest = Substring(text.trimmingASCIISpaces())
        var negative = false
        if rest.first == "-" || rest.first == "+" {
            negative = rest.first == "-"
            rest = rest.dropFirst()
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 12, let number = Int64(digits) else { return nil }
        let unit = rest.dropFirst(digits.count).trimmingASCIISpaces().lowercased()
        let factor: (multiply: Int64, divide: Int64)
        switch unit {
        case "", "s", "sec": factor = (1000, 1)
        case "ms", "msec": factor = (1, 1)
        case "us", "usec": factor = (1, 1000)
        case "m", "min": factor = (60_000, 1)
        case "h", "hr": factor = (3_600_000, 1)
        default: return nil
        }
        let value = number * factor.multiply / factor.divide
        return negative ? -value : value
    }

    /// `pcmk_delay_base` may be a node map ("node1:1s;node2:5"): the value for
    /// `node` when the map names it, otherwise the largest (the worst case).
    public static func delayMilliseconds(_ text: String, node: String) -> Int64? {
        guard text.contains(":") else { return milliseconds(text) }
        var values: [Int64] = []
        for entry in text.split(whereSeparator: { $0 == ";" || $0 == " " || $0 == "," }) {
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let value = milliseconds(String(parts[1])) else { return nil }
            if String(parts[0]) == node { return value }
            values.append(value)
        }
        return values.max()
    }

    /// Seconds for a message and a fix command, rounded up: "48s".
    public static func text(_ milliseconds: Int64) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }
}
