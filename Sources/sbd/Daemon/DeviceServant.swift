import QuotedText
import SBDCore
import SBDPlatform

/// One device servant ("watcher"): every loop timeout it re-reads the header
/// (a wiped or re-created device must not go unnoticed), its slot and its
/// mailbox, and reports to the inquisitor on fd 3. Every read is bounded by
/// -I, so a hung device makes this process late, never the inquisitor.
enum DeviceServant {
    static func run(_ arguments: ServantArguments) -> Int32 {
        Kernel.ignoreSIGPIPE()
        let log = Log(verbosity: arguments.verbosity)
        // Everything locked and read in, as the inquisitor: a late report is a lost vote (MemoryLocking).
        if arguments.realtime, let problem = Kernel.makeRealtime() {
            log.warning("watcher of \(arguments.device): \(problem)")
        }
        let inquisitor = Processes.parent
        let path = arguments.device
        let node = NodeName(truncating: arguments.node)

        var reporter = ServantReporter(servant: arguments.index, inquisitor: inquisitor)
        func report(_ report: ServantReport) {
            if !reporter.send(report) { inquisitorGone(arguments, log: log) }
        }
        func fail(_ reason: String) -> Int32 {
            report(.unhealthy(reason))
            return ExitCode.failure
        }

        let device: SBDDevice
        let initial: DiskHeader
        var slot: Int?
        do throws(DeviceError) {
            device = try SBDDevice(path: path, writable: true, ioTimeoutSeconds: arguments.ioSeconds)
            initial = try device.readHeader()
            // Each start: the inquisitor checks what this header promises against the armed watchdog.
            report(.header(initial.timeouts))
            // A round is lost only to a concurrent claimant, and slots are finite.
            var rounds = Int(initial.slots) + 1
            while slot == nil, rounds > 0 {
                rounds -= 1
                let table = try device.readTable(initial)
                switch WatcherSlotStep.next(for: node, on: path, in: table, firstStart: arguments.firstStart) {
                case .watch(let found, let clearMailbox):
                    if clearMailbox {
                        try device.writeMailbox(found, MailboxRecord(command: 0, sender: NodeName(field: [])))
                        log.info("\(path) is back: slot \(found) belongs to \(node), mailbox cleared")
                    }
                    slot = found
                case .claim(let unused):
                    if !arguments.firstStart {
                        log.warning("\(path) has no slot for \(node) any more: claiming slot \(unused) again")
                    }
                    try device.writeSlot(unused, SlotRecord(inUse: true, name: node))
                    System.sleep(seconds: initial.timeouts.allocate)
                case .full(let reason):
                    return fail(reason)
                }
            }
        } catch {
            return fail("\(error)")
        }
        guard let slot else {
            return fail("\(path): could not claim a slot for \(node); other nodes kept taking them")
        }
        log.debug("watching \(path), slot \(slot)")

        let sectors: WatchedSectors
        do throws(DeviceError) {
            sectors = try WatchedSectors(device, slot: slot)
        } catch {
            return fail("\(error)")
        }
        var reported: MailboxRecord?
        // The raw sectors the last loop accepted: bytes equal to them decode
        // to what was checked then, so an idle loop compares in place only.
        var acceptedHeader: [UInt8] = []
        var acceptedSlot: [UInt8] = []
        let loop = Int64(arguments.loopSeconds) * 1000
        let pathWatch = PathWatch(path: path, safetyInterval: 10 * loop)
        let grid = TickGrid(period: loop)
        while true {
            let started = Kernel.monotonicMilliseconds()
            do throws(DeviceError) {
                guard !pathWatch.mustCheck(at: started) || device.device.stillAtPath() else {
                    return fail("\(path) vanished or now leads to another device")
                }
                try sectors.read()
                if !sectors.header(equals: acceptedHeader) {
                    let bytes = sectors.headerBytes
                    guard try device.header(decoding: bytes) == initial else {
                        return fail("the header of \(path) changed (re-created with other timeouts or another UUID)")
                    }
                    acceptedHeader = bytes
                }
                if !sectors.slot(equals: acceptedSlot) {
                    let bytes = sectors.slotBytes
                    acceptedSlot = bytes
                    let size = device.device.sectorSize
                    let owner = SlotRecord.decode(bytes[0..<size])
                    guard owner.inUse, owner.name.matches(node) else {
                        return fail("slot \(slot) of \(path) no longer belongs to \(node)")
                    }
                    let mailbox = MailboxRecord.decode(bytes[size..<(2 * size)])
                    if mailbox.command == 0 {
                        reported = nil
                    } else if mailbox != reported {
                        reported = mailbox
                        if let message = mailbox.message {
                            report(.message(message, sender: escapedText("\(mailbox.sender)")))
                            if message == .test {
                                // Acknowledged by clearing, so the next test is seen again.
                                try device.writeMailbox(slot, MailboxRecord(command: 0, sender: NodeName(field: [])))
                                reported = nil
                                acceptedSlot = []
                            }
                        } else {
                            log.warning(
                                "\(path): unknown command byte \(mailbox.command) in the mailbox of \(node); ignored")
                        }
                    }
                }
                report(.healthy)
            } catch {
                return fail("\(error)")
            }
            if Processes.parent != inquisitor { inquisitorGone(arguments, log: log) }
            // On the daemon's grid, with the other watchers and the inquisitor (see TickGrid).
            Kernel.sleep(untilMonotonic: grid.next(after: Kernel.monotonicMilliseconds()))
        }
    }

    /// sbd(8), -r: the timeout action also runs when a watcher finds the
    /// inquisitor gone (it crashed or was killed: nobody guards the node).
    private static func inquisitorGone(_ arguments: ServantArguments, log: Log) -> Never {
        let request = FenceRequest(
            kind: arguments.timeoutAction.kind, flush: arguments.timeoutAction.flush,
            reason: "the watcher of \(arguments.device) found the inquisitor gone")
        FenceExecutor.execute(
            request, traceLevel: arguments.traceLevel, crashdumpWatchdogTimeout: arguments.crashdumpWatchdogTimeout,
            watchdog: nil, log: log)
        System.exit(ExitCode.failure)
    }
}
