import CUdev

#if canImport(Glibc)
    import Glibc
#endif

/// Wakes a waiting `sbd watch` when udev announces a block device, so it
/// proceeds as soon as a device (or its /dev/disk/by-* symlink) appears.
/// Where no udevd runs the monitor hears nothing and the caller's periodic
/// re-check (at least once a second) still finds the device.
public final class DeviceMonitor {
    private let udev: OpaquePointer?
    private let monitor: OpaquePointer?
    private let fd: Int32

    public init() {
        udev = udev_new()
        // "udev" = events after udevd processed them, i.e. after the symlinks exist.
        monitor = udev.flatMap { udev_monitor_new_from_netlink($0, "udev") }
        if let monitor {
            _ = udev_monitor_filter_add_match_subsystem_devtype(monitor, "block", nil)
            _ = udev_monitor_enable_receiving(monitor)
            fd = udev_monitor_get_fd(monitor)
        } else {
            fd = -1
        }
    }

    deinit {
        if let monitor { udev_monitor_unref(monitor) }
        if let udev { udev_unref(udev) }
    }

    /// Waits up to `milliseconds` for block device events; true if any came.
    public func wait(milliseconds: Int64) -> Bool {
        guard fd >= 0, let monitor else {
            Kernel.sleep(milliseconds: milliseconds)
            return false
        }
        guard !waitReadable([fd], milliseconds: milliseconds).isEmpty else { return false }
        var heard = false
        while let device = udev_monitor_receive_device(monitor) {
            heard = true
            udev_device_unref(device)
        }
        return heard
    }

    /// Whether a path exists now (symlinks followed).
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}
