// Loads a time zone of the reboot window from the tz database.

import DistRebootCore
import Glibc

enum ZoneInfo {
    static let directory = "/usr/share/zoneinfo"

    static func load(_ name: String) throws(ConfigurationError) -> TimeZoneRules {
        let path = directory + "/" + name
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ConfigurationError(
                message: "unknown time zone \"\(name)\" (no file \(path)); use a name from \(directory), "
                    + "e.g. UTC or Europe/Berlin (package tzdata)")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let n = buffer.withUnsafeMutableBytes { raw in retryingEINTR { read(fd, raw.baseAddress, raw.count) } }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        do {
            return try TimeZoneRules.parse(tzif: bytes, name: name)
        } catch {
            throw ConfigurationError(message: "time zone \"\(name)\": \(path): \(error.message)")
        }
    }
}
