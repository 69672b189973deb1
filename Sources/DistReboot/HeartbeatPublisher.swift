// Keeps this node's heartbeat in etcd: two leases, renewed three times per
// lifetime. The alive key's lease lasts the heartbeat's lifetime, so etcd
// deletes the key, by its own clock, once the daemon stops renewing it; the
// record's lease lasts a day longer, so that etcd forgets a stale node after
// a day. A clean stop revokes the alive lease: the node is stale at once.

import DistRebootCore

/// Why this node waits, as the coordinator last said. The publisher sleeps on
/// it between renewals and wakes when it changes (to publish it at once) or
/// when the daemon stops.
final class WaitingNote: @unchecked Sendable {
    private let monitor = Monitor()
    private var text: String?
    private var changed = false
    private var stopped = false

    func set(_ value: String?) {
        monitor.locked {
            guard text != value else { return }
            text = value
            changed = true
            monitor.signalAll()
        }
    }

    /// The current note; clears the change flag.
    func take() -> String? {
        monitor.locked {
            changed = false
            return text
        }
    }

    /// Ends every sleep, now and later.
    func stop() {
        monitor.locked {
            stopped = true
            monitor.signalAll()
        }
    }

    /// Sleeps up to `milliseconds`, less if the note changes or `stop` is called.
    func sleep(milliseconds: Int64) {
        _ = monitor.locked { monitor.wait(milliseconds: milliseconds) { changed || stopped } }
    }
}

struct HeartbeatPublisher: Sendable {
    let settings: HeartbeatSettings
    let etcd: EtcdClient
    let waiting: WaitingNote
    let stop: StopFlag
    private var node: String { settings.node }
    private var lifetime: Int64 { settings.lifetime }
    private var bootID: String { settings.bootID }

    /// Loops until the daemon stops; calls `onFirstPublished` once, after the first successful heartbeat.
    func run(onFirstPublished: @escaping @Sendable () -> Void) {
        var published = false
        var failing = false
        var memberID: UInt64?
        var aliveLease: Int64 = 0
        var recordLease: Int64 = 0
        // A member that is starting refuses connections for a moment: retry
        // soon, then back off to a second.
        var retryDelay: Int64 = 100
        while !stop.isStopped {
            do throws(EtcdError) {
                let member: UInt64
                if let known = memberID {
                    member = known
                } else {
                    member = try etcd.status().memberID
                    memberID = member
                }
                aliveLease = try renew(aliveLease, ttl: lifetime, what: "alive")
                recordLease = try renew(recordLease, ttl: lifetime + Heartbeat.forgetAfter, what: "record")
                let heartbeat = Heartbeat(
                    node: node, renewed: Clock.now(), lifetime: lifetime,
                    rebootRequired: settings.rebootRequired,
                    bootID: bootID, memberID: member,
                    waiting: waiting.take())
                _ = try etcd.transaction(
                    compare: [],
                    success: [
                        .put(key: Keys.heartbeat(node), value: heartbeat.encoded, lease: recordLease),
                        .put(key: Keys.alive(node), value: bootID, lease: aliveLease),
                    ])
                if failing, published { Log.info("heartbeat published again") }
                failing = false
                retryDelay = 100
                if !published {
                    published = true
                    Log.info("heartbeat published (lifetime \(lifetime) s, boot id \(bootID))")
                    onFirstPublished()
                }
            } catch {
                if !failing { Log.warning("cannot publish the heartbeat: \(error.message)") }
                failing = true
                stop.sleep(milliseconds: retryDelay)
                retryDelay = min(retryDelay * 2, 1000)
                continue
            }
            waiting.sleep(milliseconds: Heartbeat.refreshInterval(lifetime: lifetime) * 1000)
        }
        if aliveLease != 0, (try? etcd.revokeLease(aliveLease)) != nil {
            Log.info("heartbeat withdrawn: this node is stale at once")
        }
    }

    /// The lease renewed, or a new one if it expired (etcd then deleted its keys).
    private func renew(_ lease: Int64, ttl: Int64, what: String) throws(EtcdError) -> Int64 {
        if lease != 0 {
            if try etcd.keepAlive(lease: lease) > 0 { return lease }
            Log.warning("the heartbeat's \(what) lease expired before it could be renewed; taking a new one")
        }
        return try etcd.grantLease(ttl: ttl)
    }
}
