import SBDCore

/// The sbd layout on an open device: header, slots and mailboxes, read and
/// written through the pure encoders of SBDCore.
public struct SBDDevice {
    public let device: BlockDevice
    public var path: String { device.path }

    public init(path: String, writable: Bool, ioTimeoutSeconds: UInt32) throws(DeviceError) {
        device = try BlockDevice(path: path, writable: writable, ioTimeoutSeconds: ioTimeoutSeconds)
    }

    /// Sector 0, validated against the device it was read from.
    public func readHeader() throws(DeviceError) -> DiskHeader {
        try header(decoding: try readSectors(0, 1))
    }

    /// Sector 0's bytes decoded and validated against this device.
    public func header(decoding sector: [UInt8]) throws(DeviceError) -> DiskHeader {
        let header: DiskHeader
        do throws(FormatError) {
            header = try DiskHeader.decode(sector, deviceSectorSize: device.sectorSize)
            try DiskLayout(header).checkFits(deviceBytes: device.byteCount)
        } catch {
            throw .format(path: path, error)
        }
        return header
    }

    /// Every slot and mailbox, in one read.
    public func readTable(_ header: DiskHeader) throws(DeviceError) -> SlotTable {
        let layout = DiskLayout(header)
        let region = try readSectors(0, layout.sectorCount)
        do {
            return try SlotTable(region: region, layout: layout)
        } catch {
            throw .format(path: path, error)
        }
    }

    /// Writes a new header and empties every slot and mailbox, in one write.
    /// Checks the size first so that a too small device is left untouched.
    public func initialize(_ header: DiskHeader) throws(DeviceError) {
        let layout = DiskLayout(header)
        do {
            try layout.checkFits(deviceBytes: device.byteCount)
        } catch {
            throw .format(path: path, error)
        }
        var region = [UInt8](repeating: 0, count: Int(layout.byteCount))
        region.replaceSubrange(0..<layout.sectorSize, with: header.encoded())
        try device.write(sector: 0, bytes: region)
    }

    public func writeSlot(_ index: Int, _ record: SlotRecord) throws(DeviceError) {
        try device.write(sector: DiskLayout.slotSector(index), bytes: record.encoded(sectorSize: device.sectorSize))
    }

    /// Writes a mailbox and reads it back, so a message is only counted as
    /// delivered to a device that really holds it.
    public func writeMailbox(_ index: Int, _ record: MailboxRecord) throws(DeviceError) {
        let sector = DiskLayout.mailboxSector(index)
        let bytes = record.encoded(sectorSize: device.sectorSize)
        try device.write(sector: sector, bytes: bytes)
        guard try device.read(sector: sector, count: 1) == bytes else {
            throw .verifyFailed(path: path, sector: sector)
        }
    }

    private func readSectors(_ first: Int, _ count: Int) throws(DeviceError) -> [UInt8] {
        try device.read(sector: first, count: count)
    }
}
