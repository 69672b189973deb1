import CSBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

/// Who in `sbd watch` locks which memory, and why. (Measured per mapping
/// with bench/pacemaker BENCH_DETAIL=N, from /proc/PID/smaps.)
///
/// - The inquisitor and the device servants lock everything they map, read
///   in up front (`mlockall(MCL_CURRENT|MCL_FUTURE)`): the inquisitor decides
///   every tickle and runs the fence (watchdog, flush, reboot(2), sysrq), a
///   device servant's late report is a vote lost; neither may wait for a page
///   from a disk, which may be the device that failed. `MCL_ONFAULT` with the
///   fence path pre-faulted would need that path listed page by page, in our
///   code and in the Swift runtime linked into the binary; it cannot be, so
///   all of it counts as the fence path: the binary, libc, libm, libstdc++,
///   libgcc_s and libudev, about 13 MB a process. They map nothing else (no
///   libsystemd: `ServiceNotifier`). tests/integration/sbd-memory-pressure.sh
///   squeezes them.
/// - Every locking process then unlocks the whole pages of its program's
///   sections that nothing reads once it runs (`csbd_make_realtime`): the
///   dynamic relocations, applied by the loader before `main`, and the
///   unwind tables, read only to unwind a crash (Swift's errors are return
///   values; no thread of ours is cancelled). About 1.4 MB of each
///   process's 14 MB in the package's build.
/// - The pacemaker and cluster watchers lock pages as they touch them
///   (`MCL_ONFAULT` too): their loop runs the same code every second, so
///   after their first rounds everything they use stays resident and never
///   pages in, while the bulk of what they map (pacemaker's libraries, glib,
///   libxml2, corosync's 2 MB IPC rings) is never read in at all. What they
///   ask (pacemaker's CIB manager, corosync) is a daemon of its own, and
///   pacemaker's daemons are not locked: a watcher stalled under memory
///   pressure is late, which the inquisitor counts as not healthy, never as
///   healthy. The pacemaker watcher's reader thread (the CIB) runs at normal
///   priority; its reporting thread is the real-time one.
/// - The watchers also unlock the libraries mapped with pacemaker's and
///   corosync's that they never call (`pacemakerUnused`, `journalUnused`):
///   VmLck counts a locked mapping at its full size whether touched or not,
///   and ICU's data alone is 30 MB. Should one be called after all, its
///   pages come in from disk like any other process's: the watcher is late,
///   nothing worse.
public enum MemoryLocking {
    /// Libraries mapped by pacemaker's libraries that a local, read-only CIB
    /// connection never calls: ICU (libxml2 converts non-UTF-8 encodings
    /// with it; the CIB is UTF-8), the TLS stack (gnutls and what it links:
    /// the CIB's remote TLS client and pacemaker_remote only), and
    /// `journalUnused` (libxml2 also links lzma, to read compressed files).
    public static let pacemakerUnused =
        [
            "libicudata", "libicuuc", "libgnutls", "libp11-kit", "libidn2", "libunistring", "libtasn1", "libnettle",
            "libhogweed", "libgmp", "libffi",
        ] + journalUnused

    /// libsystemd's compression and crypto, mapped where libqb (corosync's
    /// and pacemaker's IPC) links libsystemd for the journal: compressing
    /// and sealing are journald's side, never the client's.
    public static let journalUnused = ["libgcrypt", "libgpg-error", "libzstd", "liblz4", "liblzma"]

    /// Threads started from now on share the main malloc arena: with
    /// MCL_FUTURE, an arena of their own would add 64 MB of locked address space.
    public static func shareMallocArena() { csbd_single_malloc_arena() }

    /// munlock(2)s every mapping of the libraries whose file names start with
    /// one of `names`; returns the bytes unlocked, or nil if /proc/self/maps
    /// could not be read.
    @discardableResult
    public static func unlock(libraries names: [String]) -> Int? {
        var pointers = names.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        let result = pointers.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) {
                csbd_unlock_libraries($0, Int32(buffer.count))
            }
        }
        return result >= 0 ? result : nil
    }
}
