import SBDCore
import SBDPlatform

/// `create`, `dump`, `list` and `allocate`: their stdout is sbd 1.5's, line
/// for line; failures keep sbd's stderr markers and add what went wrong.
enum Management {
    static func create(_ context: CommandContext, options: CommandLineOptions) -> Int32 {
        let log = context.log
        let timeouts: DiskTimeouts
        do {
            let resolved = try CreateTimeouts.resolve(options)
            timeouts = resolved.timeouts
            resolved.warnings.forEach { log.warning($0) }
        } catch {
            log.error("\(error)")
            return ExitCode.failure
        }
        // Every device is opened and sized before the first one is written.
        var devices: [SBDDevice] = []
        for path in context.devices {
            do {
                let device = try context.open(path, writable: true)
                do {
                    try DiskLayout(sectorSize: device.device.sectorSize).checkFits(deviceBytes: device.device.byteCount)
                } catch {
                    throw DeviceError.format(path: path, error)
                }
                devices.append(device)
            } catch {
                log.error("\(error); no device was written")
                return ExitCode.failure
            }
        }
        for device in devices {
            let uuid = makeRandomUUID(System.randomBytes(16))
            let header = DiskHeader(sectorSize: UInt32(device.device.sectorSize), timeouts: timeouts, uuid: uuid)
            let lines = Reports.createLines(
                device: device.path, descriptor: device.device.descriptor, uuid: uuid, slots: Int(header.slots))
            Console.out(lines[0])
            do {
                try device.initialize(header)
            } catch {
                log.error("\(error)")
                return ExitCode.failure
            }
            lines.dropFirst().forEach { Console.out($0) }
            log.info("initialized \(device.path): \(header.slots) slots, timeouts \(timeouts)")
        }
        Console.out(Reports.createClosing)
        return ExitCode.success
    }

    static func dump(_ context: CommandContext) -> Int32 {
        for path in context.devices {
            Console.out(Reports.dumpStart(device: path))
            do {
                let header = try context.open(path, writable: false).readHeader()
                Reports.dumpBody(header).forEach { Console.out($0) }
                Console.out(Reports.dumpEnd(device: path))
            } catch {
                if error.isUnreadable { Console.err(Reports.unreadable(device: path)) }
                Console.err(Reports.dumpFailed(device: path))
                context.log.error("\(error)")
                return ExitCode.failure
            }
        }
        return ExitCode.success
    }

    static func list(_ context: CommandContext) -> Int32 {
        for path in context.devices {
            do {
                let device = try context.open(path, writable: false)
                let table = try device.readTable(try device.readHeader())
                Console.out(lines: Reports.listLines(table))
            } catch {
                Console.err(
                    error.isUnreadable ? Reports.unreadable(device: path) : Reports.listFailed(device: path))
                context.log.error("\(error)")
                return ExitCode.failure
            }
        }
        return ExitCode.success
    }

    /// Claims a slot on every device at once; each device needs an allocate
    /// timeout of waiting, so doing them together saves that time per device.
    static func allocate(_ context: CommandContext, node: NodeName) -> Int32 {
        let log = context.log
        // Validate every device before writing to any of them.
        var checked: [(SBDDevice, DiskHeader)] = []
        for path in context.devices {
            do {
                let device = try context.open(path, writable: true)
                let header = try device.readHeader()
                checked.append((device, header))
            } catch {
                Console.out(Reports.allocateStart(node: node, device: path))
                log.error("\(error); no slot was allocated")
                return ExitCode.failure
            }
        }
        let outcomes = runOnThreads(checked.map { Claim(device: $0.0, header: $0.1, node: node) }) { $0.run() }
        for outcome in outcomes {
            Console.out(lines: outcome.lines.map { Array($0.utf8) })
            if let failure = outcome.failure {
                if failure.full { Console.err("No more free slots.") }
                log.error(failure.text)
                return ExitCode.failure
            }
            log.info("slot for \(node) allocated on \(outcome.path)")
        }
        return ExitCode.success
    }
}

/// One device's part of `allocate`.
private struct Claim: Sendable {
    let device: SBDDevice
    let header: DiskHeader
    let node: NodeName

    struct Outcome: Sendable {
        let path: String
        var lines: [String] = []
        var failure: (text: String, full: Bool)?
    }

    func run() -> Outcome {
        var outcome = Outcome(path: device.path)
        outcome.lines.append(Reports.allocateStart(node: node, device: device.path))
        // Each round either finds the slot, or claims one and waits; a round
        // is lost only to a concurrent claimant, and there are only so many slots.
        for _ in 0...Int(header.slots) {
            let table: SlotTable
            do {
                table = try device.readTable(header)
            } catch {
                outcome.failure = ("\(error)", false)
                return outcome
            }
            switch AllocationStep.next(for: node, in: table) {
            case .allocated:
                outcome.lines.append(Reports.allocated(node: node, device: device.path))
                return outcome
            case .claim(let slot):
                outcome.lines.append(Reports.claiming(slot: slot))
                do {
                    try device.writeSlot(slot, SlotRecord(inUse: true, name: node))
                } catch {
                    outcome.failure = ("\(error)", false)
                    return outcome
                }
                System.sleep(seconds: header.timeouts.allocate)
            case .full:
                outcome.failure = (
                    "device \(device.path): all \(header.slots) slots are in use; no slot for \(node)."
                        + " Free slots only come with 'sbd create', which wipes the device", true
                )
                return outcome
            }
        }
        outcome.failure = (
            "device \(device.path): could not claim a slot for \(node); other nodes kept taking them", false
        )
        return outcome
    }
}
