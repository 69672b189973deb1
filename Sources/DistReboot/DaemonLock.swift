// One daemon per host: an exclusive flock on a file in the run directory,
// held for the daemon's life and released by the kernel when it exits.

import Glibc

public final class DaemonLock: @unchecked Sendable {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Takes the lock or says who holds it.
    public static func acquire(path: String) throws(SystemError) -> DaemonLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let error = errno
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
            close(fd)
            if error == EWOULDBLOCK {
                let pid = String(decoding: buffer[0..<max(0, n)], as: UTF8.self).split(separator: "\n").first ?? "?"
                throw SystemError("distreboot is already running (pid \(pid))", errno: error)
            }
            throw SystemError("lock \(path)", errno: error)
        }
        let pid = Array("\(getpid())\n".utf8)
        ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return DaemonLock(fd: fd)
    }
}
