import SBDCore
import SBDPlatform

/// Carries out a fence on this node: the steps of FencePlan, in order.
enum FenceExecutor {
    /// Returns only when the plan says to exit cleanly (-Z -Z) or when every
    /// step failed to take the node down; the caller then stops tickling.
    static func execute(
        _ request: FenceRequest, traceLevel: Int, crashdumpWatchdogTimeout: UInt32, watchdog: Watchdog?, log: Log
    ) {
        let sysrq = Kernel.openSysrq()
        let steps = FencePlan.steps(
            for: request, traceLevel: traceLevel, crashdumpWatchdogTimeout: crashdumpWatchdogTimeout,
            sysrqAvailable: sysrq != nil)
        for step in steps {
            switch step {
            case .log(let level, let text):
                log.log(level, text)
            case .sync:
                Kernel.flush()
            case .disarmWatchdog:
                watchdog?.disarm()
            case .setWatchdogTimeout(let seconds):
                do {
                    _ = try watchdog?.setTimeout(seconds)
                } catch {
                    log.warning("\(error); the crashdump may be cut short by the watchdog")
                }
            case .pause(let span):
                Kernel.sleep(milliseconds: span.value)
            case .sysrq(let key):
                if let sysrq { Kernel.sysrq(sysrq, key) }
            case .reboot(let kind):
                let problem = Kernel.reboot(powerOff: kind == .powerOff)
                log.error("reboot(2) failed: \(problem)")
            case .exitCleanly:
                return
            }
        }
        log.error("this node could not take itself down; the watchdog (if any) is no longer tickled")
    }
}
