// A minimal HTTP/1.1 client for etcd's JSON gateway on a trusted local
// member: POST a JSON body, read a Content-Length or chunked response, or
// follow a chunked response as a stream of lines (the watch). One connection
// per request; plain http only.

import DistRebootCore
import Glibc

public struct HTTPError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
}

public struct HTTPClient: Sendable {
    public let endpoint: Endpoint
    public var timeoutMilliseconds: Int64

    public init(endpoint: Endpoint, timeoutMilliseconds: Int64 = 5000) {
        self.endpoint = endpoint
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    public func post(_ path: String, json body: String) throws(HTTPError) -> HTTPResponse {
        let reader = try open(path, body)
        let head = try reader.readHead()
        var bodyBytes: [UInt8] = []
        if head.chunked {
            while let chunk = try reader.readChunk() { bodyBytes += chunk }
        } else if let length = head.contentLength {
            bodyBytes = try reader.readExactly(length)
        } else {
            bodyBytes = try reader.readToEnd()
        }
        return HTTPResponse(status: head.status, body: bodyBytes)
    }

    /// Posts `body` and hands every line of the streamed response to
    /// `onLine` until it returns false, the server ends the stream, or
    /// `shouldStop` is true when a receive times out (`idleMilliseconds`).
    public func stream(
        _ path: String, json body: String, idleMilliseconds: Int64, shouldStop: () -> Bool,
        onLine: ([UInt8]) -> Bool
    ) throws(HTTPError) {
        let reader = try open(path, body)
        let head = try reader.readHead()
        guard head.status == 200 else {
            let rest = (try? reader.readToEnd()) ?? []
            throw HTTPError(message: "HTTP \(head.status): \(String(decoding: rest.prefix(300), as: UTF8.self))")
        }
        reader.socket.setTimeout(milliseconds: idleMilliseconds)
        reader.idleIsTimeout = false
        var pending: [UInt8] = []
        while true {
            let chunk: [UInt8]?
            if head.chunked {
                chunk = try reader.readChunk(shouldStop: shouldStop)
            } else {
                let bytes = try reader.readSome(shouldStop: shouldStop)
                chunk = bytes.isEmpty ? nil : bytes
            }
            guard let chunk else { throw HTTPError(message: "the stream ended") }
            pending += chunk
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if !line.isEmpty, !onLine(line) { return }
            }
        }
    }

    private func open(_ path: String, _ body: String) throws(HTTPError) -> ResponseReader {
        let socket: Socket
        do {
            socket = try Socket.connectTCP(
                host: endpoint.host, port: endpoint.port, timeoutMilliseconds: Int32(timeoutMilliseconds))
        } catch {
            throw HTTPError(message: error.description)
        }
        socket.setTimeout(milliseconds: timeoutMilliseconds)
        let bodyBytes = Array(body.utf8)
        let request =
            "POST \(path) HTTP/1.1\r\nHost: \(endpoint.host):\(endpoint.port)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(bodyBytes.count)\r\nConnection: close\r\n\r\n"
        do {
            try socket.send(Array(request.utf8) + bodyBytes)
        } catch {
            throw HTTPError(message: "\(endpoint): \(error)")
        }
        return ResponseReader(socket: socket, endpoint: endpoint)
    }
}

/// Reads an HTTP/1.1 response from a socket, buffering what it has not used yet.
final class ResponseReader {
    struct Head {
        var status: Int
        var contentLength: Int?
        var chunked: Bool
    }

    let socket: Socket
    let endpoint: Endpoint
    var buffer: [UInt8] = []
    /// A receive timeout is an error for plain requests, an idle moment for streams.
    var idleIsTimeout = true
    // Bounds what a misbehaving server can make us hold.
    static let maximumHead = 64 * 1024
    static let maximumBody = 64 * 1024 * 1024

    init(socket: Socket, endpoint: Endpoint) {
        self.socket = socket
        self.endpoint = endpoint
    }

    private func fail(_ message: String) -> HTTPError { HTTPError(message: "\(endpoint): \(message)") }

    /// Receives more bytes; false at end of stream.
    private func fill(shouldStop: () -> Bool = { false }) throws(HTTPError) -> Bool {
        while true {
            do {
                let bytes = try socket.receive()
                if bytes.isEmpty { return false }
                buffer += bytes
                return true
            } catch {
                if error.errno == EAGAIN || error.errno == EWOULDBLOCK {
                    if idleIsTimeout { throw fail("timed out waiting for a response") }
                    if shouldStop() { throw HTTPError(message: "stopped") }
                    continue
                }
                throw fail(error.description)
            }
        }
    }

    private func readLine(shouldStop: () -> Bool = { false }) throws(HTTPError) -> String {
        while true {
            if let cr = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<cr])
                buffer.removeSubrange(...cr)
                if line.last == 0x0D { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count < ResponseReader.maximumHead else { throw fail("line too long") }
            guard try fill(shouldStop: shouldStop) else { throw fail("connection closed mid-response") }
        }
    }

    func readHead() throws(HTTPError) -> Head {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw fail("not an HTTP response: \(statusLine.prefix(80))")
        }
        var head = Head(status: status, contentLength: nil, chunked: false)
        var headerBytes = 0
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            headerBytes += line.utf8.count
            guard headerBytes < ResponseReader.maximumHead else { throw fail("headers too long") }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            if name == "content-length" {
                guard let length = Int(value), length >= 0, length <= ResponseReader.maximumBody else {
                    throw fail("bad Content-Length")
                }
                head.contentLength = length
            } else if name == "transfer-encoding" {
                head.chunked = value.lowercased().contains("chunked")
            }
        }
        return head
    }

    func readExactly(_ count: Int) throws(HTTPError) -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw fail("connection closed mid-body") }
        }
        let bytes = Array(buffer[..<count])
        buffer.removeSubrange(..<count)
        return bytes
    }

    func readToEnd() throws(HTTPError) -> [UInt8] {
        while try fill() {
            guard buffer.count <= ResponseReader.maximumBody else { throw fail("response too large") }
        }
        defer { buffer = [] }
        return buffer
    }

    func readSome(shouldStop: () -> Bool) throws(HTTPError) -> [UInt8] {
        if buffer.isEmpty { _ = try fill(shouldStop: shouldStop) }
        defer { buffer = [] }
        return buffer
    }

    /// The next chunk's data, or nil after the last (zero-length) chunk.
    func readChunk(shouldStop: () -> Bool = { false }) throws(HTTPError) -> [UInt8]? {
        let sizeLine = try readLine(shouldStop: shouldStop)
        let sizeText = sizeLine.split(separator: ";").first.map(String.init) ?? ""
        guard let size = Int(sizeText.trimmingCharacters(in: " \t"), radix: 16), size >= 0,
            size <= ResponseReader.maximumBody
        else { throw fail("bad chunk size '\(sizeLine.prefix(20))'") }
        if size == 0 {
            while try !readLine(shouldStop: shouldStop).isEmpty {}  // trailers
            return nil
        }
        while buffer.count < size + 2 {
            guard try fill(shouldStop: shouldStop) else { throw fail("connection closed mid-chunk") }
        }
        let data = Array(buffer[..<size])
        buffer.removeSubrange(..<(size + 2))
        return data
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
