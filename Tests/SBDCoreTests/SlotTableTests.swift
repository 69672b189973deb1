import Testing

@testable import SBDCore

struct SlotTableTests {
    static func name(_ text: String) -> NodeName { NodeName(field: Array(text.utf8)[...]) }

    /// A region of a 512-byte-sector device with the given slots.
    static func region(slots: Int = 255, entries: [Int: (String, SBDMessage, String)] = [:]) -> [UInt8] {
        let layout = DiskLayout(sectorSize: 512, slots: slots)
        var bytes = [UInt8](repeating: 0, count: Int(layout.byteCount))
        for (index, entry) in entries {
            let slot = SlotRecord(inUse: true, name: name(entry.0)).encoded(sectorSize: 512)
            let mailbox = MailboxRecord(message: entry.1, sender: name(entry.2)).encoded(sectorSize: 512)
            bytes.replaceSubrange(
                DiskLayout.slotSector(index) * 512..<DiskLayout.slotSector(index) * 512 + 512, with: slot)
            bytes.replaceSubrange(
                DiskLayout.mailboxSector(index) * 512..<DiskLayout.mailboxSector(index) * 512 + 512, with: mailbox)
        }
        return bytes
    }

    @Test func findsSlotsIgnoringCase() throws {
        let table = try SlotTable(
            region: Self.region(entries: [0: ("alpha", .clear, "alpha"), 3: ("Beta", .reset, "alpha")]),
            layout: DiskLayout(sectorSize: 512))
        #expect(table.slot(of: Self.name("alpha")) == 0)
        #expect(table.slot(of: Self.name("BETA")) == 3)
        #expect(table.slot(of: Self.name("gamma")) == nil)
        #expect(table.firstUnused() == 1)
        #expect(table.allocated.map(\.index) == [0, 3])
    }

    @Test func allocationSteps() throws {
        let layout = DiskLayout(sectorSize: 512, slots: 2)
        let empty = try SlotTable(region: Self.region(slots: 2), layout: layout)
        #expect(AllocationStep.next(for: Self.name("a"), in: empty) == .claim(slot: 0))
        let one = try SlotTable(region: Self.region(slots: 2, entries: [0: ("a", .clear, "")]), layout: layout)
        #expect(AllocationStep.next(for: Self.name("a"), in: one) == .allocated(slot: 0))
        #expect(AllocationStep.next(for: Self.name("b"), in: one) == .claim(slot: 1))
        let full = try SlotTable(
            region: Self.region(slots: 2, entries: [0: ("a", .clear, ""), 1: ("b", .clear, "")]), layout: layout)
        #expect(AllocationStep.next(for: Self.name("c"), in: full) == .full)
    }

    @Test func listLinesMatchSbd() throws {
        let table = try SlotTable(
            region: Self.region(entries: [0: ("hex-0", .clear, ""), 1: ("hex-7", .reset, "hex-0")]),
            layout: DiskLayout(sectorSize: 512))
        let lines = Reports.listLines(table).map { String(decoding: $0, as: UTF8.self) }
        #expect(lines == ["0\thex-0\tclear\t", "1\thex-7\treset\thex-0"])
    }

    @Test func unknownCommandBytePrintsUndefined() throws {
        var bytes = Self.region(entries: [0: ("n", .clear, "")])
        bytes[DiskLayout.mailboxSector(0) * 512] = 0x7F
        let table = try SlotTable(region: bytes, layout: DiskLayout(sectorSize: 512))
        #expect(String(decoding: Reports.listLines(table)[0], as: UTF8.self) == "0\tn\tundefined\t")
    }

