/// The devices a fence resource writes to against the ones this node watches.
///
/// fence_sbd writes the poison pill to the devices of its `devices`
/// parameter (external/sbd: `sbd_device`, else SBD_DEVICE), and a node reads
/// only the devices of its own SBD_DEVICE (sbd(8), "Configure the fencing
/// resource"). Paths this node does not watch mean a message it may never
/// read, unless the same disks go by other names here: WARN, name both lists.
public enum FenceResourceDevicesRule {
    public static let id = "fence-resource-devices"

    public static func evaluate(_ resource: FenceResource, watched: [String]) -> CheckResult? {
        guard let written = resource.devicePaths, !watched.isEmpty else { return nil }
        let unwatched = written.filter { !watched.contains($0) }
        let unwritten = watched.filter { !written.contains($0) }
        if unwatched.isEmpty && unwritten.isEmpty {
            return CheckResult(id, .ok, "\(resource.id) writes to the devices this node watches")
        }
        let parameter = resource.type == "fence_sbd" ? "devices" : "sbd_device"
        let separator = resource.type == "fence_sbd" ? "," : ";"
        var differences: [String] = []
        if !unwatched.isEmpty { differences.append("not watched here: " + unwatched.joined(separator: ", ")) }
        if !unwritten.isEmpty { differences.append("not written by it: " + unwritten.joined(separator: ", ")) }
        return CheckResult(
            id, .warn,
            "\(resource.id) \(parameter)=\(written.joined(separator: separator)), SBD_DEVICE="
                + watched.joined(separator: ";") + " (" + differences.joined(separator: "; ") + ")",
            advice: "a node reads only its own devices; unless these are the same disks under other names,"
                + " make them the same",
            fixes: FixCommands.resourceParameter(resource.id, parameter, watched.joined(separator: separator)))
    }
}
