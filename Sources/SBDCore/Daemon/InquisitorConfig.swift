/// What the inquisitor needs to decide: the on-disk timeouts, the
/// operator's options, and how many device servants it watches.
public struct InquisitorConfig: Equatable, Sendable {
    /// One name per device servant, for log lines ("/dev/disk/by-id/...").
    public var devices: [String]
    /// Without a tickle for this long the watchdog resets the node; once the
    /// gap exceeds it, the inquisitor executes the timeout action itself (the
    /// fence without a watchdog, a fallback when the watchdog did not fire).
    public var watchdogTimeout: Millis
    /// How often servants read their mailbox, and the inquisitor ticks.
    public var loopTimeout: Millis
    /// Bound on each device I/O (-I).
    public var ioTimeout: Millis
    /// -5: warn when tickles are further apart than this; zero = never.
    public var lateTickleWarning: Millis
    /// -5 as the operator gave it (nil: derived from the watchdog timeout),
    /// for when a re-arm changes the watchdog timeout (WatchdogPromise).
    public var lateTickleWarningGiven: Millis?
    /// Whether and how a header promising less than the armed watchdog may
    /// lower it (WatchdogPromise).
    public var rearm: WatchdogPromise.Rearm = .driver
    /// -r.
    public var timeoutAction: TimeoutAction
    /// -F and -t.
    public var dampening: RestartDampening
    /// -P: two more servants after the devices, pacemaker's and corosync's
    /// view of this node. While both report healthy the node survives the
    /// loss of its devices (sbd(8)); without devices they alone keep it up.
    public var clusterIntegration = false
    /// A watchdog device is armed (not -W -W, not /dev/null).
    public var watchdogInUse = true
    /// -Z, counted: 1 to 3 turn the timeout action into a trace-mode step
    /// taken before the watchdog fires (FencePlan); 2 and more never fence
    /// when only the watchdog timeout is exceeded, as in sbd 1.5.
    public var traceLevel = 0

    public init(
        devices: [String], watchdogTimeout: Millis, loopTimeout: Millis, ioTimeout: Millis,
        lateTickleWarning: Millis? = nil, timeoutAction: TimeoutAction = .default,
        dampening: RestartDampening = RestartDampening(failures: 1, delay: .seconds(5)),
        clusterIntegration: Bool = false, watchdogInUse: Bool = true, traceLevel: Int = 0,
        rearm: WatchdogPromise.Rearm? = nil
    ) {
        self.rearm = rearm ?? (watchdogInUse ? .driver : .timeoutActionOnly)
        self.lateTickleWarningGiven = lateTickleWarning
        self.watchdogInUse = watchdogInUse
        self.traceLevel = traceLevel
        self.clusterIntegration = clusterIntegration
        self.devices = devices
        self.watchdogTimeout = watchdogTimeout
        self.loopTimeout = loopTimeout
        self.ioTimeout = ioTimeout
        self.lateTickleWarning = lateTickleWarning ?? Self.defaultLateTickleWarning(watchdogTimeout)
        self.timeoutAction = timeoutAction
        self.dampening = dampening
    }

    /// "About 3/5 of the watchdog timeout" (sbd(8), -5), as sbd 1.5 computes
    /// it (measured on Debian's binary): whole seconds rounded down, at
    /// least 2 (3 s and 4 s give 2, 5 s gives 3, 7 s 4, 11 s 6).
    public static func defaultLateTickleWarning(_ watchdogTimeout: Millis) -> Millis {
        .seconds(UInt32(clamping: max(2, watchdogTimeout.value / 1000 * 3 / 5)))
    }

    /// Every servant's name for log lines: the devices, then "pacemaker" and "cluster".
    public var servantNames: [String] { devices + (clusterIntegration ? ["pacemaker", "cluster"] : []) }

    /// One servant's name, without building the list (the inquisitor names
    /// the servant of every report it handles).
    public func servantName(_ index: Int) -> String {
        if index < devices.count { return devices[index] }
        return index == pacemakerServant ? "pacemaker" : "cluster"
    }

    /// Index of the pacemaker servant (the cluster servant follows it).
    public var pacemakerServant: Int { devices.count }

    /// Devices that must report in time for the watchdog to be tickled. At
    /// run time sbd(8) survives the loss of one of two devices ("will not
    /// commit suicide if it loses access to one mirror leg"), so this is 1 of
    /// 1, 1 of 2 and 2 of 3; starting needs 2 of 2 (StartupDecisions).
    public var majority: Int { devices.count <= 2 ? 1 : requiredMajority(of: devices.count) }

    /// How often the inquisitor wakes to decide: every loop timeout, at least
    /// once a second, and at least twice per watchdog timeout (a watchdog
    /// re-armed to 1 s must not race a tickle once a second).
    public var tickInterval: Millis {
        max(Millis(100), min(loopTimeout, Millis(1000), Millis(watchdogTimeout.value / 2)))
    }

    /// When the inquisitor ticks: every `tickInterval`, at the instants at
    /// which the watchers read (`TickGrid` of their loop), so that one timer
    /// wakes them all. A tick judges the reports of the loop before; a
    /// watcher that stops reporting is judged when it is late
    /// (`Inquisitor.nextStaleness`), and urgent reports come at once.
    public var tickGrid: TickGrid { TickGrid(period: tickInterval) }

    /// A servant whose last good report is older than this is outdated: one
    /// loop, plus the I/O timeout a slow read may take.
    public var reportMaxAge: Millis { loopTimeout + ioTimeout }
}
