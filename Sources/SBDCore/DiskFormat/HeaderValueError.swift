/// A timeout read from a device header that is too large for what a command
/// must compute from it. Any 32-bit value can be on a disk (a corrupt header,
/// or `create -2 2147483646`): commands refuse such a value by name instead of
/// letting the arithmetic overflow.
public struct HeaderValueError: Error, Equatable, Sendable, CustomStringConvertible {
    public let device: String
    public let field: String
    public let value: UInt32
    /// What the value was needed for, completing "too large to ...".
    public let use: String

    public init(device: String, field: String, value: UInt32, use: String) {
        self.device = device
        self.field = field
        self.value = value
        self.use = use
    }

    public var description: String {
        "device \(device): header field '\(field)' is \(value) s, too large to \(use);"
            + " the header is corrupt or absurd: re-create the device with sane timeouts (sbd create -1 .. -4)"
    }
}

extension DiskTimeouts {
    /// How long claiming a slot may take: up to four rounds of the allocate
    /// timeout (two normally, more when racing another claimant).
    public func allocationWait(device: String) throws(HeaderValueError) -> UInt32 {
        try Self.allocationWait(allocate: allocate, device: device)
    }

    /// The same for an allocate timeout read alone (allocate reads no other field).
    public static func allocationWait(allocate: UInt32, device: String) throws(HeaderValueError) -> UInt32 {
        let (wait, overflow) = allocate.multipliedReportingOverflow(by: 4)
        guard !overflow else {
            throw HeaderValueError(
                device: device, field: "timeout_allocate", value: allocate, use: "wait four rounds of it")
        }
        return wait
    }
}
