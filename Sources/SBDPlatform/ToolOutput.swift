#if canImport(Glibc)
    import Glibc
#endif

/// Runs an outside tool (cibadmin, systemctl) and collects what it prints:
/// stdout, and stderr apart for the message when it fails. Bounded in time:
/// a hung tool is killed, with its whole session.
public struct ToolOutput: Equatable, Sendable {
    public var exit: Processes.Exit
    public var stdout: String
    public var stderr: String

    public var succeeded: Bool { exit == .exited(0) }

    /// The first line of stderr, or how the tool ended, for a message.
    public var failure: String {
        let line = stderr.split(separator: "\n").first.map(String.init) ?? ""
        return line.isEmpty ? "\(exit)" : "\(line) (\(exit))"
    }

    /// stdout and stderr cross one pipe (fd 3 of the shell that runs the
    /// tool), stderr after a marker once the tool has ended.
    static let marker = "\u{1}sbd-tool-stderr\u{1}"

    public static func run(_ command: [String], limitSeconds: Int64) -> Result<ToolOutput, SpawnError> {
        let pipe: ReportPipe
        do {
            pipe = try ReportPipe()
        } catch {
            return .failure(error)
        }
        defer { close(pipe.readFD) }
        let script = "err=$( { \"$@\" >&3 3>&-; } 2>&1 ); rc=$?; printf '\(marker)%s' \"$err\" >&3; exit $rc"
        let pid: pid_t
        do {
            pid = try Processes.spawn(
                "/bin/sh", arguments: ["sh", "-c", script, "sh"] + command, reportFD: pipe.writeFD, newSession: true)
        } catch {
            pipe.closeWriteEnd()
            return .failure(error)
        }
        pipe.closeWriteEnd()
        var collected: [UInt8] = []
        let deadline = Kernel.monotonicMilliseconds() + limitSeconds * 1000
        var chunk = [UInt8](repeating: 0, count: 65536)
        var timedOut = false
        reading: while true {
            let left = deadline - Kernel.monotonicMilliseconds()
            guard left > 0 else {
                timedOut = true
                break
            }
            guard !waitReadable([pipe.readFD], milliseconds: left).isEmpty else { continue }
            while true {
                let got = chunk.withUnsafeMutableBytes { read(pipe.readFD, $0.baseAddress, $0.count) }
                if got > 0 {
                    collected += chunk[0..<got]
                } else if got == 0 {
                    break reading
                } else if errno == EINTR {
                    continue
                } else {
                    break
                }
            }
        }
        if timedOut { _ = kill(-pid, SIGKILL) }
        let exit = Processes.wait(pid)
        let text = String(decoding: collected, as: UTF8.self)
        let parts = text.split(separator: marker, maxSplits: 1, omittingEmptySubsequences: false)
        var output = ToolOutput(
            exit: exit, stdout: String(parts.first ?? ""), stderr: parts.count > 1 ? String(parts[1]) : "")
        if timedOut { output.stderr = "\(command.first ?? "tool") did not answer within \(limitSeconds) s" }
        return .success(output)
    }
}
