import Glibc
import Testing

@testable import DistRebootCore

/// Epoch seconds of a UTC date and time.
func utc(_ y: Int64, _ mo: Int64, _ d: Int64, _ h: Int64, _ mi: Int64 = 0) -> Int64 {
    CivilDate(year: y, month: mo, day: d).days * 86400 + h * 3600 + mi * 60
}

struct RebootWindowTests {
    static let berlinRule = "CET-1CEST,M3.5.0,M10.5.0/3"

    func berlin() throws -> TimeZoneRules { try TimeZoneRules(name: "Europe/Berlin", posixRule: Self.berlinRule) }

    func clock(_ text: String, _ zone: TimeZoneRules) throws -> WindowClock {
        WindowClock(window: try RebootWindow.parse(text), zone: zone)
    }

    /// The real tz database file, when the machine has it (Debian's tzdata).
    func zoneFile(_ name: String) -> [UInt8]? {
        guard let file = fopen("/usr/share/zoneinfo/" + name, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return bytes
    }

    @Test func grammar() throws {
        let w = try RebootWindow.parse("Mon-Fri 02:00-05:00 Europe/Berlin")
        #expect(w.zone == "Europe/Berlin")
        #expect(w.spans == [.init(days: [false, true, true, true, true, true, false], start: 7200, end: 18000)])
        let wrap = try RebootWindow.parse("Fri-Mon,Wed 22:30-24:00; 00:00-01:00 UTC")
        #expect(wrap.spans[0].days == [true, true, false, true, false, true, true])
        #expect(wrap.spans[0].end == 86400)
        #expect(wrap.spans[1].days == [Bool](repeating: true, count: 7))
        #expect(try RebootWindow.parse("* 23:00-02:00 UTC").spans[0].start == 23 * 3600)
        #expect(try RebootWindow.parse("sat,SUN 01:00-02:00 UTC").spans[0].days.filter { $0 }.count == 2)
    }

    @Test func badWindowsSayWhatIsAllowed() {
        for bad in [
            "Mon-Fri 02:00-05:00", "02:00-05:00", "Mon-Fri 2:00-05:00 UTC", "Mon-Fri 02:00-25:00 UTC",
            "Mon-Fri 02:00-02:00 UTC", "Mon-Fry 02:00-05:00 UTC", "Mon-Fri 02:00 UTC", "Mon-Fri 02:00-05:00 UTC x",
            "Mon-Fri 02:00-05:00 ../etc/passwd", "", "Mon 00:00-24:00 Mon",
        ] {
            #expect(throws: PropertyError.self, "\(bad)") { try RebootWindow.parse(bad) }
            do {
                _ = try RebootWindow.parse(bad)
            } catch {
                #expect(error.message.contains("the form is DAYS HH:MM-HH:MM ZONE"))
            }
        }
    }

    @Test func posixRuleOfBerlin() throws {
        let zone = try berlin()
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        #expect(zone.offset(at: utc(2026, 3, 29, 0, 59)) == 3600)
        #expect(zone.offset(at: utc(2026, 3, 29, 1, 0)) == 7200)
        #expect(zone.offset(at: utc(2026, 10, 25, 0, 59)) == 7200)
        #expect(zone.offset(at: utc(2026, 10, 25, 1, 0)) == 3600)
        #expect(zone.offset(at: utc(2026, 1, 1, 12)) == 3600)
        #expect(zone.offset(at: utc(2031, 7, 1, 12)) == 7200)
    }

    @Test func theRealTZifFileAgreesWithTheRule() throws {
        guard let bytes = zoneFile("Europe/Berlin") else { return }
        let file = try TimeZoneRules.parse(tzif: bytes, name: "Europe/Berlin")
        let rule = try berlin()
        var t = utc(2024, 1, 1, 0)
        while t < utc(2040, 1, 1, 0) {
            #expect(file.offset(at: t) == rule.offset(at: t), "at \(TimeFormat.utc(t))")
            t += 3 * 3600 + 17
        }
        // Before 1980 Berlin had other rules: the file's transitions, not the footer.
        #expect(file.offset(at: utc(1945, 6, 1, 0)) == 10800)  // double summer time
        if let utcBytes = zoneFile("UTC") {
            #expect(try TimeZoneRules.parse(tzif: utcBytes, name: "UTC").offset(at: utc(2026, 6, 1, 0)) == 0)
        }
    }

    @Test func otherRealZones() throws {
        if let bytes = zoneFile("America/New_York") {
            let file = try TimeZoneRules.parse(tzif: bytes, name: "America/New_York")
            let rule = try TimeZoneRules(name: "America/New_York", posixRule: "EST5EDT,M3.2.0,M11.1.0")
            var t = utc(2024, 1, 1, 0)
            while t < utc(2036, 1, 1, 0) {
                #expect(file.offset(at: t) == rule.offset(at: t), "at \(TimeFormat.utc(t))")
                t += 5 * 3600 + 7
            }
        }
        if let bytes = zoneFile("Asia/Kolkata") {
            #expect(try TimeZoneRules.parse(tzif: bytes, name: "Asia/Kolkata").offset(at: utc(2030, 3, 1, 0)) == 19800)
        }
        #expect(throws: TimeZoneError.self) { try TimeZoneRules.parse(tzif: Array("not a zone".utf8), name: "x") }
        #expect(throws: TimeZoneError.self) { try TimeZoneRules.parse(tzif: Array("TZif2".utf8) + [0, 0], name: "x") }
    }

    @Test func southernHemisphereRule() throws {
        // Sydney: summer time from the first Sunday of October to the first Sunday of April.
        let sydney = try TimeZoneRules(name: "Australia/Sydney", posixRule: "AEST-10AEDT,M10.1.0,M4.1.0/3")
        #expect(sydney.offset(at: utc(2026, 1, 15, 0)) == 11 * 3600)
        #expect(sydney.offset(at: utc(2026, 6, 15, 0)) == 10 * 3600)
        #expect(sydney.offset(at: utc(2026, 12, 15, 0)) == 11 * 3600)
    }

    @Test func anOrdinaryNightInBerlin() throws {
        let c = try clock("Mon-Fri 02:00-05:00 Europe/Berlin", berlin())
        // Wednesday 2026-12-02: 02:00 CET is 01:00 UTC.
        #expect(c.state(at: utc(2026, 12, 2, 0, 59)) == .closed(opens: utc(2026, 12, 2, 1)))
        #expect(c.state(at: utc(2026, 12, 2, 1)) == .open(closes: utc(2026, 12, 2, 4)))
        #expect(c.state(at: utc(2026, 12, 2, 4)) == .closed(opens: utc(2026, 12, 3, 1)))
        // Friday after the window: next is Monday.
        #expect(c.state(at: utc(2026, 12, 4, 5)) == .closed(opens: utc(2026, 12, 7, 1)))
        #expect(c.local(utc(2026, 12, 7, 1)) == "2026-12-07 02:00 Europe/Berlin")
    }

    @Test func clocksGoingForwardShortenTheWindow() throws {
        // Sunday 2026-03-29: 02:00 does not exist (02:00 CET -> 03:00 CEST at 01:00 UTC).
        let c = try clock("Sun 02:00-04:00 Europe/Berlin", berlin())
        #expect(c.state(at: utc(2026, 3, 29, 0, 30)) == .closed(opens: utc(2026, 3, 29, 1)))
        #expect(c.state(at: utc(2026, 3, 29, 1)) == .open(closes: utc(2026, 3, 29, 2)))
        #expect(c.state(at: utc(2026, 3, 29, 2)) == .closed(opens: utc(2026, 4, 5, 0)))
        // A window inside the gap opens and closes at the gap's end: empty, skipped.
        let gap = try clock("Sun 02:15-02:45 Europe/Berlin", berlin())
        #expect(gap.state(at: utc(2026, 3, 28, 12)) == .closed(opens: utc(2026, 4, 5, 0, 15)))
    }

    @Test func clocksGoingBackLengthenTheWindow() throws {
        // Sunday 2026-10-25: 02:00-03:00 local happens twice; the window opens at the first 02:00.
        let c = try clock("Sun 02:00-04:00 Europe/Berlin", berlin())
        #expect(c.state(at: utc(2026, 10, 24, 23)) == .closed(opens: utc(2026, 10, 25, 0)))
        #expect(c.state(at: utc(2026, 10, 25, 0)) == .open(closes: utc(2026, 10, 25, 3)))
        #expect(c.state(at: utc(2026, 10, 25, 2, 30)) == .open(closes: utc(2026, 10, 25, 3)))
        #expect(c.state(at: utc(2026, 10, 25, 3)) == .closed(opens: utc(2026, 11, 1, 1)))
    }

    @Test func aWindowAcrossMidnight() throws {
        let c = try clock("Sat 23:00-02:00 UTC", .utc())
        // Saturday 2026-12-05 23:00 to Sunday 02:00.
        #expect(c.state(at: utc(2026, 12, 5, 22, 59)) == .closed(opens: utc(2026, 12, 5, 23)))
        #expect(c.state(at: utc(2026, 12, 6, 1, 30)) == .open(closes: utc(2026, 12, 6, 2)))
        #expect(c.state(at: utc(2026, 12, 6, 2)) == .closed(opens: utc(2026, 12, 12, 23)))
        // Across midnight and a change of year.
        let nye = try clock("Thu 23:30-00:30 UTC", .utc())  // 2026-12-31 is a Thursday
        #expect(nye.state(at: utc(2027, 1, 1, 0, 10)) == .open(closes: utc(2027, 1, 1, 0, 30)))
    }

    @Test func adjoiningSpansMergeAndAlwaysOpenNeverCloses() throws {
        let c = try clock("Sat 00:00-24:00; Sun 00:00-06:00 UTC", .utc())
        #expect(c.state(at: utc(2026, 12, 5, 12)) == .open(closes: utc(2026, 12, 6, 6)))
        let always = try clock("* 00:00-24:00 UTC", .utc())
        #expect(always.state(at: utc(2026, 12, 5, 12)) == .open(closes: nil))
        #expect(always.describe(at: 0) == "open")
    }

    @Test func describedForStatus() throws {
        let c = try clock("Mon-Fri 02:00-05:00 Europe/Berlin", berlin())
        let now = utc(2026, 12, 2, 0)
        #expect(c.describe(at: now) == "closed; next opens 2026-12-02 02:00 Europe/Berlin (in 1h 0m)")
        #expect(c.describe(at: now, relative: false) == "closed; next opens 2026-12-02 02:00 Europe/Berlin")
        #expect(c.describe(at: now + 3600) == "open until 2026-12-02 05:00 Europe/Berlin (in 3h 0m)")
    }
}
