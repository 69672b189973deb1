/// Everything `sbd check` read on this node, as plain values: the rules
/// decide from these alone.
public struct CheckFacts: Equatable, Sendable {
    public var nodeName: String
    public var settings: SBDSettings
    /// SBD_WATCHDOG_TIMEOUT was set (in the file or the environment), not defaulted.
    public var watchdogTimeoutSet: Bool
    /// One per configured device, in order.
    public var devices: [DeviceFacts]
    public var watchdog: WatchdogFacts?
    public var startTimeout: Reachable<SystemdTimespan.Parsed>
    public var cluster: Reachable<ClusterFacts>

    public init(
        nodeName: String, settings: SBDSettings, watchdogTimeoutSet: Bool, devices: [DeviceFacts],
        watchdog: WatchdogFacts?, startTimeout: Reachable<SystemdTimespan.Parsed>, cluster: Reachable<ClusterFacts>
    ) {
        self.nodeName = nodeName
        self.settings = settings
        self.watchdogTimeoutSet = watchdogTimeoutSet
        self.devices = devices
        self.watchdog = watchdog
        self.startTimeout = startTimeout
        self.cluster = cluster
    }

    /// Headers of the devices that could be read.
    public var headers: [(path: String, header: DiskHeader)] {
        devices.compactMap { device in device.header.map { (device.path, $0) } }
    }

    /// The longest msgwait of the devices: fencing waits for it.
    public var longestMsgwait: UInt32? { headers.map(\.header.timeouts.msgwait).max() }

    /// The watchdog timeout sbd sets: the header's with devices, SBD_WATCHDOG_TIMEOUT without.
    public var effectiveWatchdogTimeout: UInt32 {
        headers.map(\.header.timeouts.watchdog).max() ?? settings.watchdogTimeout
    }

    public var diskless: Bool { settings.devices.isEmpty }
}

/// A value that may not be reachable from this node, with the reason.
public enum Reachable<Value: Equatable & Sendable>: Equatable, Sendable {
    case reached(Value)
    case notReachable(String)
}

/// One device as read: its header and what its slots say about this node.
public struct DeviceFacts: Equatable, Sendable {
    public var path: String
    public var header: DiskHeader?
    /// Why the header could not be read.
    public var problem: String?
    /// This node's slot, if it has one.
    public var nodeSlot: Int?
    public var freeSlots: Int

    public init(path: String, header: DiskHeader?, problem: String? = nil, nodeSlot: Int? = nil, freeSlots: Int = 0) {
        self.path = path
        self.header = header
        self.problem = problem
        self.nodeSlot = nodeSlot
        self.freeSlots = freeSlots
    }
}

/// The configured watchdog as sysfs describes it (read, never opened).
public struct WatchdogFacts: Equatable, Sendable {
    public var info: WatchdogInfo
    /// The device node exists.
    public var present: Bool
    public var currentTimeout: UInt32?
    public var minimumTimeout: UInt32?
    public var maximumTimeout: UInt32?
    /// Armed by someone (sbd itself, normally).
    public var active: Bool

    public init(
        info: WatchdogInfo, present: Bool, currentTimeout: UInt32? = nil, minimumTimeout: UInt32? = nil,
        maximumTimeout: UInt32? = nil, active: Bool = false
    ) {
        self.info = info
        self.present = present
        self.currentTimeout = currentTimeout
        self.minimumTimeout = minimumTimeout
        self.maximumTimeout = maximumTimeout
        self.active = active
    }
}

/// What the CIB says about fencing.
public struct ClusterFacts: Equatable, Sendable {
    /// Raw property values; nil when not set (pacemaker's default applies).
    public var stonithEnabled: String?
    public var stonithTimeout: String?
    public var stonithWatchdogTimeout: String?
    public var haveWatchdog: String?
    public var fenceResources: [FenceResource]
    public var epoch: String?

    public init(
        stonithEnabled: String? = nil, stonithTimeout: String? = nil, stonithWatchdogTimeout: String? = nil,
        haveWatchdog: String? = nil, fenceResources: [FenceResource] = [], epoch: String? = nil
    ) {
        self.stonithEnabled = stonithEnabled
        self.stonithTimeout = stonithTimeout
        self.stonithWatchdogTimeout = stonithWatchdogTimeout
        self.haveWatchdog = haveWatchdog
        self.fenceResources = fenceResources
        self.epoch = epoch
    }
}

/// A fence resource that fences through sbd: class stonith, type fence_sbd or external/sbd.
public struct FenceResource: Equatable, Sendable {
    public var id: String
    public var type: String
    public var delayMax: String?
    public var delayBase: String?
    /// fence_sbd's `devices` (comma-separated) or external/sbd's `sbd_device` (';'-separated).
    public var devices: String?
    /// pcmk_reboot_timeout: this resource's own limit for a reboot, instead of stonith-timeout.
    public var rebootTimeout: String?

    public init(
        id: String, type: String, delayMax: String? = nil, delayBase: String? = nil, devices: String? = nil,
        rebootTimeout: String? = nil
    ) {
        self.id = id
        self.type = type
        self.delayMax = delayMax
        self.delayBase = delayBase
        self.devices = devices
        self.rebootTimeout = rebootTimeout
    }

    /// The device paths the resource writes to; nil when it names none
    /// (external/sbd then reads SBD_DEVICE from /etc/default/sbd).
    public var devicePaths: [String]? {
        guard let devices, !devices.trimmingASCIISpaces().isEmpty else { return nil }
        return devices.split(whereSeparator: { $0 == "," || $0 == ";" }).map { $0.trimmingASCIISpaces() }
            .filter { !$0.isEmpty }
    }

    public static let sbdTypes: Set<String> = ["fence_sbd", "external/sbd"]
}
