import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

/// The sysconfig file, /etc/default/sbd unless SBD_CONFIG names another one.
public struct ConfigFile {
    public static let defaultPath = "/etc/default/sbd"
    /// The environment variable tests and unusual setups use to point sbd at another file.
    public static let overrideVariable = "SBD_CONFIG"

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(path: String, errno: Int32)
        case syntax(EnvironmentFileError)

        public var description: String {
            switch self {
            case .unreadable(let path, let code): return "cannot read configuration file \(path): \(errorText(code))"
            case .syntax(let error): return "configuration file \(error)"
            }
        }
    }

    public let path: String
    /// Set when the file exists.
    public let assignments: [EnvironmentAssignment]?
    /// Why someone other than root could change what sbd runs, if they can.
    public let insecurity: String?

    /// Reads and parses the file. A missing default file is no error; a
    /// missing file named explicitly through SBD_CONFIG is.
    public static func load(environment: [String: String]) throws(LoadError) -> ConfigFile {
        let explicit = environment[overrideVariable].flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit ?? defaultPath
        // SBD_CONFIG=/dev/null: deliberately no file.
        if path == "/dev/null" { return ConfigFile(path: path, assignments: [], insecurity: nil) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT && explicit == nil {
                return ConfigFile(path: path, assignments: nil, insecurity: nil)
            }
            throw .unreadable(path: path, errno: code)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path: path, errno: errno) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw .unreadable(path: path, errno: errno) }
            if got == 0 { break }
            bytes += chunk[0..<got]
        }
        let assignments: [EnvironmentAssignment]
        do {
            assignments = try EnvironmentFile.parse(bytes, path: path)
        } catch {
            throw .syntax(error)
        }
        return ConfigFile(path: path, assignments: assignments, insecurity: insecurity(of: info, path: path))
    }

    /// SBD_OPTS becomes root's command line: only root may be able to write it.
    static func insecurity(of info: stat, path: String) -> String? {
        if info.st_uid != 0 {
            return "\(path) is owned by uid \(info.st_uid), not root"
        }
        if info.st_mode & (S_IWGRP | S_IWOTH) != 0 {
            let mode = String(info.st_mode & 0o777, radix: 8)
            return "\(path) is writable by users other than root (mode \(mode)); run: chmod go-w \(path)"
        }
        return nil
    }
}
