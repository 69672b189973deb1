/// Every slot and mailbox of a device, decoded from one read of the layout
/// region (header included).
public struct SlotTable: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public let index: Int
        public let slot: SlotRecord
        public let mailbox: MailboxRecord
    }

    public let entries: [Entry]

    /// `region` starts at sector 0 and covers at least `layout.sectorCount` sectors.
    public init(region: [UInt8], layout: DiskLayout) throws(FormatError) {
        let needed = Int(layout.byteCount)
        guard region.count >= needed else { throw .truncated(expected: needed, got: region.count) }
        var entries: [Entry] = []
        entries.reserveCapacity(layout.slots)
        for index in 0..<layout.slots {
            let slotStart = DiskLayout.slotSector(index) * layout.sectorSize
            let mailboxStart = DiskLayout.mailboxSector(index) * layout.sectorSize
            entries.append(
                Entry(
                    index: index,
                    slot: SlotRecord.decode(region[slotStart..<(slotStart + layout.sectorSize)]),
                    mailbox: MailboxRecord.decode(region[mailboxStart..<(mailboxStart + layout.sectorSize)])))
        }
        self.entries = entries
    }

    /// The slot owned by `name` (ASCII case ignored), as sbd looks it up.
    public func slot(of name: NodeName) -> Int? {
        entries.first { $0.slot.inUse && $0.slot.name.matches(name) }?.index
    }

    public func firstUnused() -> Int? {
        entries.first { !$0.slot.inUse }?.index
    }

    public var allocated: [Entry] { entries.filter { $0.slot.inUse } }
}

/// The next step of claiming a slot. sbd's protocol: if no slot carries the
/// name, write it into the first unused slot, wait the allocate timeout so a
/// concurrent writer would have overwritten it, then look again.
public enum AllocationStep: Equatable, Sendable {
    case allocated(slot: Int)
    case claim(slot: Int)
    case full

    public static func next(for name: NodeName, in table: SlotTable) -> AllocationStep {
        if let slot = table.slot(of: name) { return .allocated(slot: slot) }
        if let slot = table.firstUnused() { return .claim(slot: slot) }
        return .full
    }
}
