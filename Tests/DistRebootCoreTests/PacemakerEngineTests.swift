import Testing

@testable import DistRebootCore

struct EngineChoiceTests {
    @Test func pacemakerOnlyWhenCorosyncAndNoEtcd() {
        #expect(EngineKind.chosenByDefault(corosyncConfigured: true, etcdConfigured: false) == .pacemaker)
        #expect(EngineKind.chosenByDefault(corosyncConfigured: true, etcdConfigured: true) == .etcd)
        #expect(EngineKind.chosenByDefault(corosyncConfigured: false, etcdConfigured: false) == .etcd)
        #expect(EngineKind.chosenByDefault(corosyncConfigured: false, etcdConfigured: true) == .etcd)
    }

    @Test func engineAndTimeoutsAreValidatedWithFileAndLine() throws {
        var p = Properties()
        #expect(p.engine == nil)
        try p.apply(fileText: "engine=pacemaker\ndraintimeout=60\nsettletimeout=90\n", path: "f")
        #expect(p.engine == .pacemaker)
        #expect(p.drainSeconds == 60)
        #expect(p.settleSeconds == 90)
        #expect(throws: PropertyError(message: #"f:2: engine must be pacemaker or etcd, not "corosync""#)) {
            try p.apply(fileText: "# engine\nengine=corosync\n", path: "f")
        }
        #expect(
            throws: PropertyError(message: #"f:1: draintimeout must be a number of seconds from 1 to 86400, not "0""#)
        ) {
            try p.apply(fileText: "draintimeout=0", path: "f")
        }
        #expect(throws: PropertyError.self) { try p.set("settletimeout", "5m") }
    }
}

struct XMLTreeTests {
    @Test func elementsAttributesAndEntities() throws {
        let root = try XMLElement.parse(
            """
            <?xml version="1.0"?>
            <!-- a comment -->
            <a x="1" y='&quot;2&quot; &amp; &lt;3&gt; &#65;&#x42;'>
              text <b id="b1"/><c><b id="b2"></b></c>
            </a>
            """)
        #expect(root.name == "a")
        #expect(root["x"] == "1")
        #expect(root["y"] == "\"2\" & <3> AB")
        #expect(root.children("b").map { $0["id"] } == ["b1"])
        #expect(root.descendants("b").map { $0["id"] } == ["b1", "b2"])
    }

    @Test(arguments: ["", "<a>", "<a></b>", "<a x=1/>", "<a x=\"&nope;\"/>", "<a/><b/>", "<a x=\"1\""])
    func malformedIsAnError(_ text: String) {
        #expect(throws: XMLError.self) { try XMLElement.parse(text) }
    }

    @Test func escapingRoundTrips() throws {
        let value = #"{"nodes":["a<b>","c&d"],'x'}"# + "\n"
        let root = try XMLElement.parse("<n v=\"\(xmlAttributeEscaped(value))\"/>")
        #expect(root["v"] == value)
    }
}

struct VoteCountTests {
    static let threeNodes = """
        Quorum information
        ------------------
        Date:             Thu Dec  3 08:53:57 2026
        Quorum provider:  corosync_votequorum
        Nodes:            2
        Node ID:          1
        Ring ID:          1.5
        Quorate:          Yes

        Votequorum information
        ----------------------
        Expected votes:   3
        Highest expected: 3
        Total votes:      2
        Quorum:           2
        Flags:            Quorate

        Membership information
        ----------------------
            Nodeid      Votes Name
                 1          1 node1 (local)
                 2          1 node2
        """

    @Test func parsesVotesAndMembers() {
        let votes = VoteCount.parse(quorumtool: Self.threeNodes)
        #expect(votes == VoteCount(expected: 3, needed: 2, present: ["node1": 1, "node2": 1], quorate: true))
    }

