import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

/// Why a device could not be used; descriptions name the device and say what
/// to check.
public enum DeviceError: Error, Equatable, Sendable, CustomStringConvertible {
    case openFailed(path: String, errno: Int32)
    case isDirectory(path: String)
    case unsupportedFileType(path: String)
    case unusableSectorSize(path: String, size: Int)
    case timedOut(path: String, operation: String, seconds: UInt32)
    case ioFailed(path: String, operation: String, errno: Int32)
    case shortTransfer(path: String, operation: String, expected: Int, got: Int)
    case format(path: String, FormatError)
    case verifyFailed(path: String, sector: Int)

    public var path: String {
        switch self {
        case .openFailed(let path, _), .isDirectory(let path), .unsupportedFileType(let path),
            .unusableSectorSize(let path, _), .timedOut(let path, _, _), .ioFailed(let path, _, _),
            .shortTransfer(let path, _, _, _), .format(let path, _), .verifyFailed(let path, _):
            return path
        }
    }

    /// True when the device could not be opened or read at all, as opposed to
    /// holding something that is not an sbd layout.
    public var isUnreadable: Bool {
        switch self {
        case .openFailed, .isDirectory, .unsupportedFileType, .timedOut, .ioFailed: return true
        case .unusableSectorSize, .shortTransfer, .format, .verifyFailed: return false
        }
    }

    public var description: String {
        switch self {
        case .openFailed(let path, let code):
            let hint: String
            switch code {
            case ENOENT: hint = "; check the path given with -d or in SBD_DEVICE"
            case EACCES, EPERM: hint = "; sbd must run as root"
            case EBUSY: hint = "; another program holds it exclusively"
            default: hint = ""
            }
            return "cannot open device \(path): \(errorText(code))\(hint)"
        case .isDirectory(let path):
            return "\(path) is a directory, not a block device or file"
        case .unsupportedFileType(let path):
            return "\(path) is neither a block device nor a regular file"
        case .unusableSectorSize(let path, let size):
            return "device \(path) reports a sector size of \(size) bytes, which sbd cannot use"
        case .timedOut(let path, let operation, let seconds):
            return
                "device \(path) did not complete a \(operation) within \(seconds) s (-I); check the storage path"
        case .ioFailed(let path, let operation, let code):
            return "\(operation) failed on device \(path): \(errorText(code))"
        case .shortTransfer(let path, let operation, let expected, let got):
            return
                "\(operation) on device \(path) transferred \(got) of \(expected) bytes; the device is too small or truncated"
        case .format(let path, let error):
            return "device \(path): \(error)"
        case .verifyFailed(let path, let sector):
            return "device \(path): sector \(sector) reads back different from what was written"
        }
    }
}

/// strerror(3) text for an errno value.
public func errorText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}
