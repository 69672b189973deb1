/// A device's msgwait against its watchdog timeout.
///
/// msgwait is how long a message takes to count as delivered: long enough
/// for the target to read it, or for its watchdog to reset it if it cannot.
/// sbd(8), -4: "This should be twice the watchdog timeout." Not longer than
/// the watchdog timeout means a node can be counted as fenced while its
/// watchdog has not fired yet: FAIL. Longer but below twice: WARN.
public enum MsgwaitRule {
    public static let id = "msgwait"

    public static func evaluate(device: String, timeouts: DiskTimeouts, allDevices: [String]) -> CheckResult {
        let watchdog = timeouts.watchdog
        let msgwait = timeouts.msgwait
        let twice = UInt32(clamping: UInt64(watchdog) * 2)
        let summary = "\(device): msgwait \(msgwait)s against watchdog timeout \(watchdog)s"
        let fix = FixCommands.create(devices: allDevices, watchdog: watchdog, msgwait: twice)
        let recreate = "re-create the devices with the cluster stopped on every node (create wipes the slots)"
        if msgwait <= watchdog {
            return CheckResult(
                id, .fail, summary + ": not longer",
                advice: "a fenced node may still be running when its message counts as delivered; \(recreate)",
                fixes: [fix])
        }
        if msgwait < twice {
            return CheckResult(
                id, .warn, summary + ": below twice", advice: "sbd(8) asks for twice the watchdog timeout; \(recreate)",
                fixes: [fix])
        }
        return CheckResult(id, .ok, summary + ": at least twice")
    }
}
