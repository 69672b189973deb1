/// How sbd 1.5 reads the value of an option, measured on Debian's binary:
/// leading white space is dropped (a value of only white space counts as
/// missing), and numbers are whole decimal numbers from 0 to 2^31 − 2 with an
/// optional sign ("+5", "-0" and "010" = 10 are accepted; "0x10", "5 ", "5s",
/// "-1" and 2147483647 are not).
public enum OptionValue {
    /// The largest number an option takes: sbd refuses INT_MAX itself.
    public static let maximumNumber: UInt32 = UInt32(Int32.max) - 1

    /// The value without leading white space, or nil when nothing is left.
    public static func trimmed(_ text: String) -> String? {
        let kept = text.utf8.drop(while: isCSpace)
        return kept.isEmpty ? nil : String(decoding: kept, as: UTF8.self)
    }

    /// A number as sbd's options take it, or nil.
    public static func number(_ text: String) -> UInt32? {
        guard let text = trimmed(text) else { return nil }
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        // Leading zeros must not count towards an overflow.
        let significant = digits.drop { $0 == "0" }
        guard significant.count <= 10, let magnitude = UInt64(significant.isEmpty ? "0" : significant) else {
            return nil
        }
        if negative { return magnitude == 0 ? 0 : nil }
        return magnitude <= UInt64(maximumNumber) ? UInt32(magnitude) : nil
    }

    /// C's isspace() in the C locale.
    static func isCSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
