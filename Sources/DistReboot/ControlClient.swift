// The command side of the control socket: send one request, print the reply.

import DistRebootCore
import Glibc

public enum ControlClient {
    public static func send(_ request: ControlRequest, socketPath: String) -> ControlReply {
        let socket: Socket
        do {
            socket = try Socket.connectUnix(path: socketPath)
        } catch {
            if error.errno == ENOENT || error.errno == ECONNREFUSED {
                return .failure(
                    "distreboot: the daemon is not running (nothing listens on \(socketPath)); "
                        + "start it with distreboot --start", .notRunning)
            }
            if error.errno == EACCES {
                return .failure("distreboot: \(error): only root may use distreboot", .permissionDenied)
            }
            return .failure("distreboot: \(error)", .notRunning)
        }
        // Only a daemon running as root may answer for the cluster.
        if let peer = try? socket.peerCredentials(), peer.uid != 0 {
            return .failure(
                "distreboot: \(socketPath) is served by a process of uid \(peer.uid), not root; refusing to use it")
        }
        socket.setTimeout(milliseconds: 60_000)
        do {
            try socket.send(Array((request.encoded + "\n").utf8))
            socket.shutdownWrite()
            var reply: [UInt8] = []
            while true {
                let bytes = try socket.receive()
                if bytes.isEmpty { break }
                reply += bytes
                // The reply is one line; a child process holding a copy of our socket must not keep us waiting.
                if let newline = reply.firstIndex(of: 0x0A) {
                    reply = Array(reply[..<newline])
                    break
                }
                guard reply.count < 16 * 1024 * 1024 else { break }
            }
            guard let decoded = ControlReply.decode(reply) else {
                return .failure("distreboot: unreadable reply from the daemon")
            }
            return decoded
        } catch {
            return .failure("distreboot: talking to the daemon: \(error)")
        }
    }
}
