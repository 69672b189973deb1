/// The next step of a device watcher taking its slot before it watches.
///
/// Debian's sbd 1.5.2 claims a slot every time a watcher starts, not only at
/// start-up: the slot that carries the node's name, else the first unused one
/// (sbd's allocation protocol, `AllocationStep`). So a slot cleared or taken
/// over by another name while the node runs costs a watcher restart, not the
/// node: the restarted watcher claims a slot again and goes on. Only a device
/// with no slot left for the node stays lost. The mailbox is cleared only at
/// the watcher's first start; a restart leaves a waiting message to be read.
public enum WatcherSlotStep: Equatable, Sendable {
    /// The node holds `slot`: watch it, clearing its mailbox first if asked.
    case watch(slot: Int, clearMailbox: Bool)
    /// No slot carries the node's name: write it into `slot` (the first
    /// unused), wait the allocate timeout for a concurrent claimant, decide again.
    case claim(slot: Int)
    /// No slot carries the node's name and none is unused.
    case full(reason: String)

    /// `firstStart`: the device's first watcher (at start-up, or a device
    /// that missed the start-up), as opposed to a restarted one.
    public static func next(
        for node: NodeName, on device: String, in table: SlotTable, firstStart: Bool
    ) -> WatcherSlotStep {
        switch AllocationStep.next(for: node, in: table) {
        case .allocated(let slot):
            return .watch(slot: slot, clearMailbox: firstStart)
        case .claim(let slot):
            return .claim(slot: slot)
        case .full:
            return .full(
                reason: "\(device) has no slot for \(node) and all \(table.entries.count) slots are in use"
                    + " by other names; only 'sbd create' frees slots, and it wipes the device")
        }
    }
}
