/// sbd.service's start timeout against what `sbd watch` does before it is ready.
///
/// sbd(8), SBD_DELAY_START: "you might have to adapt the startup-timeout
/// accordingly (TimeoutStartSec for systemd)": systemd kills a unit that is
/// not ready in time, and corosync and pacemaker fail with it. This sbd
/// extends the timeout itself (EXTEND_TIMEOUT_USEC) while it waits for
/// devices (-s) and while it delays, but not before: the first probe of the
/// devices (two reads, each bounded by -I, plus a second: WatchStartup) must
/// fit in the unit's own timeout, so a timeout not longer than that is FAIL.
/// Below device wait + delay + the margin sbd-generator adds (StartTimeout),
/// what the generator writes, is WARN: a recommendation, as the slot
/// allocation and the watchdog also come before ready and are not extended.
public enum StartTimeoutRule {
    public static let id = "start-timeout"

    /// The longest first probe of the devices: two reads of -I seconds, plus one.
    public static func probeLimit(ioTimeout: UInt32) -> UInt32 {
        UInt32(clamping: 2 * UInt64(ioTimeout) + 1)
    }

    /// `probeLimit` is 0 without devices.
    public static func evaluate(timeout: SystemdTimespan.Parsed, probeLimit: UInt32, deviceWait: UInt32, delay: UInt32)
        -> CheckResult
    {
        guard case .milliseconds(let milliseconds) = timeout else {
            return CheckResult(id, .ok, "sbd.service TimeoutStartSec=infinity")
        }
        let recommended = Int64(deviceWait) + Int64(delay) + Int64(StartTimeout.margin)
        let shown = PacemakerDuration.text(milliseconds)
        let fixes = [
            "drop the TimeoutStartSec= that overrides sbd-generator's (systemctl cat sbd.service shows where),"
                + " then systemctl daemon-reload: the generator writes TimeoutStartSec=\(recommended)",
            "systemctl edit sbd.service, then [Service] TimeoutStartSec=\(recommended)",
        ]
        if probeLimit > 0 && milliseconds <= Int64(probeLimit) * 1000 {
            return CheckResult(
                id, .fail,
                "TimeoutStartSec \(shown) is not longer than the first device probe may take (\(probeLimit)s)",
                advice: "one slow read at boot and systemd stops sbd before it can extend its timeout, and the"
                    + " cluster stack with it",
                fixes: fixes)
        }
        let waits = "device wait (-s) \(deviceWait)s + delay start \(delay)s"
        if milliseconds < recommended * 1000 {
            return CheckResult(
                id, .warn, "TimeoutStartSec \(shown) < \(waits) + margin \(StartTimeout.margin)s = \(recommended)s",
                advice: "recommendation: sbd extends the timeout while it waits and delays, but not while it"
                    + " allocates its slot and opens the watchdog",
                fixes: fixes)
        }
        return CheckResult(id, .ok, "TimeoutStartSec \(shown) >= \(waits) + margin \(StartTimeout.margin)s")
    }
}
