// Corosync's votequorum as `corosync-quorumtool -s` reports it: the votes
// every configured node carries, the votes present in this partition, and
// the quorum. On the pacemaker engine this replaces etcd's member majority:
// a node may go down only if the votes left present still reach quorum.

public struct VoteCount: Equatable, Sendable {
    /// The votes of every configured node (votequorum's expected votes).
    public var expected: Int
    /// The votes needed for quorum (with two_node: 1, one vote of two).
    public var needed: Int
    /// The nodes in this partition now, with their votes.
    public var present: [String: Int]
    public var quorate: Bool

    public init(expected: Int, needed: Int, present: [String: Int], quorate: Bool) {
        self.expected = expected
        self.needed = needed
        self.present = present
        self.quorate = quorate
    }

    /// The blocker for taking `node` down now, if the votes left would not reach quorum.
    /// `down`: configured nodes not present now, named in the reason.
    public func blocker(rebooting node: String, down: [String]) -> RebootBlocker? {
        let up = present.filter { $0.key != node }.map(\.value).reduce(0, +)
        guard up < needed else { return nil }
        return .votes(node: node, up: up, expected: expected, needed: needed, down: down.sorted())
    }

    /// Parses `corosync-quorumtool -s` (its "Votequorum information" and
    /// "Membership information" parts); nil when it is not that output.
    public static func parse(quorumtool text: String) -> VoteCount? {
        var expected: Int?
        var needed: Int?
        var quorate: Bool?
        var present: [String: Int] = [:]
        var inMembership = false
        for raw in text.lines {
            let line = raw.trimmingSpaces
            if let value = field(line, "Expected votes:") {
                expected = Int(value)
            } else if let value = field(line, "Quorum:") {
                needed = Int(value.split(separator: " ").first ?? "")
            } else if let value = field(line, "Quorate:") {
                quorate = value == "Yes"
            } else if line.hasPrefix("Nodeid") {
                inMembership = true
            } else if inMembership {
                // "1          1 node1 (local)"
                let words = line.split(separator: " ", omittingEmptySubsequences: true)
                guard words.count >= 3, Int(words[0]) != nil, let votes = Int(words[1]) else { continue }
                present[String(words[2])] = votes
            }
        }
        guard let expected, let needed, let quorate, needed > 0 else { return nil }
        return VoteCount(expected: expected, needed: needed, present: present, quorate: quorate)
    }

    private static func field(_ line: String, _ label: String) -> String? {
        guard line.hasPrefix(label) else { return nil }
        return line.dropFirst(label.count).trimmingSpaces
    }
}
