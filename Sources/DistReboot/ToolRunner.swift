// Runs one of pacemaker's command-line tools (argv, no shell) and collects
// what it prints, with a deadline: the pacemaker engine reads and writes the
// CIB through cibadmin, crm_mon, crm_attribute and friends.

import DistRebootCore
import Glibc

// Glibc's Swift module hides this GNU extension; close-on-exec must be set
// atomically, as other threads spawn commands at the same time.
@_silgen_name("pipe2")
private func pipeClosedOnExec(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

struct ToolResult: Sendable {
    var status: Int32
    var output: String
    var errors: String

    var succeeded: Bool { status == 0 }
    /// The first line of what it said on stderr (or stdout), for a message.
    var complaint: String {
        if errors.isEmpty, let root = try? XMLElement.parse(output), let said = root.child("status")?["message"] {
            return said  // crm_mon --output-as=xml says what went wrong in its <status>
        }
        let text = errors.isEmpty ? output : errors
        return text.split(separator: "\n").first.map(String.init) ?? "exit status \(status)"
    }
}

enum ToolRunner {
    /// Runs `arguments[0]` (searched in PATH); a tool still running at the deadline is killed (status 124).
    static func run(_ arguments: [String], timeoutMilliseconds: Int64 = 30_000) throws(SystemError) -> ToolResult {
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard pipeClosedOnExec(&outPipe, O_CLOEXEC) == 0 else { throw SystemError("pipe") }
        guard pipeClosedOnExec(&errPipe, O_CLOEXEC) == 0 else {
            close(outPipe[0])
            close(outPipe[1])
            throw SystemError("pipe")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        close(outPipe[1])
        close(errPipe[1])
        guard rc == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw SystemError("run \(arguments[0])", errno: rc)
        }
        var output: [UInt8] = []
        var errors: [UInt8] = []
        var open: [Int32] = [outPipe[0], errPipe[0]]
        let deadline = Clock.monotonicMilliseconds() + timeoutMilliseconds
        var timedOut = false
        while !open.isEmpty {
            let left = deadline - Clock.monotonicMilliseconds()
            if left <= 0 {
                timedOut = true
                kill(pid, SIGKILL)
                break
            }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(left, 1000)))
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                var buffer = [UInt8](repeating: 0, count: 65536)
                let n = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    if entry.fd == outPipe[0] { output += buffer[0..<n] } else { errors += buffer[0..<n] }
                } else if n == 0 || errno != EINTR {
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        close(outPipe[0])
        close(errPipe[0])
        var status: Int32 = 0
        _ = retryingEINTR { waitpid(pid, &status, 0) }
        let code: Int32 = timedOut ? 124 : ((status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
        return ToolResult(
            status: code, output: String(decoding: output, as: UTF8.self),
            errors: timedOut
                ? "\(arguments[0]) did not finish within \(timeoutMilliseconds / 1000) s"
                : String(decoding: errors, as: UTF8.self))
    }
}
