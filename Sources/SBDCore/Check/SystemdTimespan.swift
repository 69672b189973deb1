/// `systemctl show -p TimeoutStartUSec`'s value ("1min 30s", "2h", "500ms",
/// "infinity") in milliseconds; nil for infinity (systemd never gives up).
public enum SystemdTimespan {
    public enum Parsed: Equatable, Sendable {
        case infinity
        case milliseconds(Int64)
    }

    public static func parse(_ text: String) -> Parsed? {
        let trimmed = text.trimmingASCIISpaces()
        if trimmed == "infinity" { return .infinity }
        var total: Int64 = 0
        var rest = Substring(trimmed)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 12, let number = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "", "s", "sec": total += number * 1000
            case "ms", "msec": total += number
            case "us", "usec": total += number / 1000
            case "m", "min": total += number * 60_000
            case "h", "hr": total += number * 3_600_000
            case "d": total += number * 86_400_000
            default: return nil
            }
        }
        return .milliseconds(total)
    }
}

/// `systemctl show -p A -p B`'s "A=value" lines.
public enum SystemdProperties {
    public static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }
}
