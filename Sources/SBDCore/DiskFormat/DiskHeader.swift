/// Sector 0 of an SBD device: the C struct of sbd 1.5, naturally aligned,
/// integers in network byte order.
///
///     offset  size  field
///          0     8  magic "SBD_SBD_"
///          8     1  version (2)
///          9     1  slots (255)
///         10     2  padding
///         12     4  sector_size
///         16     4  timeout_watchdog
///         20     4  timeout_allocate
///         24     4  timeout_loop
///         28     4  timeout_msgwait
///         32     1  minor_version (1; 0 means no UUID)
///         33    16  uuid
public struct DiskHeader: Equatable, Sendable {
    public static let magic: [UInt8] = Array("SBD_SBD_".utf8)
    public static let supportedVersion: UInt8 = 2
    public static let currentMinorVersion: UInt8 = 1
    public static let maximumSlots: UInt8 = 255
    /// Bytes of sector 0 that carry the header; the rest of the sector is zero.
    public static let encodedSize = 49

    public var version: UInt8
    public var minorVersion: UInt8
    public var slots: UInt8
    public var sectorSize: UInt32
    public var timeouts: DiskTimeouts
    public var uuid: [UInt8]

    public init(
        sectorSize: UInt32, timeouts: DiskTimeouts, uuid: [UInt8],
        slots: UInt8 = DiskHeader.maximumSlots, version: UInt8 = DiskHeader.supportedVersion,
        minorVersion: UInt8 = DiskHeader.currentMinorVersion
    ) {
        precondition(uuid.count == 16, "a UUID has 16 bytes")
        self.version = version
        self.minorVersion = minorVersion
        self.slots = slots
        self.sectorSize = sectorSize
        self.timeouts = timeouts
        self.uuid = uuid
    }

    /// One whole sector holding this header.
    public func encoded() -> [UInt8] {
        var sector = [UInt8](repeating: 0, count: Int(sectorSize))
        sector.replaceSubrange(0..<8, with: Self.magic)
        sector[8] = version
        sector[9] = slots
        sector.storeBigEndian(sectorSize, at: 12)
        sector.storeBigEndian(timeouts.watchdog, at: 16)
        sector.storeBigEndian(timeouts.allocate, at: 20)
        sector.storeBigEndian(timeouts.loop, at: 24)
        sector.storeBigEndian(timeouts.msgwait, at: 28)
        sector[32] = minorVersion
        sector.replaceSubrange(33..<49, with: uuid)
        return sector
    }

    /// Decodes and validates sector 0 read from a device whose logical sector
    /// size is `deviceSectorSize`.
    public static func decode(_ bytes: [UInt8], deviceSectorSize: Int) throws(FormatError) -> DiskHeader {
        guard bytes.count >= encodedSize else { throw .truncated(expected: encodedSize, got: bytes.count) }
        guard Array(bytes[0..<8]) == magic else { throw .notInitialized }
        guard bytes[8] == supportedVersion else { throw .unsupportedVersion(bytes[8]) }
        let slots = bytes[9]
        guard slots > 0 else { throw .noSlots }
        let sectorSize = bytes.loadBigEndian(at: 12)
        guard sectorSize >= 512, sectorSize.nonzeroBitCount == 1 else { throw .invalidSectorSize(sectorSize) }
        guard Int(sectorSize) == deviceSectorSize else {
            throw .sectorSizeMismatch(header: sectorSize, device: deviceSectorSize)
        }
        let timeouts = DiskTimeouts(
            watchdog: bytes.loadBigEndian(at: 16), allocate: bytes.loadBigEndian(at: 20),
            loop: bytes.loadBigEndian(at: 24), msgwait: bytes.loadBigEndian(at: 28))
        return DiskHeader(
            sectorSize: sectorSize, timeouts: timeouts, uuid: Array(bytes[33..<49]), slots: slots,
            version: bytes[8], minorVersion: bytes[32])
    }
}

extension Array where Element == UInt8 {
    mutating func storeBigEndian(_ value: UInt32, at offset: Int) {
        self[offset] = UInt8(truncatingIfNeeded: value >> 24)
        self[offset + 1] = UInt8(truncatingIfNeeded: value >> 16)
        self[offset + 2] = UInt8(truncatingIfNeeded: value >> 8)
        self[offset + 3] = UInt8(truncatingIfNeeded: value)
    }

    func loadBigEndian(at offset: Int) -> UInt32 {
        UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16 | UInt32(self[offset + 2]) << 8
            | UInt32(self[offset + 3])
    }
}
