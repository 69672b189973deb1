// Everything the daemon needs to know, gathered from the command line,
// /etc/distreboot.properties and the etcd configuration before it starts.

import DistRebootCore
import QuotedText

public struct DaemonConfiguration: Sendable {
    /// The node name; nil means "ask the cluster for this node's name".
    public var node: String?
    public var engine: EngineKind
    /// The etcd member (etcd engine only).
    public var endpoint: Endpoint
    public var properties: Properties
    /// Holds the pid file (the one-daemon lock) and the control socket.
    public var runDirectory: String
    /// Debian's marker that a node needs a reboot, reported in its heartbeat.
    public var rebootRequiredPath: String
    /// The kernel's boot id; DISTREBOOT_BOOT_ID_FILE moves it (tests simulate reboots).
    public var bootIDPath: String
    /// The reboot window read in its time zone (issue 16); nil: reboots may begin at any time.
    public var windowClock: WindowClock? = nil

    public var socketPath: String { DaemonConfiguration.socketPath(in: runDirectory) }
    public var lockPath: String { DaemonConfiguration.pidPath(in: runDirectory) }

    public static func socketPath(in runDirectory: String) -> String { runDirectory + "/distreboot.sock" }
    public static func pidPath(in runDirectory: String) -> String { runDirectory + "/distreboot.pid" }

    public static let defaultEtcdConfig = "/etc/default/etcd"
    public static let defaultCorosyncConfig = "/etc/corosync/corosync.conf"
    public static let defaultPropertiesPath = "/etc/distreboot.properties"

    /// The run directory; DISTREBOOT_RUNDIR moves it (tests run several daemons on one host).
    public static var runDirectoryFromEnvironment: String {
        Files.environment("DISTREBOOT_RUNDIR") ?? "/run/distreboot"
    }

    public static func build(_ options: StartOptions) throws(ConfigurationError) -> DaemonConfiguration {
        var properties = Properties()
        let propertiesPath = Files.environment("DISTREBOOT_PROPERTIES") ?? defaultPropertiesPath
        do {
            if let text = try Files.read(propertiesPath) {
                try properties.apply(fileText: text, path: propertiesPath)
            }
            for (name, value) in options.properties {
                do {
                    try properties.set(name, value, origin: "--set-property \(name)")
                } catch {
                    throw PropertyError(message: "--set-property \(quoted(name)): \(error.message)")
                }
            }
        } catch let error as PropertyError {
            throw ConfigurationError(message: error.message)
        } catch {
            throw ConfigurationError(message: "\(error)")
        }

        // Issue 16: the window's time zone is read now, so that a wrong name stops the start.
        var windowClock: WindowClock?
        if let window = properties.schedule.window {
            do {
                windowClock = WindowClock(window: window, zone: try ZoneInfo.load(window.zone))
            } catch {
                throw ConfigurationError(message: "\(properties.schedule.windowOrigin): window: \(error.message)")
            }
        }

        let etcdConfig = Files.environment("DISTREBOOT_ETCD_CONFIG") ?? defaultEtcdConfig
        let corosyncConfig = Files.environment("DISTREBOOT_COROSYNC_CONF") ?? defaultCorosyncConfig
        let engine =
            properties.engine
            ?? EngineKind.chosenByDefault(
                corosyncConfigured: Files.exists(corosyncConfig),
                etcdConfigured: options.node != nil || Files.exists(etcdConfig))
        if engine == .pacemaker {
            if let node = options.node {
                throw ConfigurationError(
                    message: "--node=\(quoted(node)) names an etcd member, but the engine is pacemaker (it uses this "
                        + "node's corosync and pacemaker); drop --node, or set engine=etcd")
            }
            return DaemonConfiguration(
                node: options.name, engine: .pacemaker, endpoint: Endpoint(host: "localhost", port: 2379),
                properties: properties, runDirectory: runDirectoryFromEnvironment,
                rebootRequiredPath: Files.environment("DISTREBOOT_REBOOT_REQUIRED") ?? "/var/run/reboot-required",
                bootIDPath: Files.environment("DISTREBOOT_BOOT_ID_FILE") ?? BootID.kernelPath,
                windowClock: windowClock)
        }
        let member = try locateMember(options.node, defaultPath: etcdConfig)
        let endpoint: Endpoint
        do {
            endpoint = try Endpoint.parse(url: member.clientURL)
        } catch {
            throw ConfigurationError(message: error.message)
        }
        return DaemonConfiguration(
            node: options.name ?? member.name, engine: .etcd, endpoint: endpoint, properties: properties,
            runDirectory: runDirectoryFromEnvironment,
            rebootRequiredPath: Files.environment("DISTREBOOT_REBOOT_REQUIRED") ?? "/var/run/reboot-required",
            bootIDPath: Files.environment("DISTREBOOT_BOOT_ID_FILE") ?? BootID.kernelPath, windowClock: windowClock)
    }

    /// --node: an http:// URL, an etcd environment file, or a directory holding one named "etcd".
    static func locateMember(_ node: String?, defaultPath: String) throws(ConfigurationError) -> EtcdMemberConfig {
        guard let node else {
            return try readMemberFile(defaultPath, required: false)
        }
        if node.contains("://") { return EtcdMemberConfig(clientURL: node, name: nil) }
        if Files.isDirectory(node) { return try readMemberFile(node + "/etcd", required: true) }
        return try readMemberFile(node, required: true)
    }

    private static func readMemberFile(_ path: String, required: Bool) throws(ConfigurationError) -> EtcdMemberConfig {
        let text: String?
        do {
            text = try Files.read(path)
        } catch {
            throw ConfigurationError(message: error.description)
        }
        guard let text else {
            if required {
                throw ConfigurationError(
                    message: "--node: \(path): no such file; give an etcd environment file such as /etc/default/etcd, "
                        + "a directory holding one named etcd, or an http:// client URL")
            }
            return EtcdMemberConfig()
        }
        return EtcdMemberConfig.parse(environmentFile: text)
    }
}

public struct ConfigurationError: Error, Sendable {
    public var message: String
}
