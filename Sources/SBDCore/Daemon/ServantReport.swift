/// What a device servant tells the inquisitor after each loop.
public enum ServantReport: Equatable, Sendable {
    /// The header, slot and mailbox were read within the I/O timeout.
    case healthy
    /// The device cannot be used; the servant exits after saying why.
    case unhealthy(String)
    /// The mailbox holds a message (reported once per new message).
    case message(SBDMessage, sender: String)
    /// The pacemaker servant saw pacemaker vanish while this node was an
    /// active member: nothing may keep the node up now.
    case selfFence(String)
    /// The pacemaker or cluster servant is alive, but there is nothing to
    /// protect yet (pacemaker not started or not joined, corosync never
    /// quorate) or any more (pacemaker stopped cleanly). It keeps a disk-less
    /// node up, but never stands in for lost devices.
    case starting
    /// A device servant read this header at its start (every start: a
    /// restarted watcher may have found a rewritten one). The inquisitor
    /// checks it against the armed watchdog (WatchdogPromise).
    case header(DiskTimeouts)
}

/// One report as it crossed the pipe: which servant, what, and when (the
/// servant's monotonic clock, shared by every process of the machine, so
/// the inquisitor can read reports in batches without ageing them).
public struct ServantReportFrame: Equatable, Sendable {
    public var servant: Int
    public var report: ServantReport?
    public var sentAt: Instant

    public init(servant: Int, report: ServantReport?, sentAt: Instant) {
        self.servant = servant
        self.report = report
        self.sentAt = sentAt
    }

    /// servant index, kind, message byte, text length, 8-byte time (ms, little endian), text.
    public static let headerSize = 12
    /// Small enough (<= PIPE_BUF) for the kernel to keep concurrent writers' frames whole.
    public static let maximumText = 250

    /// Whether the inquisitor must hear of it at once (not at its next tick).
    public var isUrgent: Bool {
        switch report {
        case .healthy, .starting: return false
        case .unhealthy, .message, .selfFence, .header, nil: return true
        }
    }

    /// Whether it is urgent after the servant's report before (nil: none
    /// yet): "healthy" is, too, when it ends another state, so that a
    /// device or cluster back in order counts at once, not a tick later.
    public func isUrgent(after previous: ServantReport?) -> Bool {
        isUrgent || (report == .healthy && previous != .healthy)
    }

    public func encoded() -> [UInt8] {
        let (kind, message, text): (UInt8, Int8, String)
        switch report {
        case .healthy: (kind, message, text) = (1, 0, "")
        case .unhealthy(let reason): (kind, message, text) = (2, 0, reason)
        case .message(let received, let sender): (kind, message, text) = (3, received.rawValue, sender)
        case .selfFence(let reason): (kind, message, text) = (4, 0, reason)
        case .starting: (kind, message, text) = (5, 0, "")
        case .header(let t): (kind, message, text) = (6, 0, "\(t.watchdog) \(t.allocate) \(t.loop) \(t.msgwait)")
        case nil: (kind, message, text) = (0, 0, "")
        }
        let bytes = text.utf8.prefix(Self.maximumText)
        // One allocation: a routine report is encoded every loop.
        var frame: [UInt8] = []
        frame.reserveCapacity(Self.headerSize + bytes.count)
        frame.append(UInt8(truncatingIfNeeded: servant))
        frame.append(kind)
        frame.append(UInt8(bitPattern: message))
        frame.append(UInt8(bytes.count))
        let stamp = UInt64(bitPattern: sentAt.milliseconds)
        for shift in stride(from: 0, to: 64, by: 8) { frame.append(UInt8(truncatingIfNeeded: stamp >> UInt64(shift))) }
        frame.append(contentsOf: bytes)
        return frame
    }

    /// Decodes every complete frame at the start of `buffer`; returns them
    /// and how many bytes they took. Garbage yields a frame whose report is nil.
    public static func decode(_ buffer: ArraySlice<UInt8>) -> (frames: [ServantReportFrame], consumed: Int) {
        var frames: [ServantReportFrame] = []
        var cursor = buffer.startIndex
        while buffer.endIndex - cursor >= headerSize {
            let length = Int(buffer[cursor + 3])
            guard buffer.endIndex - cursor >= headerSize + length else { break }
            var stamp: UInt64 = 0
            for byte in 0..<8 { stamp |= UInt64(buffer[cursor + 4 + byte]) << UInt64(8 * byte) }
            let text =
                length == 0
                ? "" : String(decoding: buffer[(cursor + headerSize)..<(cursor + headerSize + length)], as: UTF8.self)
            let report: ServantReport?
            switch buffer[cursor + 1] {
            case 1: report = .healthy
            case 2: report = .unhealthy(text)
            case 3:
                report = SBDMessage(rawValue: Int8(bitPattern: buffer[cursor + 2])).map { .message($0, sender: text) }
            case 4: report = .selfFence(text)
            case 5: report = .starting
            case 6: report = decodeHeader(text)
            default: report = nil
            }
            frames.append(
                ServantReportFrame(
                    servant: Int(buffer[cursor]), report: report,
                    sentAt: Instant(milliseconds: Int64(bitPattern: stamp))))
            cursor += headerSize + length
        }
        return (frames, cursor - buffer.startIndex)
    }

    /// "watchdog allocate loop msgwait" in decimal; anything else is garbage (nil).
    private static func decodeHeader(_ text: String) -> ServantReport? {
        let numbers = text.split(separator: " ").compactMap { UInt32($0) }
        guard numbers.count == 4 else { return nil }
        return .header(DiskTimeouts(watchdog: numbers[0], allocate: numbers[1], loop: numbers[2], msgwait: numbers[3]))
    }
}
