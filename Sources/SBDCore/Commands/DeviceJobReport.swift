/// What one device's part of a command reports back to the command: the
/// work runs in a child process (so a hung device cannot hang the command),
/// and this is what crosses the pipe.
public struct DeviceJobReport: Equatable, Sendable {
    public enum Status: UInt8, Sendable {
        case ok = 0
        /// The device could not be opened or read.
        case unreadable = 1
        /// The device answered but the command failed on it.
        case failed = 2
        /// `allocate` found every slot taken.
        case full = 3
    }

    public var status: Status
    /// Output lines, printed by the parent in device order.
    public var lines: [[UInt8]]
    /// What went wrong, for stderr.
    public var problem: String
    /// Small results, such as a slot index and a timeout.
    public var numbers: [UInt32]

    public init(status: Status = .ok, lines: [[UInt8]] = [], problem: String = "", numbers: [UInt32] = []) {
        self.status = status
        self.lines = lines
        self.problem = problem
        self.numbers = numbers
    }

    /// status, numbers, problem, lines; counts and lengths as u32 little endian.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [status.rawValue]
        bytes.appendUInt32(UInt32(numbers.count))
        numbers.forEach { bytes.appendUInt32($0) }
        bytes.appendField(Array(problem.utf8))
        bytes.appendUInt32(UInt32(lines.count))
        lines.forEach { bytes.appendField($0) }
        return bytes
    }

    public static func decode(_ bytes: [UInt8]) -> DeviceJobReport? {
        var reader = ByteReader(bytes: bytes)
        guard let rawStatus = reader.byte(), let status = Status(rawValue: rawStatus),
            let numberCount = reader.uint32(), numberCount <= 16
        else { return nil }
        var numbers: [UInt32] = []
        for _ in 0..<numberCount {
            guard let number = reader.uint32() else { return nil }
            numbers.append(number)
        }
        guard let problem = reader.field(), let lineCount = reader.uint32() else { return nil }
        var lines: [[UInt8]] = []
        for _ in 0..<lineCount {
            guard let line = reader.field() else { return nil }
            lines.append(line)
        }
        guard reader.isAtEnd else { return nil }
        return DeviceJobReport(
            status: status, lines: lines, problem: String(decoding: problem, as: UTF8.self), numbers: numbers)
    }
}

extension Array where Element == UInt8 {
    fileprivate mutating func appendUInt32(_ value: UInt32) {
        append(contentsOf: [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: value >> $0) })
    }

    fileprivate mutating func appendField(_ field: [UInt8]) {
        appendUInt32(UInt32(field.count))
        append(contentsOf: field)
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint32() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        defer { offset += 4 }
        return (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    mutating func field() -> [UInt8]? {
        guard let length = uint32(), Int(length) <= bytes.count - offset else { return nil }
        defer { offset += Int(length) }
        return Array(bytes[offset..<(offset + Int(length))])
    }
}
