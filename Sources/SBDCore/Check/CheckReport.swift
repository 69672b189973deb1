import QuotedText

/// `sbd check`'s output: one line per check, or one JSON document.
public enum CheckReport {
    public static func lines(_ results: [CheckResult]) -> [String] {
        let exit = CheckExit.status(results)
        let counts = [CheckResult.Status.ok, .warn, .fail, .skip].map { status in
            "\(results.filter { $0.status == status }.count) \(status.rawValue)"
        }
        return results.map(\.line) + ["sbd check: " + counts.joined(separator: ", ") + ", exit status \(exit)"]
    }

    /// The schema is in sbd(8), "CHECK": version, node, status, exit, checks[]
    /// of id, status, summary, advice, fixes.
    public static func json(_ results: [CheckResult], node: String) -> String {
        let exit = CheckExit.status(results)
        let overall = exit == CheckExit.failed ? "fail" : exit == CheckExit.warnings ? "warn" : "ok"
        let checks = results.map { result in
            "{\"id\":\(jsonString(result.id)),\"status\":\(jsonString(result.status.rawValue.lowercased())),"
                + "\"summary\":\(jsonString(result.summary)),\"advice\":\(jsonString(result.advice)),"
                + "\"fixes\":[\(result.fixes.map(jsonString).joined(separator: ","))]}"
        }
        return "{\"version\":1,\"node\":\(jsonString(node)),\"status\":\"\(overall)\",\"exit\":\(exit),"
            + "\"checks\":[\(checks.joined(separator: ","))]}"
    }
}
