import Testing

@testable import SBDCore

struct ClusterPropertyRuleTests {
    @Test func stonithEnabled() {
        #expect(StonithEnabledRule.evaluate(nil).status == .ok)
        #expect(StonithEnabledRule.evaluate("true").status == .ok)
        #expect(StonithEnabledRule.evaluate("false").status == .fail)
        #expect(StonithEnabledRule.evaluate("maybe").status == .fail)
        #expect(
            StonithEnabledRule.evaluate("false").fixes.first == "crm configure property stonith-enabled=true")
    }

    @Test func haveWatchdog() {
        #expect(HaveWatchdogRule.evaluate("true", diskless: true).status == .ok)
        #expect(HaveWatchdogRule.evaluate("false", diskless: true).status == .fail)
        #expect(HaveWatchdogRule.evaluate(nil, diskless: false).status == .warn)
    }

    @Test func fenceResource() {
        #expect(FenceResourceRule.evaluate([], devices: []) == nil)
        #expect(FenceResourceRule.evaluate([], devices: ["/dev/a"])?.status == .warn)
        let sbd = FenceResource(id: "st", type: "fence_sbd")
        #expect(FenceResourceRule.evaluate([sbd], devices: ["/dev/a"])?.status == .ok)
    }
}

struct CIBFencingFactsTests {
    static let cib = """
        <cib crm_feature_set="3.16.2" epoch="7" num_updates="3" admin_epoch="0">
          <configuration>
            <crm_config>
              <cluster_property_set id="cib-bootstrap-options">
                <nvpair id="o1" name="have-watchdog" value="false"/>
                <nvpair id="o2" name="stonith-enabled" value="true"/>
                <nvpair id="o3" name="stonith-timeout" value="20s"/>
                <nvpair id="o4" name="stonith-watchdog-timeout" value="3"/>
              </cluster_property_set>
            </crm_config>
            <resources>
              <primitive id="dummy" class="ocf" provider="pacemaker" type="Dummy">
                <instance_attributes id="d-ia"><nvpair id="d1" name="pcmk_delay_max" value="99"/></instance_attributes>
              </primitive>
              <primitive id="st-sbd" class="stonith" type="fence_sbd">
                <instance_attributes id="st-ia">
                  <nvpair id="s1" name="devices" value="/dev/a"/>
                  <nvpair id="s2" name="pcmk_delay_max" value="30s"/>
                  <nvpair id="s3" name="pcmk_delay_base" value="n1:2s;n2:4s"/>
                </instance_attributes>
              </primitive>
              <primitive id="old" class='stonith' type="external/sbd"/>
            </resources>
          </configuration>
          <status/>
        </cib>
        """

    @Test func readsThePropertiesAndTheSBDFenceResources() {
        let facts = CIBFencingFacts.parse(Self.cib)
        #expect(facts?.epoch == "7")
        #expect(facts?.haveWatchdog == "false")
        #expect(facts?.stonithEnabled == "true")
        #expect(facts?.stonithTimeout == "20s")
        #expect(facts?.stonithWatchdogTimeout == "3")
        #expect(
            facts?.fenceResources == [
                FenceResource(
                    id: "st-sbd", type: "fence_sbd", delayMax: "30s", delayBase: "n1:2s;n2:4s", devices: "/dev/a"),
                FenceResource(id: "old", type: "external/sbd"),
            ])
    }

    @Test func notACIB() {
        #expect(CIBFencingFacts.parse("Could not connect") == nil)
    }

    @Test func entitiesAreDecoded() {
        let tags = XMLTagScanner.tags("<a b=\"x &amp; &quot;y&quot; &lt;z&gt;\"/>")
        #expect(tags.first?.attributes["b"] == "x & \"y\" <z>")
    }
}

struct TimeValueTests {
    @Test func pacemakerTimeValues() {
        #expect(PacemakerDuration.milliseconds("90") == 90_000)
        #expect(PacemakerDuration.milliseconds("90s") == 90_000)
        #expect(PacemakerDuration.milliseconds("2min") == 120_000)
        #expect(PacemakerDuration.milliseconds("1h") == 3_600_000)
        #expect(PacemakerDuration.milliseconds("500ms") == 500)
        #expect(PacemakerDuration.milliseconds("-1") == -1000)
        #expect(PacemakerDuration.milliseconds("ten") == nil)
        #expect(PacemakerDuration.milliseconds("10 fortnights") == nil)
        #expect(PacemakerDuration.delayMilliseconds("n1:2s;n2:4s", node: "n1") == 2000)
        #expect(PacemakerDuration.delayMilliseconds("n1:2s;n2:4s", node: "") == 4000)
    }

    @Test func systemdTimespans() {
        #expect(SystemdTimespan.parse("1min 30s") == .milliseconds(90_000))
        #expect(SystemdTimespan.parse("infinity") == .infinity)
        #expect(SystemdTimespan.parse("2h 500ms") == .milliseconds(7_200_500))
        #expect(SystemdTimespan.parse("soon") == nil)
        #expect(SystemdTimespan.parse("") == nil)
    }
}

struct FenceResourceDevicesRuleTests {
    @Test func sameDevicesAreOK() {
        let resource = FenceResource(id: "st", type: "fence_sbd", devices: "/dev/a, /dev/b")
        #expect(FenceResourceDevicesRule.evaluate(resource, watched: ["/dev/a", "/dev/b"])?.status == .ok)
    }

    @Test func oneDeviceMoreOrLessWarns() {
        let resource = FenceResource(id: "st", type: "fence_sbd", devices: "/dev/a,/dev/c")
        let result = FenceResourceDevicesRule.evaluate(resource, watched: ["/dev/a", "/dev/b"])
        #expect(result?.status == .warn)
        #expect(result?.summary.contains("not watched here: /dev/c") == true)
        #expect(result?.summary.contains("not written by it: /dev/b") == true)
        #expect(result?.fixes.first == "crm resource param st set devices /dev/a,/dev/b")
        let fewer = FenceResource(id: "st", type: "fence_sbd", devices: "/dev/a")
        #expect(FenceResourceDevicesRule.evaluate(fewer, watched: ["/dev/a", "/dev/b"])?.status == .warn)
    }

    @Test func noDevicesParameterOrDisklessIsNotJudged() {
        #expect(
            FenceResourceDevicesRule.evaluate(FenceResource(id: "st", type: "external/sbd"), watched: ["/dev/a"]) == nil
        )
        let resource = FenceResource(id: "st", type: "fence_sbd", devices: "/dev/a")
        #expect(FenceResourceDevicesRule.evaluate(resource, watched: []) == nil)
    }

    @Test func theCIBReaderTakesTheDevicesParameter() {
        let facts = CIBFencingFacts.parse(CIBFencingFactsTests.cib)
        #expect(facts?.fenceResources.first?.devicePaths == ["/dev/a"])
    }
}
