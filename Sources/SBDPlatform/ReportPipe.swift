import CSBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

/// A pipe from child processes to their parent: each child gets the write
/// end as fd 3; the parent reads without blocking.
public final class ReportPipe {
    public let readFD: Int32
    public let writeFD: Int32
    /// Where reads land, allocated once: the inquisitor reads every loop.
    private let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 8)

    public init() throws(SpawnError) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw SpawnError(path: "pipe", errno: errno) }
        // Spawned children get the write end as fd 3 only; nothing else leaks.
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[0], F_SETFL, O_NONBLOCK)
        readFD = ends[0]
        writeFD = ends[1]
    }

    deinit { chunk.deallocate() }

    /// Appends whatever is available now to `collected`.
    public func readAvailable(into collected: inout [UInt8]) {
        while true {
            let got = read(readFD, chunk.baseAddress, chunk.count)
            if got > 0 {
                collected.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<got]))
                // A short read emptied the pipe: no second read to hear EAGAIN.
                if got < chunk.count { return }
                continue
            }
            if got < 0 && errno == EINTR { continue }
            return
        }
    }

    public func closeWriteEnd() { close(writeFD) }
}

/// Writes to an inherited descriptor, one write per message (atomic up to
/// PIPE_BUF). False when the reader is gone.
public func writeMessage(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { raw in
        while true {
            let done = write(fd, raw.baseAddress, raw.count)
            if done < 0 && errno == EINTR { continue }
            return done == raw.count
        }
    }
}

/// Waits until `fd` is readable or the monotonic clock reaches `milliseconds`
/// (an instant: see `Kernel.sleep(untilMonotonic:)`); whether it is readable.
public func waitReadable(_ fd: Int32, untilMonotonic milliseconds: Int64) -> Bool {
    csbd_wait_readable_until(fd, milliseconds) > 0
}

/// Waits until one of `fds` is readable or `milliseconds` pass; returns the readable ones.
public func waitReadable(_ fds: [Int32], milliseconds: Int64) -> [Int32] {
    var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    let ready = poll(&polls, nfds_t(polls.count), Int32(clamping: max(0, milliseconds)))
    guard ready > 0 else { return [] }
    return polls.filter { $0.revents != 0 }.map(\.fd)
}

/// `-p`: the daemon's pid, locked so a second daemon with the same file refuses to start.
public final class PidFile {
    public let path: String
    private let fd: Int32

    public init(path: String) throws(PidFileError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            close(fd)
            let holder = got > 0 ? String(decoding: buffer[0..<got], as: UTF8.self).filter(\.isNumber) : "?"
            throw .locked(path: path, holder: holder)
        }
        self.path = path
        self.fd = fd
    }

    public func write(pid: Int32) {
        let text = Array("\(pid)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    public func remove() {
        unlink(path)
        close(fd)
    }
}

public enum PidFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotWrite(path: String, errno: Int32)
    case locked(path: String, holder: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let code): return "cannot write the pid file \(path): \(errorText(code))"
        case .locked(let path, let holder):
            return "another sbd (pid \(holder)) holds the pid file \(path); stop it first"
        }
    }
}

/// Waits for the next bytes on `fd` (blocking or not); nil at end of file or on an error.
public func readBlocking(_ fd: Int32) -> [UInt8]? {
    var chunk = [UInt8](repeating: 0, count: 256)
    while true {
        let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if got < 0 && errno == EINTR { continue }
        if got < 0 && errno == EAGAIN {
            _ = waitReadable([fd], milliseconds: 1000)
            continue
        }
        return got > 0 ? Array(chunk[0..<got]) : nil
    }
}

public func closeDescriptor(_ fd: Int32) { close(fd) }
