import Testing

@testable import SBDCore

/// Expected names are the output of `systemd-escape --path --suffix=device`
/// of systemd 252.38 (Debian 12) for the same input.
struct UnitNameEscapingTests {
    @Test(arguments: [
        ("/dev/sda", "dev-sda.device"),
        ("/dev/watchdog", "dev-watchdog.device"),
        ("/dev/disk/by-id/scsi-36001405abc-part1", #"dev-disk-by\x2did-scsi\x2d36001405abc\x2dpart1.device"#),
        ("/dev/disk/by-path/pci-0000:00:1f.2-ata-1", #"dev-disk-by\x2dpath-pci\x2d0000:00:1f.2\x2data\x2d1.device"#),
        ("/dev/disk/by-id/my disk", #"dev-disk-by\x2did-my\x20disk.device"#),
        ("/dev/disk/by-id/wwn-ä€", #"dev-disk-by\x2did-wwn\x2d\xc3\xa4\xe2\x82\xac.device"#),
        ("/dev/mapper/vg-lv", #"dev-mapper-vg\x2dlv.device"#),
        ("//dev//sdb/", "dev-sdb.device"),
        ("/dev/./sdc", "dev-sdc.device"),
        ("/dev/.hidden", "dev-.hidden.device"),
        ("/dev/x_y.z+w@v~u", #"dev-x_y.z\x2bw\x40v\x7eu.device"#),
        (#"/dev/a\b"#, #"dev-a\x5cb.device"#),
        ("/dev/tab\tx", #"dev-tab\x09x.device"#),
        ("/dev/-lead", #"dev-\x2dlead.device"#),
        ("/dev/disk/by-id/a..b", "dev-disk-by\\x2did-a..b.device"),
        ("/dev/q'\"", #"dev-q\x27\x22.device"#),
        ("/dev/$x%y*", #"dev-\x24x\x25y\x2a.device"#),
        ("/", "-.device"),
    ])
    func matchesSystemdEscape(path: String, expected: String) {
        #expect(UnitNameEscaping.deviceUnit(forPath: path) == expected)
    }

    @Test func leadingDotOfTheWholeNameIsEscaped() {
        #expect(UnitNameEscaping.escapePath("/.x/y") == #"\x2ex-y"#)
    }

    /// systemd-escape refuses these ("not a normalized file system path").
    @Test(arguments: ["/dev/../sda", "/dev/..", "relative/path", ""])
    func refusesWhatSystemdEscapeRefuses(path: String) {
        #expect(UnitNameEscaping.deviceUnit(forPath: path) == nil)
    }

    /// systemd-escape prints names of any length, but systemd accepts at
    /// most 255 characters and names longer device paths after a hash.
    @Test func longestNameSystemdAccepts() {
        let fits = "/dev/disk/by-id/" + String(repeating: "a", count: 230)
        #expect(UnitNameEscaping.deviceUnit(forPath: fits)?.utf8.count == 255)
        #expect(UnitNameEscaping.deviceUnit(forPath: fits + "a") == nil)
        #expect(UnitNameEscaping.escapePath(fits + "a") != nil)
    }
}
