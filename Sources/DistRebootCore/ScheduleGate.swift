// What holds a node's reboot besides the engine's health gate: the reboot
// window, the settle time after the previous node came back, and blockcmd.
// Checked before a node begins its turn (before prerebootcmd); once begun,
// a turn goes on, so that a window closing mid-cycle pauses the cycle after
// the node that is rebooting, never between its drain and its reboot.

public enum ScheduleBlocker: Equatable, Sendable, CustomStringConvertible {
    /// Outside the reboot window; `next` says when it opens.
    case outsideWindow(next: String)
    /// The previous node came back less than `seconds` ago.
    case settling(seconds: Int64)
    /// blockcmd failed, or was killed after its timeout.
    case blockCommand(String)
    /// requiredcmd was killed after its timeout: whether the node needs a reboot is unknown.
    case requiredCommand(String)
    /// The engine's health gate (quorum, members, every node alive).
    case cluster(String)

    /// The label of the blocked metric.
    public var kind: String {
        switch self {
        case .outsideWindow: return "window"
        case .settling: return "settle"
        case .blockCommand: return "blockcmd"
        case .requiredCommand: return "requiredcmd"
        case .cluster: return "cluster"
        }
    }

    public static let kinds = ["window", "settle", "blockcmd", "requiredcmd", "cluster"]

    public var description: String {
        switch self {
        case .outsideWindow(let next): return "outside the reboot window (\(next))"
        case .settling(let seconds):
            return "settle: \(TimeFormat.duration(seconds)) after the previous node's return"
        case .blockCommand(let why): return "blockcmd \(why)"
        case .requiredCommand(let why): return "requiredcmd \(why)"
        case .cluster(let why): return why
        }
    }
}

public enum ScheduleGate {
    /// What holds the turn of a node now. `window` nil: no window is set;
    /// `ignoreWindow`: the cycle was started with --now.
    public static func blockers(
        window: WindowClock?, ignoreWindow: Bool, now: Int64, settle: Int64, settleRemaining: Int64,
        blockCommand: CheckOutcome?
    ) -> [ScheduleBlocker] {
        var blockers: [ScheduleBlocker] = []
        if let window, !ignoreWindow, case .closed = window.state(at: now) {
            blockers.append(.outsideWindow(next: window.describe(at: now, relative: false)))
        }
        if settleRemaining > 0 { blockers.append(.settling(seconds: settle)) }
        if let blockCommand, !blockCommand.passed { blockers.append(.blockCommand(blockCommand.description)) }
        return blockers
    }
}

/// How requiredcmd or blockcmd ended.
public enum CheckOutcome: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case killedBySignal(Int32)
    case timedOut(seconds: Int64)
    case notStarted(String)

    public var passed: Bool { self == .exited(0) }

    public var description: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .killedBySignal(let signal): return "killed by signal \(signal)"
        case .timedOut(let seconds): return "hung: killed after \(seconds) s"
        case .notStarted(let why): return "could not start: \(why)"
        }
    }
}

/// The settle time: counted from when this daemon saw its node become the
/// head of the list after another node came back, on this daemon's own
/// clock (no two nodes' clocks are compared). A restart counts it anew.
public struct SettleTimer: Equatable, Sendable {
    public let settle: Int64
    private var since: Int64?
    private var previous: String?

    public init(settle: Int64) { self.settle = settle }

    public mutating func observe(_ state: RebootListState, node: String, now: Int64) {
        guard settle > 0, case .present(let list, _) = state, list.head == node, list.headTurn == nil,
            let previous = list.previous
        else {
            since = nil
            previous = nil
            return
        }
        if since == nil || self.previous != previous {
            since = now
            self.previous = previous
        }
    }

    /// Seconds left before this node may begin its reboot.
    public func remaining(now: Int64) -> Int64 {
        guard let since else { return 0 }
        return max(0, since + settle - now)
    }
}
