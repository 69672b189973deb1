// The seam between the daemon and the cluster it coordinates through. The
// coordinator's actions map onto these few typed operations; everything else
// (the order, the safety check, the turn's state machine) is the same pure
// code on every engine. EtcdEngine: keys, leases and transactions.
// PacemakerEngine: the CIB, votequorum and crm_mon.

import DistRebootCore

public struct EngineError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// How a compare-and-swap of the list ended, and the list's revision after it.
struct ListWriteOutcome: Sendable {
    var succeeded: Bool
    var revision: Int64
}

/// What a daemon says of its node, kept visible while it runs.
struct HeartbeatSettings: Sendable {
    var node: String
    var lifetime: Int64
    var rebootRequiredPath: String
    var bootID: String
    /// requiredcmd's last answer (issue 16), reported with the marker file.
    var requiredByCommand: RequiredNote? = nil

    /// Whether this node needs a reboot now: Debian's marker, or requiredcmd said so.
    var rebootRequired: Bool { Files.exists(rebootRequiredPath) || requiredByCommand?.isSet == true }
}

protocol RebootEngine: Sendable {
    var kind: EngineKind { get }
    /// Where it is connected, for messages: "etcd at http://…", "pacemaker (local CIB)".
    var location: String { get }

    /// This node's name as the cluster knows it.
    func localNodeName() throws(EngineError) -> String

    /// The list as the cluster has it now, and the revision to compare against.
    func readList() throws(EngineError) -> (RebootListState, revision: Int64)
    /// Replaces the list (nil: removes it) only if it is still at `revision`.
    func replaceList(_ list: RebootList?, at revision: Int64) throws(EngineError) -> ListWriteOutcome
    /// Creates the list only if there is none (two --reboot at once start one cycle); false if one exists.
    func createList(_ list: RebootList) throws(EngineError) -> Bool
    /// Removes any list (--cancel); false if there was none.
    func removeList() throws(EngineError) -> Bool
    /// Removes an unreadable list, if it is still at `revision`.
    func removeCorruptList(at revision: Int64) throws(EngineError) -> Bool
    /// Reports every version of the list until `stop`.
    func followList(stop: StopFlag, report: @escaping @Sendable (RebootListState) -> Void)

    /// Keeps this node's daemon visible as alive until `stop`, then withdraws it.
    func publishHeartbeat(
        _ settings: HeartbeatSettings, waiting: WaitingNote, stop: StopFlag,
        onFirstPublished: @escaping @Sendable () -> Void)

    /// What a node checks before each step of its reboot.
    func turnFacts(node: String, now: Int64) -> Result<TurnFacts, TurnReadError>
    /// Everything --reboot and --dry-run decide on.
    func snapshot(node: String, now: Int64) throws(EngineError) -> ClusterSnapshot

    /// The reply to `distreboot` with no option.
    func status(node: String, now: Int64) -> ControlReply
    /// The reply to --drop.
    func drop(_ target: String) -> ControlReply

    /// The engine's own steps of a turn (drain, settle); true if it has them.
    var drainsAndSettles: Bool { get }
    func runBuiltIn(_ step: HookStep, node: String, properties: Properties, stop: StopFlag) -> (
        succeeded: Bool, how: String
    )
}