    @Test func withOneOfThreeAbsentNoOtherNodeMayGo() {
        let votes = VoteCount.parse(quorumtool: Self.threeNodes)!
        let blocker = votes.blocker(rebooting: "node1", down: ["node3"])
        #expect(blocker == .votes(node: "node1", up: 1, expected: 3, needed: 2, down: ["node3"]))
        #expect(
            blocker?.description
                == "with node1 down, 1 of 3 quorum votes would be present, 2 needed (absent now: node3)")
        // The absent node itself may (it is down already: nothing more is lost).
        #expect(votes.blocker(rebooting: "node3", down: ["node3"]) == nil)
    }

    @Test func twoNodeClustersKeepQuorumWithOneNode() {
        let text = Self.threeNodes.replacing("Expected votes:   3", with: "Expected votes:   2")
            .replacing("Quorum:           2", with: "Quorum:           1")
        let votes = VoteCount.parse(quorumtool: text)!
        #expect(votes.needed == 1)
        #expect(votes.blocker(rebooting: "node1", down: []) == nil)
        // ... but not with none.
        let alone = VoteCount(expected: 2, needed: 1, present: ["node1": 1], quorate: true)
        #expect(alone.blocker(rebooting: "node1", down: ["node2"]) != nil)
    }

    @Test func otherTextIsNotAVoteCount() {
        #expect(VoteCount.parse(quorumtool: "Cannot initialize QUORUM service") == nil)
    }
}

struct PacemakerStatusTests {
    static let crmMon = """
        <pacemaker-result api-version="2.25" request="crm_mon --output-as=xml">
          <summary>
            <current_dc present="true" version="2.1.5" name="n3" id="3" with_quorum="true" mixed_version="false"/>
            <cluster_options stonith-enabled="false" maintenance-mode="false"/>
          </summary>
          <nodes>
            <node name="n1" id="1" online="true" standby="true" maintenance="false" pending="false" unclean="false" resources_running="0" type="member"/>
            <node name="n2" id="2" online="true" standby="false" maintenance="false" pending="false" unclean="false" resources_running="3" type="member"/>
            <node name="n3" id="3" online="false" standby="false" maintenance="false" pending="false" unclean="true" resources_running="0" type="member"/>
          </nodes>
          <resources>
            <clone id="dclone" failed="false">
              <resource id="d" active="true" failed="false" blocked="false"><node name="n2" id="2" cached="true"/></resource>
              <resource id="d" active="false" failed="false" blocked="false"/>
            </clone>
            <group id="grp" number_resources="1">
              <resource id="g" active="true" failed="true" blocked="true"><node name="n2" id="2" cached="true"/></resource>
            </group>
          </resources>
          <failures>
            <failure op_key="g_stop_0" node="n2" exitcode="1" last-rc-change="2026-12-03 09:00:00Z" task="stop"/>
            <failure op_key="d_monitor_5000" node="n2" exitcode="7" last-rc-change="2026-12-03 08:00:00 +00:00"/>
          </failures>
          <fence_history><fence_event target="n3" action="reboot" status="pending"/></fence_history>
        </pacemaker-result>
        """

    @Test func parsesWhatTheRebootDecidesOn() throws {
        let status = try PacemakerStatus.parse(crmMon: Self.crmMon)
        #expect(status.dc == "n3")
        #expect(status.quorate)
        #expect(status.node("n1")?.standby == true)
        #expect(status.node("n2")?.resourcesRunning == 3)
        #expect(status.resources.map(\.id) == ["d", "d", "g"])
        #expect(status.resources[0].nodes == ["n2"])
        #expect(status.pendingFencing == ["n3"])
        #expect(status.failures.map(\.changed) == [TimeFormat.parseUTC("2026-12-03 09:00:00"), 1_796_284_800])
    }

    @Test func theHealthGateNamesEveryBlocker() throws {
        let status = try PacemakerStatus.parse(crmMon: Self.crmMon)
        // n1's own standby is its drain; n3 unclean, fencing pending and g failed block.
        #expect(
            status.healthProblems(rebooting: "n1") == [
                "n3 is unclean (fencing needed)", "fencing is pending for n3", "resource g is failed on n2",
            ])
        #expect(status.healthProblems(rebooting: "n2").contains("n1 is in standby"))
        var quiet = status
        quiet.nodes = [PacemakerNode(name: "n1"), PacemakerNode(name: "n2")]
        quiet.resources = []
        quiet.pendingFencing = []
        #expect(quiet.healthProblems(rebooting: "n1") == [])
        quiet.maintenanceMode = true
        #expect(quiet.healthProblems(rebooting: "n1") == ["the cluster is in maintenance mode"])
    }

    @Test func failuresSinceTheCycleBegan() throws {
        let status = try PacemakerStatus.parse(crmMon: Self.crmMon)
        let started = TimeFormat.parseUTC("2026-12-03 08:30:00")!
        #expect(status.failures(since: started).map(\.operation) == ["g_stop_0"])
    }

    @Test func timesParse() {
        #expect(TimeFormat.parseUTC("1970-01-01 00:00:00") == 0)
        #expect(TimeFormat.parseUTC("2026-12-03 08:00:00+01:00") == TimeFormat.parseUTC("2026-12-03 07:00:00Z"))
        #expect(TimeFormat.parseUTC("Thu Dec  3 08:53:56 2026") == nil)
        #expect(TimeFormat.utc(TimeFormat.parseUTC("2024-02-29 23:59:59")!) == "2024-02-29 23:59:59 UTC")
    }
}

