import Testing

@testable import SBDCore

struct WatchdogNodesTests {
    typealias N = WatchdogNodes.Number

    @Test func devicesAreListedInReverseDirectoryOrderWithTheLegacyNode() {
        let entries: [WatchdogNodes.Entry] = [
            .characterDevice(name: "watchdog0", N(248, 0)), .characterDevice(name: "tty0", N(4, 0)),
            .characterDevice(name: "watchdog1", N(248, 1)), .characterDevice(name: "watchdog", .legacy),
        ]
        let paths = WatchdogNodes.list(entries, watchdogs: [N(248, 0), N(248, 1)]).map(\.path)
        #expect(paths == ["/dev/watchdog", "/dev/watchdog1", "/dev/watchdog0"])
    }

    @Test func theLegacyNumberCountsWithoutSysfs() {
        let entries: [WatchdogNodes.Entry] = [.characterDevice(name: "watchdog", .legacy)]
        #expect(WatchdogNodes.list(entries, watchdogs: []) == [.init(path: "/dev/watchdog", number: .legacy)])
        #expect(WatchdogNodes.list([], watchdogs: [N(248, 0)]) == [])
    }

    @Test func anAliasInDevComesJustBeforeItsDevice() {
        let entries: [WatchdogNodes.Entry] = [
            .link(name: "wd-a", target: "watchdog1"), .characterDevice(name: "watchdog0", N(248, 0)),
            .link(name: "wd-b", target: "/dev/watchdog1"), .characterDevice(name: "watchdog1", N(248, 1)),
        ]
        let paths = WatchdogNodes.list(entries, watchdogs: [N(248, 0), N(248, 1)]).map(\.path)
        #expect(paths == ["/dev/wd-a", "/dev/wd-b", "/dev/watchdog1", "/dev/watchdog0"])
    }

    @Test func linksOutOfDevOrThroughDotDotAreNotAliases() {
        let entries: [WatchdogNodes.Entry] = [
            .link(name: "up", target: "../dev/watchdog0"), .link(name: "dots", target: "/dev/x/../watchdog0"),
            .link(name: "elsewhere", target: "/run/watchdog0"), .link(name: "dangling", target: "watchdog9"),
            .characterDevice(name: "watchdog0", N(248, 0)),
        ]
        #expect(WatchdogNodes.list(entries, watchdogs: [N(248, 0)]).map(\.path) == ["/dev/watchdog0"])
    }

    @Test func numbersFromSysfsAndFromStat() {
        #expect(N(sysfs: "248:3\n") == N(248, 3))
        #expect(N(sysfs: "248") == nil)
        #expect(N(sysfs: "x:1") == nil)
        #expect(N(device: 0xa82) == .legacy)  // makedev(10, 130)
        #expect(N(device: 0x1000_1112_3470) == N(0x1234, 70000))  // makedev(0x1234, 70000)
        #expect(N(248, 1).sysfsName == "248:1")
    }

    @Test func theDriverComesFromTheLinkElseSoftdogByItsIdentity() {
        #expect(WatchdogNodes.driver(link: "../../../bus/pci/drivers/iTCO_wdt", identity: "x") == "iTCO_wdt")
        #expect(WatchdogNodes.driver(link: nil, identity: "Software Watchdog") == "softdog")
        #expect(WatchdogNodes.driver(link: nil, identity: "iTCO_wdt") == "<unknown>")
        #expect(WatchdogNodes.driver(link: nil, identity: nil) == "<unknown>")
    }

    @Test func aHoldersNameIsReadAsSbdReadsIt() {
        #expect(WatchdogNodes.processName(status: "Name:\tsbd\nUmask:\t0022") == "sbd")
        #expect(WatchdogNodes.processName(status: "Name:\tpython3.11\n") == "python3")
        #expect(WatchdogNodes.processName(status: "Name:\tkworker/0:1\n") == "kworker")
        #expect(WatchdogNodes.processName(status: "Name:\tabcdefghijklmnopqrst\n") == "abcdefghijklmno")
        #expect(WatchdogNodes.processName(status: "Name:\t(sd-pam)\n") == nil)
        #expect(WatchdogNodes.processName(status: "State:\tS\n") == nil)
    }

    @Test func aBusyDeviceShowsItsHolderInPlaceOfItsIdentity() {
        let lines = WatchdogListing.lines([
            WatchdogInfo(
                path: "/dev/watchdog0", identity: "iTCO_wdt", driver: "iTCO_wdt",
                busy: .init(pid: 812, name: "sbd")),
            WatchdogInfo(
                path: "/dev/watchdog1", identity: "x", driver: "softdog", busy: .init(pid: 9, name: nil)),
        ])
        #expect(
            lines == [
                "", "Discovered 2 watchdog devices:", "", "[1] /dev/watchdog0", "Identity: Busy: PID 812 (sbd)",
                "Driver: iTCO_wdt", "", "[2] /dev/watchdog1", "Identity: Busy: PID 9 (<unknown>)", "Driver: softdog",
                "CAUTION: Not recommended for use with sbd.",
            ])
    }
}
