/// The text of `create`, `dump`, `list` and `allocate`, byte for byte as
/// sbd 1.5 prints it: fence_sbd, crmsh and pcs parse these lines.
public enum Reports {
    public static func dumpStart(device: String) -> String { "==Dumping header on disk \(device)" }
    public static func dumpEnd(device: String) -> String { "==Header on disk \(device) is dumped" }
    public static func dumpFailed(device: String) -> String { "==Header on disk \(device) NOT dumped" }
    public static func listFailed(device: String) -> String { "== Slots on disk \(device) NOT dumped" }
    public static func unreadable(device: String) -> String { "== disk \(device) unreadable!" }

    public static func dumpBody(_ header: DiskHeader) -> [String] {
        var lines = ["Header version     : \(header.version).\(header.minorVersion)"]
        if header.minorVersion > 0 {
            lines.append("UUID               : \(formatUUID(header.uuid))")
        }
        lines += [
            "Number of slots    : \(header.slots)",
            "Sector size        : \(header.sectorSize)",
            "Timeout (watchdog) : \(header.timeouts.watchdog)",
            "Timeout (allocate) : \(header.timeouts.allocate)",
            "Timeout (loop)     : \(header.timeouts.loop)",
            "Timeout (msgwait)  : \(header.timeouts.msgwait)",
        ]
        return lines
    }

    /// `SLOT\tNAME\tMESSAGE\tSENDER`, one per allocated slot, as raw bytes:
    /// names are printed as stored, whatever their encoding.
    public static func listLines(_ table: SlotTable) -> [[UInt8]] {
        table.allocated.map { entry in
            Array("\(entry.index)\t".utf8) + entry.slot.name.bytes
                + Array("\t\(SBDMessage.word(forByte: entry.mailbox.command))\t".utf8) + entry.mailbox.sender.bytes
        }
    }

    public static func createLines(device: String, descriptor: Int32, uuid: [UInt8], slots: Int) -> [String] {
        [
            "Initializing device \(device)",
            "Creating version \(DiskHeader.supportedVersion).\(DiskHeader.currentMinorVersion) header on device \(descriptor) (uuid: \(formatUUID(uuid)))",
            "Initializing \(slots) slots on device \(descriptor)",
            "Device \(device) is initialized.",
        ]
    }

    /// sbd's last line on stderr after any failure: pcs and crmsh show it and
    /// scripts look for it; ours comes after the line that says what failed.
    public static let failureClosing = "sbd failed; please check the logs."

    public static let createClosing =
        "Did you check sbd service down on all nodes before? If not do so now and restart afterwards."

    public static func allocateStart(node: NodeName, device: String) -> String {
        "Trying to allocate slot for \(node) on device \(device)."
    }
    public static func claiming(slot: Int) -> String { "slot \(slot) is unused - trying to own" }
    public static func allocated(node: NodeName, device: String) -> String {
        "Slot for \(node) has been allocated on \(device)."
    }
}

/// 8-4-4-4-12 lowercase hex, as libuuid prints.
public func formatUUID(_ bytes: [UInt8]) -> String {
    let digits: [Character] = Array("0123456789abcdef")
    var text = ""
    for (index, byte) in bytes.enumerated() {
        if index == 4 || index == 6 || index == 8 || index == 10 { text.append("-") }
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0xF)])
    }
    return text
}

/// Random bytes made into a version 4 (random) UUID.
public func makeRandomUUID(_ random: [UInt8]) -> [UInt8] {
    precondition(random.count == 16)
    var uuid = random
    uuid[6] = (uuid[6] & 0x0F) | 0x40
    uuid[8] = (uuid[8] & 0x3F) | 0x80
    return uuid
}

/// How many devices must agree: 1 of 1, 2 of 2, 2 of 3.
public func requiredMajority(of deviceCount: Int) -> Int { deviceCount / 2 + 1 }
