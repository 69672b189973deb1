import Testing

@testable import SBDCore

/// msgwait 10 s + pcmk_delay_max 30 s = 40 s required; 1.2 x = 48 s recommended.
struct StonithTimeoutRuleTests {
    func status(_ seconds: Int64) -> CheckResult.Status {
        StonithTimeoutRule.evaluate(stonithTimeout: seconds * 1000, msgwait: 10, delay: 30_000).status
    }

    @Test func belowMsgwaitPlusDelayFails() {
        #expect(status(39) == .fail)
    }

    @Test func equalToTheSumIsOnlyBelowTheRecommendation() {
        #expect(status(40) == .warn)
        #expect(status(41) == .warn)
    }

    @Test func recommendationBoundary() {
        #expect(status(47) == .warn)
        #expect(status(48) == .ok)
        #expect(status(49) == .ok)
    }

    @Test func theFixSetsTheRecommendationWithEveryTool() {
        let result = StonithTimeoutRule.evaluate(stonithTimeout: 20_000, msgwait: 10, delay: 30_000)
        #expect(result.fixes.contains("crm configure property stonith-timeout=48s"))
        #expect(result.fixes.contains("pcs property set stonith-timeout=48s"))
        #expect(result.fixes.contains("crm_attribute --type crm_config --name stonith-timeout --update 48s"))
        #expect(result.advice.contains("recommendation"))
    }

    @Test func recommendationRoundsUpToWholeSeconds() {
        // 1.2 x 11 s = 13.2 s -> 14 s
        #expect(StonithTimeoutRule.recommended(msgwait: 11, delay: 0) == 14_000)
        #expect(StonithTimeoutRule.recommended(msgwait: 10, delay: 0) == 12_000)
    }

    @Test func worstDelayIsTheLargerOfMaxAndBaseOverAllResources() {
        let resources = [
            FenceResource(id: "a", type: "fence_sbd", delayMax: "30s"),
            FenceResource(id: "b", type: "external/sbd", delayBase: "node1:5s;node2:45"),
        ]
        #expect(StonithTimeoutRule.worstDelay(resources) == 45_000)
        #expect(StonithTimeoutRule.worstDelay([]) == 0)
    }
}

/// msgwait 10 s; 12 s recommended.
struct RebootTimeoutRuleTests {
    func status(_ seconds: Int64) -> CheckResult.Status {
        RebootTimeoutRule.evaluate(resource: "st", timeout: seconds * 1000, msgwait: 10).status
    }

    @Test func belowMsgwaitFails() {
        #expect(status(9) == .fail)
        #expect(status(10) == .warn)
        #expect(status(11) == .warn)
    }

    @Test func theRecommendationIsTwentyPercentMore() {
        #expect(status(12) == .ok)
        #expect(status(13) == .ok)
        #expect(
            RebootTimeoutRule.evaluate(resource: "st", timeout: 5000, msgwait: 10).fixes.first
                == "crm resource param st set pcmk_reboot_timeout 12s")
    }

    @Test func theCIBReaderTakesIt() {
        let xml = """
            <cib epoch="1"><configuration><resources>
            <primitive id="st" class="stonith" type="fence_sbd"><instance_attributes id="i">
            <nvpair id="n" name="pcmk_reboot_timeout" value="5s"/></instance_attributes></primitive>
            </resources></configuration></cib>
            """
        #expect(CIBFencingFacts.parse(xml)?.fenceResources.first?.rebootTimeout == "5s")
    }
}
