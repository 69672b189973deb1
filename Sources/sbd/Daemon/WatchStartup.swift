import SBDCore
import SBDPlatform

/// What `watch` learned from the devices before it starts watching.
struct WatchedDevices {
    var paths: [String]
    var timeouts: DiskTimeouts
}

/// The start-up of `watch` with devices, before the inquisitor takes over:
/// wait for the devices (-s), check the start mode (-S), allocate and clear
/// this node's slot. Each step fails with a reason naming the
/// devices, and nothing is written before the checks pass.
struct WatchStartup {
    let settings: SBDSettings
    let node: NodeName
    let context: CommandContext
    let log: Log
    let notifier: ServiceNotifier

    /// What one device says about this node.
    struct Probe {
        var timeouts: DiskTimeouts
        var mailbox: MailboxRecord?
    }

    func run() -> Result<WatchedDevices, StartupFailure> {
        let probes: [(String, Probe)]
        switch waitForDevices() {
        case .success(let found): probes = found
        case .failure(let failure): return .failure(failure)
        }
        let timeouts = probes[0].1.timeouts
        for (path, probe) in probes.dropFirst() where probe.timeouts != timeouts {
            log.warning(
                "\(path) has other timeouts than \(probes[0].0) (watchdog \(probe.timeouts.watchdog) vs"
                    + " \(timeouts.watchdog), msgwait \(probe.timeouts.msgwait) vs \(timeouts.msgwait));"
                    + " using those of \(probes[0].0). Re-create the devices with the same timeouts.")
        }

        let slots = probes.map { StartupSlot(device: $0.0, mailbox: $0.1.mailbox) }
        if let refusal = StartupDecisions.startModeRefusal(mode: settings.startMode, node: "\(node)", slots: slots) {
            return .failure(StartupFailure(refusal))
        }

        let paths = probes.map(\.0)
        let allocationWait: UInt32
        do throws(HeaderValueError) {
            allocationWait = try timeouts.allocationWait(device: probes[0].0)
        } catch {
            return .failure(StartupFailure("\(error)"))
        }
        let claims = DeviceJobs.run(
            paths, ioOperations: 3 * 4 + 2, extraSeconds: allocationWait, context: context
        ) { path in
            var report = Management.claimSlot(on: path, for: node, context: context)
            guard report.status == .ok else { return report }
            do throws(DeviceError) {
                let device = try context.open(path, writable: true)
                let header = try device.readHeader()
                guard let slot = try device.readTable(header).slot(of: node) else {
                    return DeviceJobReport(status: .failed, problem: "\(path): the slot of \(node) vanished")
                }
                // "sbd will clear the message slot automatically during start-up" (sbd(8)).
                try device.writeMailbox(slot, MailboxRecord(command: 0, sender: NodeName(field: [])))
                report.numbers = [UInt32(slot)]
            } catch {
                return DeviceJobs.report(error)
            }
            return report
        }
        let claimed = zip(paths, claims).filter { $0.1.status == .ok }
        for (path, claim) in zip(paths, claims) {
            if claim.status == .ok {
                log.info("slot \(claim.numbers.first ?? 0) on \(path) belongs to \(node), mailbox cleared")
            } else {
                log.warning("\(claim.problem)")
            }
        }
        guard StartupDecisions.enoughDevices(claimed.count, of: settings.devices.count) else {
            let failed = zip(paths, claims).filter { $0.1.status != .ok }.map(\.1.problem)
            return .failure(
                StartupFailure(
                    "could not allocate and clear the slot of \(node) on enough devices"
                        + " (\(requiredMajority(of: settings.devices.count)) of \(settings.devices.count) needed): "
                        + failed.joined(separator: "; ")))
        }

        return .success(WatchedDevices(paths: claimed.map(\.0), timeouts: timeouts))
    }

    /// Reads the devices until a majority answers with a valid header, or -s
    /// runs out. Missing paths are waited for through udev events (with a
    /// re-check at least every second, for systems without udevd).
    private func waitForDevices() -> Result<[(String, Probe)], StartupFailure> {
        let devices = settings.devices
        for path in devices {
            if let warning = DeviceNames.unstableNameWarning(path) { log.warning(warning) }
        }
        let monitor = DeviceMonitor()
        let started = Kernel.monotonicMilliseconds()
        let deadline = started + Int64(settings.startupWait) * 1000
        let needed = "\(requiredMajority(of: devices.count)) of \(devices.count) devices needed"
        var lastNotice: Int64 = 0
        var heardEvent = false
        while true {
            let present = devices.filter(DeviceMonitor.exists)
            var problems = devices.filter { !present.contains($0) }.map { "\($0) does not exist (yet)" }
            if StartupDecisions.enoughDevices(present.count, of: devices.count) {
                let reports = DeviceJobs.run(present, ioOperations: 2, context: context) { path in probe(path) }
                let usable = zip(present, reports).filter { $0.1.status == .ok && $0.1.numbers.count == 6 }
                problems += zip(present, reports).filter { $0.1.status != .ok }.map(\.1.problem)
                if StartupDecisions.enoughDevices(usable.count, of: devices.count) {
                    problems.forEach { log.warning("starting without it: \($0)") }
                    if lastNotice > 0 {
                        let waited = Millis(Kernel.monotonicMilliseconds() - started)
                        log.notice(
                            "devices ready after \(waited) (\(heardEvent ? "woken by a udev event" : "periodic check"))"
                        )
                    }
                    return .success(usable.map { ($0.0, decode($0.1)) })
                }
            }
            let now = Kernel.monotonicMilliseconds()
            guard now < deadline else {
                let waited = settings.startupWait == 0 ? "" : " after waiting \(settings.startupWait) s (-s)"
                return .failure(
                    StartupFailure(
                        "not enough devices\(waited): \(needed). " + problems.joined(separator: "; ")))
            }
            let left = (deadline - now + 999) / 1000
            if lastNotice == 0 || now - lastNotice >= 5000 {
                lastNotice = now
                log.notice("waiting for devices (\(needed), \(left) s left): " + problems.joined(separator: "; "))
                notifier.status("Waiting for devices (\(left) s left): " + problems.joined(separator: "; "))
                notifier.extendTimeout(bySeconds: left + 30)
            }
            heardEvent = monitor.wait(milliseconds: min(1000, deadline - now))
        }
    }

    private func probe(_ path: String) -> DeviceJobReport {
        do throws(DeviceError) {
            let device = try context.open(path, writable: true)
            let header = try device.readHeader()
            let table = try device.readTable(header)
            let t = header.timeouts
            var report = DeviceJobReport(numbers: [t.watchdog, t.allocate, t.loop, t.msgwait, 0, 0])
            if let slot = table.slot(of: node) {
                let mailbox = table.entries[slot].mailbox
                report.numbers[4] = UInt32(slot) + 1
                report.numbers[5] = UInt32(UInt8(bitPattern: mailbox.command))
                report.lines = [mailbox.sender.bytes]
            }
            return report
        } catch {
            return DeviceJobs.report(error)
        }
    }

    private func decode(_ report: DeviceJobReport) -> Probe {
        let n = report.numbers
        let timeouts = DiskTimeouts(watchdog: n[0], allocate: n[1], loop: n[2], msgwait: n[3])
        guard n[4] > 0 else { return Probe(timeouts: timeouts, mailbox: nil) }
        let sender = NodeName(field: (report.lines.first ?? [])[...])
        return Probe(timeouts: timeouts, mailbox: MailboxRecord(command: Int8(bitPattern: UInt8(n[5])), sender: sender))
    }
}

struct StartupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
