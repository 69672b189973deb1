// distreboot: an orderly rolling reboot of an etcd cluster's nodes.
// Parses the command line, then either runs the daemon or asks it.

import DistReboot
import DistRebootCore
import Glibc

func fail(_ message: String, code: Int32 = 1) -> Never {
    FileHandleless.writeError("distreboot: \(message)\n")
    exit(code)
}

enum FileHandleless {
    static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return }
            offset += n
        }
    }
    static func writeOutput(_ text: String) { write(1, text) }
    static func writeError(_ text: String) { write(2, text) }
}

let command: DistRebootCommand
do {
    command = try CommandLineParser.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandleless.writeError("distreboot: \(error.message)\n\(CommandLineParser.usage)\n")
    exit(2)
}

if case .help = command {
    FileHandleless.writeOutput(CommandLineParser.usage + "\n")
    exit(0)
}
guard geteuid() == 0 else { fail("must be run as root") }

let request: ControlRequest
switch command {
case .start(let options):
    let configuration: DaemonConfiguration
    do {
        configuration = try DaemonConfiguration.build(options)
    } catch {
        fail(error.message)
    }
    exit(Daemon(configuration: configuration).run())
case .help: exit(0)
case .status: request = .status
case .stop: request = .stop
case .dryRun(let onlyRequired): request = .dryRun(onlyRequired: onlyRequired)
case .reboot(let onlyRequired): request = .reboot(onlyRequired: onlyRequired)
case .cancel: request = .cancel
case .drop(let node): request = .drop(node: node)
}

let reply = ControlClient.send(
    request, socketPath: DaemonConfiguration.runDirectoryFromEnvironment + "/distreboot.sock")
FileHandleless.writeOutput(reply.output)
FileHandleless.writeError(reply.error)
exit(reply.exitCode)
