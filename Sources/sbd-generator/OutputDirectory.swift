import SBDCore

#if canImport(Glibc)
    import Glibc
#endif

/// The generator's output directory (the "normal" one: its drop-ins rank
/// below the administrator's in /etc, so theirs win).
struct OutputDirectory {
    let path: String

    /// Writes every file under a temporary name first and renames them only
    /// when all were written: either all drop-ins appear or none. Returns
    /// what went wrong, if anything.
    func write(_ files: [GeneratedFile]) -> String? {
        var written: [(temporary: String, final: String)] = []
        for file in files {
            let final = "\(path)/\(file.relativePath)"
            let temporary = "\(final).tmp"
            if let failure = makeParent(of: file.relativePath) ?? create(temporary, file.text) {
                for leftover in written { unlink(leftover.temporary) }
                return failure
            }
            written.append((temporary, final))
        }
        for file in written where rename(file.temporary, file.final) != 0 {
            return "cannot rename \(file.temporary): \(String(cString: strerror(errno)))"
        }
        return nil
    }

    private func makeParent(of relativePath: String) -> String? {
        guard let slash = relativePath.lastIndex(of: "/") else { return nil }
        let directory = "\(path)/\(relativePath[..<slash])"
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            return "cannot create \(directory): \(String(cString: strerror(errno)))"
        }
        return nil
    }

    private func create(_ file: String, _ text: String) -> String? {
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { return "cannot create \(file): \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        var bytes = Array(text.utf8)
        let done = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard done == bytes.count else {
            unlink(file)
            return "cannot write \(file): \(String(cString: strerror(errno)))"
        }
        return nil
    }
}
