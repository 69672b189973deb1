// etcd v3 through its JSON gateway: the handful of calls distreboot makes.
// Keys and values travel base64-encoded; int64s arrive as strings; fields
// with default values (false, 0, PUT) are left out of responses.

import DistRebootCore

public struct EtcdError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

public struct KeyValue: Equatable, Sendable {
    public var key: String
    public var value: [UInt8]
    public var modRevision: Int64
    /// The lease the key is bound to (0: none).
    public var lease: Int64 = 0
}

public struct MemberStatus: Equatable, Sendable {
    public var memberID: UInt64
    /// 0 when the member knows no leader: it is not part of a quorum.
    public var leaderID: UInt64
    public var version: String
}

public struct Member: Equatable, Sendable {
    public var id: UInt64
    public var name: String
    /// Empty while the member was added but has not started.
    public var clientURLs: [String] = []
}

/// One change seen by a watch.
public enum WatchEvent: Equatable, Sendable {
    case put(KeyValue)
    case delete(key: String, modRevision: Int64)
}

/// A compare in a transaction: the key's create or mod revision equals a value.
public enum EtcdCompare: Sendable {
    case createRevision(key: String, equals: Int64)
    case modRevision(key: String, equals: Int64)

    var json: JSONValue {
        switch self {
        case .createRevision(let key, let value):
            return .object([
                "key": .string(Base64.encode(key)), "target": .string("CREATE"), "result": .string("EQUAL"),
                "create_revision": .string(String(value)),
            ])
        case .modRevision(let key, let value):
            return .object([
                "key": .string(Base64.encode(key)), "target": .string("MOD"), "result": .string("EQUAL"),
                "mod_revision": .string(String(value)),
            ])
        }
    }
}

public enum EtcdOperation: Sendable {
    /// A put; `lease` 0 leaves the key bound to no lease.
    case put(key: String, value: String, lease: Int64 = 0)
    case delete(key: String)

    var json: JSONValue {
        switch self {
        case .put(let key, let value, let lease):
            var put: [String: JSONValue] = ["key": .string(Base64.encode(key)), "value": .string(Base64.encode(value))]
            if lease != 0 { put["lease"] = .string(String(lease)) }
            return .object(["request_put": .object(put)])
        case .delete(let key):
            return .object(["request_delete_range": .object(["key": .string(Base64.encode(key))])])
        }
    }
}

public struct EtcdClient: Sendable {
    public let http: HTTPClient
    public var endpoint: Endpoint { http.endpoint }

    public init(endpoint: Endpoint, timeoutMilliseconds: Int64 = 5000) {
        http = HTTPClient(endpoint: endpoint, timeoutMilliseconds: timeoutMilliseconds)
    }

    private func call(_ path: String, _ body: JSONValue) throws(EtcdError) -> JSONValue {
        let response: HTTPResponse
        do {
            response = try http.post(path, json: body.serialized)
        } catch {
            throw EtcdError(message: error.message)
        }
        guard let json = try? JSONValue.parse(response.body) else {
            throw EtcdError(message: "\(endpoint)\(path): HTTP \(response.status), not JSON")
        }
        guard response.status == 200 else {
            let message = json["message"]?.stringValue ?? json["error"]?.stringValue ?? "HTTP \(response.status)"
            throw EtcdError(message: "\(endpoint): \(message)")
        }
        return json
    }

    /// Reads one key, or every key under a prefix. Linearizable unless
    /// `serializable`: a serializable read is answered by the local member
    /// alone, even without quorum.
    public func range(key: String, prefix: Bool = false, serializable: Bool = false) throws(EtcdError) -> (
        [KeyValue], revision: Int64
    ) {
        var body: [String: JSONValue] = ["key": .string(Base64.encode(key))]
        if prefix { body["range_end"] = .string(Base64.encode(Keys.rangeEnd(ofPrefix: key))) }
        if serializable { body["serializable"] = .bool(true) }
        let json = try call("/v3/kv/range", .object(body))
        let revision = json["header"]?["revision"]?.int64Value ?? 0
        let kvs = try (json["kvs"]?.arrayValue ?? []).map { (kv) throws(EtcdError) in try keyValue(kv) }
        return (kvs, revision)
    }

    /// Deletes one key; returns how many keys were deleted.
    @discardableResult
    public func delete(key: String) throws(EtcdError) -> Int64 {
        let json = try call("/v3/kv/deleterange", .object(["key": .string(Base64.encode(key))]))
        return json["deleted"]?.int64Value ?? 0
    }

    /// Runs `success` if every compare holds; true if it did.
    public func transaction(compare: [EtcdCompare], success: [EtcdOperation]) throws(EtcdError) -> Bool {
        try transact(compare: compare, success: success).succeeded
    }

    /// As `transaction`, with the revision the cluster is at after it (the
    /// new mod revision of the keys it wrote, when it succeeded).
    public func transact(compare: [EtcdCompare], success: [EtcdOperation]) throws(EtcdError) -> (
        succeeded: Bool, revision: Int64
    ) {
        let json = try call(
            "/v3/kv/txn", .object(["compare": .array(compare.map(\.json)), "success": .array(success.map(\.json))]))
        return (json["succeeded"]?.boolValue ?? false, json["header"]?["revision"]?.int64Value ?? 0)
    }

