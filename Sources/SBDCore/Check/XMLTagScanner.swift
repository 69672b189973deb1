/// The tags of an XML document, in order, with their attributes decoded.
public struct XMLTag: Equatable, Sendable {
    public var name: String
    public var closing: Bool
    public var selfClosing: Bool
    public var attributes: [String: String]
}

public enum XMLTagScanner {
    public static func tags(_ xml: String) -> [XMLTag] {
        let bytes = Array(xml.utf8)
        var tags: [XMLTag] = []
        var index = 0
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            guard let close = tagEnd(bytes, from: open) else { break }
            index = close + 1
            let inner = bytes[(open + 1)..<close]
            // Declarations, comments, processing instructions: not elements.
            guard let first = inner.first, first != UInt8(ascii: "?"), first != UInt8(ascii: "!") else { continue }
            tags.append(tag(inner))
        }
        return tags
    }

    /// The ">" that ends the tag starting at `open`, skipping quoted values.
    private static func tagEnd(_ bytes: [UInt8], from open: Int) -> Int? {
        var quote: UInt8?
        var index = open + 1
        while index < bytes.count {
            let byte = bytes[index]
            if let current = quote {
                if byte == current { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func tag(_ inner: ArraySlice<UInt8>) -> XMLTag {
        var body = inner
        let closing = body.first == UInt8(ascii: "/")
        if closing { body = body.dropFirst() }
        let selfClosing = body.last == UInt8(ascii: "/")
        if selfClosing { body = body.dropLast() }
        let isNameEnd: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let name = String(decoding: body.prefix { !isNameEnd($0) }, as: UTF8.self)
        var attributes: [String: String] = [:]
        var rest = body.drop { !isNameEnd($0) }
        while true {
            rest = rest.drop { isNameEnd($0) }
            guard let equals = rest.firstIndex(of: UInt8(ascii: "=")) else { break }
            let key = String(decoding: rest[rest.startIndex..<equals], as: UTF8.self).trimmingASCIISpaces()
            var valueStart = rest.index(after: equals)
            while valueStart < rest.endIndex, isNameEnd(rest[valueStart]) { valueStart += 1 }
            guard valueStart < rest.endIndex else { break }
            let quote = rest[valueStart]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { break }
            let after = rest.index(after: valueStart)
            guard let end = rest[after...].firstIndex(of: quote) else { break }
            attributes[key] = decodeEntities(String(decoding: rest[after..<end], as: UTF8.self))
            rest = rest[rest.index(after: end)...]
        }
        return XMLTag(name: name, closing: closing, selfClosing: selfClosing, attributes: attributes)
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingAll("&lt;", "<").replacingAll("&gt;", ">").replacingAll("&quot;", "\"")
            .replacingAll("&apos;", "'").replacingAll("&amp;", "&")
    }
}

extension String {
    /// Without Foundation: every occurrence of `target` replaced.
    fileprivate func replacingAll(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[rest.startIndex..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
