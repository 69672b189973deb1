import SBDCore
import SBDPlatform

/// `create`, `dump`, `list` and `allocate`: their stdout is sbd 1.5's, line
/// for line; failures keep sbd's stderr markers and add what went wrong.
/// Device work runs in child processes (DeviceJobs), all devices at once.
enum Management {
    static func create(_ context: CommandContext, options: CommandLineOptions) -> Int32 {
        let log = context.log
        let (timeouts, warnings) = CreateTimeouts.resolve(options)
        warnings.forEach { log.warning($0) }
        // Every device is opened and sized before the first one is written.
        let checks = DeviceJobs.run(context.devices, ioOperations: 1, context: context) { path in
            do throws(DeviceError) {
                let device = try context.open(path, writable: true)
                do throws(FormatError) {
                    try DiskLayout(sectorSize: device.device.sectorSize).checkFits(deviceBytes: device.device.byteCount)
                } catch {
                    return DeviceJobs.report(.format(path: path, error))
                }
                return DeviceJobReport()
            } catch {
                return DeviceJobs.report(error)
            }
        }
        if let failed = checks.first(where: { $0.status != .ok }) {
            log.error("\(failed.problem); no device was written")
            return ExitCode.failure
        }
        let writes = DeviceJobs.run(context.devices, ioOperations: 2, context: context) { path in
            do throws(DeviceError) {
                let device = try context.open(path, writable: true)
                let uuid = makeRandomUUID(System.randomBytes(16))
                let header = DiskHeader(sectorSize: UInt32(device.device.sectorSize), timeouts: timeouts, uuid: uuid)
                let lines = Reports.createLines(
                    device: path, descriptor: device.device.descriptor, uuid: uuid, slots: Int(header.slots))
                do throws(DeviceError) {
                    try device.initialize(header)
                } catch {
                    var report = DeviceJobs.report(error)
                    report.lines = [Array(lines[0].utf8)]
                    return report
                }
                return DeviceJobReport(lines: lines.map { Array($0.utf8) })
            } catch {
                return DeviceJobs.report(error)
            }
        }
        for (path, report) in zip(context.devices, writes) {
            Console.out(lines: report.lines)
            guard report.status == .ok else {
                log.error(report.problem)
                return ExitCode.failure
            }
            log.info("initialized \(path): timeouts watchdog \(timeouts.watchdog), msgwait \(timeouts.msgwait)")
        }
        Console.out(Reports.createClosing)
        return ExitCode.success
    }

    static func dump(_ context: CommandContext) -> Int32 {
        let reports = DeviceJobs.run(context.devices, ioOperations: 2, context: context) { path in
            do throws(DeviceError) {
                let header = try context.open(path, writable: false).readHeader()
                return DeviceJobReport(lines: Reports.dumpBody(header).map { Array($0.utf8) })
            } catch {
                return DeviceJobs.report(error)
            }
        }
        // Like sbd, a failed device does not stop the others from being dumped.
        var exitCode = ExitCode.success
        for (path, report) in zip(context.devices, reports) {
            Console.out(Reports.dumpStart(device: path))
            guard report.status == .ok else {
                if report.status == .unreadable { Console.err(Reports.unreadable(device: path)) }
                Console.err(Reports.dumpFailed(device: path))
                context.log.error(report.problem)
                exitCode = ExitCode.failure
                continue
            }
            Console.out(lines: report.lines)
            Console.out(Reports.dumpEnd(device: path))
        }
        return exitCode
    }

    static func list(_ context: CommandContext) -> Int32 {
        let reports = DeviceJobs.run(context.devices, ioOperations: 3, context: context) { path in
            do throws(DeviceError) {
                let device = try context.open(path, writable: false)
                let table = try device.readTable(try device.readHeader())
                return DeviceJobReport(lines: Reports.listLines(table))
            } catch {
                return DeviceJobs.report(error)
            }
        }
        var exitCode = ExitCode.success
        for (path, report) in zip(context.devices, reports) {
            guard report.status == .ok else {
                Console.err(
                    report.status == .unreadable ? Reports.unreadable(device: path) : Reports.listFailed(device: path))
                context.log.error(report.problem)
                exitCode = ExitCode.failure
                continue
            }
            Console.out(lines: report.lines)
        }
        return exitCode
    }

    /// Claims a slot on every device at once; each device needs an allocate
    /// timeout of waiting, so doing them together saves that time per device.
    static func allocate(_ context: CommandContext, node: NodeName) -> Int32 {
        let log = context.log
        // Validate every device before writing to any of them.
        let checks = DeviceJobs.run(context.devices, ioOperations: 2, context: context) { path in
            do throws(DeviceError) {
                let header = try context.open(path, writable: true).readHeader()
                return DeviceJobReport(numbers: [header.timeouts.allocate])
            } catch {
                return DeviceJobs.report(error)
            }
        }
        for (path, check) in zip(context.devices, checks) where check.status != .ok {
            Console.out(Reports.allocateStart(node: node, device: path))
            log.error("\(check.problem); no slot was allocated")
            return ExitCode.failure
        }
        // Normally two rounds (claim, then confirm); allow for a few lost races.
        var longestWait: UInt32 = 0
        for (path, check) in zip(context.devices, checks) {
            do throws(HeaderValueError) {
                let wait = try DiskTimeouts.allocationWait(allocate: check.numbers.first ?? 0, device: path)
                longestWait = max(longestWait, wait)
            } catch {
                Console.out(Reports.allocateStart(node: node, device: path))
                log.error("\(error); no slot was allocated")
                return ExitCode.failure
            }
        }
        let claims = DeviceJobs.run(
            context.devices, ioOperations: 3 * 4, extraSeconds: longestWait, context: context
        ) { path in
            claimSlot(on: path, for: node, context: context)
        }
        for (path, claim) in zip(context.devices, claims) {
            Console.out(lines: claim.lines)
            guard claim.status == .ok else {
                if claim.status == .full { Console.err("No more free slots.") }
                log.error(claim.problem)
                return ExitCode.failure
            }
            log.info("slot for \(node) allocated on \(path)")
        }
        return ExitCode.success
    }

    /// sbd's protocol: claim the first unused slot, wait the allocate timeout
    /// for a concurrent claimant to overwrite it, look again.
    static func claimSlot(on path: String, for node: NodeName, context: CommandContext) -> DeviceJobReport {
        var report = DeviceJobReport(lines: [Array(Reports.allocateStart(node: node, device: path).utf8)])
        do throws(DeviceError) {
            let device = try context.open(path, writable: true)
            let header = try device.readHeader()
            // A round is lost only to a concurrent claimant, and slots are finite.
            for _ in 0...Int(header.slots) {
                switch AllocationStep.next(for: node, in: try device.readTable(header)) {
                case .allocated:
                    report.lines.append(Array(Reports.allocated(node: node, device: path).utf8))
                    return report
                case .claim(let slot):
                    report.lines.append(Array(Reports.claiming(slot: slot).utf8))
                    try device.writeSlot(slot, SlotRecord(inUse: true, name: node))
                    System.sleep(seconds: header.timeouts.allocate)
                case .full:
                    report.status = .full
                    report.problem =
                        "device \(path): all \(header.slots) slots are in use, none left for \(node);"
                        + " only 'sbd create' frees slots, and it wipes the device"
                    return report
                }
            }
            report.status = .failed
            report.problem = "device \(path): could not claim a slot for \(node); other nodes kept taking them"
        } catch {
            let failure = DeviceJobs.report(error)
            report.status = failure.status
            report.problem = failure.problem
        }
        return report
    }
}
