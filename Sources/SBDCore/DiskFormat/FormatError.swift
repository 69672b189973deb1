/// Why bytes read from a device are not a usable SBD layout. The descriptions
/// complete the sentence "device X: ...".
public enum FormatError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(expected: Int, got: Int)
    case notInitialized
    case unsupportedVersion(UInt8)
    case noSlots
    case invalidSectorSize(UInt32)
    case sectorSizeMismatch(header: UInt32, device: Int)
    case deviceTooSmall(needed: UInt64, available: UInt64)

    public var description: String {
        switch self {
        case .truncated(let expected, let got):
            return "short read: expected \(expected) bytes, got \(got)"
        case .notInitialized:
            return "no sbd header (magic \"SBD_SBD_\" missing); initialise it with 'sbd -d DEVICE create'"
        case .unsupportedVersion(let version):
            return "unsupported header version \(version) (this sbd reads version 2)"
        case .noSlots:
            return "header declares 0 slots; the header is corrupt, re-create the device"
        case .invalidSectorSize(let size):
            return "header sector size \(size) is not a power of two of at least 512; the header is corrupt"
        case .sectorSizeMismatch(let header, let device):
            return
                "header was written for \(header)-byte sectors but the device has \(device)-byte sectors;"
                + " it was created on other storage, re-create it here"
        case .deviceTooSmall(let needed, let available):
            return "device holds \(available) bytes but the layout needs \(needed)"
        }
    }
}
