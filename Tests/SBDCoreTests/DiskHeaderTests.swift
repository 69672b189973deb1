import Testing

@testable import SBDCore

struct DiskHeaderTests {
    let uuid: [UInt8] = (0..<16).map { UInt8($0 * 17) }

    /// Sector 0 as Debian's sbd 1.5.2 wrote it on a loop device (create with
    /// default timeouts), UUID aside.
    static let debianSector: [UInt8] =
        Array("SBD_SBD_".utf8) + [0x02, 0xFF, 0, 0] + [0, 0, 0x02, 0x00] + [0, 0, 0, 5] + [0, 0, 0, 2] + [0, 0, 0, 1]
        + [0, 0, 0, 10] + [0x01]

    @Test func encodesTheSbdLayout() {
        let header = DiskHeader(sectorSize: 512, timeouts: .defaults, uuid: uuid)
        let sector = header.encoded()
        #expect(sector.count == 512)
        #expect(Array(sector[0..<33]) == Self.debianSector)
        #expect(Array(sector[33..<49]) == uuid)
        #expect(sector[49...].allSatisfy { $0 == 0 })
    }

    @Test func roundTrips() throws {
        let header = DiskHeader(
            sectorSize: 4096, timeouts: DiskTimeouts(watchdog: 30, allocate: 2, loop: 1, msgwait: 60), uuid: uuid)
        #expect(try DiskHeader.decode(header.encoded(), deviceSectorSize: 4096) == header)
    }

    @Test func decodesDebianWrittenHeader() throws {
        var sector = Self.debianSector + uuid
        sector += [UInt8](repeating: 0, count: 512 - sector.count)
        let header = try DiskHeader.decode(sector, deviceSectorSize: 512)
        #expect(header.timeouts == .defaults)
        #expect(header.slots == 255)
        #expect(header.minorVersion == 1)
        #expect(header.uuid == uuid)
    }

    func sector(_ change: (inout [UInt8]) -> Void) -> [UInt8] {
        var bytes = DiskHeader(sectorSize: 512, timeouts: .defaults, uuid: uuid).encoded()
        change(&bytes)
        return bytes
    }

    @Test func rejectsWrongMagic() {
        #expect(throws: FormatError.notInitialized) {
            try DiskHeader.decode(sector { $0[0] = 0x58 }, deviceSectorSize: 512)
        }
        #expect(throws: FormatError.notInitialized) {
            try DiskHeader.decode([UInt8](repeating: 0, count: 512), deviceSectorSize: 512)
        }
    }

    @Test func rejectsUnknownVersion() {
        for version: UInt8 in [0, 1, 3, 255] {
            #expect(throws: FormatError.unsupportedVersion(version)) {
                try DiskHeader.decode(sector { $0[8] = version }, deviceSectorSize: 512)
            }
        }
    }

    @Test func rejectsZeroSlots() {
        #expect(throws: FormatError.noSlots) {
            try DiskHeader.decode(sector { $0[9] = 0 }, deviceSectorSize: 512)
        }
    }

    @Test func acceptsFewerSlotsThan255() throws {
        let header = try DiskHeader.decode(sector { $0[9] = 3 }, deviceSectorSize: 512)
        #expect(DiskLayout(header).sectorCount == 7)
    }

    @Test(arguments: [0, 1, 256, 511, 513, 1000, 1536, UInt32.max] as [UInt32])
    func rejectsBadSectorSizes(size: UInt32) {
        #expect(throws: FormatError.invalidSectorSize(size)) {
            try DiskHeader.decode(sector { $0.storeBigEndian(size, at: 12) }, deviceSectorSize: 512)
        }
    }

    @Test func rejectsSectorSizeOfOtherDevice() {
        let header = DiskHeader(sectorSize: 4096, timeouts: .defaults, uuid: uuid)
        #expect(throws: FormatError.sectorSizeMismatch(header: 4096, device: 512)) {
            try DiskHeader.decode(header.encoded(), deviceSectorSize: 512)
        }
    }

    @Test func rejectsTruncatedSector() {
        #expect(throws: FormatError.truncated(expected: 49, got: 20)) {
            try DiskHeader.decode(Array(sector { _ in }.prefix(20)), deviceSectorSize: 512)
        }
        #expect(throws: FormatError.truncated(expected: 49, got: 0)) {
            try DiskHeader.decode([], deviceSectorSize: 512)
        }
    }

    @Test func layoutNeedsRoomForEverySlot() throws {
        let layout = DiskLayout(sectorSize: 512)
        #expect(layout.sectorCount == 511)
        #expect(layout.byteCount == 261_632)
        try layout.checkFits(deviceBytes: 261_632)
        #expect(throws: FormatError.deviceTooSmall(needed: 261_632, available: 261_631)) {
            try layout.checkFits(deviceBytes: 261_631)
        }
        #expect(DiskLayout(sectorSize: 4096).byteCount == 511 * 4096)
        #expect(DiskLayout.slotSector(0) == 1)
        #expect(DiskLayout.mailboxSector(0) == 2)
        #expect(DiskLayout.slotSector(254) == 509)
        #expect(DiskLayout.mailboxSector(254) == 510)
    }

    @Test func errorsExplainThemselves() {
        #expect(FormatError.notInitialized.description.contains("create"))
        #expect(FormatError.deviceTooSmall(needed: 10, available: 5).description.contains("needs 10"))
    }

    /// Any 32-bit timeout can be on a disk: what is computed from it is checked.
    @Test func hugeTimeoutsAreRefusedByNameNotOverflowed() throws {
        func timeouts(allocate: UInt32) -> DiskTimeouts {
            DiskTimeouts(watchdog: 5, allocate: allocate, loop: 1, msgwait: 10)
        }
        #expect(try timeouts(allocate: 0).allocationWait(device: "d") == 0)
        #expect(try timeouts(allocate: 1_073_741_823).allocationWait(device: "d") == 4_294_967_292)
        for value: UInt32 in [1_073_741_824, 2_147_483_647, .max] {
            #expect(throws: HeaderValueError.self) { try timeouts(allocate: value).allocationWait(device: "/dev/x") }
        }
        do {
            _ = try timeouts(allocate: .max).allocationWait(device: "/dev/x")
        } catch {
            #expect("\(error)".contains("/dev/x"))
            #expect("\(error)".contains("timeout_allocate"))
            #expect("\(error)".contains("4294967295"))
        }
        #expect(StartupDecisions.disklessTimeouts(watchdog: .max).msgwait == .max)
    }
}
