import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

/// Tells a device watcher when the path it opened may name something else
/// now, so that it walks the path (`BlockDevice.stillAtPath`, a fifth of an
/// idle watcher's CPU when done every loop) only then. inotify watches the
/// folder that holds the path and the folder that holds what it resolves to
/// (a /dev/disk/by-id link and its device node): a link replaced, a node
/// removed or re-created, a file deleted or moved is an event there. When
/// to check is the -P watchers' `RereadSchedule`: after a change, and after
/// `safetyInterval` without one, for a change that makes no event (a mount
/// over the path); without inotify, every loop checks.
public final class PathWatch {
    private let fd: Int32
    private var schedule: RereadSchedule
    /// Reads of the inotify descriptor that found events: the schedule's change count.
    private var changes: UInt64 = 0
    private let buffer = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 8)

    /// `safetyInterval`: milliseconds (the device watcher: ten loops).
    public init(path: String, safetyInterval: Int64) {
        schedule = RereadSchedule(minimumGap: 0, safetyInterval: safetyInterval)
        var folders = [Self.folder(of: path)]
        if let resolved = realpath(path, nil) {
            folders.append(Self.folder(of: String(cString: resolved)))
            free(resolved)
        }
        var fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        let events =
            UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB)
            | UInt32(IN_DELETE_SELF | IN_MOVE_SELF)
        for folder in Set(folders) where fd >= 0 && inotify_add_watch(fd, folder, events) < 0 {
            close(fd)
            fd = -1
        }
        self.fd = fd
    }

    deinit {
        if fd >= 0 { close(fd) }
        buffer.deallocate()
    }

    /// Whether this loop must check the path at `now` (monotonic
    /// milliseconds): something changed in a watched folder since the last
    /// check, or the safety interval is up. The events are read before the
    /// caller checks, so a change during the check makes the next loop check.
    public func mustCheck(at now: Int64) -> Bool {
        guard fd >= 0 else { return true }
        if drain() { changes += 1 }
        guard schedule.isDue(changes: changes, at: now) else { return false }
        schedule.read(changes: changes, at: now)
        return true
    }

    /// Reads every pending event; true if there was one (an overflow, or a
    /// watch the kernel dropped, counts as one too) or reading failed.
    private func drain() -> Bool {
        var any = false
        while true {
            let got = read(fd, buffer, 4096)
            if got > 0 {
                any = true
                continue
            }
            return any || (got < 0 && errno != EAGAIN && errno != EINTR)
        }
    }

    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
