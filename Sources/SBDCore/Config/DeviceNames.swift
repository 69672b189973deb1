/// Kernel device names such as /dev/sdb1 are handed out in probe order and
/// can point at another disk after a reboot or a rescan; writing fencing
/// messages to the wrong disk destroys data. Stable names live under
/// /dev/disk/by-id, by-path, by-uuid, or are multipath/LVM aliases.
public enum DeviceNames {
    static let unstablePrefixes = ["sd", "vd", "hd", "xvd", "nvme", "mmcblk", "dm-", "loop"]

    /// A warning for an unstable name, or nil.
    public static func unstableNameWarning(_ path: String) -> String? {
        guard path.hasPrefix("/dev/") else { return nil }
        let name = path.dropFirst(5)
        guard !name.contains("/"),
            let prefix = unstablePrefixes.first(where: { name.hasPrefix($0) }),
            name.count > prefix.count
        else { return nil }
        return "\(path) is a kernel name that can change between boots (another disk may get it);"
            + " use a stable name such as /dev/disk/by-id/... in SBD_DEVICE"
    }
}