    @Test func namesWithoutNULAndNonUTF8AreKeptAsBytes() throws {
        var bytes = Self.region()
        let start = DiskLayout.slotSector(0) * 512
        bytes[start] = 1
        for offset in 1...64 { bytes[start + offset] = 0x41 }  // 64 x "A", no terminator
        let mailbox = DiskLayout.mailboxSector(0) * 512
        bytes.replaceSubrange((mailbox + 1)..<(mailbox + 4), with: [0xFF, 0xFE, 0x41])
        let table = try SlotTable(region: bytes, layout: DiskLayout(sectorSize: 512))
        #expect(table.entries[0].slot.name.bytes.count == 64)
        #expect(table.entries[0].mailbox.sender.bytes == [0xFF, 0xFE, 0x41])
        let line = Reports.listLines(table)[0]
        #expect(
            line == Array("0\t".utf8) + [UInt8](repeating: 0x41, count: 64) + Array("\tclear\t".utf8) + [
                0xFF, 0xFE, 0x41,
            ])
    }

    @Test func anyNonzeroInUseByteCounts() throws {
        var bytes = Self.region()
        bytes[DiskLayout.slotSector(2) * 512] = 0x80
        bytes[DiskLayout.slotSector(2) * 512 + 1] = 0x78
        let table = try SlotTable(region: bytes, layout: DiskLayout(sectorSize: 512))
        #expect(table.allocated.map(\.index) == [2])
    }

    @Test func truncatedRegionIsRejected() {
        #expect(throws: FormatError.truncated(expected: 261_632, got: 1024)) {
            try SlotTable(region: [UInt8](repeating: 0, count: 1024), layout: DiskLayout(sectorSize: 512))
        }
    }

    @Test func recordsEncodeAsSbdDoes() {
        let slot = SlotRecord(inUse: true, name: Self.name("node1")).encoded(sectorSize: 512)
        #expect(Array(slot[0..<7]) == [1] + Array("node1".utf8) + [0])
        #expect(slot[6...].allSatisfy { $0 == 0 })
        let mailbox = MailboxRecord(message: .reset, sender: Self.name("other")).encoded(sectorSize: 512)
        #expect(Array(mailbox[0..<6]) == [2] + Array("other".utf8))
        #expect(MailboxRecord.decode(mailbox[...]).message == .reset)
    }
}

/// A watcher (re)starting on its device, as Debian's sbd 1.5.2's (measured in
/// tests/integration/sbd-fencing-path.sh): it claims a slot every time.
struct WatcherSlotStepTests {
    static let layout = DiskLayout(sectorSize: 512, slots: 3)
    static func table(_ entries: [Int: (String, SBDMessage, String)]) throws -> SlotTable {
        try SlotTable(region: SlotTableTests.region(slots: 3, entries: entries), layout: layout)
    }
    static let node = SlotTableTests.name("node1")

    @Test func firstStartClearsTheMailboxOfItsSlot() throws {
        let table = try Self.table([0: ("other", .clear, ""), 1: ("NODE1", .reset, "other")])
        #expect(
            WatcherSlotStep.next(for: Self.node, on: "/dev/sdb", in: table, firstStart: true)
                == .watch(slot: 1, clearMailbox: true))
    }

    @Test func restartLeavesAWaitingMessage() throws {
        let table = try Self.table([1: ("node1", .reset, "other")])
        #expect(
            WatcherSlotStep.next(for: Self.node, on: "/dev/sdb", in: table, firstStart: false)
                == .watch(slot: 1, clearMailbox: false))
    }

    @Test func aClearedSlotIsClaimedAgain() throws {
        // Slot 0 was the node's and was zeroed; its mailbox is left for the restarted watcher.
        var region = SlotTableTests.region(
            slots: 3, entries: [0: ("node1", .reset, "other"), 1: ("node2", .clear, "")])
        region.replaceSubrange(
            DiskLayout.slotSector(0) * 512..<DiskLayout.slotSector(0) * 512 + 512,
            with: [UInt8](repeating: 0, count: 512))
        let table = try SlotTable(region: region, layout: Self.layout)
        #expect(
            WatcherSlotStep.next(for: Self.node, on: "/dev/sdb", in: table, firstStart: false) == .claim(slot: 0))
    }

    @Test func aSlotTakenByAnotherNameIsReplacedByTheFirstUnused() throws {
        let table = try Self.table([0: ("intruder", .clear, ""), 1: ("node2", .clear, "")])
        #expect(
            WatcherSlotStep.next(for: Self.node, on: "/dev/sdb", in: table, firstStart: false) == .claim(slot: 2))
    }

    @Test func aFullDeviceCannotBeWatchedAndSaysWhy() throws {
        let table = try Self.table([0: ("intruder", .clear, ""), 1: ("node2", .clear, ""), 2: ("node3", .clear, "")])
        guard
            case .full(let reason) = WatcherSlotStep.next(for: Self.node, on: "/dev/sdb", in: table, firstStart: false)
        else {
            Issue.record("a full device was not refused")
            return
        }
        #expect(reason.contains("/dev/sdb") && reason.contains("node1") && reason.contains("all 3 slots are in use"))
    }
}
