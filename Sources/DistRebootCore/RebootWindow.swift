// The reboot window: when a node may begin its reboot and when automatic
// cycles may start. The property `window=` holds one or more spans of days
// and local hours, and the time zone they are read in:
//
//   window = SPAN [; SPAN]... ZONE
//   SPAN   = [DAYS] HH:MM-HH:MM        (no DAYS: every day)
//   DAYS   = * | DAY[-DAY][,DAY[-DAY]]...   DAY = Mon Tue Wed Thu Fri Sat Sun
//   ZONE   = a name under /usr/share/zoneinfo, e.g. Europe/Berlin or UTC
//
// e.g. "Mon-Fri 02:00-05:00 Europe/Berlin", "Sat,Sun 22:00-06:00 UTC". A span
// whose end is not after its start runs past midnight into the next day (the
// day named is the day it opens); 24:00 is the end of the day. Hours are wall
// clock: on the day clocks go forward a time that does not exist is the
// moment the gap ends; on the day they go back, a time read twice is its
// first occurrence.

import QuotedText

public struct RebootWindow: Equatable, Sendable {
    /// The spans, each opening on its days.
    public var spans: [Span]
    /// The time zone's name, as given.
    public var zone: String
    /// The property's value, as given.
    public var text: String

    public struct Span: Equatable, Sendable {
        /// Indexed by weekday, 0 = Sunday.
        public var days: [Bool]
        /// Seconds after local midnight.
        public var start: Int64
        /// Seconds after local midnight, 1 to 86400; not after `start`: the next day.
        public var end: Int64
    }

    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public static let grammar =
        "DAYS HH:MM-HH:MM ZONE, spans separated by ';', e.g. \"Mon-Fri 02:00-05:00 Europe/Berlin\" or "
        + "\"Sat,Sun 22:00-06:00; Wed 03:00-04:00 UTC\" (DAYS: * or Mon..Sun, lists and ranges)"

    public static func parse(_ text: String) throws(PropertyError) -> RebootWindow {
        func bad(_ why: String) -> PropertyError {
            PropertyError(message: "window \(quoted(text)): \(why); the form is \(grammar)")
        }
        var words = text.split { $0 == " " || $0 == "\t" }.map(String.init)
        guard let zone = words.popLast(), !words.isEmpty else { throw bad("it needs hours and a time zone") }
        guard !zone.contains(":"), !zone.contains(";"), !zone.hasPrefix("/"), !zone.contains(".."),
            !zone.contains("-") || zone.contains("/"), dayIndex(zone) == nil
        else { throw bad("it must end with a time zone such as UTC or Europe/Berlin, not \(quoted(zone))") }
        var spans: [Span] = []
        for part in words.joined(separator: " ").split(separator: ";") {
            let tokens = part.split(separator: " ").map(String.init)
            guard tokens.count == 1 || tokens.count == 2 else { throw bad("each span is DAYS HH:MM-HH:MM") }
            let days = tokens.count == 2 ? try parseDays(tokens[0], bad) : [Bool](repeating: true, count: 7)
            let hours = tokens[tokens.count - 1].split(separator: "-", omittingEmptySubsequences: false)
            guard hours.count == 2, let start = minutes(hours[0]), let end = minutes(hours[1]), start < 1440 else {
                throw bad("\(quoted(String(tokens[tokens.count - 1]))) is not HH:MM-HH:MM (00:00 to 24:00)")
            }
            guard start != end else {
                throw bad("a span that opens when it closes is empty; for a whole day write 00:00-24:00")
            }
            // Ending at 00:00 is ending at midnight.
            spans.append(Span(days: days, start: start * 60, end: (end == 0 ? 1440 : end) * 60))
        }
        guard !spans.isEmpty else { throw bad("no span") }
        return RebootWindow(spans: spans, zone: zone, text: text)
    }

    private static func dayIndex(_ word: some StringProtocol) -> Int? {
        dayNames.firstIndex(of: word.lowercased())
    }

