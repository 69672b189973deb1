import SBDPlatform

/// The two watchers of `sbd watch -P`, each a binary of its own.
enum ClusterWatcher: String, CaseIterable {
    case pacemaker, cluster

    var binary: String { "sbd-\(rawValue)-servant" }
}

/// Where `sbd watch -P` finds the watchers' binaries: beside this binary (a
/// build tree), else where the package installs them.
enum ClusterServantBinary {
    static let installedFolder = "/usr/libexec/sbd"

    /// The folder that holds both, or the installed path of one that is missing.
    static func locate() -> Result<String, MissingBinary> {
        var folders: [String] = []
        if let own = Files.linkTarget("/proc/self/exe"), let slash = own.lastIndex(of: "/") {
            folders.append(String(own[..<slash]))
        }
        folders.append(installedFolder)
        func holdsBoth(_ folder: String) -> Bool {
            ClusterWatcher.allCases.allSatisfy { Files.isExecutable("\(folder)/\($0.binary)") }
        }
        if let found = folders.first(where: holdsBoth) { return .success(found) }
        let missing = ClusterWatcher.allCases.first { !Files.isExecutable("\(installedFolder)/\($0.binary)") }
        return .failure(MissingBinary(path: "\(installedFolder)/\((missing ?? .pacemaker).binary)"))
    }

    struct MissingBinary: Error {
        let path: String
    }
}
