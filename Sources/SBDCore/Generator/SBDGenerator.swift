/// The decisions of `sbd-generator`: from the configuration file's bytes to
/// the drop-ins for sbd.service and sbd_remote.service. No I/O: the
/// executable reads the file and writes what this returns.
///
/// The generator runs at every boot before any unit starts, so it must never
/// stand in the way: whatever is wrong, it reports and writes nothing, and
/// the units keep their packaged defaults (and sbd itself then reports the
/// same problem when it starts).
public enum SBDGenerator {
    public static let defaultConfigPath = "/etc/default/sbd"
    /// The same override `sbd` honours, for tests and unusual setups.
    public static let configOverrideVariable = "SBD_CONFIG"
    public static let units = ["sbd.service", "sbd_remote.service"]
    public static let dropInName = "50-sbd-generator.conf"
    /// What the services add to SBD_OPTS on their ExecStart= line.
    static let serviceArguments = ["-p", "/run/sbd.pid", "watch"]

    public static func configPath(environment: [String: String]) -> String {
        guard let path = environment[configOverrideVariable], !path.isEmpty else { return defaultConfigPath }
        return path
    }

    public static func generate(configPath path: String, file: ConfigFileRead) -> GeneratorOutput {
        var output = GeneratorOutput()
        func give(up level: GeneratorMessage.Level, _ text: String) -> GeneratorOutput {
            output.messages.append(GeneratorMessage(level: level, text: "\(text); no drop-ins written"))
            return output
        }

        let bytes: [UInt8]
        switch file {
        case .missing:
            return give(up: .info, "\(path) does not exist, sbd is not configured")
        case .unreadable(let reason):
            return give(up: .error, "cannot read \(path): \(reason)")
        case .contents(let contents):
            bytes = contents
        }

        let assignments: [EnvironmentAssignment]
        do {
            assignments = try EnvironmentFile.parse(bytes, path: path)
        } catch {
            return give(up: .error, "\(error)")
        }
        // The service's environment is the file alone (EnvironmentFile=);
        // the generator's own environment is not sbd's.
        let sources = ConfigSources(file: assignments, path: path, environment: [:])
        let serviceOptions = CommandWords.split(sources["SBD_OPTS"]?.value ?? "")
        let options: CommandLineOptions
        do {
            options = try CommandLineOptions.parse(serviceOptions + serviceArguments)
        } catch {
            return give(up: .error, "SBD_OPTS in \(path): \(error)")
        }
        let (settings, problems) = SBDSettings.resolve(options: options, sources: sources)
        guard problems.isEmpty else {
            for problem in problems.dropLast() {
                output.messages.append(GeneratorMessage(level: .error, text: "\(problem)"))
            }
            return give(up: .error, "\(problems[problems.count - 1])")
        }

        let dependencies = DeviceDependencies(devices: settings.devices)
        let timeout = StartTimeout(settings: settings)
        for unit in units {
            let dropIn = DropIn(
                unit: unit, configPath: path, dependencies: dependencies,
                watchdogDevice: settings.watchdogDevice, timeout: timeout)
            output.files.append(GeneratedFile(relativePath: "\(unit).d/\(dropInName)", text: dropIn.text))
        }
        return output
    }
}
