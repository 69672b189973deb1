// What notifycmd is told: one event of a cycle, the node it is about, and a
// line of detail, in its environment. Each event is sent by one daemon: the
// one that starts the cycle, or the node the event happens to.

public enum NotifyEvent: String, Equatable, Sendable, CaseIterable {
    /// A cycle was started (by --reboot or automatically).
    case start
    /// A node begins its reboot (just before rebootcmd).
    case reboot
    /// A node is back from its reboot (it left the list).
    case `return`
    /// The next node waits for the reboot window to open.
    case pause
    /// The next node's reboot is held by a blocker (blockcmd, the cluster's health).
    case block
    /// A command failed: the cycle stops at a node until --cancel.
    case halt
    /// The last node is back: the cycle is complete.
    case finish
}

public struct Notification: Equatable, Sendable {
    public var event: NotifyEvent
    /// The node the event is about.
    public var node: String
    public var detail: String
    /// The daemon's node that sends it.
    public var sender: String

    public init(event: NotifyEvent, node: String, detail: String, sender: String) {
        self.event = event
        self.node = node
        self.detail = detail
        self.sender = sender
    }

    /// The variables notifycmd finds in its environment.
    public var environment: [String: String] {
        [
            "DISTREBOOT_EVENT": event.rawValue, "DISTREBOOT_NODE": node, "DISTREBOOT_DETAIL": detail,
            "DISTREBOOT_SENDER": sender,
        ]
    }

    /// One line for the log and for a mail's subject.
    public var summary: String { "\(event.rawValue) \(node)\(detail.isEmpty ? "" : ": \(detail)")" }
}
