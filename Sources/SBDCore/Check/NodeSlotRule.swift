/// This node's slot on a device.
///
/// sbd(8), allocate: "sbd watch" claims a slot for the node when it starts,
/// so a missing slot is only a warning while a free one is left; a device
/// with every slot taken and none for this node makes the device unusable
/// for this node (and only create frees slots): FAIL.
public enum NodeSlotRule {
    public static let id = "slot"

    public static func evaluate(device: String, node: String, slot: Int?, freeSlots: Int) -> CheckResult {
        if let slot {
            return CheckResult(id, .ok, "\(device): \(node) has slot \(slot)")
        }
        if freeSlots > 0 {
            return CheckResult(
                id, .warn, "\(device): no slot for \(node) (\(freeSlots) free)",
                advice: "sbd takes one when it starts; is -n / the node name right?",
                fixes: ["sbd -d \(FixCommands.shellWord(device)) allocate \(FixCommands.shellWord(node))"])
        }
        return CheckResult(
            id, .fail, "\(device): no slot for \(node) and no free slot left",
            advice: "sbd cannot use this device on this node; only create frees slots, and it wipes them all"
                + " (stop the cluster on every node first)")
    }
}
