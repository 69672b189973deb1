// One daemon per host: an exclusive flock on the pid file in the run
// directory, held for the daemon's life and released by the kernel when it
// exits, however it exits.

import Glibc

public struct DaemonLockError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

public final class DaemonLock: @unchecked Sendable {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Takes the lock and writes our pid, or says who holds it.
    public static func acquire(path: String) throws(DaemonLockError) -> DaemonLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DaemonLockError(description: SystemError("open \(path)").description) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let error = errno
            let pid = readPid(fd)
            close(fd)
            if error == EWOULDBLOCK {
                throw DaemonLockError(
                    description: "distreboot is already running on this host (pid \(pid ?? "?"), which locks \(path)); "
                        + "only one daemon may run per host: stop it first with distreboot --stop")
            }
            throw DaemonLockError(description: SystemError("lock \(path)", errno: error).description)
        }
        let pid = Array("\(getpid())\n".utf8)
        ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return DaemonLock(fd: fd)
    }

    /// Waits until no daemon holds the lock at `path`; false if one still does after `milliseconds`.
    public static func waitUntilReleased(path: String, milliseconds: Int64) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        let deadline = Clock.monotonicMilliseconds() + milliseconds
        while flock(fd, LOCK_SH | LOCK_NB) != 0 {
            guard Clock.monotonicMilliseconds() < deadline else { return false }
            usleep(50_000)
        }
        return true
    }

    private static func readPid(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self).split(separator: "\n").first.map(String.init)
    }
}
