import SBDCore

/// A CIB connection that reconnects: each `state` handles pending change
/// notifications and queries the node, or reports `.disconnected` while
/// pacemaker is away. One per process (the CIB library allows one handle).
public final class CIBLink {
    private let clientName: String
    private var connection: CIBConnection?

    public init(clientName: String) { self.clientName = clientName }

    public var fileDescriptor: Int32? { connection?.fileDescriptor }

    public func state(nodeName: String?, nodeID: UInt32) -> PacemakerNodeState {
        if connection?.isConnected == false { connection = nil }  // release the old handle first
        if connection == nil { connection = try? CIBConnection(clientName: clientName) }
        guard let connection else { return .disconnected }
        _ = connection.dispatch()
        return (try? connection.query(nodeName: nodeName, nodeID: nodeID)) ?? .disconnected
    }
}
