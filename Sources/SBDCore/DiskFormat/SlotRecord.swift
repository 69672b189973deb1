/// A slot sector: `in_use` byte, then the owner's name.
public struct SlotRecord: Equatable, Sendable {
    public var inUse: Bool
    public var name: NodeName

    public init(inUse: Bool, name: NodeName) {
        self.inUse = inUse
        self.name = name
    }

    public func encoded(sectorSize: Int) -> [UInt8] {
        var sector = [UInt8](repeating: 0, count: sectorSize)
        sector[0] = inUse ? 1 : 0
        sector.replaceSubrange(1...NodeName.fieldSize, with: name.field)
        return sector
    }

    /// Any nonzero `in_use` byte counts as used, as in sbd.
    public static func decode(_ sector: ArraySlice<UInt8>) -> SlotRecord {
        let base = sector.startIndex
        return SlotRecord(inUse: sector[base] != 0, name: NodeName(field: sector[(base + 1)...]))
    }
}

/// A mailbox sector: command byte, then the sender's name.
public struct MailboxRecord: Equatable, Sendable {
    public var command: Int8
    public var sender: NodeName

    public init(command: Int8, sender: NodeName) {
        self.command = command
        self.sender = sender
    }

    public init(message: SBDMessage, sender: NodeName) {
        self.init(command: message.rawValue, sender: sender)
    }

    public var message: SBDMessage? { SBDMessage(rawValue: command) }

    public func encoded(sectorSize: Int) -> [UInt8] {
        var sector = [UInt8](repeating: 0, count: sectorSize)
        sector[0] = UInt8(bitPattern: command)
        sector.replaceSubrange(1...NodeName.fieldSize, with: sender.field)
        return sector
    }

    public static func decode(_ sector: ArraySlice<UInt8>) -> MailboxRecord {
        let base = sector.startIndex
        return MailboxRecord(command: Int8(bitPattern: sector[base]), sender: NodeName(field: sector[(base + 1)...]))
    }
}
