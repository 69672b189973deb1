import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

/// Where the generator's messages go. Run by the system manager
/// (SYSTEMD_SCOPE=system, set since systemd 251), there is no syslog or
/// journal to talk to yet: systemd.generator(7) asks generators to write to
/// /dev/kmsg, which journald later picks up. Run by hand, stderr.
struct GeneratorLog {
    /// syslog's LOG_DAEMON, in the priority prefix /dev/kmsg takes.
    private static let daemonFacility: Int32 = 3 << 3
    private let kmsg: Int32?

    init(environment: [String: String]) {
        if environment["SYSTEMD_SCOPE"] == "system" {
            let fd = open("/dev/kmsg", O_WRONLY | O_NOCTTY | O_CLOEXEC)
            kmsg = fd >= 0 ? fd : nil
        } else {
            kmsg = nil
        }
    }

    func write(_ message: GeneratorMessage) {
        if let kmsg {
            // One write is one record; the kernel cuts records at about 1 kB.
            let priority = Self.daemonFacility | message.level.rawValue
            let record = "<\(priority)>sbd-generator[\(getpid())]: \(message.text)\n"
            if put(record, to: kmsg) { return }
        }
        _ = put("sbd-generator: \(message.text)\n", to: STDERR_FILENO)
    }

    private func put(_ text: String, to fd: Int32) -> Bool {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count
    }
}
