/// `sbd check`'s exit status: 0 all OK, 1 any FAIL, 2 warnings only.
/// Skipped checks (facts not reachable) count as neither.
public enum CheckExit {
    public static let allOK: Int32 = 0
    public static let failed: Int32 = 1
    public static let warnings: Int32 = 2

    public static func status(_ results: [CheckResult]) -> Int32 {
        if results.contains(where: { $0.status == .fail }) { return failed }
        if results.contains(where: { $0.status == .warn }) { return warnings }
        return allOK
    }
}
