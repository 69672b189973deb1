// Which etcd member to talk to: the local member's client URL and name, as
// Debian's /etc/default/etcd (an environment file read by etcd.service)
// configures them.

public struct EtcdMemberConfig: Equatable, Sendable {
    /// etcd's own default when nothing is configured.
    public static let defaultClientURL = "http://localhost:2379"

    public var clientURL: String
    /// ETCD_NAME; nil when unset (etcd.service then uses the host name).
    public var name: String?

    public init(clientURL: String = EtcdMemberConfig.defaultClientURL, name: String? = nil) {
        self.clientURL = clientURL
        self.name = name
    }

    /// Reads ETCD_NAME, ETCD_ADVERTISE_CLIENT_URLS and ETCD_LISTEN_CLIENT_URLS
    /// from environment-file text. The first advertised URL wins; a listen URL
    /// on a wildcard address is reached through loopback.
    public static func parse(environmentFile text: String) -> EtcdMemberConfig {
        var values: [String: String] = [:]
        for rawLine in text.lines {
            var line = rawLine.trimmingSpaces
            if line.hasPrefix("#") || line.hasPrefix(";") || line.isEmpty { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingSpaces }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingSpaces
            values[key] = unquote(line[line.index(after: eq)...].trimmingSpaces)
        }
        var config = EtcdMemberConfig()
        if let name = values["ETCD_NAME"], !name.isEmpty { config.name = name }
        if let url = firstURL(values["ETCD_ADVERTISE_CLIENT_URLS"]) {
            config.clientURL = url
        } else if let url = firstURL(values["ETCD_LISTEN_CLIENT_URLS"]) {
            config.clientURL = url.replacingWildcardHost()
        }
        return config
    }

    private static func firstURL(_ list: String?) -> String? {
        guard let list else { return nil }
        return list.split(separator: ",").map { $0.trimmingSpaces }.first { !$0.isEmpty }
    }

    private static func unquote(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first else {
            return value
        }
        return String(value.dropFirst().dropLast())
    }
}

extension String {
    fileprivate func replacingWildcardHost() -> String {
        for wildcard in ["0.0.0.0", "[::]"] where contains("//\(wildcard)") {
            return replacing("//\(wildcard)", with: "//127.0.0.1")
        }
        return self
    }
}

/// An http:// endpoint split into what a socket needs.
public struct Endpoint: Equatable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    public var description: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    public static func parse(url: String) throws(EndpointError) -> Endpoint {
        guard url.hasPrefix("http://") else {
            if url.hasPrefix("https://") {
                throw EndpointError(message: "\(url): TLS client URLs are not supported; use an http:// client URL")
            }
            throw EndpointError(message: "\(url): not an http:// URL")
        }
        var rest = Substring(url.dropFirst(7))
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw EndpointError(message: "\(url): bad IPv6 address") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { throw EndpointError(message: "\(url): no host") }
        var port: UInt16 = 2379
        if let portText {
            guard let p = UInt16(portText), p > 0 else { throw EndpointError(message: "\(url): bad port") }
            port = p
        }
        return Endpoint(host: String(host), port: port)
    }
}

public struct EndpointError: Error, Equatable, Sendable {
    public var message: String
}
