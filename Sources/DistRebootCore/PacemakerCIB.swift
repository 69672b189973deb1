// Where distreboot keeps its state in the CIB, and how it reads it back.
//
// - The reboot list: a cluster_property_set "distreboot" in crm_config with
//   two nvpairs, the list (JSON; empty: no list) and its version. Every change
//   is one `cibadmin --modify` whose XPath names the version it read: the CIB
//   manager applies it only if that version is still there (otherwise
//   "No such device or address"), in corosync's total order on every node: a
//   compare-and-swap. The set is created once with `cibadmin --create`, which
//   fails if it exists. It is never deleted, so versions only grow.
// - Each node's heartbeat record: a permanent node attribute
//   (distreboot-heartbeat, the Heartbeat JSON), written when the daemon starts,
//   when what it says changes, and when it stops: it survives the node leaving.
// - Each running daemon: a transient node attribute (distreboot-daemon = its
//   boot id), set once at start and removed at a clean stop; pacemaker drops
//   it when the node leaves the cluster. No periodic write. Whether the
//   daemon's process still runs is corosync's to say: every daemon is a
//   member of one process group (the shell's DaemonGroup).

public enum PacemakerCIB {
    public static let listSet = "distreboot"
    public static let listName = "distreboot-reboot-list"
    public static let versionName = "distreboot-reboot-list-version"
    public static let recordAttribute = "distreboot-heartbeat"
    public static let daemonAttribute = "distreboot-daemon"

    /// The list and its version from the CIB's crm_config (or the set alone);
    /// version 0 when the set does not exist yet.
    public static func list(in cib: XMLElement) -> (RebootListState, version: Int64) {
        let set =
            cib.name == "cluster_property_set"
            ? cib : cib.descendants("cluster_property_set").first { $0["id"] == listSet }
        guard let set else { return (.absent, 0) }
        let pairs = nvpairs(set)
        // An unreadable version cannot be compared-and-swapped: the list counts as corrupt at version -1,
        // and `repairXML` rewrites the set.
        guard let version = pairs[versionName].flatMap({ Int64($0) }), version > 0 else {
            return (.corrupt(modRevision: -1), -1)
        }
        let value = pairs[listName] ?? ""
        if value.isEmpty { return (.absent, version) }
        return (RebootListState.from(value: Array(value.utf8), modRevision: version), version)
    }

    /// The XPath that matches the set only while it is at `version`.
    public static func setAt(version: Int64) -> String {
        "/cib/configuration/crm_config/cluster_property_set[@id='\(listSet)']"
            + "[nvpair[@name='\(versionName)'][@value='\(version)']]"
    }

    /// The set holding `list` (nil: none) at `version`.
    public static func setXML(_ list: RebootList?, version: Int64) -> String {
        "<cluster_property_set id=\"\(listSet)\">"
            + "<nvpair id=\"\(listSet)-list\" name=\"\(listName)\" value=\"\(xmlAttributeEscaped(list?.encoded ?? ""))\"/>"
            + "<nvpair id=\"\(listSet)-version\" name=\"\(versionName)\" value=\"\(version)\"/>"
            + "</cluster_property_set>"
    }

    /// Per node (by uname): its heartbeat record and its running daemon's boot id.
    public static func daemons(in cib: XMLElement) -> (records: [String: String], running: [String: String]) {
        var records: [String: String] = [:]
        var running: [String: String] = [:]
        for node in cib.child("configuration")?.child("nodes")?.children("node") ?? [] {
            guard let name = node["uname"] else { continue }
            for set in node.children("instance_attributes") {
                if let value = nvpairs(set)[recordAttribute] { records[name] = value }
            }
        }
        for state in cib.child("status")?.children("node_state") ?? [] {
            guard let name = state["uname"] else { continue }
            for set in state.child("transient_attributes")?.children("instance_attributes") ?? [] {
                if let value = nvpairs(set)[daemonAttribute] { running[name] = value }
            }
        }
        return (records, running)
    }

    /// Each node with a record or a running daemon. Alive: the node is online
    /// in the cluster, a daemon of it is in the daemons' corosync process
    /// group (`inGroup`: corosync drops a daemon whose process ends), and its
    /// daemon attribute names the record's boot. A stale record is forgotten a
    /// day after it stopped.
    public static func liveness(
        records: [String: String], running: [String: String], online: Set<String>, inGroup: Set<String>, now: Int64
    ) -> [NodeLiveness] {
        Set(records.keys).union(running.keys).sorted().compactMap { node in
            guard let value = records[node] else {
                return NodeLiveness(node: node, state: .unreadable("no heartbeat record beside its daemon attribute"))
            }
            switch Heartbeat.decode(node: node, value: Array(value.utf8)) {
            case .failure(let unreadable):
                return NodeLiveness(node: node, state: .unreadable(unreadable.reason))
            case .success(let heartbeat):
                if online.contains(node), inGroup.contains(node), running[node] == heartbeat.bootID {
                    return NodeLiveness(node: node, state: .alive, heartbeat: heartbeat)
                }
                if let stopped = heartbeat.stopped, now - stopped > Heartbeat.forgetAfter { return nil }
                // Its heartbeat ended when the daemon stopped (as far as anyone saw).
                return NodeLiveness(node: node, state: .stale, heartbeat: heartbeat, expires: heartbeat.stopped)
            }
        }
    }

    private static func nvpairs(_ set: XMLElement) -> [String: String] {
        var pairs: [String: String] = [:]
        for pair in set.children("nvpair") {
            if let name = pair["name"] { pairs[name] = pair["value"] ?? "" }
        }
        return pairs
    }
}
