// The daemon's log: one line per event on stderr, which systemd sends to the
// journal. Lines carry UTC time to the millisecond so that logs of several
// nodes can be merged and measured.

import DistRebootCore
import Glibc

public enum Log {
    public static func write(_ level: LogLevel, _ message: String) {
        let ts = Clock.realtime()
        let stamp = TimeFormat.utc(Int64(ts.tv_sec)).dropLast(4)  // " UTC"
        let millis = Int(ts.tv_nsec) / 1_000_000
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        let line = "\(stamp).\(fraction) distreboot[\(getpid())]: \(level.rawValue): \(message)\n"
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    public static func info(_ message: String) { write(.info, message) }
    public static func warning(_ message: String) { write(.warning, message) }
    public static func error(_ message: String) { write(.error, message) }
}
