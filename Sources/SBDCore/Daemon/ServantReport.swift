/// What a device servant tells the inquisitor after each loop.
public enum ServantReport: Equatable, Sendable {
    /// The header, slot and mailbox were read within the I/O timeout.
    case healthy
    /// The device cannot be used; the servant exits after saying why.
    case unhealthy(String)
    /// The mailbox holds a message (reported once per new message).
    case message(SBDMessage, sender: String)
}

/// The bytes of one report on the servant pipe: small enough (<= PIPE_BUF)
/// for the kernel to keep concurrent writers' frames whole.
/// Layout: servant index, kind, message byte, text length, text.
public enum ServantReportFrame {
    public static let headerSize = 4
    public static let maximumText = 250

    public static func encode(servant: Int, _ report: ServantReport) -> [UInt8] {
        let (kind, message, text): (UInt8, Int8, String)
        switch report {
        case .healthy: (kind, message, text) = (1, 0, "")
        case .unhealthy(let reason): (kind, message, text) = (2, 0, reason)
        case .message(let received, let sender): (kind, message, text) = (3, received.rawValue, sender)
        }
        let bytes = Array(text.utf8.prefix(maximumText))
        return [UInt8(truncatingIfNeeded: servant), kind, UInt8(bitPattern: message), UInt8(bytes.count)] + bytes
    }

    /// Decodes every complete frame at the start of `buffer`; returns them
    /// and how many bytes they took. Garbage yields `nil` for that frame.
    public static func decode(_ buffer: ArraySlice<UInt8>) -> (frames: [(Int, ServantReport?)], consumed: Int) {
        var frames: [(Int, ServantReport?)] = []
        var cursor = buffer.startIndex
        while buffer.endIndex - cursor >= headerSize {
            let length = Int(buffer[cursor + 3])
            guard buffer.endIndex - cursor >= headerSize + length else { break }
            let servant = Int(buffer[cursor])
            let text = String(decoding: buffer[(cursor + headerSize)..<(cursor + headerSize + length)], as: UTF8.self)
            let report: ServantReport?
            switch buffer[cursor + 1] {
            case 1: report = .healthy
            case 2: report = .unhealthy(text)
            case 3:
                report = SBDMessage(rawValue: Int8(bitPattern: buffer[cursor + 2])).map { .message($0, sender: text) }
            default: report = nil
            }
            frames.append((servant, report))
            cursor += headerSize + length
        }
        return (frames, cursor - buffer.startIndex)
    }
}
