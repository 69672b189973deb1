// Runs requiredcmd, blockcmd and notifycmd: /bin/sh -c COMMAND in a session
// of its own, killed with its whole process group when it outlives its
// timeout (a hung monitoring query must not hold the daemon).

import DistRebootCore
import Glibc

enum CheckCommand {
    static func run(_ command: String, environment: [String: String], timeoutSeconds: Int64) -> CheckOutcome {
        let pid: pid_t
        do {
            pid = try CommandRunner.spawn(command, environment: environment)
        } catch {
            return .notStarted("\(error)")
        }
        let deadline = Clock.monotonicMilliseconds() + timeoutSeconds * 1000
        var status: Int32 = 0
        var delay: UInt32 = 5_000
        while true {
            let rc = waitpid(pid, &status, WNOHANG)
            if rc == pid { break }
            if rc < 0 && errno != EINTR { return .notStarted("waitpid: errno \(errno)") }
            if Clock.monotonicMilliseconds() >= deadline {
                // The command leads its own session: its pid is its process group.
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                _ = retryingEINTR { waitpid(pid, &status, 0) }
                return .timedOut(seconds: timeoutSeconds)
            }
            usleep(delay)
            delay = min(delay * 2, 100_000)
        }
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .killedBySignal(signal)
    }
}
