/// How this node reboots itself.
public enum RebootKind: Equatable, Sendable {
    case restart, powerOff
}

/// One step of carrying out a fence on this node.
public enum FenceStep: Equatable, Sendable {
    case log(LogLevel, String)
    /// sync(2): write dirty pages first (flush).
    case sync
    /// Magic close: the watchdog no longer resets the node behind our back.
    case disarmWatchdog
    /// -C: give a crash kernel time to write its dump.
    case setWatchdogTimeout(UInt32)
    case pause(Millis)
    /// A write to /proc/sysrq-trigger.
    case sysrq(Character)
    case reboot(RebootKind)
    /// -Z -Z: do nothing, leave cleanly.
    case exitCleanly
}

/// The steps of a fence request, after the trace mode (-Z) and what the
/// kernel offers. Steps after a sysrq or reboot only run if it did not act.
/// As sbd 1.5 (measured): -Z turns the fence into a crashdump, -Z -Z into a
/// clean exit, -Z -Z -Z into a reboot 10 s after disarming the watchdog;
/// -Z four times and more is the fence itself.
public enum FencePlan {
    public static func steps(
        for request: FenceRequest, traceLevel: Int, crashdumpWatchdogTimeout: UInt32, sysrqAvailable: Bool
    ) -> [FenceStep] {
        var kind = request.kind
        var steps: [FenceStep] = [.log(.error, "\(describe(kind)) of this node: \(request.reason)")]
        if traceLevel == 1, kind != .crashdump {
            steps.append(.log(.warning, "trace mode (-Z): a crashdump instead of the \(describe(kind))"))
            kind = .crashdump
        }
        if traceLevel == 2 {
            return steps + [
                .log(.warning, "trace mode (-Z -Z): not carrying out the \(describe(kind)); exiting cleanly instead"),
                .exitCleanly,
            ]
        }
        // -C: the longer timeout is set before the flush, which can itself take a while.
        if kind == .crashdump, sysrqAvailable, crashdumpWatchdogTimeout > 0, traceLevel != 3 {
            steps.append(.setWatchdogTimeout(crashdumpWatchdogTimeout))
        }
        if traceLevel == 3 {
            steps += [
                .log(.warning, "trace mode (-Z -Z -Z): watchdog disarmed; the \(describe(kind)) follows in 10 s"),
                .disarmWatchdog, .sync, .pause(Millis(10_000)),
            ]
        }
        if request.flush {
            steps.append(.sync)
        }
        // Without -C the crash kernel must not be reset halfway through its
        // dump: the watchdog is disarmed first, as sbd 1.5 does.
        if kind == .crashdump, sysrqAvailable, crashdumpWatchdogTimeout == 0, traceLevel != 3 {
            steps.append(.disarmWatchdog)
        }
        let restart: [FenceStep] = (sysrqAvailable ? [.sysrq("b")] : []) + [.reboot(.restart)]
        switch kind {
        case .reboot:
            return steps + restart
        case .off:
            return steps + (sysrqAvailable ? [.sysrq("o")] : []) + [.reboot(.powerOff)]
        case .crashdump:
            guard sysrqAvailable else {
                return steps + [
                    .log(.error, "a crashdump needs /proc/sysrq-trigger, which this system lacks: rebooting instead")
                ] + restart
            }
            return steps + [.sysrq("c"), .log(.error, "the kernel did not crash on sysrq c: rebooting instead")]
                + restart
        }
    }

    static func describe(_ kind: TimeoutAction.Kind) -> String {
        switch kind {
        case .reboot: return "reboot"
        case .off: return "power-off"
        case .crashdump: return "crashdump"
        }
    }
}
