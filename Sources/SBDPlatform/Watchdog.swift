import CSBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

/// An open Linux watchdog device. Opening arms it; only `disarm()` (the
/// magic close) stops it. Dropping it without disarming leaves it armed,
/// which is what a crash must do.
public final class Watchdog {
    public let path: String
    private var fd: Int32

    public init(path: String) throws(WatchdogError) {
        let fd = csbd_watchdog_open(path)
        guard fd >= 0 else { throw .open(path: path, errno: -fd) }
        self.path = path
        self.fd = fd
    }

    /// Asks the driver for `seconds`; returns what it chose.
    public func setTimeout(_ seconds: UInt32) throws(WatchdogError) -> UInt32 {
        var value = Int32(clamping: seconds)
        let result = csbd_watchdog_set_timeout(fd, &value)
        guard result == 0 else { throw .ioctl(path: path, operation: "set the timeout", errno: -result) }
        return UInt32(clamping: value)
    }

    public func timeout() throws(WatchdogError) -> UInt32 {
        var value: Int32 = 0
        let result = csbd_watchdog_get_timeout(fd, &value)
        guard result == 0 else { throw .ioctl(path: path, operation: "read the timeout", errno: -result) }
        return UInt32(clamping: value)
    }

    public func keepalive() throws(WatchdogError) {
        let result = csbd_watchdog_keepalive(fd)
        guard result == 0 else { throw .ioctl(path: path, operation: "keep it alive", errno: -result) }
    }

    public func identity() -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        guard csbd_watchdog_identity(fd, &buffer, Int32(buffer.count)) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The magic close: the watchdog stops counting and the device is closed.
    public func disarm() {
        guard fd >= 0 else { return }
        csbd_watchdog_disarm(fd)
        fd = -1
    }

    /// Closes the device without the magic character: it stays armed.
    public func closeArmed() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }
}

public enum WatchdogError: Error, Equatable, Sendable, CustomStringConvertible {
    case open(path: String, errno: Int32)
    case ioctl(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .open(let path, let code):
            return "cannot open watchdog \(path): \(errorText(code))"
        case .ioctl(let path, let operation, let code):
            return "watchdog \(path) refused to \(operation): \(errorText(code))"
        }
    }
}
