/// What a device holds for this node when `watch` starts.

import QuotedText

public struct StartupSlot: Equatable, Sendable {
    public var device: String
    /// `nil` when the node has no slot there yet.
    public var mailbox: MailboxRecord?

    public init(device: String, mailbox: MailboxRecord?) {
        self.device = device
        self.mailbox = mailbox
    }
}

/// Decisions `watch` makes before it starts watching.
public enum StartupDecisions {
    /// `-S 1` / `SBD_STARTMODE=clean`: the reason to refuse, or nil to go on.
    /// An empty slot, "clear", "test" and "exit" (a clean shutdown) are fine.
    public static func startModeRefusal(mode: StartMode, node: String, slots: [StartupSlot]) -> String? {
        guard mode == .clean else { return nil }
        for slot in slots {
            guard let mailbox = slot.mailbox, let message = mailbox.message, message.isFencing else { continue }
            return
                "this node (\(node)) was fenced: \(slot.device) holds '\(message.word)' from \(escapedText("\(mailbox.sender)"))."
                + " Start mode is clean (SBD_STARTMODE=clean or -S 1), so sbd does not start."
                + " Once the node is healthy, clear the slot with: sbd"
                + slots.map { " -d \($0.device)" }.joined() + " message \(node) clear"
        }
        return nil
    }

    /// SBD_DELAY_START in seconds: "yes" (or "1") = msgwait.
    public static func delaySeconds(_ delay: DelayStart, msgwait: UInt32) -> UInt32 {
        switch delay {
        case .no: return 0
        case .msgwait: return msgwait
        case .seconds(let value): return value
        }
    }

    /// Disk-less mode has no header to read its timeouts from: the watchdog
    /// timeout is SBD_WATCHDOG_TIMEOUT, the loop one second, and msgwait (what
    /// SBD_DELAY_START=yes waits) twice the watchdog timeout, as `create` writes it.
    public static func disklessTimeouts(watchdog: UInt32) -> DiskTimeouts {
        DiskTimeouts(watchdog: watchdog, allocate: 2, loop: 1, msgwait: UInt32(clamping: UInt64(watchdog) * 2))
    }

    /// Whether enough devices answered to start (1 of 1, 2 of 2, 2 of 3).
    public static func enoughDevices(_ usable: Int, of total: Int) -> Bool {
        usable >= requiredMajority(of: total)
    }
}
