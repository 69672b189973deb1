import SBDCore
import SBDPlatform

/// Runs one job per device, each in a child process, and turns silence into
/// a report naming the device: a hung device makes the command fail, never
/// hang.
enum DeviceJobs {
    static func run(
        _ paths: [String], ioOperations: UInt32, extraSeconds: UInt32 = 0, context: CommandContext,
        _ job: @escaping (String) -> DeviceJobReport
    ) -> [DeviceJobReport] {
        // Each I/O is bounded by -I inside the child; the parent allows for
        // all of them, plus a second of slack for process start-up.
        // -I and header timeouts reach 2^31: the sum must saturate, not trap.
        let limit = UInt32(
            clamping: UInt64(ioOperations) * UInt64(context.ioTimeout) + UInt64(extraSeconds) + 1)
        let jobs: [() -> [UInt8]] = paths.map { path in
            {
                // The worker answers, then exits: the kernel frees its AIO
                // context then, after the parent has the answer.
                BlockDevice.leavesAIOContextToExit = true
                return job(path).encoded()
            }
        }
        return zip(paths, runIsolated(jobs, limit: limit)).map { path, result in
            switch result {
            case .success(let bytes):
                return DeviceJobReport.decode(bytes)
                    ?? DeviceJobReport(status: .failed, problem: "device \(path): garbled report from its worker")
            case .failure(.noAnswer(let seconds)):
                return DeviceJobReport(
                    status: .unreadable,
                    problem: "device \(path) did not answer within \(seconds) s; the storage path seems hung")
            case .failure(.died):
                return DeviceJobReport(status: .failed, problem: "device \(path): its worker process died")
            case .failure(.cannotStart(let code)):
                return DeviceJobReport(
                    status: .failed, problem: "device \(path): cannot start a worker process: \(errorText(code))")
            }
        }
    }

    /// A report for a device error.
    static func report(_ error: DeviceError) -> DeviceJobReport {
        DeviceJobReport(status: error.isUnreadable ? .unreadable : .failed, problem: "\(error)")
    }
}
