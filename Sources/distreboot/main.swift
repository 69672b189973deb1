// distreboot: an orderly rolling reboot of an etcd cluster's nodes.
// Parses the command line, then either runs the daemon or asks it.

import DistReboot
import DistRebootCore
import Glibc
import ProcessArguments

enum Output {
    static func write(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return }
            offset += n
        }
    }
}

func fail(_ message: String, _ code: ExitCode) -> Never {
    Output.write(2, "distreboot: \(message)\n")
    exit(code.rawValue)
}

let command: DistRebootCommand
do {
    command = try CommandLineParser.parse(ProcessArguments.afterProgramName)
} catch {
    Output.write(2, "distreboot: \(error.message)\n\(CommandLineParser.usage)\n")
    exit(ExitCode.usage.rawValue)
}

if case .help = command {
    Output.write(1, CommandLineParser.usage + "\n")
    exit(0)
}
guard geteuid() == 0 else { fail("permission denied: distreboot must be run as root", .permissionDenied) }

let request: ControlRequest
switch command {
case .start(let options):
    let configuration: DaemonConfiguration
    do {
        configuration = try DaemonConfiguration.build(options)
    } catch {
        fail(error.message, .configuration)
    }
    exit(Daemon(configuration: configuration).run())
case .help: exit(0)
case .status: request = .status
case .stop: request = .stop
case .dryRun(let onlyRequired): request = .dryRun(onlyRequired: onlyRequired)
case .reboot(let onlyRequired, let now): request = .reboot(onlyRequired: onlyRequired, now: now)
case .cancel: request = .cancel
case .drop(let node): request = .drop(node: node)
}

let runDirectory = DaemonConfiguration.runDirectoryFromEnvironment
let reply = ControlClient.send(request, socketPath: DaemonConfiguration.socketPath(in: runDirectory))
Output.write(1, reply.output)
Output.write(2, reply.error)
// --stop returns once the daemon is gone, so that a shutdown script or a
// restart can rely on it (the daemon's lock is released when it exits).
if request == .stop, reply.exitCode == 0,
    !DaemonLock.waitUntilReleased(path: DaemonConfiguration.pidPath(in: runDirectory), milliseconds: 30_000)
{
    fail("the daemon did not exit within 30 s of --stop", .failed)
}
exit(reply.exitCode)
