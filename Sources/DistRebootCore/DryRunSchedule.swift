// What `--dry-run` adds to the order (issue 16): when the cycle would start,
// given the reboot window, and what holds it now. Nothing when no window is
// set and nothing holds it, so that the plain output stays the order alone.

public enum DryRunSchedule {
    public static func lines(window: (WindowClock, Int64)?, held: [ScheduleBlocker]) -> String {
        var out = ""
        if let (clock, now) = window {
            switch clock.state(at: now) {
            case .open: out += "start: now, inside the reboot window (\(clock.describe(at: now)))\n"
            case .closed(let opens):
                out +=
                    "start: when the reboot window opens, \(clock.local(opens)) "
                    + "(\(TimeFormat.relative(opens, now: now))); --reboot --now starts at once\n"
            }
        }
        for blocker in held where blocker.kind != "window" { out += "held now: \(blocker.description)\n" }
        return out
    }
}
