// sbd-cluster-probe: a test tool (not packaged) that prints what SBDCluster
// sees of corosync and pacemaker as one line of key=value, and with --follow
// a new line whenever that changes.
//
//   sbd-cluster-probe [--node NAME] [--follow] [--interval MS] [--ping]
//
// Without --node the CIB's node is the one with our corosync node id.
// pacemakerd=STATE is pacemakerd's own state from its IPC ping ("-" when it
// does not answer). The probe asks as a client pacemakerd does not take for
// sbd; with --ping it pings as "sbd" each round, which is what releases a
// pacemakerd started with SBD_SYNC_RESOURCE_STARTUP=yes from wait_for_ping,
// and lets it exit from shutdown_complete.
import Glibc
import ProcessArguments
import SBDCluster
import SBDCore
import SBDCorosync
import SBDPlatform

struct ProbeOptions {
    var nodeName: String?
    var follow = false
    var intervalMilliseconds: Int32 = 1000
    var ping = false

    static func parse(_ arguments: ArraySlice<String>) -> ProbeOptions? {
        var options = ProbeOptions()
        var rest = arguments
        while let word = rest.popFirst() {
            switch word {
            case "--follow": options.follow = true
            case "--ping": options.ping = true
            case "--node":
                guard let name = rest.popFirst() else { return nil }
                options.nodeName = name
            case "--interval":
                guard let text = rest.popFirst(), let ms = Int32(text), ms > 0 else { return nil }
                options.intervalMilliseconds = ms
            default: return nil
            }
        }
        return options
    }
}

/// The connections, reopened when they are lost.
final class Probe {
    let options: ProbeOptions
    let corosync = CorosyncLink(waitMilliseconds: 1000)
    // every line a fresh reading
    let cib = CIBLink(clientName: "sbd-cluster-probe", schedule: RereadSchedule(minimumGap: 0, safetyInterval: 0))

    init(options: ProbeOptions) { self.options = options }

    func line() -> String {
        let quorum = corosync.quorum()
        let node = cib.state(
            nodeName: options.nodeName, nodeID: quorum?.nodeID ?? 0, at: Kernel.monotonicMilliseconds())
        // pacemaker 2.1.5 takes any client whose name contains "sbd" for sbd:
        // without --ping, ask under a name without it.
        let pacemakerd = try? PacemakerdPing.ping(
            client: options.ping ? "sbd" : "cluster-probe", timeoutMilliseconds: 2000)
        return Self.format(quorum: quorum, node: node, pacemakerd: pacemakerd)
    }

    static func format(quorum: CorosyncQuorum?, node: PacemakerNodeState, pacemakerd: PacemakerdState?) -> String {
        func flag(_ value: Bool) -> String { value ? "1" : "0" }
        var fields: [(String, String)] = [("corosync", flag(quorum != nil))]
        if let q = quorum {
            fields += [
                ("quorate", flag(q.quorate)), ("members", "\(q.members)"), ("expectedVotes", "\(q.expectedVotes)"),
                ("totalVotes", "\(q.totalVotes)"), ("quorum", "\(q.quorum)"), ("twoNode", flag(q.twoNode)),
                ("waitForAll", flag(q.waitForAll)), ("nodeID", "\(q.nodeID)"),
            ]
        }
        fields.append(("cib", flag(node.connected)))
        if node.connected {
            fields += [
                ("cibQuorate", flag(node.quorate)), ("dcKnown", flag(node.dcKnown)),
                ("node", node.nodeName.isEmpty ? "-" : node.nodeName), ("known", flag(node.known)),
                ("online", flag(node.online)), ("unclean", flag(node.unclean)),
                ("shuttingDown", flag(node.shuttingDown)), ("pending", flag(node.pending)),
                ("standby", flag(node.standby)), ("dc", flag(node.isDC)), ("member", flag(node.record.isMember)),
                ("expected", flag(node.record.expectedMember)),
            ]
        }
        fields.append(("pacemakerd", pacemakerd?.name ?? "-"))
        fields += [
            ("corosyncHealth", "\(CorosyncHealth.evaluate(quorum))"),
            ("health", "\(PacemakerHealth.evaluate(node, corosync: quorum))"),
        ]
        return fields.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    }

    /// Sleeps until either connection has something, or the interval ends.
    func waitForChange() {
        let fds = [corosync.fileDescriptor, cib.fileDescriptor].compactMap { $0 }
        if fds.isEmpty {
            Kernel.sleep(milliseconds: Int64(options.intervalMilliseconds))
        } else {
            _ = waitReadable(fds, milliseconds: Int64(options.intervalMilliseconds))
        }
    }
}

/// One line, written at once (unbuffered, so a pipe sees it at once).
func emit(_ text: String, to fd: Int32 = 1) {
    var bytes = Array((text + "\n").utf8)
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
        if n <= 0 { return }
        done += n
    }
}

guard let options = ProbeOptions.parse(ProcessArguments.all.dropFirst()) else {
    emit("usage: sbd-cluster-probe [--node NAME] [--follow] [--interval MS] [--ping]", to: 2)
    exit(2)
}
let probe = Probe(options: options)
var last = probe.line()
emit(last)
while options.follow {
    probe.waitForChange()
    let now = probe.line()
    if now != last {
        emit(now)
        last = now
    }
}
