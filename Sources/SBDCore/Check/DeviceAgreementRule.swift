/// Whether the devices agree with one another.
///
/// sbd(8): the timeouts are written to the devices and shared by every node
/// that uses them; with several devices fence_sbd writes to all of them and
/// waits each one's msgwait. Devices whose timeouts differ make the fence
/// time depend on which devices answer: FAIL, re-create them alike. Each
/// `create` gives each device its own random UUID (DiskHeader), so different
/// UUIDs are expected; the same UUID on two paths is one disk listed twice
/// (or a copied one), which breaks the majority sbd counts on: FAIL.
public enum DeviceAgreementRule {
    public static let id = "device-headers"

    public static func evaluate(_ headers: [(path: String, header: DiskHeader)], allDevices: [String]) -> CheckResult? {
        guard let first = headers.first, headers.count > 1 else { return nil }
        var differences: [String] = []
        for (path, header) in headers.dropFirst() {
            let a = first.header.timeouts
            let b = header.timeouts
            let fields = [
                ("watchdog", a.watchdog, b.watchdog), ("allocate", a.allocate, b.allocate),
                ("loop", a.loop, b.loop), ("msgwait", a.msgwait, b.msgwait),
                ("slots", UInt32(first.header.slots), UInt32(header.slots)),
            ]
            for (name, left, right) in fields where left != right {
                differences.append("\(name) \(left) on \(first.path), \(right) on \(path)")
            }
        }
        var duplicates: [String] = []
        for (index, entry) in headers.enumerated() {
            for other in headers[(index + 1)...] where other.header.uuid == entry.header.uuid {
                duplicates.append(
                    "\(entry.path) and \(other.path) carry the same uuid \(formatUUID(entry.header.uuid))")
            }
        }
        let paths = headers.map(\.path).joined(separator: ", ")
        if !differences.isEmpty {
            let watchdog = headers.map(\.header.timeouts.watchdog).max() ?? 5
            let msgwait = max(headers.map(\.header.timeouts.msgwait).max() ?? 10, watchdog * 2)
            return CheckResult(
                id, .fail, "headers differ: " + differences.joined(separator: "; "),
                advice: "every device must carry the same timeouts; re-create them together with the cluster stopped"
                    + " on every node (create wipes the slots)"
                    + (duplicates.isEmpty ? "" : "; also " + duplicates.joined(separator: "; ")),
                fixes: [FixCommands.create(devices: allDevices, watchdog: watchdog, msgwait: msgwait)])
        }
        if !duplicates.isEmpty {
            return CheckResult(
                id, .fail, duplicates.joined(separator: "; "),
                advice: "one disk listed twice (two paths to the same LUN?) or a copied header: sbd would count it"
                    + " twice towards its majority; list each disk once in SBD_DEVICE, or create the copy anew")
        }
        return CheckResult(id, .ok, "\(paths): same timeouts and slot count, distinct uuids")
    }
}
