import SBDPlatform

/// Where `sbd watch -P` finds sbd-cluster-servant: beside this binary (a
/// build tree), else where the package installs it.
enum ClusterServantBinary {
    static let installed = "/usr/libexec/sbd/sbd-cluster-servant"

    static func locate() -> String? {
        var candidates: [String] = []
        if let own = Files.linkTarget("/proc/self/exe"), let slash = own.lastIndex(of: "/") {
            candidates.append(String(own[..<slash]) + "/sbd-cluster-servant")
        }
        candidates.append(installed)
        return candidates.first { Files.isExecutable($0) }
    }
}
