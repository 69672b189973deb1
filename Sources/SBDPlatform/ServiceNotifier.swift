import CSBDPlatform

#if canImport(Glibc)
    import Glibc
#endif

/// Tells systemd how start-up goes (sbd.service is Type=notify). Without
/// NOTIFY_SOCKET (no systemd, or a manual start) every call does nothing.
/// The protocol is one datagram (sd_notify(3) documents it as stable); sent
/// by our own few lines rather than libsystemd, which would map its
/// compression and crypto libraries (gcrypt, zstd, lzma, lz4: 3.4 MB) into
/// every locked process of the daemon for this one call.
public struct ServiceNotifier: Sendable {
    public let enabled: Bool

    public init(environment: [String: String]) {
        enabled = environment["NOTIFY_SOCKET"] != nil
    }

    /// "Waiting for devices ..." in `systemctl status sbd`.
    public func status(_ text: String) {
        send("STATUS=\(text.replacingNewlines())")
    }

    /// Moves systemd's start timeout so that a wait it knows about cannot fail the start.
    public func extendTimeout(bySeconds seconds: Int64) {
        send("EXTEND_TIMEOUT_USEC=\(max(seconds, 1) * 1_000_000)")
    }

    public func ready(status text: String) {
        send("READY=1\nMAINPID=\(getpid())\nSTATUS=\(text.replacingNewlines())")
    }

    public func stopping() {
        send("STOPPING=1")
    }

    private func send(_ state: String) {
        guard enabled else { return }
        _ = csbd_notify(state)
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(map { $0 == "\n" ? " " : $0 })
    }
}
