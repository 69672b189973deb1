import SBDCore
import SBDPlatform

/// `message NODE TYPE`: delivered when a majority of the devices hold it
/// (1 of 1, 2 of 2, 2 of 3) and msgwait has passed.
enum Messenger {
    static func send(_ context: CommandContext, to target: NodeName?, _ message: SBDMessage) -> Int32 {
        let log = context.log
        let sender = NodeName(truncating: context.localName)
        let node: NodeName
        if let target {
            node = target
        } else {
            do {
                node = try NodeName(validating: context.localName)
            } catch {
                log.error("LOCAL stands for this node, but its name cannot be used: \(error)")
                return ExitCode.failure
            }
        }
        let needed = requiredMajority(of: context.devices.count)
        let total = context.devices.count

        // Read everything first: nothing is written unless enough devices
        // hold a slot for the node.
        let lookups = DeviceJobs.run(context.devices, ioOperations: 3, context: context) { path in
            do throws(DeviceError) {
                let device = try context.open(path, writable: true)
                let header = try device.readHeader()
                guard let slot = try device.readTable(header).slot(of: node) else {
                    return DeviceJobReport(status: .failed, problem: "device \(path): no slot for node \(node)")
                }
                return DeviceJobReport(numbers: [UInt32(slot), header.timeouts.msgwait])
            } catch {
                return DeviceJobs.report(error)
            }
        }
        var failures = lookups.filter { $0.status != .ok }.map(\.problem)
        let targets = zip(context.devices, lookups).filter { $0.1.status == .ok && $0.1.numbers.count == 2 }
        guard targets.count >= needed else {
            fail(message, node, needed: needed, total: total, failures, outcome: "nothing was written", log: log)
            return ExitCode.failure
        }

        let record = MailboxRecord(message: message, sender: sender)
        log.info("writing \(message.word) to node slot \(node)")
        let writes = DeviceJobs.run(targets.map(\.0), ioOperations: 3, context: context) { path in
            let slot = Int(targets.first { $0.0 == path }!.1.numbers[0])
            do throws(DeviceError) {
                try context.open(path, writable: true).writeMailbox(slot, record)
                return DeviceJobReport()
            } catch {
                return DeviceJobs.report(error)
            }
        }
        failures += writes.filter { $0.status != .ok }.map(\.problem)
        let delivered = zip(targets, writes).filter { $0.1.status == .ok }.map { $0.0.1.numbers[1] }
        guard delivered.count >= needed else {
            fail(
                message, node, needed: needed, total: total, failures, outcome: "the message is not delivered", log: log
            )
            return ExitCode.failure
        }
        failures.forEach { log.info("\(message.word) not delivered there: \($0)") }
        // The target reads its mailbox every loop timeout and its watchdog
        // fires within msgwait: only then does the message count as delivered.
        if message != .exit, let wait = delivered.max() {
            log.info("messaging delay: \(wait) s")
            System.sleep(seconds: wait)
        }
        log.info("\(message.word) successfully delivered to \(node)")
        return ExitCode.success
    }

    private static func fail(
        _ message: SBDMessage, _ node: NodeName, needed: Int, total: Int, _ failures: [String], outcome: String,
        log: Log
    ) {
        log.error(
            "message \(message.word) to \(node) needs \(needed) of \(total) device(s), \(failures.count) failed"
                + " (\(failures.joined(separator: "; "))); \(outcome)")
    }
}
