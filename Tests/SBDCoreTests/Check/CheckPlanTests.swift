import Testing

@testable import SBDCore

struct CheckPlanTests {
    static let watchdog = WatchdogFacts(
        info: WatchdogInfo(path: "/dev/watchdog", identity: "iTCO_wdt", driver: "iTCO_wdt"), present: true,
        currentTimeout: 30, minimumTimeout: 1, maximumTimeout: 600)

    static func facts(
        devices: [DeviceFacts], cluster: Reachable<ClusterFacts>, startTimeout: Reachable<SystemdTimespan.Parsed>
    ) -> CheckFacts {
        var settings = SBDSettings()
        settings.devices = devices.map(\.path)
        return CheckFacts(
            nodeName: "n1", settings: settings, watchdogTimeoutSet: false, devices: devices, watchdog: Self.watchdog,
            startTimeout: startTimeout, cluster: cluster)
    }

    static let device = DeviceFacts(
        path: "/dev/a",
        header: DiskHeader(sectorSize: 512, timeouts: .defaults, uuid: [UInt8](repeating: 1, count: 16)),
        nodeSlot: 0, freeSlots: 254)

    @Test func aGoodConfigurationIsAllOK() {
        let cluster = ClusterFacts(
            stonithEnabled: "true", stonithTimeout: "12s", haveWatchdog: "true",
            fenceResources: [FenceResource(id: "st", type: "fence_sbd")])
        let results = CheckPlan.results(
            Self.facts(devices: [Self.device], cluster: .reached(cluster), startTimeout: .reached(.infinity)))
        #expect(results.allSatisfy { $0.status == .ok }, "\(results.map(\.line))")
        #expect(CheckExit.status(results) == 0)
    }

    @Test func unreachableClusterAndSystemdAreSkippedAndDoNotCount() {
        let results = CheckPlan.results(
            Self.facts(
                devices: [Self.device], cluster: .notReachable("no CIB"), startTimeout: .notReachable("no systemd")))
        let skipped = results.filter { $0.status == .skip }.map(\.id)
        #expect(
            skipped == [
                "start-timeout", "stonith-enabled", "stonith-timeout", "stonith-watchdog-timeout", "have-watchdog",
                "fence-resource",
            ])
        #expect(results.filter { $0.status == .skip }.allSatisfy { $0.summary.contains("not reachable") })
        #expect(CheckExit.status(results) == 0)
    }

    @Test func theDefaultStonithTimeoutIsJudgedAndSaidToBeTheDefault() {
        let long = DeviceFacts(
            path: "/dev/a",
            header: DiskHeader(
                sectorSize: 512, timeouts: DiskTimeouts(watchdog: 30, allocate: 2, loop: 1, msgwait: 60),
                uuid: [UInt8](repeating: 1, count: 16)),
            nodeSlot: 0, freeSlots: 254)
        let results = CheckPlan.results(
            Self.facts(devices: [long], cluster: .reached(ClusterFacts()), startTimeout: .reached(.infinity)))
        let line = results.first { $0.id == "stonith-timeout" }
        #expect(line?.status == .warn)
        #expect(line?.summary.contains("pacemaker's default 60s") == true)
    }

    @Test func exitStatus() {
        let ok = CheckResult("a", .ok, "")
        let warn = CheckResult("b", .warn, "")
        let fail = CheckResult("c", .fail, "")
        let skip = CheckResult("d", .skip, "")
        #expect(CheckExit.status([ok, skip]) == 0)
        #expect(CheckExit.status([ok, warn, skip]) == 2)
        #expect(CheckExit.status([ok, warn, fail]) == 1)
    }

    @Test func jsonDocument() {
        let results = [CheckResult("x", .warn, "a \"quoted\"\nline", advice: "do", fixes: ["cmd 1"])]
        #expect(
            CheckReport.json(results, node: "n1")
                == "{\"version\":1,\"node\":\"n1\",\"status\":\"warn\",\"exit\":2,\"checks\":[{\"id\":\"x\","
                + "\"status\":\"warn\",\"summary\":\"a \\\"quoted\\\"\\nline\",\"advice\":\"do\",\"fixes\":[\"cmd 1\"]}]}"
        )
    }

    @Test func oneLinePerCheck() {
        let result = CheckResult("x", .fail, "5s < 10s", advice: "raise it", fixes: ["a", "b"])
        #expect(result.line == "FAIL x: 5s < 10s -- raise it; fix: a | b")
    }
}
