// The pacemaker engine's answer to "which daemons run": every daemon joins
// one corosync process group, and corosync drops a daemon from it the moment
// its process ends (a stop, a crash, SIGKILL) or its node leaves the
// membership. Reading the group is a request to the local corosync; nothing
// is written to the CIB. The group also carries the notices of a daemon
// that wrote the reboot list, so that the others read it at once instead
// of querying the CIB all the time (ListFollowCadence).

import CDistRebootCPG
import Glibc

final class DaemonGroup: @unchecked Sendable {
    static let name = "distreboot"
    private let monitor = Monitor()
    private var connection: OpaquePointer?
    /// Its own lock: corosync's dispatching thread counts notices while
    /// another thread may be in a call to corosync holding `monitor`.
    private let noticeMonitor = Monitor()
    private var notices: UInt64 = 0

    /// Joins the group (again, after corosync restarted) and keeps its
    /// notifications read, until `stop`; then leaves it.
    func run(stop: StopFlag) {
        var failing = false
        while !stop.isStopped {
            var handle: OpaquePointer?
            let rc = drcpg_join(
                Self.name,
                { context in
                    guard let context else { return }
                    Unmanaged<DaemonGroup>.fromOpaque(context).takeUnretainedValue().noticeArrived()
                }, Unmanaged.passUnretained(self).toOpaque(), &handle)
            guard rc == 0, let handle else {
                if !failing {
                    Log.warning("cannot join corosync's process group \(Self.name) (cs_error \(rc)); retrying")
                }
                failing = true
                stop.sleep(milliseconds: 1000)
                continue
            }
            if failing { Log.info("joined corosync's process group \(Self.name)") }
            failing = false
            monitor.locked {
                connection = handle
                monitor.signalAll()
            }
            // Notices sent while this daemon was out of the group are lost: count the join as one.
            noticeArrived()
            // Blocks until the connection ends (corosync stopped, or leave() below).
            let ended = drcpg_dispatch(handle)
            let wasOurs = monitor.locked { () -> Bool in
                let ours = connection == handle
                connection = nil
                return ours
            }
            if wasOurs {
                if !stop.isStopped { Log.warning("lost corosync's process group (cs_error \(ended)); joining again") }
                drcpg_leave(handle)
            }
            stop.sleep(milliseconds: 500)
        }
    }

    /// Waits until the group is joined (true), or `milliseconds` pass.
    func waitJoined(milliseconds: Int64) -> Bool {
        monitor.locked { monitor.wait(milliseconds: milliseconds) { connection != nil } }
    }

    /// Tells every daemon of the group, this one too, that the reboot list
    /// was just written. A notice that cannot be sent is only late: the
    /// others read the list at their next timed read.
    func announceListWritten() {
        let rc = monitor.locked { () -> Int32 in
            guard let connection else { return -1 }
            return drcpg_announce(connection)
        }
        if rc > 0 { Log.warning("cannot tell the other daemons that the reboot list changed (cs_error \(rc))") }
    }

    /// How many notices arrived so far (joins counted as one each).
    var noticeCount: UInt64 { noticeMonitor.locked { notices } }

    /// Waits until the count of notices is no longer `seen`, or
    /// `milliseconds` pass; returns the count then.
    func waitForNotice(after seen: UInt64, milliseconds: Int64) -> UInt64 {
        noticeMonitor.locked {
            noticeMonitor.wait(milliseconds: milliseconds) { notices != seen }
            return notices
        }
    }

    private func noticeArrived() {
        noticeMonitor.locked {
            notices &+= 1
            noticeMonitor.signalAll()
        }
    }

    /// Leaves the group at once: other nodes see this daemon gone.
    func leave() {
        let handle = monitor.locked { () -> OpaquePointer? in
            let h = connection
            connection = nil
            return h
        }
        if let handle { drcpg_leave(handle) }
    }

    /// The corosync node ids of the daemons in the group now.
    func members() throws(EngineError) -> Set<UInt32> {
        let result = monitor.locked { () -> Result<Set<UInt32>, EngineError> in
            guard let connection else { return .failure(EngineError("not in corosync's process group \(Self.name)")) }
            var ids = [UInt32](repeating: 0, count: 512)
            var count: Int32 = 0
            let rc = drcpg_members(connection, &ids, Int32(ids.count), &count)
            guard rc == 0 else { return .failure(EngineError("corosync's process group \(Self.name): cs_error \(rc)")) }
            return .success(Set(ids[0..<Int(count)]))
        }
        return try result.get()
    }
}
