/// One `NAME=VALUE` of an environment file; `line` is where it starts.

import QuotedText

public struct EnvironmentAssignment: Equatable, Sendable {
    public let name: String
    public let value: String
    public let line: Int

    public init(name: String, value: String, line: Int) {
        self.name = name
        self.value = value
        self.line = line
    }
}

/// A line of an environment file that cannot be used, with the fix.
public struct EnvironmentFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let problem: String

    public var description: String { "\(path):\(line): \(problem)" }
}

/// Reads files such as /etc/default/sbd the way systemd reads an
/// `EnvironmentFile=` (systemd 252, Debian 12), so that `sbd` run by hand sees
/// the same values as the service:
///
/// - lines whose first non-blank character is `#` or `;` are comments (a
///   comment ending in a backslash goes on onto the next line);
/// - blanks around the name and before the value are dropped, as is an
///   `export ` in front of the name;
/// - unquoted: a backslash takes the next character literally, a backslash at
///   the end of a line joins the next line, trailing blanks are dropped;
/// - `'...'` is literal; in `"..."` a backslash escapes `"` `\` `` ` `` `$`
///   and a line end, and is kept before anything else;
/// - quoted and unquoted parts join (`A="x"y` is `xy`); `#` inside a value is
///   part of it; `\r` counts as a line end, so CRLF files work.
///
/// Where systemd silently skips a line (no `=`, a bad name, bad UTF-8) or
/// takes an unterminated quote up to the end of the file, this parser
/// reports the line instead: a typo in the fencing configuration should be
/// seen, not guessed around.
public enum EnvironmentFile {
    public static func parse(_ text: String, path: String) throws(EnvironmentFileError) -> [EnvironmentAssignment] {
        try parse(Array(text.utf8), path: path)
    }

    public static func parse(_ bytes: [UInt8], path: String) throws(EnvironmentFileError) -> [EnvironmentAssignment] {
        var scanner = Scanner(path: path)
        for byte in bytes {
            try scanner.feed(byte)
        }
        try scanner.finish()
        return scanner.assignments
    }

    /// The last value of each name.
    public static func values(of assignments: [EnvironmentAssignment]) -> [String: String] {
        var values: [String: String] = [:]
        for assignment in assignments { values[assignment.name] = assignment.value }
        return values
    }
}

/// The byte-by-byte state machine behind `EnvironmentFile.parse`.
private struct Scanner {
    enum State {
        case lineStart, comment, commentEscape, name
        case valueStart, unquoted, unquotedEscape, singleQuoted, doubleQuoted, doubleQuotedEscape
    }

    let path: String
    var assignments: [EnvironmentAssignment] = []
    var state = State.lineStart
    var line = 1
    var startLine = 1
    var name: [UInt8] = []
    var value: [UInt8] = []
    /// Length of `value` before its trailing unquoted blanks.
    var valueEnd = 0
    /// Where the open quote was, for the error if it never closes.
    var quoteLine = 0

    init(path: String) { self.path = path }