struct PacemakerCIBTests {
    @Test func theListRoundTripsThroughTheSet() throws {
        let list = RebootList(nodes: ["n1", "n2"], turn: Turn(node: "n1", bootID: "b\"1"), started: 5)
        let set = try XMLElement.parse(PacemakerCIB.setXML(list, version: 7))
        let (state, version) = PacemakerCIB.list(in: set)
        #expect(version == 7)
        #expect(state == .present(list, modRevision: 7))
        let empty = try XMLElement.parse(PacemakerCIB.setXML(nil, version: 8))
        #expect(PacemakerCIB.list(in: empty) == (.absent, 8))
        #expect(
            PacemakerCIB.setAt(version: 8).hasSuffix("[nvpair[@name='distreboot-reboot-list-version'][@value='8']]"))
    }

    @Test func aSetWithoutAVersionIsCorruptAndGarbageIsCorrupt() throws {
        let noVersion = try XMLElement.parse(
            #"<cluster_property_set id="distreboot"><nvpair name="distreboot-reboot-list" value=""/></cluster_property_set>"#
        )
        #expect(PacemakerCIB.list(in: noVersion).0 == .corrupt(modRevision: -1))
        let garbage = try XMLElement.parse(
            #"<cluster_property_set id="distreboot"><nvpair name="distreboot-reboot-list" value="{oops"/>"#
                + #"<nvpair name="distreboot-reboot-list-version" value="3"/></cluster_property_set>"#)
        #expect(PacemakerCIB.list(in: garbage).0 == .corrupt(modRevision: 3))
    }

    static let cib = """
        <cib epoch="3"><configuration><crm_config/><nodes>
          <node id="1" uname="n1"><instance_attributes id="nodes-1">
            <nvpair id="a" name="distreboot-heartbeat" value="\(xmlAttributeEscaped(record("n1", boot: "b1")))"/>
          </instance_attributes></node>
          <node id="2" uname="n2"><instance_attributes id="nodes-2">
            <nvpair id="b" name="distreboot-heartbeat" value="\(xmlAttributeEscaped(record("n2", boot: "b2")))"/>
          </instance_attributes></node>
          <node id="3" uname="n3"><instance_attributes id="nodes-3">
            <nvpair id="c" name="distreboot-heartbeat" value="garbage"/>
          </instance_attributes></node>
          <node id="4" uname="n4"/>
        </nodes><resources/><constraints/></configuration>
        <status>
          <node_state id="1" uname="n1"><transient_attributes id="1"><instance_attributes id="status-1">
            <nvpair id="d" name="distreboot-daemon" value="b1"/></instance_attributes></transient_attributes></node_state>
          <node_state id="2" uname="n2"><transient_attributes id="2"><instance_attributes id="status-2">
            <nvpair id="e" name="distreboot-daemon" value="old-boot"/></instance_attributes></transient_attributes></node_state>
        </status></cib>
        """

    static func record(_ node: String, boot: String, stopped: Int64? = nil) -> String {
        var heartbeat = Heartbeat(node: node, renewed: 100, lifetime: 60, bootID: boot, memberID: 1)
        heartbeat.stopped = stopped
        return heartbeat.encoded
    }

    @Test func livenessFromTheRecordTheDaemonAttributeAndMembership() throws {
        let (records, running) = PacemakerCIB.daemons(in: try XMLElement.parse(Self.cib))
        #expect(Set(records.keys) == ["n1", "n2", "n3"])
        #expect(running == ["n1": "b1", "n2": "old-boot"])
        let nodes = PacemakerCIB.liveness(
            records: records, running: running, online: ["n1", "n2", "n4"], inGroup: ["n1", "n2"], now: 200)
        #expect(nodes.map(\.node) == ["n1", "n2", "n3"])
        #expect(nodes[0].state == .alive)
        // A daemon attribute of an earlier boot is not this record's daemon.
        #expect(nodes[1].state == .stale)
        #expect(nodes[2].state == .unreadable("not JSON"))
        // Offline: stale, whatever its attribute says.
        let offline = PacemakerCIB.liveness(
            records: records, running: running, online: ["n2"], inGroup: ["n1"], now: 200)
        #expect(offline[0].state == .stale)
        // Online with its attribute, but its daemon's process is gone from the group (killed): stale.
        let killed = PacemakerCIB.liveness(records: records, running: running, online: ["n1"], inGroup: [], now: 200)
        #expect(killed[0].state == .stale)
    }

    @Test func aStaleRecordIsForgottenADayAfterItStopped() {
        let records = ["n1": Self.record("n1", boot: "b1", stopped: 1000)]
        let day = Heartbeat.forgetAfter
        #expect(
            PacemakerCIB.liveness(records: records, running: [:], online: [], inGroup: [], now: 1000 + day).count == 1)
        #expect(PacemakerCIB.liveness(records: records, running: [:], online: [], inGroup: [], now: 1001 + day).isEmpty)
        // Without a stop time it stays (and blocks) until --drop or a stamp.
        let unstamped = ["n1": Self.record("n1", boot: "b1")]
        #expect(
            PacemakerCIB.liveness(records: unstamped, running: [:], online: [], inGroup: [], now: 10 * day).count == 1)
    }
}

