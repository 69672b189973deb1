/// Where things live on a device: header in sector 0, then for each slot i a
/// slot sector (1 + 2i) followed by its mailbox sector (2 + 2i).
public struct DiskLayout: Equatable, Sendable {
    public let sectorSize: Int
    public let slots: Int

    public init(sectorSize: Int, slots: Int = Int(DiskHeader.maximumSlots)) {
        self.sectorSize = sectorSize
        self.slots = slots
    }

    public init(_ header: DiskHeader) {
        self.init(sectorSize: Int(header.sectorSize), slots: Int(header.slots))
    }

    public static func slotSector(_ slot: Int) -> Int { 1 + 2 * slot }
    public static func mailboxSector(_ slot: Int) -> Int { 2 + 2 * slot }

    /// Sectors from the header to the last mailbox.
    public var sectorCount: Int { 1 + 2 * slots }
    public var byteCount: UInt64 { UInt64(sectorCount) * UInt64(sectorSize) }

    /// Byte offset of a sector.
    public func offset(ofSector sector: Int) -> UInt64 { UInt64(sector) * UInt64(sectorSize) }

    public func checkFits(deviceBytes: UInt64) throws(FormatError) {
        guard deviceBytes >= byteCount else { throw .deviceTooSmall(needed: byteCount, available: deviceBytes) }
    }
}
