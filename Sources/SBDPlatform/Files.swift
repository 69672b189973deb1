#if canImport(Glibc)
    import Glibc
#endif

/// Small questions about paths.
public enum Files {
    /// Where a symbolic link points, or nil.
    public static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    /// A small file's text (sysfs, procfs), trailing newlines and blanks removed.
    public static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard got >= 0 else { return nil }
        var text = Substring(String(decoding: buffer[0..<got], as: UTF8.self))
        while let last = text.last, last == "\n" || last == " " { text = text.dropLast() }
        return String(text)
    }

    /// Writes `text` to an existing file (sysfs, cgroupfs) in one call.
    public static func write(_ path: String, _ text: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count
    }
}