struct PacemakerSafetyTests {
    typealias F = ClusterFixture
    let now = ClusterFixture.now

    func facts(
        dc: String? = "c", quorate: Bool = true, present: [String: Int] = ["a": 1, "b": 1, "c": 1],
        problems: [String] = []
    ) -> TurnFacts {
        TurnFacts(
            leader: dc, localMemberID: 0, members: [], nodes: ["a", "b", "c"].map { F.alive($0) }, engine: .pacemaker,
            quorate: quorate, votes: VoteCount(expected: 3, needed: 2, present: present, quorate: quorate),
            absent: ["a", "b", "c"].filter { present[$0] == nil }, problems: problems)
    }

    @Test func aHealthyQuorateClusterAllowsTheReboot() {
        #expect(RebootSafety.blockers(rebooting: "a", memberID: 0, facts: facts(), now: now) == [])
    }

    @Test func everyPacemakerBlockerIsNamed() {
        #expect(
            RebootSafety.blockers(rebooting: "a", memberID: 0, facts: facts(dc: nil, quorate: false), now: now) == [
                .noQuorum, .noDC,
            ])
        #expect(
            RebootSafety.blockers(rebooting: "a", memberID: 0, facts: facts(present: ["a": 1, "b": 1]), now: now) == [
                .votes(node: "a", up: 1, expected: 3, needed: 2, down: ["c"])
            ])
        let gate = RebootSafety.blockers(
            rebooting: "a", memberID: 0, facts: facts(problems: ["the cluster is in maintenance mode"]), now: now)
        #expect(gate.map(\.description) == ["the cluster is in maintenance mode"])
    }

    @Test func rebootIsRefusedWithoutQuorumOrWithAProblem() {
        let snapshot = ClusterSnapshot(
            nodes: ["a", "b"].map { F.alive($0) }, leader: nil, quorate: false, rebootList: .absent, engine: .pacemaker,
            votes: VoteCount(expected: 3, needed: 2, present: ["a": 1, "b": 1], quorate: false), absent: ["c"],
            problems: ["c is offline"])
        guard case .failure(let refusals) = RebootPlan.plan(snapshot, onlyRequired: false, now: now) else {
            Issue.record("accepted")
            return
        }
        #expect(
            refusals.reasons.map(\.description) == [
                "this node's cluster partition has no quorum", "no pacemaker DC is elected",
                "with a down, 1 of 3 quorum votes would be present, 2 needed (absent now: c)", "c is offline",
            ])
    }
}

struct DrainAndSettleTests {
    let now = ClusterFixture.now

    func healthy() -> Result<TurnFacts, TurnReadError> {
        .success(
            TurnFacts(
                leader: "c", localMemberID: 0, members: [], nodes: ["a", "b", "c"].map { ClusterFixture.alive($0) },
                engine: .pacemaker,
                votes: VoteCount(expected: 3, needed: 2, present: ["a": 1, "b": 1, "c": 1], quorate: true)))
    }

    func work(_ actions: [CoordinatorAction]) -> [CoordinatorAction] {
        actions.filter {
            if case .log = $0 { return false }
            return true
        }
    }

