import Testing

@testable import QuotedText

struct QuotedTests {
    @Test func plainValuesAreQuotedAsTheyAre() {
        #expect(quoted("yes") == "\"yes\"")
        #expect(quoted("") == "\"\"")
        #expect(quoted("nœud-1") == "\"nœud-1\"")
    }

    @Test func controlsAndEscapeSequencesCannotReachTheTerminal() {
        #expect(quoted("a\u{1B}[2Jb") == "\"a\\x1b[2Jb\"")
        #expect(quoted("line\nnext\tx\r") == "\"line\\nnext\\tx\\r\"")
        #expect(quoted("q\"b\\") == "\"q\\\"b\\\\\"")
        #expect(quoted("\u{7F}\u{9B}\u{0}") == "\"\\x7f\\x9b\\x00\"")
        #expect(quoted("a\u{202E}b") == "\"a\\u{202e}b\"")
        #expect(escapedText("node\u{7}") == "node\\x07")
    }

    @Test func longValuesAreCutAndCounted() {
        let mebibyte = String(repeating: "x", count: 1 << 20)
        let shown = quoted(mebibyte)
        #expect(shown == "\"" + String(repeating: "x", count: 80) + "\"… (1048496 more characters)")
        #expect(quoted(String(repeating: "y", count: 81)).hasSuffix("… (1 more character)"))
        #expect(quoted(String(repeating: "y", count: 80)) == "\"" + String(repeating: "y", count: 80) + "\"")
    }
}
