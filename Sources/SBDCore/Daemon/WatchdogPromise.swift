/// What a device's header promises every node that fences through it: a
/// sender writes `reset` or `off` into the node's mailbox, waits msgwait,
/// and from then on treats the node as fenced. A live node reads the message
/// within a loop and fences itself; a hung one stops tickling, so the armed
/// watchdog must reset it within msgwait of the hang: the armed timeout must
/// not exceed the smallest msgwait of the devices watched. A header's own
/// watchdog timeout is the value its author intended to be armed.
public enum WatchdogPromise {
    /// How this daemon may change the timeout the node is reset after.
    public enum Rearm: Equatable, Sendable {
        /// A watchdog whose timeout sbd set at start-up: WDIOC_SETTIMEOUT again.
        case driver
        /// -W -W: no watchdog, the timeout action alone fences; its threshold
        /// is the daemon's own and can always be lowered.
        case timeoutActionOnly
        /// -T: the operator keeps the driver's timeout; sbd must not change it.
        case notAllowed
    }

    /// What to do about the headers the watchers reported.
    public enum Decision: Equatable, Sendable {
        /// Every header's msgwait covers the armed timeout.
        case kept
        /// Lower the armed timeout to `seconds`; `device` is the header that asks for it.
        case rearm(seconds: UInt32, device: Int)
        /// The promise cannot be kept: count these devices unhealthy.
        case broken(devices: [Int])
    }

    /// Devices whose msgwait is shorter than the armed timeout: a sender
    /// through them would treat a hung node as fenced before it is reset.
    public static func brokenDevices(armed: UInt32, headers: [DiskTimeouts?]) -> [Int] {
        headers.indices.filter { index in headers[index].map { $0.msgwait < armed } ?? false }
    }

    /// The decision for the armed timeout (seconds) and every device's last
    /// reported header (nil: not reported yet). The device with the smallest
    /// msgwait governs; the target is its header's watchdog timeout, never
    /// above its msgwait (a header whose watchdog exceeds its msgwait cannot
    /// be kept as written). `refused` is a target the driver already turned
    /// down: it is not asked again.
    public static func decide(
        armed: UInt32, headers: [DiskTimeouts?], rearm: Rearm, refused: UInt32? = nil
    ) -> Decision {
        let broken = brokenDevices(armed: armed, headers: headers)
        guard
            let governing = broken.min(by: { first, second in
                let (a, b) = (headers[first]!, headers[second]!)
                return (a.msgwait, a.watchdog, first) < (b.msgwait, b.watchdog, second)
            }), let header = headers[governing]
        else { return .kept }
        let target = min(header.watchdog, header.msgwait)
        guard target > 0, rearm != .notAllowed, target != refused else { return .broken(devices: broken) }
        return .rearm(seconds: target, device: governing)
    }

    /// The -5 threshold after the watchdog timeout changed to `watchdog`: an
    /// operator's value stays while it is below the new timeout; otherwise
    /// (and when it was the default) it is recomputed as at start-up.
    public static func lateTickleWarning(given: Millis?, watchdog: Millis) -> Millis {
        if let given, given < watchdog { return given }
        return InquisitorConfig.defaultLateTickleWarning(watchdog)
    }
}
