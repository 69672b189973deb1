import CSBDPlatform
import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

/// What a device watcher reads every loop: the header (sector 0) and its
/// slot with the mailbox behind it. Both ranges go to the kernel in one AIO
/// submission, so a loop waits for the device once rather than once per
/// range, into buffers allocated once; the caller compares the bytes in
/// place and decodes only what changed. Idle, a loop then costs a few
/// system calls and no allocation.
public final class WatchedSectors {
    private let device: BlockDevice
    private let header: AlignedBuffer
    private let slot: AlignedBuffer
    /// csbd_aio_read_batch's arguments, built once.
    private let buffers: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private let lengths: UnsafeMutablePointer<Int>
    private let offsets: UnsafeMutablePointer<UInt64>
    private let results: UnsafeMutablePointer<Int>

    public init(_ device: SBDDevice, slot index: Int) throws(DeviceError) {
        let device = device.device
        let size = device.sectorSize
        self.device = device
        header = try AlignedBuffer(length: size, alignment: size, path: device.path)
        slot = try AlignedBuffer(length: 2 * size, alignment: size, path: device.path)
        buffers = .allocate(capacity: 2)
        lengths = .allocate(capacity: 2)
        offsets = .allocate(capacity: 2)
        results = .allocate(capacity: 2)
        buffers[0] = header.pointer
        buffers[1] = slot.pointer
        lengths[0] = header.length
        lengths[1] = slot.length
        offsets[0] = 0
        offsets[1] = UInt64(DiskLayout.slotSector(index) * size)
    }

    deinit {
        buffers.deallocate()
        lengths.deallocate()
        offsets.deallocate()
        results.deallocate()
    }

    /// Reads the header, the slot and the mailbox; each wait is bounded by
    /// the I/O timeout (-I), as each serial read was.
    public func read() throws(DeviceError) {
        let path = device.path
        guard device.ioTimeoutSeconds > 0 else { throw .timedOut(path: path, operation: "read", seconds: 0) }
        guard let aio = device.aio else {
            for (index, buffer) in [header, slot].enumerated() {
                let got = try device.transfer(write: false, buffer: buffer, offset: offsets[index], operation: "read")
                guard got == buffer.length else {
                    throw .shortTransfer(path: path, operation: "read", expected: buffer.length, got: got)
                }
            }
            return
        }
        let code = csbd_aio_read_batch(
            aio, device.descriptor, 2, buffers, lengths, offsets, results,
            Int32(clamping: Int(device.ioTimeoutSeconds) * 1000))
        if code == -Int(ETIMEDOUT) {
            // The kernel may still write into the buffers: they must outlive us.
            header.abandon()
            slot.abandon()
            throw .timedOut(path: path, operation: "read", seconds: device.ioTimeoutSeconds)
        }
        guard code >= 0 else { throw .ioFailed(path: path, operation: "read", errno: Int32(-code)) }
        for index in 0..<2 {
            guard results[index] >= 0 else {
                throw .ioFailed(path: path, operation: "read", errno: Int32(-results[index]))
            }
            guard results[index] == lengths[index] else {
                throw .shortTransfer(path: path, operation: "read", expected: lengths[index], got: results[index])
            }
        }
    }

    /// Sector 0 as last read.
    public var headerBytes: [UInt8] { header.bytes() }
    /// The slot sector and its mailbox sector as last read.
    public var slotBytes: [UInt8] { slot.bytes() }

    public func header(equals bytes: [UInt8]) -> Bool { header.holds(bytes) }
    public func slot(equals bytes: [UInt8]) -> Bool { slot.holds(bytes) }
}

extension AlignedBuffer {
    /// Whether the buffer holds exactly `bytes`, compared in place.
    func holds(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == length else { return false }
        return bytes.withUnsafeBytes { memcmp($0.baseAddress!, pointer, length) == 0 }
    }
}
