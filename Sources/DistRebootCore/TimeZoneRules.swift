// A time zone's offsets from UTC, read from the tz database's binary files
// (TZif, RFC 8536) that Debian installs under /usr/share/zoneinfo. The shell
// reads the file; this parses its bytes. Times past the last transition in
// the file (Debian ships "slim" files that stop early) follow the POSIX TZ
// rule in the file's footer, e.g. "CET-1CEST,M3.5.0,M10.5.0/3".

public struct TimeZoneRules: Equatable, Sendable {
    public var name: String
    /// UTC instants at which the offset changes, ascending, with the offset from each on.
    var transitions: [Int64] = []
    var offsetsAfter: [Int64] = []
    /// Before the first transition (or always, without any).
    var initialOffset: Int64 = 0
    /// After the last transition.
    var rule: PosixTimeZone?

    public static func utc() -> TimeZoneRules { TimeZoneRules(name: "UTC") }

    /// A zone given by a POSIX TZ rule alone, e.g. "CET-1CEST,M3.5.0,M10.5.0/3".
    public init(name: String, posixRule: String) throws(TimeZoneError) {
        self.init(name: name, rule: try PosixTimeZone.parse(posixRule))
    }

    init(
        name: String, transitions: [Int64] = [], offsetsAfter: [Int64] = [], initialOffset: Int64 = 0,
        rule: PosixTimeZone? = nil
    ) {
        self.name = name
        self.transitions = transitions
        self.offsetsAfter = offsetsAfter
        self.initialOffset = initialOffset
        self.rule = rule
    }

    /// Seconds to add to UTC for local time at `instant`.
    public func offset(at instant: Int64) -> Int64 {
        if let last = transitions.last, instant >= last, let rule { return rule.offset(at: instant) }
        if transitions.isEmpty { return rule?.offset(at: instant) ?? initialOffset }
        guard instant >= transitions[0] else { return initialOffset }
        var low = 0
        var high = transitions.count - 1  // invariant: transitions[low] <= instant
        while low < high {
            let mid = (low + high + 1) / 2
            if transitions[mid] <= instant { low = mid } else { high = mid - 1 }
        }
        return offsetsAfter[low]
    }

    /// The UTC instant at which local time first reads `local` (seconds as if
    /// local time were UTC). A reading that occurs twice (clocks turned back)
    /// is its first occurrence; one that never occurs (clocks turned forward)
    /// is the instant the gap ends.
    public func instant(local: Int64) -> Int64 {
        // Every offset that can apply near `local`: zones move by at most a day.
        var candidates: Set<Int64> = []
        for probe in stride(from: local - 2 * 86400, through: local + 2 * 86400, by: 3600) {
            candidates.insert(offset(at: probe))
        }
        let valid = candidates.map { local - $0 }.filter { offset(at: $0) == local - $0 }
        if let first = valid.min() { return first }
        // In a gap: the instant the clocks jumped, between the readings with the later and the earlier offset.
        var low = local - candidates.max()!
        var high = local - candidates.min()!
        let early = offset(at: low)
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if offset(at: mid) == early { low = mid } else { high = mid }
        }
        return high
    }

    /// Parses a TZif file (versions 1 to 4).
    public static func parse(tzif bytes: [UInt8], name: String) throws(TimeZoneError) -> TimeZoneRules {
        var reader = ByteReader(bytes: bytes)
        let header = try reader.header()
        var rules = TimeZoneRules(name: name)
        if header.version == 0 {
            try rules.load(&reader, header, timeSize: 4)
            return rules
        }
        // Version 2+: skip the 32-bit block, read the 64-bit one and the footer.
        try reader.skip(header.dataSize(timeSize: 4))
        let header64 = try reader.header()
        try rules.load(&reader, header64, timeSize: 8)
        guard try reader.byte() == 0x0A else { throw TimeZoneError("no footer after the data") }
        var footer: [UInt8] = []
        while true {
            let b = try reader.byte()
            if b == 0x0A { break }
            footer.append(b)
        }
        if !footer.isEmpty {
            rules.rule = try PosixTimeZone.parse(String(decoding: footer, as: UTF8.self))
        }
        return rules
    }

    private mutating func load(_ reader: inout ByteReader, _ header: TZifHeader, timeSize: Int) throws(TimeZoneError) {
        var times: [Int64] = []
        for _ in 0..<header.timeCount { times.append(try reader.signed(timeSize)) }
        var indices: [Int] = []
        for _ in 0..<header.timeCount { indices.append(Int(try reader.byte())) }
        var offsets: [Int64] = []
        for _ in 0..<header.typeCount {
            offsets.append(try reader.signed(4))
            try reader.skip(2)  // isdst, abbreviation index
        }
        guard !offsets.isEmpty, indices.allSatisfy({ $0 < offsets.count }) else {
            throw TimeZoneError("local time type index out of range")
        }
        try reader.skip(header.charCount + header.leapCount * (timeSize + 4) + header.stdCount + header.utCount)
        transitions = times
        offsetsAfter = indices.map { offsets[$0] }
        initialOffset = offsets[0]
    }
}

