// Keeps this node's daemon visible on the pacemaker engine without periodic
// CIB writes: the record (a permanent node attribute) is written when the
// daemon starts and when what it says changes (reboot required, why it
// waits); the daemon attribute (transient, its boot id) is set at start and
// again only if pacemaker lost it (the node left and rejoined). Between
// those, the daemon only reads. A clean stop removes the daemon attribute and
// stamps the record with the stop time; the DC's daemon stamps the record of
// a node it sees gone without one, so that it is forgotten a day later.

import DistRebootCore

struct HeartbeatKeeper: Sendable {
    let engine: PacemakerEngine
    let settings: HeartbeatSettings
    let waiting: WaitingNote
    let stop: StopFlag

    func run(onFirstPublished: @escaping @Sendable () -> Void) {
        let node = settings.node
        let group = engine.group
        Threads.detach { [stop] in group.run(stop: stop) }
        var memberID: UInt64?
        var written: Heartbeat?
        var announced = false
        var failing = false
        var writes = 0
        while !stop.isStopped {
            do throws(EngineError) {
                let id: UInt64
                if let known = memberID {
                    id = known
                } else {
                    id = try engine.nodeID()
                    memberID = id
                }
                let now = Clock.now()
                let wanted = Heartbeat(
                    node: node, renewed: now, lifetime: settings.lifetime,
                    rebootRequired: settings.rebootRequired, bootID: settings.bootID, memberID: id,
                    waiting: waiting.take())
                guard group.waitJoined(milliseconds: 1000) else {
                    throw EngineError("not in corosync's process group \(DaemonGroup.name) yet")
                }
                let view = try engine.view(now: now)
                let shown = view.records[node].flatMap {
                    try? Heartbeat.decode(node: node, value: Array($0.utf8)).get()
                }
                if written == nil || shown.map({ !sameSaying($0, wanted) }) ?? true {
                    try engine.writeRecord(wanted)
                    written = wanted
                    writes += 1
                }
                if view.running[node] != settings.bootID {
                    try engine.setDaemonAttribute(node: node, bootID: settings.bootID)
                    writes += 1
                }
                if view.status.dc == node {
                    for gone in view.nodes where gone.state == .stale && gone.heartbeat?.stopped == nil {
                        guard var record = gone.heartbeat else { continue }
                        record.stopped = now
                        try engine.writeRecord(record)
                        Log.info("\(gone.node)'s daemon is gone: its record is forgotten a day from now")
                    }
                }
                if failing, announced { Log.info("heartbeat visible again") }
                failing = false
                if !announced {
                    announced = true
                    Log.info("heartbeat published in the CIB (boot id \(settings.bootID)); \(writes) CIB writes")
                    onFirstPublished()
                }
            } catch {
                if !failing { Log.warning("cannot publish the heartbeat: \(error.message)") }
                failing = true
                stop.sleep(milliseconds: 500)
                continue
            }
            waiting.sleep(milliseconds: Heartbeat.refreshInterval(lifetime: settings.lifetime) * 1000)
        }
        // Out of the group first: every other node sees this daemon gone at once.
        group.leave()
        do {
            try engine.setDaemonAttribute(node: node, bootID: nil)
            if var record = written {
                record.stopped = Clock.now()
                record.waiting = nil
                try engine.writeRecord(record)
            }
            Log.info("heartbeat withdrawn: this node is stale at once")
        } catch {
            Log.warning("cannot withdraw the heartbeat: \(error.message)")
        }
    }

    /// The same record but for the time it was written.
    private func sameSaying(_ a: Heartbeat, _ b: Heartbeat) -> Bool {
        a.bootID == b.bootID && a.rebootRequired == b.rebootRequired && a.waiting == b.waiting
            && a.memberID == b.memberID && a.lifetime == b.lifetime && a.stopped == b.stopped
    }
}
