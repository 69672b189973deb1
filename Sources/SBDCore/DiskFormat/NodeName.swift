/// A node name as stored in a slot or as a message's sender: raw bytes, at
/// most 63 of them, NUL-padded to 64 on disk. Names read from disk are kept as
/// bytes so that a non-UTF-8 name written by another tool prints unchanged.

import QuotedText

public struct NodeName: Hashable, Sendable, CustomStringConvertible {
    public static let fieldSize = 64
    public static let maximumLength = fieldSize - 1

    public let bytes: [UInt8]

    /// A name given by the user; rejects what could not be stored faithfully.
    public init(validating text: String) throws(NodeNameError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= Self.maximumLength else { throw .tooLong(text, bytes.count) }
        guard !bytes.contains(0) else { throw .containsNUL }
        self.bytes = bytes
    }

    /// A name field read from disk: up to the first NUL, or all 64 bytes when
    /// a foreign writer left no terminator.
    public init(field: ArraySlice<UInt8>) {
        let limited = field.prefix(Self.fieldSize)
        bytes = Array(limited.prefix { $0 != 0 })
    }

    /// A sender name: truncated rather than refused, as sbd does with long hostnames.
    public init(truncating text: String) {
        bytes = Array(text.utf8.prefix { $0 != 0 }.prefix(Self.maximumLength))
    }

    /// The 64-byte on-disk field.
    public var field: [UInt8] {
        var field = [UInt8](repeating: 0, count: Self.fieldSize)
        field.replaceSubrange(0..<min(bytes.count, Self.fieldSize), with: bytes.prefix(Self.fieldSize))
        return field
    }

    /// sbd compares slot names ignoring ASCII case.
    public func matches(_ other: NodeName) -> Bool {
        bytes.count == other.bytes.count && zip(bytes, other.bytes).allSatisfy { asciiLower($0) == asciiLower($1) }
    }

    public var description: String { String(decoding: bytes, as: UTF8.self) }
}

func asciiLower(_ byte: UInt8) -> UInt8 {
    (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
}

public enum NodeNameError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case tooLong(String, Int)
    case containsNUL

    public var description: String {
        switch self {
        case .empty: return "node name is empty"
        case .tooLong(let name, let length):
            return "node name \(quoted(name)) is \(length) bytes long; sbd stores at most \(NodeName.maximumLength)"
        case .containsNUL: return "node name contains a NUL byte"
        }
    }
}
