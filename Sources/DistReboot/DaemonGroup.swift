// The pacemaker engine's answer to "which daemons run": every daemon joins
// one corosync process group, and corosync drops a daemon from it the moment
// its process ends (a stop, a crash, SIGKILL) or its node leaves the
// membership. Reading the group is a request to the local corosync; nothing
// is written to the CIB.

import CDistRebootCPG
import Glibc

final class DaemonGroup: @unchecked Sendable {
    static let name = "distreboot"
    private let monitor = Monitor()
    private var connection: OpaquePointer?

    /// Joins the group (again, after corosync restarted) and keeps its
    /// notifications read, until `stop`; then leaves it.
    func run(stop: StopFlag) {
        var failing = false
        while !stop.isStopped {
            var handle: OpaquePointer?
            let rc = drcpg_join(Self.name, &handle)
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
        let deadline = Clock.monotonicMilliseconds() + milliseconds
        return monitor.locked {
            while connection == nil {
                let left = deadline - Clock.monotonicMilliseconds()
                if left <= 0 { return false }
                monitor.wait(milliseconds: left)
            }
            return true
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
