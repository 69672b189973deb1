/// Whether a device could be read and carries an sbd header.
///
/// sbd(8): sbd needs a majority of its devices (1 of 1, 2 of 2, 2 of 3) to
/// start and to fence; a device that cannot be read, or holds no header,
/// counts against it: FAIL, naming what went wrong.
public enum DeviceReadableRule {
    public static let id = "device"

    public static func evaluate(_ device: DeviceFacts) -> CheckResult {
        guard let header = device.header else {
            return CheckResult(
                id, .fail, "\(device.path): \(device.problem ?? "cannot be read")",
                advice: "sbd needs a majority of its devices to start and to fence;"
                    + " fix the path or the storage, or initialise it with create")
        }
        let t = header.timeouts
        return CheckResult(
            id, .ok,
            "\(device.path): sbd header, uuid \(formatUUID(header.uuid)), \(header.slots) slots, timeouts watchdog \(t.watchdog)s"
                + " allocate \(t.allocate)s loop \(t.loop)s msgwait \(t.msgwait)s")
    }
}
