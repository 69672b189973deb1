/// The four timeouts stored in a device header, in seconds. They are shared by
/// every node that uses the device, which is why they live on disk.
public struct DiskTimeouts: Equatable, Sendable {
    public var watchdog: UInt32
    public var allocate: UInt32
    public var loop: UInt32
    public var msgwait: UInt32

    public init(watchdog: UInt32, allocate: UInt32, loop: UInt32, msgwait: UInt32) {
        self.watchdog = watchdog
        self.allocate = allocate
        self.loop = loop
        self.msgwait = msgwait
    }

    /// What `create` writes when no `-1`..`-4` is given.
    public static let defaults = DiskTimeouts(watchdog: 5, allocate: 2, loop: 1, msgwait: 10)
}
