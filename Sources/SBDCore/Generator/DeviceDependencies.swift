/// Which `.device` units sbd.service should pull in and wait for.
///
/// Only paths below /dev name device units; a plain file used as an SBD
/// device has none, and a `Wants=` on a unit that never appears would hold
/// sbd for systemd's device timeout (90 s) at every boot.
public struct DeviceDependencies: Equatable, Sendable {
    /// Unit names in the order of SBD_DEVICE, without repeats.
    public private(set) var units: [String] = []
    /// One line per device left out, with the reason, for the drop-in's comments.
    public private(set) var skipped: [String] = []

    public init(devices: [String]) {
        for device in devices {
            guard let unit = UnitNameEscaping.deviceUnit(forPath: device) else {
                skipped.append("\(device) has no predictable device unit name (a .. component, or too long)")
                continue
            }
            // Judged on the simplified path, so that //dev/sdb counts.
            guard unit.hasPrefix("dev-") else {
                skipped.append("\(device) is not below /dev: no device unit to wait for")
                continue
            }
            if !units.contains(unit) { units.append(unit) }
        }
    }
}
