/// sbd.service's start timeout against what `sbd watch` waits before it is ready.
///
/// Before it reports ready sbd waits up to -s seconds for its devices, then
/// SBD_DELAY_START (msgwait for "yes"). sbd(8), SBD_DELAY_START: "you might
/// have to adapt the startup-timeout accordingly (TimeoutStartSec for
/// systemd)". systemd kills a unit that is not ready in time, and corosync
/// and pacemaker fail with it. The daemon extends the timeout itself while
/// it delays (EXTEND_TIMEOUT_USEC), so only the device wait is a hard limit:
/// a timeout not longer than it is FAIL. Below device wait + delay + the
/// margin sbd-generator adds (StartTimeout) is WARN: that is what the
/// generator would write.
public enum StartTimeoutRule {
    public static let id = "start-timeout"

    public static func evaluate(timeout: SystemdTimespan.Parsed, deviceWait: UInt32, delay: UInt32) -> CheckResult {
        guard case .milliseconds(let milliseconds) = timeout else {
            return CheckResult(id, .ok, "sbd.service TimeoutStartSec=infinity")
        }
        let recommended = Int64(deviceWait) + Int64(delay) + Int64(StartTimeout.margin)
        let shown = PacemakerDuration.text(milliseconds)
        let fixes = [
            "systemctl daemon-reload (sbd-generator writes TimeoutStartSec=\(recommended) from /etc/default/sbd)",
            "systemctl edit sbd.service, then [Service] TimeoutStartSec=\(recommended)",
        ]
        let waits = "device wait (-s) \(deviceWait)s + delay start \(delay)s"
        if deviceWait > 0 && milliseconds <= Int64(deviceWait) * 1000 {
            return CheckResult(
                id, .fail, "TimeoutStartSec \(shown) is not longer than the device wait (-s) \(deviceWait)s",
                advice: "systemd stops sbd while it still waits for its devices, and the cluster stack with it",
                fixes: fixes)
        }
        if milliseconds < recommended * 1000 {
            return CheckResult(
                id, .warn,
                "TimeoutStartSec \(shown) < \(waits) + margin \(StartTimeout.margin)s = \(recommended)s",
                advice: "recommendation: slow storage at boot can still make systemd give up", fixes: fixes)
        }
        return CheckResult(id, .ok, "TimeoutStartSec \(shown) >= \(waits) + margin \(StartTimeout.margin)s")
    }
}