public struct TimeZoneError: Error, Equatable, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}

struct TZifHeader {
    var version: UInt8
    var utCount, stdCount, leapCount, timeCount, typeCount, charCount: Int

    func dataSize(timeSize: Int) -> Int {
        timeCount * (timeSize + 1) + typeCount * 6 + charCount + leapCount * (timeSize + 4) + stdCount + utCount
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    mutating func byte() throws(TimeZoneError) -> UInt8 {
        guard position < bytes.count else { throw TimeZoneError("the file ends early") }
        position += 1
        return bytes[position - 1]
    }

    mutating func skip(_ count: Int) throws(TimeZoneError) {
        guard count >= 0, position + count <= bytes.count else { throw TimeZoneError("the file ends early") }
        position += count
    }

    /// A big-endian two's-complement integer of `size` bytes.
    mutating func signed(_ size: Int) throws(TimeZoneError) -> Int64 {
        var value: UInt64 = 0
        for _ in 0..<size { value = value << 8 | UInt64(try byte()) }
        if size < 8, value & (1 << (UInt64(size) * 8 - 1)) != 0 { value |= ~0 << (UInt64(size) * 8) }
        return Int64(bitPattern: value)
    }

    mutating func header() throws(TimeZoneError) -> TZifHeader {
        guard bytes.count >= position + 44, Array(bytes[position..<position + 4]) == Array("TZif".utf8) else {
            throw TimeZoneError("not a TZif file")
        }
        let version = bytes[position + 4]
        position += 20
        var counts: [Int] = []
        for _ in 0..<6 {
            let count = try signed(4)
            guard count >= 0, count < 1 << 20 else { throw TimeZoneError("implausible count \(count)") }
            counts.append(Int(count))
        }
        return TZifHeader(
            version: version == 0 ? 0 : version, utCount: counts[0], stdCount: counts[1], leapCount: counts[2],
            timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
    }
}

/// A POSIX TZ rule: a standard offset and, optionally, a daylight-saving
/// offset with the yearly dates it starts and ends.
struct PosixTimeZone: Equatable, Sendable {
    /// Date rules: Mm.w.d (day d of week w of month m), Jn (1-365, no
    /// February 29) or n (0-365).
    enum DateRule: Equatable, Sendable {
        case monthWeekDay(month: Int, week: Int, weekday: Int)
        case julianNoLeap(Int)
        case zeroBased(Int)
    }

    var standard: Int64
    var daylight: Int64?
    var start: (DateRule, Int64)?
    var end: (DateRule, Int64)?

    static func == (a: PosixTimeZone, b: PosixTimeZone) -> Bool {
        a.standard == b.standard && a.daylight == b.daylight && a.start?.0 == b.start?.0
            && a.start?.1 == b.start?.1 && a.end?.0 == b.end?.0 && a.end?.1 == b.end?.1
    }

    func offset(at instant: Int64) -> Int64 {
        guard let daylight, let start, let end else { return standard }
        let year = CivilDate(days: floorDiv(instant + standard, 86400)).year
        // Start is given in standard time, end in daylight time.
        for y in [year - 1, year, year + 1] {
            let on = Self.day(start.0, year: y) * 86400 + start.1 - standard
            let off =
                Self.day(end.0, year: on <= Self.day(end.0, year: y) * 86400 ? y : y + 1) * 86400 + end.1
                - daylight
            if instant >= on && instant < off { return daylight }
        }
        return standard
    }

    /// Days since 1970-01-01 of the rule's date in `year`.
    static func day(_ rule: DateRule, year: Int64) -> Int64 {
        switch rule {
        case .julianNoLeap(let n):
            let jan1 = CivilDate(year: year, month: 1, day: 1).days
            return jan1 + Int64(n) - 1 + (CivilDate.isLeap(year) && n >= 60 ? 1 : 0)
        case .zeroBased(let n):
            return CivilDate(year: year, month: 1, day: 1).days + Int64(n)
        case .monthWeekDay(let month, let week, let weekday):
            let first = CivilDate(year: year, month: Int64(month), day: 1).days
            let firstMatch = first + Int64((weekday - CivilDate.weekday(days: first) + 7) % 7)
            var day = firstMatch + Int64(week - 1) * 7
            let length = CivilDate.daysIn(month: Int64(month), year: year)
            while day >= first + length { day -= 7 }
            return day
        }
    }

    static func parse(_ text: String) throws(TimeZoneError) -> PosixTimeZone {
        var scanner = Scanner(Array(text.utf8))
        try scanner.name()
        let standard = -(try scanner.offset())
        var zone = PosixTimeZone(standard: standard)
        if scanner.atEnd { return zone }
        try scanner.name()
        var daylight = standard + 3600
        if let c = scanner.peek, c != UInt8(ascii: ",") { daylight = -(try scanner.offset()) }
        zone.daylight = daylight
        guard scanner.eat(",") else {
            throw TimeZoneError("TZ rule \(text): daylight saving time without dates is not supported")
        }
        zone.start = try scanner.dateAndTime()
        guard scanner.eat(",") else { throw TimeZoneError("TZ rule \(text): no end date") }
        zone.end = try scanner.dateAndTime()
        guard scanner.atEnd else { throw TimeZoneError("TZ rule \(text): unexpected text at its end") }
        return zone
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }

        mutating func eat(_ c: Unicode.Scalar) -> Bool {
            guard peek == UInt8(ascii: c) else { return false }
            index += 1
            return true
        }

        mutating func name() throws(TimeZoneError) {
            if eat("<") {
                while let c = peek, c != UInt8(ascii: ">") { index += 1 }
                guard eat(">") else { throw TimeZoneError("TZ rule: unterminated <name>") }
                return
            }
            let begin = index
            while let c = peek, (c | 0x20) >= UInt8(ascii: "a"), (c | 0x20) <= UInt8(ascii: "z") { index += 1 }
            guard index - begin >= 3 else { throw TimeZoneError("TZ rule: zone abbreviation expected") }
        }

        mutating func number() throws(TimeZoneError) -> Int64 {
            var value: Int64 = 0
            var digits = 0
            while let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9"), digits < 4 {
                value = value * 10 + Int64(c - UInt8(ascii: "0"))
                index += 1
                digits += 1
            }
            guard digits > 0 else { throw TimeZoneError("TZ rule: number expected") }
            return value
        }

        /// [+-]hh[:mm[:ss]] in seconds.
        mutating func offset() throws(TimeZoneError) -> Int64 {
            var sign: Int64 = 1
            if eat("-") { sign = -1 } else { _ = eat("+") }
            var seconds = try number() * 3600
            if eat(":") { seconds += try number() * 60 }
            if eat(":") { seconds += try number() }
            return sign * seconds
        }

        mutating func dateAndTime() throws(TimeZoneError) -> (DateRule, Int64) {
            let rule: DateRule
            if eat("M") {
                let month = try number()
                guard eat(".") else { throw TimeZoneError("TZ rule: Mm.w.d expected") }
                let week = try number()
                guard eat(".") else { throw TimeZoneError("TZ rule: Mm.w.d expected") }
                let weekday = try number()
                guard (1...12).contains(month), (1...5).contains(week), (0...6).contains(weekday) else {
                    throw TimeZoneError("TZ rule: Mm.w.d out of range")
                }
                rule = .monthWeekDay(month: Int(month), week: Int(week), weekday: Int(weekday))
            } else if eat("J") {
                let n = try number()
                guard (1...365).contains(n) else { throw TimeZoneError("TZ rule: Jn out of range") }
                rule = .julianNoLeap(Int(n))
            } else {
                let n = try number()
                guard (0...365).contains(n) else { throw TimeZoneError("TZ rule: day out of range") }
                rule = .zeroBased(Int(n))
            }
            let time = eat("/") ? try offset() : 7200
            return (rule, time)
        }
    }
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

/// A proleptic Gregorian date and its day number since 1970-01-01.
struct CivilDate: Equatable, Sendable {
    var year: Int64
    var month: Int64
    var day: Int64

    init(year: Int64, month: Int64, day: Int64) {
        self.year = year
        self.month = month
        self.day = day
    }

    // Howard Hinnant's days_from_civil and its inverse.
    init(days: Int64) {
        let z = days + 719468
        let era = floorDiv(z, 146097)
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    var days: Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday).
    static func weekday(days: Int64) -> Int { Int(((days % 7) + 11) % 7) }
}
