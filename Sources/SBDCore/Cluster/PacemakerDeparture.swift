/// How the CIB connection ended, judged from the last state seen while it was
/// up: a clean pacemaker stop lets sbd stay up without fencing; pacemaker
/// vanishing while the node was an active member does not.
public enum PacemakerDeparture: Equatable, Sendable {
    /// A shutdown had been requested, or the node had already left cleanly
    /// (offline and no longer expected up).
    case clean
    /// The connection ended while the node was expected to be up.
    case unexpected
    /// Nothing was known about the node before the connection ended
    /// (it never joined): nothing ran here that needs protecting.
    case neverJoined

    public static func classify(lastSeen: PacemakerNodeState?) -> PacemakerDeparture {
        guard let last = lastSeen, last.connected, last.known else { return .neverJoined }
        if last.shuttingDown { return .clean }
        if !last.online && !last.record.expectedMember && !last.expectedUp { return .clean }
        return .unexpected
    }
}
