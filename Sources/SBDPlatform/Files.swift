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
}