    /// The local member's view: its id and the leader it follows.
    public func status() throws(EtcdError) -> MemberStatus {
        let json = try call("/v3/maintenance/status", .object([:]))
        return MemberStatus(
            memberID: json["header"]?["member_id"]?.uint64Value ?? 0, leaderID: json["leader"]?.uint64Value ?? 0,
            version: json["version"]?.stringValue ?? "?")
    }

    public func members() throws(EtcdError) -> [Member] {
        let json = try call("/v3/cluster/member/list", .object([:]))
        return (json["members"]?.arrayValue ?? []).compactMap { member in
            guard let id = member["ID"]?.uint64Value else { return nil }
            let urls = (member["clientURLs"]?.arrayValue ?? []).compactMap(\.stringValue)
            return Member(id: id, name: member["name"]?.stringValue ?? "", clientURLs: urls)
        }
    }

    /// A new lease of `ttl` seconds; its id.
    public func grantLease(ttl: Int64) throws(EtcdError) -> Int64 {
        let json = try call("/v3/lease/grant", .object(["TTL": .string(String(ttl))]))
        guard let id = json["ID"]?.int64Value, id != 0 else {
            throw EtcdError(message: "\(endpoint): lease grant without an id")
        }
        return id
    }

    /// Renews a lease to its full TTL, as etcd's leader counts time; returns
    /// the TTL, or 0 when the lease has expired (its keys are gone).
    public func keepAlive(lease: Int64) throws(EtcdError) -> Int64 {
        // The gateway answers the one-message stream with one line, then ends it.
        let json = try call("/v3/lease/keepalive", .object(["ID": .string(String(lease))]))
        if let error = json["error"] {
            throw EtcdError(message: "\(endpoint): lease keepalive: \(error["message"]?.stringValue ?? "error")")
        }
        return json["result"]?["TTL"]?.int64Value ?? 0
    }

    /// Ends a lease now: etcd deletes its keys.
    public func revokeLease(_ lease: Int64) throws(EtcdError) {
        _ = try call("/v3/lease/revoke", .object(["ID": .string(String(lease))]))
    }

    /// Seconds left on a lease, or nil when it has expired or never existed.
    public func timeToLive(lease: Int64) throws(EtcdError) -> Int64? {
        let json = try call("/v3/lease/timetolive", .object(["ID": .string(String(lease))]))
        guard let ttl = json["TTL"]?.int64Value, ttl >= 0 else { return nil }
        return ttl
    }

    /// Follows changes to `key` from `startRevision` until `onEvent` returns
    /// false or the stream fails (thrown). `shouldStop` is polled every second of silence.
    public func watch(
        key: String, startRevision: Int64, shouldStop: () -> Bool, onEvent: (WatchEvent) -> Bool
    ) throws(EtcdError) {
        let request = JSONValue.object([
            "create_request": .object([
                "key": .string(Base64.encode(key)), "start_revision": .string(String(startRevision)),
            ])
        ])
        var failure: EtcdError?
        do {
            try http.stream(
                "/v3/watch", json: request.serialized, idleMilliseconds: 1000, shouldStop: shouldStop
            ) { line in
                guard let json = try? JSONValue.parse(line) else {
                    failure = EtcdError(message: "\(endpoint): unreadable watch response")
                    return false
                }
                if let error = json["error"] {
                    failure = EtcdError(message: "\(endpoint): watch: \(error["message"]?.stringValue ?? "error")")
                    return false
                }
                guard let result = json["result"] else { return true }
                if result["canceled"]?.boolValue == true {
                    let reason = result["cancel_reason"]?.stringValue ?? "compacted or cancelled"
                    failure = EtcdError(message: "\(endpoint): watch cancelled: \(reason)")
                    return false
                }
                for event in result["events"]?.arrayValue ?? [] {
                    guard let kvJSON = event["kv"], let kv = try? keyValue(kvJSON) else { continue }
                    let change: WatchEvent =
                        event["type"]?.stringValue == "DELETE"
                        ? .delete(key: kv.key, modRevision: kv.modRevision) : .put(kv)
                    if !onEvent(change) { return false }
                }
                return true
            }
        } catch {
            throw EtcdError(message: error.message)
        }
        if let failure { throw failure }
    }

    private func keyValue(_ json: JSONValue) throws(EtcdError) -> KeyValue {
        guard let keyText = json["key"]?.stringValue, let key = Base64.decode(keyText) else {
            throw EtcdError(message: "\(endpoint): a key-value without a key")
        }
        let value = json["value"]?.stringValue.flatMap { Base64.decode($0) } ?? []
        return KeyValue(
            key: String(decoding: key, as: UTF8.self), value: value, modRevision: json["mod_revision"]?.int64Value ?? 0,
            lease: json["lease"]?.int64Value ?? 0)
    }
}
