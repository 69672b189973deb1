import CSBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

/// Who in `sbd watch` locks which memory, and why.
///
/// - The inquisitor and the device servants lock everything they map, read
///   in up front (`mlockall(MCL_CURRENT|MCL_FUTURE)`): the inquisitor decides
///   every tickle and runs the fence (watchdog, flush, reboot(2), sysrq), a
///   device servant's late report is a vote lost; neither may wait for a page
///   from a disk, which may be the device that failed. Which lines of our
///   code and of the Swift runtime a fence runs cannot be listed page by
///   page, so all of it is the fence path: the binary with the runtime linked
///   in, libc, libm, libstdc++, libgcc_s and libudev, about 13 MB. They map
///   nothing else (no libsystemd: `ServiceNotifier`).
/// - The pacemaker and cluster watchers lock pages as they touch them
///   (`MCL_ONFAULT` too): their loop runs the same code every second, so
///   after their first rounds everything they use stays resident and never
///   pages in, while the bulk of what they map (pacemaker's libraries, glib,
///   libxml2, ...) is never read in at all. What they ask (pacemaker's CIB
///   manager, corosync) is a daemon of its own, and pacemaker's daemons are
///   not locked: a watcher stalled under memory pressure is late, which the
///   inquisitor counts as not healthy, never as healthy.
/// - The pacemaker watcher also unlocks the libraries pacemaker links that
///   its connection never calls (`pacemakerUnused`): VmLck counts a locked
///   mapping at its full size whether touched or not, and ICU's data alone
///   is 30 MB.
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
