import SBDCore
import SBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

/// `sbd check`: reads what this node can reach (devices, /etc/default/sbd,
/// the watchdog, sbd.service, the CIB), never writing anything, and lets
/// SBDCore's rules judge it. The devices are opened read-only, the watchdog
/// only through sysfs, the cluster only through query tools.
enum CheckCommand {
    /// cibadmin and systemctl answer in well under a second; a hung CIB must not hang check.
    static let toolLimitSeconds: Int64 = 15

    static func run(
        _ settings: SBDSettings, sources: ConfigSources, context: CommandContext, json: Bool
    ) -> Int32 {
        let facts = CheckFacts(
            nodeName: context.localName, settings: settings,
            watchdogTimeoutSet: !(sources["SBD_WATCHDOG_TIMEOUT"]?.value.isEmpty ?? true),
            devices: readDevices(context),
            watchdog: settings.watchdogDevice.map { WatchdogState.facts(path: $0) },
            startTimeout: readStartTimeout(), cluster: readCluster())
        let results = CheckPlan.results(facts)
        if json {
            Console.out(CheckReport.json(results, node: context.localName))
        } else {
            CheckReport.lines(results).forEach { Console.out($0) }
        }
        return CheckExit.status(results)
    }

    /// Header and slot table of each device, read-only, each in its own child.
    /// numbers: 4 timeouts, slots, sector size, minor version, 4 UUID words,
    /// this node's slot + 1 (0 = none), free slots.
    static func readDevices(_ context: CommandContext) -> [DeviceFacts] {
        let node = try? NodeName(validating: context.localName)
        let reports = DeviceJobs.run(context.devices, ioOperations: 3, context: context) { path in
            do throws(DeviceError) {
                let device = try context.open(path, writable: false)
                let header = try device.readHeader()
                let table = try device.readTable(header)
                let t = header.timeouts
                let uuidWords = stride(from: 0, to: 16, by: 4).map { index in
                    header.uuid[index..<(index + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                }
                let slot = node.flatMap { table.slot(of: $0) }.map { UInt32($0 + 1) } ?? 0
                let free = UInt32(table.entries.count - table.allocated.count)
                return DeviceJobReport(
                    numbers: [t.watchdog, t.allocate, t.loop, t.msgwait, UInt32(header.slots), header.sectorSize]
                        + [UInt32(header.minorVersion)] + uuidWords + [slot, free])
            } catch {
                return DeviceJobs.report(error)
            }
        }
        return zip(context.devices, reports).map { path, report in
            let n = report.numbers
            guard report.status == .ok, n.count == 13 else {
                return DeviceFacts(path: path, header: nil, problem: report.problem)
            }
            let uuid = n[7..<11].flatMap { word in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> $0) } }
            let header = DiskHeader(
                sectorSize: n[5], timeouts: DiskTimeouts(watchdog: n[0], allocate: n[1], loop: n[2], msgwait: n[3]),
                uuid: uuid, slots: UInt8(truncatingIfNeeded: n[4]), minorVersion: UInt8(truncatingIfNeeded: n[6]))
            return DeviceFacts(
                path: path, header: header, nodeSlot: n[11] == 0 ? nil : Int(n[11]) - 1, freeSlots: Int(n[12]))
        }
    }

    /// sbd.service's TimeoutStartUSec, where systemd is the init system.
    static func readStartTimeout() -> Reachable<SystemdTimespan.Parsed> {
        // sd_booted(3)'s test.
        guard access("/run/systemd/system", F_OK) == 0 else {
            return .notReachable("systemd is not running on this machine (no /run/systemd/system)")
        }
        switch ToolOutput.run(
            ["systemctl", "show", "sbd.service", "-p", "LoadState", "-p", "TimeoutStartUSec"],
            limitSeconds: toolLimitSeconds)
        {
        case .failure(let error):
            return .notReachable("\(error)")
        case .success(let output):
            guard output.succeeded else { return .notReachable("systemctl show sbd.service: \(output.failure)") }
            let values = SystemdProperties.parse(output.stdout)
            // systemctl shows defaults for a unit it does not know.
            guard values["LoadState"] == "loaded" else {
                return .notReachable("sbd.service is \(values["LoadState"] ?? "unknown") to systemd")
            }
            guard let text = values["TimeoutStartUSec"], let parsed = SystemdTimespan.parse(text) else {
                return .notReachable("systemctl show printed no TimeoutStartUSec")
            }
            return .reached(parsed)
        }
    }

    /// The CIB as this node's pacemaker has it.
    static func readCluster() -> Reachable<ClusterFacts> {
        switch ToolOutput.run(["cibadmin", "--query"], limitSeconds: toolLimitSeconds) {
        case .failure(let error):
            return .notReachable("\(error)")
        case .success(let output):
            guard output.succeeded else {
                if output.exit == .exited(127) {
                    return .notReachable("cibadmin is not installed (package pacemaker-cli-utils)")
                }
                return .notReachable("cibadmin --query: \(output.failure)")
            }
            guard let facts = CIBFencingFacts.parse(output.stdout) else {
                return .notReachable("cibadmin --query printed no CIB")
            }
            return .reached(facts)
        }
    }
}
