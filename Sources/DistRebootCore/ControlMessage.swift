// What the command and the daemon say to each other over the Unix socket:
// one JSON request, one JSON reply, then the connection closes.

public enum ControlRequest: Equatable, Sendable {
    case status
    case stop
    case dryRun(onlyRequired: Bool)
    case reboot(onlyRequired: Bool, now: Bool = false)
    case cancel
    case drop(node: String)

    public var encoded: String {
        var fields: [String: JSONValue] = [:]
        switch self {
        case .status: fields["command"] = .string("status")
        case .stop: fields["command"] = .string("stop")
        case .cancel: fields["command"] = .string("cancel")
        case .dryRun(let only):
            fields["command"] = .string("dry-run")
            fields["only_required"] = .bool(only)
        case .reboot(let only, let now):
            fields["command"] = .string("reboot")
            fields["only_required"] = .bool(only)
            if now { fields["now"] = .bool(true) }
        case .drop(let node):
            fields["command"] = .string("drop")
            fields["node"] = .string(node)
        }
        return JSONValue.object(fields).serialized
    }

    public static func decode(_ bytes: [UInt8]) -> ControlRequest? {
        guard let json = try? JSONValue.parse(bytes), let command = json["command"]?.stringValue else { return nil }
        let only = json["only_required"]?.boolValue ?? false
        switch command {
        case "status": return .status
        case "stop": return .stop
        case "cancel": return .cancel
        case "dry-run": return .dryRun(onlyRequired: only)
        case "reboot": return .reboot(onlyRequired: only, now: json["now"]?.boolValue ?? false)
        case "drop":
            guard let node = json["node"]?.stringValue, !node.isEmpty else { return nil }
            return .drop(node: node)
        default: return nil
        }
    }
}

public struct ControlReply: Equatable, Sendable {
    public var exitCode: Int32
    public var output: String
    public var error: String

    public init(exitCode: Int32 = 0, output: String = "", error: String = "") {
        self.exitCode = exitCode
        self.output = output
        self.error = error
    }

    public static func failure(_ message: String, _ code: ExitCode = .failed) -> ControlReply {
        ControlReply(exitCode: code.rawValue, error: message + "\n")
    }

    public var encoded: String {
        JSONValue.object([
            "exit": .number(String(exitCode)), "output": .string(output), "error": .string(error),
        ]).serialized
    }

    public static func decode(_ bytes: [UInt8]) -> ControlReply? {
        guard let json = try? JSONValue.parse(bytes), let code = json["exit"]?.int64Value,
            let exitCode = Int32(exactly: code)
        else { return nil }
        return ControlReply(
            exitCode: exitCode, output: json["output"]?.stringValue ?? "", error: json["error"]?.stringValue ?? "")
    }
}