    @Test func drainThenPrerebootThenASecondCheckThenReboot() {
        var c = RebootCoordinator(
            node: "a", bootID: "boot-1", hasPreRebootCommand: true, hasPostRebootCommand: false, drainsAndSettles: true)
        _ = c.listChanged(.present(RebootList(nodes: ["a", "b"]), modRevision: 5))
        var begun = RebootList(nodes: ["a", "b"], turn: Turn(node: "a", bootID: "boot-1"))
        begun.turn?.started = now
        #expect(work(c.turnChecked(healthy(), now: now)) == [.writeList(begun, modRevision: 5, .beginTurn)])
        #expect(work(c.listChanged(.present(begun, modRevision: 6))) == [.run(.drain)])
        #expect(work(c.commandFinished(.drain, succeeded: true)) == [.run(.preReboot)])
        #expect(work(c.commandFinished(.preReboot, succeeded: true)) == [.checkTurn])
        #expect(work(c.turnChecked(healthy(), now: now)) == [.run(.reboot)])
    }

    @Test func aPartitionWithoutQuorumDoesNotReorderTheList() {
        var c = RebootCoordinator(
            node: "a", bootID: "boot-1", hasPreRebootCommand: false, hasPostRebootCommand: false, drainsAndSettles: true
        )
        _ = c.listChanged(.present(RebootList(nodes: ["a", "b", "c"]), modRevision: 5))
        // Cut off, a decides alone and is its own partition's DC: it waits, and writes nothing.
        let alone = TurnFacts(
            leader: "a", localMemberID: 0, members: [], nodes: [ClusterFixture.alive("a")], engine: .pacemaker,
            quorate: false, votes: VoteCount(expected: 3, needed: 2, present: ["a": 1], quorate: false),
            absent: ["b", "c"])
        #expect(work(c.turnChecked(.success(alone), now: now)).last == .recheckLater)
        #expect(c.phase == .waiting(.preReboot, modRevision: 5))
    }

    @Test func aDrainThatTimesOutHaltsTheCycle() {
        var c = RebootCoordinator(
            node: "a", bootID: "boot-1", hasPreRebootCommand: false, hasPostRebootCommand: false, drainsAndSettles: true
        )
        _ = c.listChanged(.present(RebootList(nodes: ["a", "b"]), modRevision: 5))
        _ = c.turnChecked(healthy(), now: now)
        let begun = RebootList(nodes: ["a", "b"], turn: Turn(node: "a", bootID: "boot-1"))
        #expect(work(c.listChanged(.present(begun, modRevision: 6))) == [.run(.drain)])
        var halted = begun
        halted.turn?.halted = "drain failed (timed out after 60 s)"
        halted.turn?.haltedBootID = "boot-1"
        #expect(
            work(c.commandFinished(.drain, succeeded: false, how: "timed out after 60 s")) == [
                .writeList(halted, modRevision: 6, .halt)
            ])
    }

    @Test func backFromRebootSettlesThenRunsPostrebootThenLeaves() {
        var c = RebootCoordinator(
            node: "a", bootID: "boot-2", hasPreRebootCommand: false, hasPostRebootCommand: true, drainsAndSettles: true)
        let turn = Turn(node: "a", bootID: "boot-1")
        #expect(
            work(c.listChanged(.present(RebootList(nodes: ["a", "b"], turn: turn), modRevision: 8))) == [.run(.settle)])
        #expect(work(c.commandFinished(.settle, succeeded: true)) == [.run(.postReboot)])
        #expect(
            work(c.commandFinished(.postReboot, succeeded: true)) == [
                .writeList(RebootList(nodes: ["a", "b"]).withoutHead(), modRevision: 8, .removeSelf)
            ])
    }

    @Test func aSettleThatFailsHaltsAndTheNodeStaysAtTheHead() {
        var c = RebootCoordinator(
            node: "a", bootID: "boot-2", hasPreRebootCommand: false, hasPostRebootCommand: false, drainsAndSettles: true
        )
        let list = RebootList(nodes: ["a", "b"], turn: Turn(node: "a", bootID: "boot-1"))
        _ = c.listChanged(.present(list, modRevision: 8))
        let actions = work(c.commandFinished(.settle, succeeded: false, how: "timed out after 90 s: grp-a failed"))
        guard case .writeList(let written?, 8, .halt) = actions.first else {
            Issue.record("no halt: \(actions)")
            return
        }
        #expect(written.nodes == ["a", "b"])
        #expect(written.turn?.halted == "settle failed (timed out after 90 s: grp-a failed)")
    }
}
