// A connected or listening socket that closes itself, with the few
// operations distreboot needs: TCP to etcd, a Unix socket for commands.

import Glibc

public final class Socket: @unchecked Sendable {
    public let fd: Int32

    init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    // MARK: TCP

    /// Connects to host:port, giving up after `timeoutMilliseconds` per address.
    public static func connectTCP(host: String, port: UInt16, timeoutMilliseconds: Int32) throws(SystemError)
        -> Socket
    {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw SystemError("resolve \(host): \(String(cString: gai_strerror(rc)))", errno: 0)
        }
        defer { freeaddrinfo(list) }
        var lastError = SystemError("connect \(host):\(port)", errno: ECONNREFUSED)
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                lastError = SystemError("socket")
                continue
            }
            let sock = Socket(fd: fd)
            do {
                try sock.connect(info.pointee.ai_addr, info.pointee.ai_addrlen, timeoutMilliseconds, "\(host):\(port)")
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return sock
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    // Non-blocking connect and poll, so that an unreachable address cannot hang us for minutes.
    private func connect(
        _ address: UnsafePointer<sockaddr>, _ length: socklen_t, _ timeout: Int32, _ name: String
    ) throws(SystemError) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, address, length) != 0 {
            guard errno == EINPROGRESS else { throw SystemError("connect \(name)") }
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = retryingEINTR { poll(&pfd, 1, timeout) }
            guard ready > 0 else { throw SystemError("connect \(name)", errno: ready == 0 ? ETIMEDOUT : errno) }
            var soError: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &size)
            guard soError == 0 else { throw SystemError("connect \(name)", errno: soError) }
        }
        _ = fcntl(fd, F_SETFL, flags)
    }

    /// Limits how long one send or receive may block (0: no limit).
    public func setTimeout(milliseconds: Int64) {
        var tv = timeval(tv_sec: Int(milliseconds / 1000), tv_usec: Int(milliseconds % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    // MARK: data

    public func send(_ bytes: [UInt8]) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                retryingEINTR { Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL)) }
            }
            guard n > 0 else { throw SystemError("send", errno: n == 0 ? EPIPE : errno) }
            offset += n
        }
    }

    /// Up to `maximum` bytes; empty at end of stream. EAGAIN means the receive timeout passed.
    public func receive(maximum: Int = 65536) throws(SystemError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let n = buffer.withUnsafeMutableBytes { raw in retryingEINTR { recv(fd, raw.baseAddress, raw.count, 0) } }
        guard n >= 0 else { throw SystemError("receive") }
        return Array(buffer[0..<n])
    }

    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    // MARK: Unix domain sockets

    private static func unixAddress(_ path: String) throws(SystemError) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw SystemError("socket path \(path) is too long", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        return address
    }

    /// Listens on a fresh socket file at `path`, readable and writable by root only.
    public static func listenUnix(path: String) throws(SystemError) -> Socket {
        var address = try unixAddress(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket") }
        let sock = Socket(fd: fd)
        unlink(path)
        let oldMask = umask(0o177)
        defer { umask(oldMask) }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else { throw SystemError("bind \(path)") }
        guard listen(fd, 16) == 0 else { throw SystemError("listen \(path)") }
        return sock
    }

    public static func connectUnix(path: String) throws(SystemError) -> Socket {
        var address = try unixAddress(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket") }
        let sock = Socket(fd: fd)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else { throw SystemError("connect \(path)") }
        return sock
    }

    public func accept() throws(SystemError) -> Socket {
        // accept4 is a GNU extension Glibc's module hides: accept, then mark close-on-exec.
        let client = retryingEINTR { Glibc.accept(fd, nil, nil) }
        guard client >= 0 else { throw SystemError("accept") }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        return Socket(fd: client)
    }

    /// The kernel's record of who is at the other end (SO_PEERCRED): unforgeable, unlike file modes.
    public func peerCredentials() throws(SystemError) -> PeerCredentials {
        var credentials = PeerCredentials(pid: 0, uid: UInt32.max, gid: UInt32.max)
        var size = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) == 0 else {
            throw SystemError("SO_PEERCRED")
        }
        return credentials
    }
}

/// Linux's `struct ucred`, which Glibc's Swift module does not export
/// (it needs _GNU_SOURCE): pid, uid, gid.
public struct PeerCredentials: Sendable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32
}
