// auto=yes: the daemons start an --only-required cycle themselves when a
// node reports that it needs a reboot. Every daemon with auto=yes looks on
// its check period; when several decide to start at the same moment, the
// list's create-if-absent (a compare-and-swap on the reboot list, the same
// one that keeps two --reboot from starting two cycles) lets exactly one of
// them write it: that one announces the cycle, the others see it running.

public enum AutoCycle {
    public enum Decision: Equatable, Sendable {
        /// Nothing to do: no node needs a reboot, or a cycle runs.
        case none
        /// A node needs a reboot but a cycle may not start now, because of this.
        case wait(String)
        /// Try to create this list (if none exists).
        case start(RebootList)
    }

    /// `now` is real time (the list's `started`, the liveness wording); the
    /// window is read at `windowTime` (default: `now`; tests move it alone).
    public static func decide(_ snapshot: ClusterSnapshot, window: WindowClock?, now: Int64, windowTime: Int64? = nil)
        -> Decision
    {
        guard case .absent = snapshot.rebootList else { return .none }
        guard !snapshot.candidates(onlyRequired: true).isEmpty else { return .none }
        let windowTime = windowTime ?? now
        if let window, case .closed = window.state(at: windowTime) {
            return .wait(
                ScheduleBlocker.outsideWindow(next: window.describe(at: windowTime, relative: false)).description)
        }
        switch RebootPlan.plan(snapshot, onlyRequired: true, now: now) {
        case .failure(let refusals):
            return .wait(refusals.reasons.map(\.description).joined(separator: "; "))
        case .success(let order):
            var list = RebootList(nodes: order, onlyRequired: true)
            list.automatic = true
            list.started = now
            return .start(list)
        }
    }
}
