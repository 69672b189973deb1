import SBDPlatform

/// Where `sbd watch -P` finds its pacemaker and cluster watchers
/// (sbd-pacemaker-servant, sbd-cluster-servant): beside this binary (a build
/// tree), else where the package installs them.
enum ClusterServantBinary {
    static let installedFolder = "/usr/libexec/sbd"
    static let names = ["pacemaker": "sbd-pacemaker-servant", "cluster": "sbd-cluster-servant"]

    /// The folder that holds both, or the installed path of the one missing.
    static func locate() -> Result<String, MissingBinary> {
        var folders: [String] = []
        if let own = Files.linkTarget("/proc/self/exe"), let slash = own.lastIndex(of: "/") {
            folders.append(String(own[..<slash]))
        }
        folders.append(installedFolder)
        if let found = folders.first(where: { folder in
            names.values.allSatisfy { Files.isExecutable("\(folder)/\($0)") }
        }) {
            return .success(found)
        }
        let missing =
            names.values.sorted().first { !Files.isExecutable("\(installedFolder)/\($0)") } ?? names["cluster"]!
        return .failure(MissingBinary(path: "\(installedFolder)/\(missing)"))
    }

    struct MissingBinary: Error {
        let path: String
    }
}
