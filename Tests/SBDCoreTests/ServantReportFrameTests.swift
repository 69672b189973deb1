import Testing

@testable import SBDCore

/// The report pipe's frames: what a servant encodes, the inquisitor decodes.
struct ServantReportFrameTests {
    static let reports: [ServantReport?] = [
        .healthy, .starting, .unhealthy("slot 0 of /dev/sdb no longer belongs to node1"),
        .message(.reset, sender: "node2"), .selfFence("pacemaker vanished"),
        .header(DiskTimeouts(watchdog: 2, allocate: 2, loop: 1, msgwait: 4)), nil,
    ]

    @Test(arguments: reports)
    func roundTrips(_ report: ServantReport?) {
        let frame = ServantReportFrame(servant: 2, report: report, sentAt: Instant(milliseconds: 1_234_567_890_123))
        let bytes = frame.encoded()
        #expect(bytes.count == ServantReportFrame.headerSize + Int(bytes[3]))
        let (frames, consumed) = ServantReportFrame.decode(bytes[...])
        #expect(frames == [frame])
        #expect(consumed == bytes.count)
    }

    @Test func decodesBackToBackFramesAndKeepsAPartialOne() {
        let first = ServantReportFrame(servant: 0, report: .healthy, sentAt: Instant(milliseconds: 5))
        let second = ServantReportFrame(servant: 1, report: .unhealthy("late"), sentAt: Instant(milliseconds: 6))
        let bytes = first.encoded() + second.encoded()
        let (frames, consumed) = ServantReportFrame.decode(bytes.dropLast()[...])
        #expect(frames == [first])
        #expect(consumed == first.encoded().count)
    }

    @Test func longTextIsCutToFitOnePipeWrite() {
        let text = String(repeating: "x", count: 400)
        let frame = ServantReportFrame(servant: 0, report: .unhealthy(text), sentAt: Instant(milliseconds: 0))
        let bytes = frame.encoded()
        #expect(bytes.count == ServantReportFrame.headerSize + ServantReportFrame.maximumText)
        let decoded = ServantReportFrame.decode(bytes[...]).frames
        #expect(decoded.first?.report == .unhealthy(String(repeating: "x", count: ServantReportFrame.maximumText)))
    }
}
