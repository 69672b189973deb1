// Runs the configured reboot and hook commands: /bin/sh -c COMMAND, in a
// session of its own (so that it outlives the daemon it may stop), with
// default signal handling and stdin from /dev/null.

import Glibc

// Glibc's Swift module hides these GNU extensions.
private let POSIX_SPAWN_SETSID_FLAG: Int16 = 0x80
private let POSIX_SPAWN_SETSIGMASK_FLAG: Int16 = 0x08
private let POSIX_SPAWN_SETSIGDEF_FLAG: Int16 = 0x04

public enum CommandRunner {
    /// Starts the command; returns its pid.
    public static func spawn(_ command: String, environment extra: [String: String] = [:]) throws(SystemError)
        -> pid_t
    {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(
            &attributes, POSIX_SPAWN_SETSID_FLAG | POSIX_SPAWN_SETSIGMASK_FLAG | POSIX_SPAWN_SETSIGDEF_FLAG)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

        var environment: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            let name = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            if extra[name] == nil { environment.append(text) }
            entry += 1
        }
        environment += extra.map { "\($0.key)=\($0.value)" }

        let argv = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        guard rc == 0 else { throw SystemError("spawn /bin/sh -c \(command)", errno: rc) }
        return pid
    }

    /// Waits for the command to end; a readable description of how it ended and whether it succeeded.
    public static func wait(_ pid: pid_t) -> (succeeded: Bool, description: String) {
        var status: Int32 = 0
        let rc = retryingEINTR { waitpid(pid, &status, 0) }
        guard rc == pid else { return (false, SystemError("waitpid").description) }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are C macros: restated.
        let signal = status & 0x7F
        if signal == 0 {
            let code = (status >> 8) & 0xFF
            return (code == 0, "exit status \(code)")
        }
        return (false, "killed by signal \(signal)")
    }
}
