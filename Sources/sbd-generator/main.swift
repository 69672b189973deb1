import ProcessArguments
import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

// sbd-generator NORMAL-DIR [EARLY-DIR LATE-DIR]: systemd runs it at boot and
// on daemon-reload; it writes its drop-ins into NORMAL-DIR. It always exits
// 0 so that nothing it finds can fail the boot (see SBDGenerator).
let arguments = ProcessArguments.all
let log = GeneratorLog(environment: Environment.read())
guard arguments.count == 2 || arguments.count == 4 else {
    log.write(GeneratorMessage(level: .error, text: "usage: sbd-generator NORMAL-DIR [EARLY-DIR LATE-DIR]"))
    exit(2)
}
let configPath = SBDGenerator.configPath(environment: Environment.read())
let output = SBDGenerator.generate(configPath: configPath, file: ConfigReader.read(configPath))
for message in output.messages { log.write(message) }
if let failure = OutputDirectory(path: arguments[1]).write(output.files) {
    log.write(GeneratorMessage(level: .error, text: failure))
}
exit(0)
