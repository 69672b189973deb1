// Just enough XML for what pacemaker's tools print (the CIB, crm_mon
// --output-as=xml): elements and their attributes. Text, comments,
// processing instructions and doctype are skipped; entities in attribute
// values are decoded. Anything malformed is an error, never a guess.

public struct XMLElement: Equatable, Sendable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLElement]

    public init(name: String, attributes: [String: String] = [:], children: [XMLElement] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    public subscript(attribute: String) -> String? { attributes[attribute] }

    /// The direct children named `name`.
    public func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }

    public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }

    /// Every element below this one (not itself) named `name`, in document order.
    public func descendants(_ name: String) -> [XMLElement] {
        children.flatMap { ($0.name == name ? [$0] : []) + $0.descendants(name) }
    }

    public static func parse(_ text: String) throws(XMLError) -> XMLElement {
        var reader = XMLReader(bytes: Array(text.utf8))
        return try reader.document()
    }
}

public struct XMLError: Error, Equatable, Sendable {
    public var message: String
}

/// Escapes text for an attribute value in double quotes.
public func xmlAttributeEscaped(_ text: String) -> String {
    var out = ""
    for c in text.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        case "\n": out += "&#10;"
        case "\t": out += "&#9;"
        case "\r": out += "&#13;"
        default: out.unicodeScalars.append(c)
        }
    }
    return out
}

private struct XMLReader {
    let bytes: [UInt8]
    var at = 0

    mutating func document() throws(XMLError) -> XMLElement {
        var root: XMLElement?
        while at < bytes.count {
            if bytes[at] != UInt8(ascii: "<") {
                at += 1
                continue
            }
            if try skipMarkup() { continue }
            guard root == nil else { throw XMLError(message: "more than one root element") }
            root = try element()
        }
        guard let root else { throw XMLError(message: "no element") }
        return root
    }

    /// Skips `<?...?>`, `<!--...-->` and `<!...>` at `at`; false if an element starts there.
    mutating func skipMarkup() throws(XMLError) -> Bool {
        if starts("<?") {
            try skip(past: "?>")
        } else if starts("<!--") {
            try skip(past: "-->")
        } else if starts("<![CDATA[") {
            try skip(past: "]]>")
        } else if starts("<!") {
            try skip(past: ">")
        } else {
            return false
        }
        return true
    }

    mutating func element() throws(XMLError) -> XMLElement {
        at += 1  // "<"
        var node = XMLElement(name: name())
        guard !node.name.isEmpty else { throw XMLError(message: "an element without a name at byte \(at)") }
        while true {
            skipSpaces()
            guard at < bytes.count else { throw XMLError(message: "<\(node.name) is not closed") }
            if starts("/>") {
                at += 2
                return node
            }
            if bytes[at] == UInt8(ascii: ">") {
                at += 1
                break
            }
            let attribute = name()
            guard !attribute.isEmpty else { throw XMLError(message: "a bad attribute in <\(node.name)> at byte \(at)") }
            skipSpaces()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "=") else {
                throw XMLError(message: "attribute \(attribute) of <\(node.name)> has no value")
            }
            at += 1
            skipSpaces()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") || bytes[at] == UInt8(ascii: "'") else {
                throw XMLError(message: "attribute \(attribute) of <\(node.name)> is not quoted")
            }
            let quote = bytes[at]
            at += 1
            let start = at
            while at < bytes.count, bytes[at] != quote { at += 1 }
            guard at < bytes.count else { throw XMLError(message: "attribute \(attribute) is not closed") }
            node.attributes[attribute] = try decodeEntities(bytes[start..<at])
            at += 1
        }
        // Content: child elements until the closing tag.
        while at < bytes.count {
            if bytes[at] != UInt8(ascii: "<") {
                at += 1
                continue
            }
            if starts("</") {
                at += 2
                let closing = name()
                guard closing == node.name else {
                    throw XMLError(message: "</\(closing)> closes <\(node.name)>")
                }
                skipSpaces()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ">") else {
                    throw XMLError(message: "</\(closing) is not closed")
                }
                at += 1
                return node
            }
            if try skipMarkup() { continue }
            node.children.append(try element())
        }
        throw XMLError(message: "<\(node.name)> is not closed")
    }

    func starts(_ text: String) -> Bool {
        let pattern = Array(text.utf8)
        return at + pattern.count <= bytes.count && Array(bytes[at..<at + pattern.count]) == pattern
    }

    mutating func skip(past text: String) throws(XMLError) {
        while at < bytes.count, !starts(text) { at += 1 }
        guard at < bytes.count else { throw XMLError(message: "\(text) missing") }
        at += text.utf8.count
    }

    mutating func skipSpaces() {
        while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
    }

    mutating func name() -> String {
        let start = at
        while at < bytes.count {
            let b = bytes[at]
            let isName =
                (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b == UInt8(ascii: ".")
                || b >= 0x80
            guard isName else { break }
            at += 1
        }
        return String(decoding: bytes[start..<at], as: UTF8.self)
    }

    func decodeEntities(_ raw: ArraySlice<UInt8>) throws(XMLError) -> String {
        var out: [UInt8] = []
        var i = raw.startIndex
        while i < raw.endIndex {
            guard raw[i] == UInt8(ascii: "&") else {
                out.append(raw[i])
                i += 1
                continue
            }
            guard let semicolon = raw[i...].firstIndex(of: UInt8(ascii: ";")) else {
                throw XMLError(message: "an unterminated entity in an attribute value")
            }
            let entity = String(decoding: raw[(i + 1)..<semicolon], as: UTF8.self)
            let scalar: Unicode.Scalar?
            switch entity {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if entity.hasPrefix("#x") {
                    scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if entity.hasPrefix("#") {
                    scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
                } else {
                    scalar = nil
                }
            }
            guard let scalar else { throw XMLError(message: "unknown entity &\(entity);") }
            out += Array(String(scalar).utf8)
            i = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
