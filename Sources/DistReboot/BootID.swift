// The kernel's id of the current boot: a node counts as rebooted only when
// it changed since the node began its reboot.

import DistRebootCore
import Glibc

enum BootID {
    static let kernelPath = "/proc/sys/kernel/random/boot_id"

    static func read(_ path: String) throws(SystemError) -> String {
        let text = try Files.read(path)?.trimmingCharacters(in: " \n\t") ?? ""
        guard !text.isEmpty, text.utf8.count <= 64 else {
            throw SystemError(
                "\(path): no boot id there; distreboot needs it to tell a reboot from a restart", errno: ENOENT)
        }
        return text
    }
}
