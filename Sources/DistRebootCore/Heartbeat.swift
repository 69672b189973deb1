// A daemon's heartbeat record: what it says of its node. Whether the node is
// alive is not in it: that is the node's alive key, bound to an etcd lease
// that the daemon keeps renewing (NodeLiveness). Liveness is thus judged by
// etcd's clock alone; the writer's wall clock in `renewed` is only shown and
// compared to spot clock skew.

import QuotedText

public struct Heartbeat: Equatable, Sendable {
    public var node: String
    /// The writer's wall clock when it last wrote the record (seconds since the epoch).
    public var renewed: Int64
    /// Seconds the alive key outlives the daemon's last lease renewal.
    public var lifetime: Int64
    public var rebootRequired: Bool
    /// The node's /proc/sys/kernel/random/boot_id: a reboot is counted only when it changed.
    public var bootID: String
    /// The etcd member that runs on this node (0: none): its reboot takes that member down.
    public var memberID: UInt64
    /// Why this node, at the head of the reboot list, does not reboot yet.
    public var waiting: String?
    /// pacemaker engine: when the daemon stopped (its own clock at a clean
    /// stop, or a peer's that saw it gone); the record is forgotten a day later.
    public var stopped: Int64?

    public init(
        node: String, renewed: Int64, lifetime: Int64, rebootRequired: Bool = false, bootID: String = "",
        memberID: UInt64 = 0, waiting: String? = nil
    ) {
        self.node = node
        self.renewed = renewed
        self.lifetime = lifetime
        self.rebootRequired = rebootRequired
        self.bootID = bootID
        self.memberID = memberID
        self.waiting = waiting
    }

    /// Seconds a record outlives its node's last renewal before etcd forgets
    /// it: the manual's "more than a day old", counted from when it went stale.
    public static let forgetAfter: Int64 = 24 * 60 * 60

    /// Latest plausible wall-clock time: anything later is garbage, not a clock.
    static let latestRenewal: Int64 = 253_402_300_799  // 9999-12-31 23:59:59 UTC

    /// How often a daemon renews a heartbeat that lasts `lifetime` seconds:
    /// three times per lifetime, so two lost renewals still do not make it stale.
    public static func refreshInterval(lifetime: Int64) -> Int64 { max(1, lifetime / 3) }

    /// The value stored under the node's heartbeat key.
    public var encoded: String {
        var fields: [String: JSONValue] = [
            "renewed": .number(String(renewed)), "lifetime": .number(String(lifetime)),
            "reboot_required": .bool(rebootRequired), "boot_id": .string(bootID),
            "member": .string(String(memberID, radix: 16)),
        ]
        if let waiting { fields["waiting"] = .string(waiting) }
        if let stopped { fields["stopped"] = .number(String(stopped)) }
        return JSONValue.object(fields).serialized
    }

    /// Decodes a stored value, or says why it is not a heartbeat of ours.
    public static func decode(node: String, value: [UInt8]) -> Result<Heartbeat, HeartbeatUnreadable> {
        func unreadable(_ why: String) -> Result<Heartbeat, HeartbeatUnreadable> {
            .failure(HeartbeatUnreadable(reason: why))
        }
        guard let json = try? JSONValue.parse(value) else { return unreadable("not JSON") }
        guard case .number(let renewedText)? = json["renewed"], let renewed = Int64(renewedText) else {
            return unreadable("no renewal time")
        }
        guard renewed >= 0, renewed <= latestRenewal else {
            return unreadable("renewal time \(quoted(renewedText)) is out of range")
        }
        guard case .number(let lifetimeText)? = json["lifetime"], let lifetime = Int64(lifetimeText),
            lifetime >= 1, lifetime <= 86400
        else { return unreadable("no lifetime from 1 to 86400 s") }
        guard let bootID = json["boot_id"]?.stringValue, !bootID.isEmpty, bootID.utf8.count <= 64 else {
            return unreadable("no boot id")
        }
        guard let memberText = json["member"]?.stringValue, let memberID = UInt64(memberText, radix: 16) else {
            return unreadable("no etcd member id")
        }
        guard let rebootRequired = json["reboot_required"]?.boolValue else {
            return unreadable("no reboot-required flag")
        }
        var stopped: Int64?
        if let stoppedJSON = json["stopped"] {
            guard case .number(let text) = stoppedJSON, let value = Int64(text), value >= 0, value <= latestRenewal
            else { return unreadable("stop time out of range") }
            stopped = value
        }
        var heartbeat = Heartbeat(
            node: node, renewed: renewed, lifetime: lifetime, rebootRequired: rebootRequired, bootID: bootID,
            memberID: memberID, waiting: json["waiting"]?.stringValue)
        heartbeat.stopped = stopped
        return .success(heartbeat)
    }
}

public struct HeartbeatUnreadable: Error, Equatable, Sendable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}
