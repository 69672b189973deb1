// Calendar formatting of epoch seconds without a time-zone database: the
// status report prints UTC so that every node shows the same text.

public enum TimeFormat {
    /// "2026-11-23 06:01:10 UTC"
    public static func utc(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let (year, month, day) = civil(fromDays: days)
        return "\(year)-\(two(month))-\(two(day)) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):"
            + "\(two(secondOfDay % 60)) UTC"
    }

    /// "in 40s", "12s ago", "3h 5m ago": how far `seconds` is from `now`.
    public static func relative(_ seconds: Int64, now: Int64) -> String {
        let delta = seconds - now
        let span = duration(abs(delta))
        return delta >= 0 ? "in \(span)" : "\(span) ago"
    }

    public static func duration(_ seconds: Int64) -> String {
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m \(seconds % 60)s" }
        if seconds < 86400 { return "\(seconds / 3600)h \(seconds / 60 % 60)m" }
        return "\(seconds / 86400)d \(seconds / 3600 % 24)h"
    }

    private static func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }

    // Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension TimeFormat {
    /// Seconds since the epoch of "2026-12-03 09:00:00" followed by "Z", " +00:00",
    /// "+02:00" or nothing (UTC); nil for anything else.
    public static func parseUTC(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int64? {
            Int64(String(decoding: bytes[from..<from + count], as: UTF8.self))
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var offset: Int64 = 0
        let zone = String(decoding: bytes[19...], as: UTF8.self).trimmingSpaces
        if !zone.isEmpty, zone != "Z" {
            let zb = Array(zone.utf8)
            guard zb.count == 6, zb[0] == UInt8(ascii: "+") || zb[0] == UInt8(ascii: "-"),
                let h = Int64(String(decoding: zb[1..<3], as: UTF8.self)),
                let m = Int64(String(decoding: zb[4..<6], as: UTF8.self))
            else { return nil }
            offset = (h * 3600 + m * 60) * (zb[0] == UInt8(ascii: "-") ? -1 : 1)
        }
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return days * 86400 + hour * 3600 + minute * 60 + second - offset
    }
}
