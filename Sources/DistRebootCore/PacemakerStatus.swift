// The cluster as `crm_mon --output-as=xml` shows it, reduced to what a
// rolling reboot decides on, and the health gate of the pacemaker engine:
// no node reboots while another node is offline, unclean or joining,
// fencing is pending, the cluster or a node is in maintenance, or a resource
// is failed or blocked.

public struct PacemakerNode: Equatable, Sendable {
    public var name: String
    /// The corosync node id.
    public var id: UInt32
    public var online: Bool
    public var standby: Bool
    public var maintenance: Bool
    public var pending: Bool
    public var unclean: Bool
    public var resourcesRunning: Int

    public init(
        name: String, id: UInt32 = 0, online: Bool = true, standby: Bool = false, maintenance: Bool = false,
        pending: Bool = false, unclean: Bool = false, resourcesRunning: Int = 0
    ) {
        self.name = name
        self.id = id
        self.online = online
        self.standby = standby
        self.maintenance = maintenance
        self.pending = pending
        self.unclean = unclean
        self.resourcesRunning = resourcesRunning
    }
}

public struct PacemakerResource: Equatable, Sendable {
    public var id: String
    public var active: Bool
    public var failed: Bool
    public var blocked: Bool
    /// Where it runs.
    public var nodes: [String]

    public init(id: String, active: Bool, failed: Bool = false, blocked: Bool = false, nodes: [String] = []) {
        self.id = id
        self.active = active
        self.failed = failed
        self.blocked = blocked
        self.nodes = nodes
    }
}

/// A failed action in the cluster's history.
public struct PacemakerFailure: Equatable, Sendable {
    public var operation: String
    public var node: String
    /// When it happened (seconds since the epoch), if it could be read.
    public var changed: Int64?

    public init(operation: String, node: String, changed: Int64?) {
        self.operation = operation
        self.node = node
        self.changed = changed
    }
}

public struct PacemakerStatus: Equatable, Sendable {
    public var dc: String?
    public var quorate: Bool
    public var maintenanceMode: Bool
    public var nodes: [PacemakerNode]
    public var resources: [PacemakerResource]
    public var failures: [PacemakerFailure]
    /// Targets of fencing actions not finished yet.
    public var pendingFencing: [String]

    public init(
        dc: String?, quorate: Bool, maintenanceMode: Bool = false, nodes: [PacemakerNode],
        resources: [PacemakerResource] = [], failures: [PacemakerFailure] = [], pendingFencing: [String] = []
    ) {
        self.dc = dc
        self.quorate = quorate
        self.maintenanceMode = maintenanceMode
        self.nodes = nodes
        self.resources = resources
        self.failures = failures
        self.pendingFencing = pendingFencing
    }

    public func node(_ name: String) -> PacemakerNode? { nodes.first { $0.name == name } }

    /// What keeps `node` from going down now, besides quorum, the DC and the
    /// other daemons (checked by RebootSafety); `own` standby is expected.
    public func healthProblems(rebooting node: String) -> [String] {
        var problems: [String] = []
        if maintenanceMode { problems.append("the cluster is in maintenance mode") }
        for other in nodes where other.name != node {
            if other.unclean {
                problems.append("\(other.name) is unclean (fencing needed)")
            } else if !other.online {
                problems.append("\(other.name) is offline")
            } else if other.pending {
                problems.append("\(other.name) is joining (pending)")
            } else if other.standby {
                problems.append("\(other.name) is in standby")
            }
            if other.maintenance { problems.append("\(other.name) is in maintenance") }
        }
        if !pendingFencing.isEmpty {
            problems.append("fencing is pending for " + Set(pendingFencing).sorted().joined(separator: ", "))
        }
        for resource in resources where resource.failed || resource.blocked {
            let where_ = resource.nodes.isEmpty ? "" : " on " + resource.nodes.joined(separator: ", ")
            problems.append("resource \(resource.id) is \(resource.failed ? "failed" : "blocked")\(where_)")
        }
        return problems
    }

    /// Failed actions that happened at or after `since` (an unreadable time counts as new).
    public func failures(since: Int64) -> [PacemakerFailure] {
        failures.filter { ($0.changed ?? since) >= since }
    }

    public static func parse(crmMon text: String) throws(XMLError) -> PacemakerStatus {
        let root = try XMLElement.parse(text)
        guard let summary = root.child("summary") else { throw XMLError(message: "crm_mon: no <summary>") }
        let dcElement = summary.child("current_dc")
        let dc = dcElement?["present"] == "true" ? dcElement?["name"] : nil
        let options = summary.child("cluster_options")
        let nodes = (root.child("nodes")?.children("node") ?? []).map { node in
            PacemakerNode(
                name: node["name"] ?? "", id: UInt32(node["id"] ?? "") ?? 0, online: node["online"] == "true",
                standby: node["standby"] == "true",
                maintenance: node["maintenance"] == "true", pending: node["pending"] == "true",
                unclean: node["unclean"] == "true", resourcesRunning: Int(node["resources_running"] ?? "") ?? 0)
        }
        // Primitives, wherever they sit (groups, clones, bundles).
        let resources = (root.child("resources")?.descendants("resource") ?? []).map { r in
            PacemakerResource(
                id: r["id"] ?? "", active: r["active"] == "true", failed: r["failed"] == "true",
                blocked: r["blocked"] == "true", nodes: r.children("node").compactMap { $0["name"] })
        }
        let failures = (root.child("failures")?.children("failure") ?? []).map { f in
            PacemakerFailure(
                operation: f["op_key"] ?? f["task"] ?? "?", node: f["node"] ?? "?",
                changed: f["last-rc-change"].flatMap(TimeFormat.parseUTC))
        }
        let pending = (root.child("fence_history")?.children("fence_event") ?? []).filter {
            $0["status"] == "pending"
        }.compactMap { $0["target"] }
        return PacemakerStatus(
            dc: dc, quorate: dcElement?["with_quorum"] == "true",
            maintenanceMode: options?["maintenance-mode"] == "true", nodes: nodes, resources: resources,
            failures: failures, pendingFencing: pending)
    }
}
