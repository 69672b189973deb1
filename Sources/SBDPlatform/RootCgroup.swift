import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

/// SBD_MOVE_TO_ROOT_CGROUP: with cgroup v1 CPU accounting a service's slice
/// may have no realtime budget (cpu.rt_runtime_us = 0), and SCHED_RR then
/// fails or starves. Moving to the root cgroup of the cpu controller gives
/// the budget back. cgroup v2 has no realtime budget: nothing to do.
public enum RootCgroup {
    static let v1CPURoot = "/sys/fs/cgroup/cpu,cpuacct"

    /// Moves this process when the setting asks for it; returns what was done, for the log.
    public static func moveIfNeeded(_ setting: RootCgroupMove, realtime: Bool) -> String? {
        guard setting != .no, realtime else { return nil }
        guard let path = currentV1CPUPath(), path != "/" else { return nil }
        if setting == .auto {
            let budget = Files.read("\(v1CPURoot)\(path)/cpu.rt_runtime_us").flatMap { Int($0) }
            guard budget == 0 else { return nil }
        }
        guard Files.write("\(v1CPURoot)/cgroup.procs", "\(getpid())\n") else {
            return "could not move to the root cpu cgroup (SBD_MOVE_TO_ROOT_CGROUP); realtime may be refused"
        }
        return "moved from cpu cgroup \(path) to the root cgroup: it had no realtime budget"
    }

    /// The cpu controller's path in /proc/self/cgroup ("4:cpu,cpuacct:/system.slice").
    static func currentV1CPUPath() -> String? {
        guard let text = Files.read("/proc/self/cgroup") else { return nil }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, fields[1].split(separator: ",").contains("cpu") else { continue }
            return String(fields[2])
        }
        return nil
    }
}
