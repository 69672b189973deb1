#if canImport(Glibc)
    import Glibc
#endif

/// The two variables the generator looks at, read once.
enum Environment {
    static let names = ["SBD_CONFIG", "SYSTEMD_SCOPE"]

    static func read() -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { values[name] = String(cString: value) }
        }
        return values
    }
}