    mutating func feed(_ byte: UInt8) throws(EnvironmentFileError) {
        guard byte != 0 else { throw failure(line, "contains a NUL byte; this is not a text file") }
        let isNewline = byte == 0x0A || byte == 0x0D
        defer { if isNewline && byte == 0x0A { line += 1 } }
        switch state {
        case .lineStart:
            if isNewline || isBlank(byte) { return }
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: ";") {
                state = .comment
            } else {
                startLine = line
                name = [byte]
                state = .name
            }
        case .comment:
            if byte == UInt8(ascii: "\\") {
                state = .commentEscape
            } else if isNewline {
                state = .lineStart
            }
        case .commentEscape:
            state = .comment
        case .name:
            if isNewline {
                throw failure(
                    startLine, "\(quoted(text(trimmed(name)))) has no '='; write NAME=VALUE, or start the line with #")
            } else if byte == UInt8(ascii: "=") {
                try checkName()
                value = []
                valueEnd = 0
                state = .valueStart
            } else {
                name.append(byte)
            }
        case .valueStart:
            if isNewline {
                try finishAssignment()
            } else if isBlank(byte) {
                return
            } else {
                try startValuePart(byte)
            }
        case .unquoted:
            if isNewline {
                try finishAssignment()
            } else if byte == UInt8(ascii: "\\") {
                state = .unquotedEscape
            } else {
                value.append(byte)
                if !isBlank(byte) { valueEnd = value.count }
            }
        case .unquotedEscape:
            state = .unquoted
            if !isNewline {
                value.append(byte)
                valueEnd = value.count
            }
        case .singleQuoted:
            if byte == UInt8(ascii: "'") {
                endQuote()
            } else {
                value.append(byte)
            }
        case .doubleQuoted:
            if byte == UInt8(ascii: "\"") {
                endQuote()
            } else if byte == UInt8(ascii: "\\") {
                state = .doubleQuotedEscape
            } else {
                value.append(byte)
            }
        case .doubleQuotedEscape:
            state = .doubleQuoted
            if Array("\"\\`$".utf8).contains(byte) {
                value.append(byte)
            } else if !isNewline {
                value += [UInt8(ascii: "\\"), byte]
            }
        }
    }

    mutating func finish() throws(EnvironmentFileError) {
        switch state {
        case .lineStart, .comment, .commentEscape:
            return
        case .name:
            throw failure(
                startLine, "\(quoted(text(trimmed(name)))) has no '='; write NAME=VALUE, or start the line with #")
        case .singleQuoted:
            throw failure(
                quoteLine,
                "the single quote opened here in the value of \(text(name)) is never closed; add the closing '")
        case .doubleQuoted, .doubleQuotedEscape:
            throw failure(
                quoteLine,
                "the double quote opened here in the value of \(text(name)) is never closed; add the closing \"")
        case .valueStart, .unquoted, .unquotedEscape:
            // A backslash at the very end escapes nothing and is dropped.
            try finishAssignment()
        }
    }

    /// After a closing quote, the value may go on (`"a"b`); what follows is
    /// read as at the start of a value, so blanks there are dropped.
    mutating func endQuote() {
        valueEnd = value.count
        state = .valueStart
    }

    mutating func startValuePart(_ byte: UInt8) throws(EnvironmentFileError) {
        switch byte {
        case UInt8(ascii: "'"):
            quoteLine = line
            state = .singleQuoted
        case UInt8(ascii: "\""):
            quoteLine = line
            state = .doubleQuoted
        case UInt8(ascii: "\\"):
            state = .unquotedEscape
        default:
            value.append(byte)
            valueEnd = value.count
            state = .unquoted
        }
    }

    mutating func checkName() throws(EnvironmentFileError) {
        var candidate = trimmed(name)
        let export = Array("export".utf8)
        if candidate.starts(with: export), candidate.count > export.count, isBlank(candidate[export.count]) {
            candidate = trimmed(Array(candidate[export.count...]))
        }
        guard let first = candidate.first, isNameStart(first), candidate.allSatisfy(isNameCharacter) else {
            throw failure(
                startLine,
                "\(quoted(text(candidate))) is not a valid variable name (letters, digits and _, not starting with a digit)"
            )
        }
        name = candidate
    }

    mutating func finishAssignment() throws(EnvironmentFileError) {
        let kept = Array(value[0..<valueEnd])
        guard let decoded = String(validating: kept, as: UTF8.self) else {
            throw failure(startLine, "the value of \(text(name)) is not valid UTF-8; save the file as UTF-8")
        }
        assignments.append(EnvironmentAssignment(name: text(name), value: decoded, line: startLine))
        state = .lineStart
    }

    func failure(_ line: Int, _ problem: String) -> EnvironmentFileError {
        EnvironmentFileError(path: path, line: line, problem: problem)
    }
}

private func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C }

private func isNameStart(_ byte: UInt8) -> Bool {
    (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
}

private func isNameCharacter(_ byte: UInt8) -> Bool { isNameStart(byte) || (0x30...0x39).contains(byte) }

private func trimmed(_ bytes: [UInt8]) -> [UInt8] {
    Array(bytes.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
}

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
