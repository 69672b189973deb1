#if canImport(Glibc)
    import Glibc
#endif

/// Why an isolated job gave no answer.
public enum IsolatedJobFailure: Error, Equatable, Sendable {
    case noAnswer(seconds: UInt32)
    case died
    case cannotStart(errno: Int32)
}

/// Runs each job in a child process of its own and collects the bytes each
/// one returns, in order, waiting at most `limit` seconds for any of them.
///
/// I/O to a storage path that stopped answering can block a process in the
/// kernel beyond any timeout, even at exit (pending AIO is waited for). Only
/// a separate process keeps the command able to report and exit: the parent
/// reads the child's answer from a pipe and never waits for it to exit.
///
/// The caller must be single-threaded (fork copies only the calling thread);
/// the children run the jobs and leave with `_exit`.
public func runIsolated(_ jobs: [() -> [UInt8]], limit: UInt32) -> [Result<[UInt8], IsolatedJobFailure>] {
    var children: [(pid: pid_t, fd: Int32)?] = []
    var results = [Result<[UInt8], IsolatedJobFailure>?](repeating: nil, count: jobs.count)
    for (index, job) in jobs.enumerated() {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            results[index] = .failure(.cannotStart(errno: errno))
            children.append(nil)
            continue
        }
        // Other children must not hold this pipe open (EOF tells of a death).
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        let pid = fork()
        if pid == 0 {
            close(ends[0])
            let answer = job()
            var framed = withUnsafeBytes(of: UInt32(answer.count).littleEndian) { Array($0) }
            framed += answer
            writeAll(ends[1], framed)
            _exit(0)
        }
        close(ends[1])
        if pid < 0 {
            results[index] = .failure(.cannotStart(errno: errno))
            close(ends[0])
            children.append(nil)
        } else {
            children.append((pid, ends[0]))
        }
    }

    var buffers = [[UInt8]](repeating: [], count: jobs.count)
    let deadline = Kernel.monotonicMilliseconds() + Int64(limit) * 1000
    while true {
        var waiting: [(index: Int, poll: pollfd)] = []
        for (index, child) in children.enumerated() where results[index] == nil {
            if let child { waiting.append((index, pollfd(fd: child.fd, events: Int16(POLLIN), revents: 0))) }
        }
        if waiting.isEmpty { break }
        let remaining = deadline - Kernel.monotonicMilliseconds()
        if remaining <= 0 {
            for entry in waiting { results[entry.index] = .failure(.noAnswer(seconds: limit)) }
            break
        }
        var polls = waiting.map(\.poll)
        let ready = poll(&polls, nfds_t(polls.count), Int32(min(remaining, 1000)))
        if ready < 0 && errno != EINTR { break }
        for (slot, entry) in waiting.enumerated() where polls[slot].revents != 0 {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let got = chunk.withUnsafeMutableBytes { read(entry.poll.fd, $0.baseAddress, $0.count) }
            if got > 0 {
                buffers[entry.index] += chunk[0..<got]
            }
            if let answer = complete(buffers[entry.index]) {
                results[entry.index] = .success(answer)
            } else if got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN) {
                results[entry.index] = .failure(.died)
            }
        }
    }

    for (index, child) in children.enumerated() {
        guard let child else { continue }
        close(child.fd)
        if case .failure(.noAnswer) = results[index] { kill(child.pid, SIGKILL) }
        // Reap what has exited; a child stuck in the kernel is left to init.
        var status: Int32 = 0
        _ = waitpid(child.pid, &status, WNOHANG)
    }
    return results.map { $0 ?? .failure(.died) }
}

/// The answer once all of it has arrived: a u32 length, then the bytes.
private func complete(_ buffer: [UInt8]) -> [UInt8]? {
    guard buffer.count >= 4 else { return nil }
    let length = Int(buffer[0]) | Int(buffer[1]) << 8 | Int(buffer[2]) << 16 | Int(buffer[3]) << 24
    guard buffer.count >= 4 + length else { return nil }
    return Array(buffer[4..<(4 + length)])
}

private func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let done = write(fd, raw.baseAddress! + offset, raw.count - offset)
            if done < 0 && errno == EINTR { continue }
            guard done > 0 else { return }
            offset += done
        }
    }
}
