// Configuration files split into lines. Swift's String treats "\r\n" as one
// character, so splitting a String at "\n" would glue a CRLF file into one
// line: split the Unicode scalars instead.

extension StringProtocol {
    /// The lines of a text, without their "\n"; "\r" stays for trimming.
    var lines: [String] {
        unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0))
        }
    }
}
