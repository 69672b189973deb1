import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads the configuration file without ever blocking the boot: regular files
/// only (a FIFO named by SBD_CONFIG would hang the generator), at most 1 MiB.
enum ConfigReader {
    static let maximumSize = 1 << 20  // 1 MiB

    static func read(_ path: String) -> ConfigFileRead {
        // Deliberately no file, as for sbd itself.
        if path == "/dev/null" { return .contents([]) }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else {
            let code = errno
            return code == ENOENT ? .missing : .unreadable(reason: describe(code))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .unreadable(reason: describe(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .unreadable(reason: "not a regular file") }
        guard info.st_size <= maximumSize else {
            return .unreadable(reason: "it has \(info.st_size) bytes, more than the 1 MiB allowed")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var filled = 0
        while filled < bytes.count {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { return .unreadable(reason: describe(errno)) }
            if got == 0 { break }
            filled += got
        }
        // The extra byte catches a file that grew while being read.
        guard filled <= maximumSize else { return .unreadable(reason: "it grew beyond 1 MiB while being read") }
        return .contents(Array(bytes[0..<filled]))
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