    private static func parseDays(_ word: String, _ bad: (String) -> PropertyError) throws(PropertyError) -> [Bool] {
        if word == "*" { return [Bool](repeating: true, count: 7) }
        var days = [Bool](repeating: false, count: 7)
        for item in word.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = item.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count <= 2 else { throw bad("\(quoted(String(item))) is not a day or a range DAY-DAY") }
            for end in ends where dayIndex(end) == nil {
                throw bad("\(quoted(String(end))) is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)")
            }
            let first = dayIndex(ends[0])!
            let last = dayIndex(ends[ends.count - 1])!
            var day = first
            while true {  // ranges may wrap: Fri-Mon
                days[day] = true
                if day == last { break }
                day = (day + 1) % 7
            }
        }
        return days
    }

    /// "HH:MM" in minutes, 00:00 to 24:00.
    private static func minutes(_ text: Substring) -> Int64? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int64(parts[0]),
            let m = Int64(parts[1]), parts.allSatisfy({ $0.allSatisfy(\.isASCII) }), h >= 0, m >= 0, m < 60,
            h < 24 || (h == 24 && m == 0)
        else { return nil }
        return h * 60 + m
    }
}

/// Whether the window is open at an instant, and until when, or when it opens next.
public enum WindowState: Equatable, Sendable {
    /// Open; `closes` nil: it does not close within the next week.
    case open(closes: Int64?)
    case closed(opens: Int64)
}

/// A window read in its time zone.
public struct WindowClock: Equatable, Sendable {
    public var window: RebootWindow
    public var zone: TimeZoneRules

    public init(window: RebootWindow, zone: TimeZoneRules) {
        self.window = window
        self.zone = zone
    }

    public func state(at now: Int64) -> WindowState {
        let intervals = openings(around: now)
        if let current = intervals.first(where: { $0.0 <= now && now < $0.1 }) {
            // Still open at the end of the days looked at: open for more than a week.
            let lookedAt = zone.instant(local: (floorDiv(now + zone.offset(at: now), 86400) + 9) * 86400)
            return .open(closes: current.1 >= lookedAt ? nil : current.1)
        }
        // Every span opens once a week at least: there is a next one within the horizon.
        return .closed(opens: intervals.first { $0.0 > now }?.0 ?? now + 8 * 86400)
    }

    public func isOpen(at now: Int64) -> Bool {
        if case .open = state(at: now) { return true }
        return false
    }

    /// The window's intervals from the day before `now` to a week after, merged, as UTC instants.
    func openings(around now: Int64) -> [(Int64, Int64)] {
        let today = floorDiv(now + zone.offset(at: now), 86400)
        var intervals: [(Int64, Int64)] = []
        for day in (today - 2)...(today + 9) {
            let weekday = CivilDate.weekday(days: day)
            for span in window.spans where span.days[weekday] {
                let open = zone.instant(local: day * 86400 + span.start)
                let closeDay = span.end <= span.start ? day + 1 : day
                let close = zone.instant(local: closeDay * 86400 + span.end)
                if close > open { intervals.append((open, close)) }
            }
        }
        intervals.sort { $0.0 < $1.0 }
        var merged: [(Int64, Int64)] = []
        for interval in intervals {
            if let last = merged.last, interval.0 <= last.1 {
                merged[merged.count - 1].1 = max(last.1, interval.1)
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    /// "2026-12-04 02:00 Europe/Berlin"
    public func local(_ instant: Int64) -> String {
        let local = instant + zone.offset(at: instant)
        let date = CivilDate(days: floorDiv(local, 86400))
        let second = local - floorDiv(local, 86400) * 86400
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(date.year)-\(two(date.month))-\(two(date.day)) \(two(second / 3600)):\(two(second / 60 % 60)) "
            + window.zone
    }

    /// "open until 2026-12-04 05:00 Europe/Berlin (in 2h 3m)" or "closed; next opens ...";
    /// without `relative`, the same text all the time the state lasts.
    public func describe(at now: Int64, relative: Bool = true) -> String {
        func when(_ instant: Int64) -> String {
            local(instant) + (relative ? " (\(TimeFormat.relative(instant, now: now)))" : "")
        }
        switch state(at: now) {
        case .open(let closes?): return "open until \(when(closes))"
        case .open(nil): return "open"
        case .closed(let opens): return "closed; next opens \(when(opens))"
        }
    }
}
