import Testing

@testable import SBDCore

struct MsgwaitRuleTests {
    func status(watchdog: UInt32, msgwait: UInt32) -> CheckResult.Status {
        MsgwaitRule.evaluate(
            device: "/dev/a", timeouts: DiskTimeouts(watchdog: watchdog, allocate: 2, loop: 1, msgwait: msgwait),
            allDevices: ["/dev/a"]
        ).status
    }

    @Test func notLongerThanTheWatchdogTimeoutFails() {
        #expect(status(watchdog: 5, msgwait: 4) == .fail)
        #expect(status(watchdog: 5, msgwait: 5) == .fail)
    }

    @Test func belowTwiceWarns() {
        #expect(status(watchdog: 5, msgwait: 6) == .warn)
        #expect(status(watchdog: 5, msgwait: 9) == .warn)
    }

    @Test func twiceAndAboveIsOK() {
        #expect(status(watchdog: 5, msgwait: 10) == .ok)
        #expect(status(watchdog: 5, msgwait: 11) == .ok)
    }

    @Test func theFixRecreatesEveryDeviceWithTwice() {
        let result = MsgwaitRule.evaluate(
            device: "/dev/a", timeouts: DiskTimeouts(watchdog: 15, allocate: 2, loop: 1, msgwait: 15),
            allDevices: ["/dev/a", "/dev/b c"])
        #expect(result.fixes == ["sbd -d /dev/a -d '/dev/b c' -1 15 -4 30 create"])
    }
}

struct DeviceHeaderRuleTests {
    static func header(watchdog: UInt32 = 5, msgwait: UInt32 = 10, uuid: UInt8) -> DiskHeader {
        DiskHeader(
            sectorSize: 512, timeouts: DiskTimeouts(watchdog: watchdog, allocate: 2, loop: 1, msgwait: msgwait),
            uuid: [UInt8](repeating: uuid, count: 16))
    }

    @Test func sameTimeoutsAndDistinctUUIDsAgree() {
        let result = DeviceAgreementRule.evaluate(
            [("/dev/a", Self.header(uuid: 1)), ("/dev/b", Self.header(uuid: 2))], allDevices: ["/dev/a", "/dev/b"])
        #expect(result?.status == .ok)
    }

    @Test func differentTimeoutsFailAndNameBothValues() {
        let result = DeviceAgreementRule.evaluate(
            [("/dev/a", Self.header(uuid: 1)), ("/dev/b", Self.header(watchdog: 10, msgwait: 20, uuid: 2))],
            allDevices: ["/dev/a", "/dev/b"])
        #expect(result?.status == .fail)
        #expect(result?.summary.contains("watchdog 5 on /dev/a, 10 on /dev/b") == true)
        #expect(result?.summary.contains("msgwait 10 on /dev/a, 20 on /dev/b") == true)
        #expect(result?.fixes == ["sbd -d /dev/a -d /dev/b -1 10 -4 20 create"])
    }

    @Test func oneTimeoutOffByOneFails() {
        let result = DeviceAgreementRule.evaluate(
            [("/dev/a", Self.header(uuid: 1)), ("/dev/b", Self.header(msgwait: 11, uuid: 2))],
            allDevices: ["/dev/a", "/dev/b"])
        #expect(result?.status == .fail)
    }

    @Test func theSameUUIDTwiceFails() {
        let result = DeviceAgreementRule.evaluate(
            [("/dev/a", Self.header(uuid: 7)), ("/dev/b", Self.header(uuid: 7))], allDevices: ["/dev/a", "/dev/b"])
        #expect(result?.status == .fail)
        #expect(result?.summary.contains("same uuid") == true)
    }

    @Test func oneDeviceHasNothingToAgreeWith() {
        #expect(DeviceAgreementRule.evaluate([("/dev/a", Self.header(uuid: 1))], allDevices: ["/dev/a"]) == nil)
    }

    @Test func anUnreadableDeviceFails() {
        let result = DeviceReadableRule.evaluate(DeviceFacts(path: "/dev/a", header: nil, problem: "no such file"))
        #expect(result.status == .fail)
        #expect(result.summary.contains("no such file"))
    }
}

struct NodeSlotRuleTests {
    @Test func aSlotIsOK() {
        #expect(NodeSlotRule.evaluate(device: "/dev/a", node: "n1", slot: 0, freeSlots: 0).status == .ok)
    }

    @Test func noSlotWithOneFreeWarnsAndOffersAllocate() {
        let result = NodeSlotRule.evaluate(device: "/dev/a", node: "n1", slot: nil, freeSlots: 1)
        #expect(result.status == .warn)
        #expect(result.fixes == ["sbd -d /dev/a allocate n1"])
    }

    @Test func noSlotAndNoneFreeFails() {
        #expect(NodeSlotRule.evaluate(device: "/dev/a", node: "n1", slot: nil, freeSlots: 0).status == .fail)
    }
}

struct WatchdogTimeoutSettingRuleTests {
    @Test func equalIsOKOneOffEitherWayWarns() {
        #expect(WatchdogTimeoutSettingRule.evaluate(setting: 5, headerWatchdog: 5).status == .ok)
        #expect(WatchdogTimeoutSettingRule.evaluate(setting: 4, headerWatchdog: 5).status == .warn)
        #expect(WatchdogTimeoutSettingRule.evaluate(setting: 6, headerWatchdog: 5).status == .warn)
        #expect(
            WatchdogTimeoutSettingRule.evaluate(setting: 6, headerWatchdog: 5).fixes == [
                "set SBD_WATCHDOG_TIMEOUT=5 in /etc/default/sbd"
            ])
    }
}
