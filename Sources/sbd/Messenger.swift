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

        // Read everything first: nothing is written unless enough devices
        // hold a slot for the node.
        let ready = runOnThreads(context.devices) { path -> Result<Target, DeviceFailure> in
            do {
                let device = try context.open(path, writable: true)
                let header = try device.readHeader()
                guard let slot = try device.readTable(header).slot(of: node) else {
                    return .failure(DeviceFailure(path: path, reason: "device \(path): no slot for node \(node)"))
                }
                return .success(Target(device: device, slot: slot, msgwait: header.timeouts.msgwait))
            } catch {
                return .failure(DeviceFailure(path: path, reason: "\(error)"))
            }
        }
        let targets = ready.compactMap { try? $0.get() }
        var failures = ready.compactMap { result -> DeviceFailure? in
            if case .failure(let failure) = result { return failure }
            return nil
        }
        guard targets.count >= needed else {
            report(
                failures, node: node, message: message, needed: needed, total: context.devices.count,
                outcome: "nothing was written", log: log)
            return ExitCode.failure
        }

        let record = MailboxRecord(message: message, sender: sender)
        log.info("writing \(message.word) to node slot \(node)")
        let written = runOnThreads(targets) { target -> Result<Target, DeviceFailure> in
            do {
                try target.device.writeMailbox(target.slot, record)
                return .success(target)
            } catch {
                return .failure(DeviceFailure(path: target.device.path, reason: "\(error)"))
            }
        }
        let delivered = written.compactMap { try? $0.get() }
        for result in written {
            if case .failure(let failure) = result { failures.append(failure) }
        }
        guard delivered.count >= needed else {
            report(
                failures, node: node, message: message, needed: needed, total: context.devices.count,
                outcome: "the message is not delivered", log: log)
            return ExitCode.failure
        }
        for failure in failures {
            log.info("\(message.word) not delivered: \(failure.reason)")
        }
        // The target reads its mailbox every loop timeout and its watchdog
        // fires within msgwait: only then does the message count as delivered.
        if message != .exit, let wait = delivered.map(\.msgwait).max() {
            log.info("messaging delay: \(wait) s")
            System.sleep(seconds: wait)
        }
        log.info("\(message.word) successfully delivered to \(node)")
        return ExitCode.success
    }

    private static func report(
        _ failures: [DeviceFailure], node: NodeName, message: SBDMessage, needed: Int, total: Int,
        outcome: String, log: Log
    ) {
        let reasons = failures.map(\.reason).joined(separator: "; ")
        log.error(
            "message \(message.word) to \(node) needs \(needed) of \(total) device(s), \(failures.count) failed"
                + " (\(reasons)); \(outcome)")
    }
}

/// A device that holds a slot for the target node.
private struct Target: Sendable {
    let device: SBDDevice
    let slot: Int
    let msgwait: UInt32
}

private struct DeviceFailure: Error, Sendable {
    let path: String
    let reason: String
}
