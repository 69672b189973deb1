// Follows the reboot list through an etcd watch and reports every version of
// it. After any break it reads the list again (linearizably, so a member that
// is not caught up with the cluster cannot answer) and resumes the watch
// from that read's revision.

import DistRebootCore

struct RebootListWatcher: Sendable {
    let etcd: EtcdClient
    let stop: StopFlag
    let report: @Sendable (RebootListState) -> Void

    func run() {
        var failing = false
        while !stop.isStopped {
            do {
                let (state, revision) = try ClusterReader(etcd: etcd).rebootList()
                report(state)
                if failing { Log.info("watching the reboot list again") }
                failing = false
                try etcd.watch(key: Keys.rebootList, startRevision: revision + 1, shouldStop: { stop.isStopped }) {
                    event in
                    switch event {
                    case .put(let kv): report(RebootListState.from(value: kv.value, modRevision: kv.modRevision))
                    case .delete: report(.absent)
                    }
                    return !stop.isStopped
                }
            } catch {
                if stop.isStopped { return }
                if !failing { Log.warning("lost the reboot list watch: \(error.message); retrying") }
                failing = true
            }
            stop.sleep(milliseconds: 500)
        }
    }
}
