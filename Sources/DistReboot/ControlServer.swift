// The daemon side of the control socket: one thread accepts, one thread per
// client answers. Only root may ask: the peer's uid comes from the kernel
// (SO_PEERCRED), in addition to the socket file's 0600 mode.

import DistRebootCore
import Glibc

struct ControlServer: Sendable {
    let listener: Socket
    let handler: HandlerSlot
    /// Answers while the daemon still waits for etcd to learn its node name.
    let starting: @Sendable (ControlRequest) -> (ControlReply, afterReply: (@Sendable () -> Void)?)

    func start() {
        Threads.detach { acceptLoop() }
    }

    private func acceptLoop() {
        while true {
            do {
                let client = try listener.accept()
                Threads.detach { serve(client) }
            } catch {
                Log.error("control socket: \(error)")
                _ = StopFlag().sleep(milliseconds: 100)
            }
        }
    }

    private func serve(_ client: Socket) {
        client.setTimeout(milliseconds: 5000)
        var reply: ControlReply
        var afterReply: (@Sendable () -> Void)?
        do {
            let peer = try client.peerCredentials()
            if peer.uid != 0 {
                Log.warning("refused a request from uid \(peer.uid) (pid \(peer.pid)): root only")
                reply = .failure("distreboot: permission denied: only root may use distreboot", .permissionDenied)
            } else if let request = try readRequest(client) {
                if let handler = handler.current {
                    (reply, afterReply) = handler.handle(request)
                } else {
                    (reply, afterReply) = starting(request)
                }
            } else {
                reply = .failure(
                    "distreboot: unreadable request (is the command the same version as the daemon?)", .usage)
            }
        } catch {
            Log.warning("control socket client: \(error)")
            return
        }
        try? client.send(Array((reply.encoded + "\n").utf8))
        afterReply?()
    }

    /// One line of JSON, at most 64 KiB.
    private func readRequest(_ client: Socket) throws(SystemError) -> ControlRequest? {
        var bytes: [UInt8] = []
        while !bytes.contains(0x0A), bytes.count < 65536 {
            let more = try client.receive(maximum: 4096)
            if more.isEmpty { break }
            bytes += more
        }
        if let newline = bytes.firstIndex(of: 0x0A) { bytes = Array(bytes[..<newline]) }
        return ControlRequest.decode(bytes)
    }
}

/// The request handler, set once the daemon knows its node name.
final class HandlerSlot: @unchecked Sendable {
    private let monitor = Monitor()
    private var handler: RequestHandler?

    func set(_ handler: RequestHandler) { monitor.locked { self.handler = handler } }
    var current: RequestHandler? { monitor.locked { handler } }
}
