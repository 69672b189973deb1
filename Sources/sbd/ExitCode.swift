/// sbd's exit codes. sbd 1.5 exits 1 on every failure and fence_sbd, crmsh
/// and pcs only tell zero from non-zero, so failures keep 1.
enum ExitCode {
    static let success: Int32 = 0
    static let failure: Int32 = 1
}
