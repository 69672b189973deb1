import Testing

@testable import SBDCore

struct DeviceJobReportTests {
    @Test func roundTrips() {
        let reports = [
            DeviceJobReport(),
            DeviceJobReport(
                status: .full, lines: [[0xFF, 0x00, 0x41], []], problem: "no slot: ümlaut", numbers: [7, 10]),
            DeviceJobReport(status: .unreadable, problem: "device /dev/x did not answer"),
        ]
        for report in reports {
            #expect(DeviceJobReport.decode(report.encoded()) == report)
        }
    }

    @Test func rejectsGarbage() {
        let good = DeviceJobReport(lines: [[1, 2, 3]], problem: "p", numbers: [1]).encoded()
        #expect(DeviceJobReport.decode([]) == nil)
        #expect(DeviceJobReport.decode([9]) == nil)
        #expect(DeviceJobReport.decode(Array(good.dropLast())) == nil)
        #expect(DeviceJobReport.decode(good + [0]) == nil)
        #expect(DeviceJobReport.decode([0, 0xFF, 0xFF, 0xFF, 0xFF]) == nil)
        for cut in 0..<good.count {
            #expect(DeviceJobReport.decode(Array(good.prefix(cut))) == nil)
        }
    }
}
