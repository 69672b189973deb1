// Writes the Prometheus text file so that node_exporter never reads half of
// it: into a temporary file beside it, then rename(2) over the old one.

import Glibc

struct MetricsFile: Sendable {
    let path: String

    func write(_ text: String) throws(SystemError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError("open \(temporary)") }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in
                retryingEINTR { Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset) }
            }
            guard n > 0 else {
                let error = SystemError("write \(temporary)")
                close(fd)
                unlink(temporary)
                throw error
            }
            offset += n
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = SystemError("rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
    }
}
