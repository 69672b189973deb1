import CSBDPlatform
import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

/// An open SBD device, block device or regular file, doing whole-sector I/O
/// that never blocks the caller longer than the I/O timeout.
public final class BlockDevice {
    public let path: String
    public let sectorSize: Int
    public let byteCount: UInt64
    public let usesDirectIO: Bool
    public let isBlockDevice: Bool
    /// The file descriptor number (printed by `create`, as sbd does).
    public let descriptor: Int32
    let ioTimeoutSeconds: UInt32
    let aio: OpaquePointer?
    /// What the descriptor refers to, from open time: an open file keeps its identity.
    private let opened: stat

    /// Opens `path`; regular files count as devices with 512-byte sectors.
    public init(path: String, writable: Bool, ioTimeoutSeconds: UInt32) throws(DeviceError) {
        var direct: Int32 = 0
        let fd = csbd_open_device(path, writable ? 1 : 0, &direct)
        if fd == -EISDIR { throw .isDirectory(path: path) }
        guard fd >= 0 else { throw .openFailed(path: path, errno: -fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw .openFailed(path: path, errno: code)
        }
        let type = info.st_mode & S_IFMT
        var sectorSize = 512
        var byteCount = UInt64(info.st_size)
        switch type {
        case S_IFBLK:
            var size: Int32 = 0
            var bytes: UInt64 = 0
            let sizeResult = csbd_logical_sector_size(fd, &size)
            let bytesResult = csbd_block_device_bytes(fd, &bytes)
            guard sizeResult == 0, bytesResult == 0 else {
                close(fd)
                throw .ioFailed(path: path, operation: "ioctl", errno: -(sizeResult != 0 ? sizeResult : bytesResult))
            }
            guard size >= 512, size.nonzeroBitCount == 1 else {
                close(fd)
                throw .unusableSectorSize(path: path, size: Int(size))
            }
            sectorSize = Int(size)
            byteCount = bytes
        case S_IFREG:
            break
        case S_IFDIR:
            close(fd)
            throw .isDirectory(path: path)
        default:
            close(fd)
            throw .unsupportedFileType(path: path)
        }
        self.path = path
        self.descriptor = fd
        self.sectorSize = sectorSize
        self.byteCount = byteCount
        self.usesDirectIO = direct != 0
        self.isBlockDevice = type == S_IFBLK
        self.ioTimeoutSeconds = ioTimeoutSeconds
        self.aio = csbd_aio_create()
        self.opened = info
    }

    /// Set in short-lived worker processes: each AIO context is then left to
    /// the kernel's clean-up at process exit. `io_destroy` waits for an RCU
    /// grace period (tens of milliseconds) before it returns, and a worker
    /// would wait that long before it could hand in its answer.
    nonisolated(unsafe) public static var leavesAIOContextToExit = false

    deinit {
        if !Self.leavesAIOContextToExit { csbd_aio_destroy(aio) }
        close(descriptor)
    }

    /// Whether `path` still names what is open: a path that vanished, or
    /// that now leads to another device, must not keep a node alive.
    public func stillAtPath() -> Bool {
        var named = stat()
        guard stat(path, &named) == 0 else { return false }
        if isBlockDevice { return named.st_rdev == opened.st_rdev }
        return named.st_dev == opened.st_dev && named.st_ino == opened.st_ino
    }

    /// Reads `count` sectors starting at `sector`.
    public func read(sector: Int, count: Int) throws(DeviceError) -> [UInt8] {
        let length = count * sectorSize
        let buffer = try AlignedBuffer(length: length, alignment: sectorSize, path: path)
        let got = try transfer(write: false, buffer: buffer, offset: UInt64(sector * sectorSize), operation: "read")
        guard got == length else {
            throw .shortTransfer(path: path, operation: "read", expected: length, got: got)
        }
        return buffer.bytes()
    }

    /// Writes whole sectors starting at `sector`.
    public func write(sector: Int, bytes: [UInt8]) throws(DeviceError) {
        precondition(bytes.count % sectorSize == 0, "writes are whole sectors")
        let buffer = try AlignedBuffer(length: bytes.count, alignment: sectorSize, path: path)
        buffer.fill(with: bytes)
        let got = try transfer(write: true, buffer: buffer, offset: UInt64(sector * sectorSize), operation: "write")
        guard got == bytes.count else {
            throw .shortTransfer(path: path, operation: "write", expected: bytes.count, got: got)
        }
    }

    func transfer(write: Bool, buffer: AlignedBuffer, offset: UInt64, operation: String) throws(DeviceError)
        -> Int
    {
        // -I 0 leaves no time for any I/O: sbd 1.5 then fails every one, and
        // so does this, rather than by the luck of a racing completion.
        guard ioTimeoutSeconds > 0 else { throw .timedOut(path: path, operation: operation, seconds: 0) }
        let result: Int
        if let aio {
            let timeoutMs = Int32(clamping: Int(ioTimeoutSeconds) * 1000)
            result = csbd_aio_transfer(
                aio, descriptor, write ? 1 : 0, buffer.pointer, buffer.length, offset, timeoutMs)
            if result == -Int(ETIMEDOUT) {
                // The kernel may still write into the buffer: it must outlive us.
                buffer.abandon()
                throw .timedOut(path: path, operation: operation, seconds: ioTimeoutSeconds)
            }
        } else {
            let done =
                write
                ? pwrite(descriptor, buffer.pointer, buffer.length, off_t(offset))
                : pread(descriptor, buffer.pointer, buffer.length, off_t(offset))
            result = done < 0 ? -Int(errno) : done
        }
        guard result >= 0 else { throw .ioFailed(path: path, operation: operation, errno: Int32(-result)) }
        return result
    }
}

/// Memory aligned for O_DIRECT.
final class AlignedBuffer {
    let pointer: UnsafeMutableRawPointer
    let length: Int
    private var abandoned = false

    init(length: Int, alignment: Int, path: String) throws(DeviceError) {
        var memory: UnsafeMutableRawPointer?
        let code = posix_memalign(&memory, max(alignment, 4096), max(length, 1))
        guard code == 0, let memory else { throw .ioFailed(path: path, operation: "buffer allocation", errno: code) }
        memset(memory, 0, length)
        self.pointer = memory
        self.length = length
    }

    func fill(with bytes: [UInt8]) {
        bytes.withUnsafeBytes { source in
            pointer.copyMemory(from: source.baseAddress!, byteCount: bytes.count)
        }
    }

    func bytes() -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: pointer, count: length))
    }

    /// Leaks the memory: an I/O still in flight may write into it.
    func abandon() { abandoned = true }

    deinit {
        if !abandoned { free(pointer) }
    }
}
