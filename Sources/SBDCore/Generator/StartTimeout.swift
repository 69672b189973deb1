/// The `TimeoutStartSec=` the generator gives sbd.service: long enough for
/// everything `sbd watch` may legitimately wait for before `READY=1`, so that
/// a slow SAN or a long `SBD_DELAY_START` does not make systemd kill sbd and
/// fail corosync with it.
public struct StartTimeout: Equatable, Sendable {
    /// Reading the headers, allocating the slot, arming the watchdog: a few
    /// I/O timeouts (-I, 3 s by default) with room to spare.
    public static let margin: UInt64 = 60
    /// systemd's own default: the generator never makes the start tighter.
    public static let floor: UInt64 = 90
    /// `SBD_DELAY_START=yes` waits for the msgwait stored on the devices,
    /// which the generator must not read. 120 s covers the defaults (10 s)
    /// and the usual multipath tuning (watchdog 60 s, msgwait 120 s); the
    /// daemon extends the timeout itself when the real value is longer.
    public static let assumedMsgwait: UInt64 = 120

    /// -s: how long sbd waits for its devices (0 without devices).
    public let deviceWait: UInt64
    /// SBD_DELAY_START as seconds.
    public let delay: UInt64
    /// 64 bits: two 32-bit settings plus the margin cannot overflow.
    public var seconds: UInt64 { max(Self.floor, deviceWait + delay + Self.margin) }

    public init(settings: SBDSettings) {
        deviceWait = settings.devices.isEmpty ? 0 : UInt64(settings.startupWait)
        switch settings.delayStart {
        case .no:
            delay = 0
        case .seconds(let seconds):
            delay = UInt64(seconds)
        case .msgwait:
            // Without devices sbd 1.5 delays by twice the watchdog timeout.
            delay = max(Self.assumedMsgwait, 2 * UInt64(settings.watchdogTimeout))
        }
    }

    /// How the figure was reached, for the comment in the drop-in.
    public var explanation: String {
        let sum = "device wait \(deviceWait) s + delay start \(delay) s + margin \(Self.margin) s"
        let raised = deviceWait + delay + Self.margin < Self.floor
        return raised ? "\(sum), raised to systemd's default \(Self.floor) s" : sum
    }
}
