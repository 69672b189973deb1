// Publishes this node's heartbeat, well before the last one expires, and
// forgets other nodes' heartbeats that expired more than a day ago.

import DistRebootCore

struct HeartbeatPublisher: Sendable {
    let node: String
    let etcd: EtcdClient
    let lifetime: Int64
    let rebootRequiredPath: String
    let stop: StopFlag

    /// Loops until the daemon stops; calls `onFirstPublished` once, after the first successful heartbeat.
    func run(onFirstPublished: @escaping @Sendable () -> Void) {
        var published = false
        var failing = false
        // A member that is starting refuses connections for a moment: retry
        // soon, then back off to a second.
        var retryDelay: Int64 = 100
        while !stop.isStopped {
            let heartbeat = Heartbeat(
                node: node, expires: Clock.now() + lifetime, rebootRequired: Files.exists(rebootRequiredPath))
            do {
                try etcd.put(key: Keys.heartbeat(node), value: heartbeat.encoded)
                if failing, published { Log.info("heartbeat published again") }
                failing = false
                retryDelay = 100
                if !published {
                    published = true
                    Log.info("heartbeat published, expires \(TimeFormat.utc(heartbeat.expires))")
                    onFirstPublished()
                }
                forgetOldHeartbeats()
            } catch {
                if !failing { Log.warning("cannot publish the heartbeat: \(error.message)") }
                failing = true
                stop.sleep(milliseconds: retryDelay)
                retryDelay = min(retryDelay * 2, 1000)
                continue
            }
            stop.sleep(milliseconds: HeartbeatExpiry.refreshInterval(lifetime: lifetime) * 1000)
        }
    }

    private func forgetOldHeartbeats() {
        let now = Clock.now()
        guard let entries = try? ClusterReader(etcd: etcd).heartbeats(serializable: false) else { return }
        for (heartbeat, kv) in entries {
            guard let heartbeat, HeartbeatExpiry.age(of: heartbeat, at: now) == .forgotten else { continue }
            // Only if unchanged since read: the node may have just come back.
            let deleted = try? etcd.transaction(
                compare: [.modRevision(key: kv.key, equals: kv.modRevision)], success: [.delete(key: kv.key)])
            if deleted == true {
                Log.info(
                    "dropped the heartbeat of \(heartbeat.node): it expired \(TimeFormat.utc(heartbeat.expires)), "
                        + "more than a day ago")
            }
        }
    }
}
