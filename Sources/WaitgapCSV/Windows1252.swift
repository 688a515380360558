/// Windows-1252, the code page Excel uses when it saves CSV on an English Windows machine.
///
/// Extracts that are not valid UTF-8 are almost always Windows-1252: their labels and free text
/// are read as such, while identifiers keep their exact bytes.
public enum Windows1252 {
    /// The characters of bytes 0x80–0x9F (the rest are ISO-8859-1, equal to their code point);
    /// the five undefined bytes read as U+FFFD.
    static let high: [Unicode.Scalar] = [
        "\u{20AC}", "\u{FFFD}", "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", "\u{FFFD}", "\u{017D}", "\u{FFFD}",
        "\u{FFFD}", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", "\u{FFFD}", "\u{017E}", "\u{0178}",
    ]

    /// The bytes as text: as UTF-8 when they are valid UTF-8, else as Windows-1252.
    /// - Complexity: O(n); allocates the string.
    public static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            scalars.append(byte >= 0x80 && byte < 0xA0 ? high[Int(byte) - 0x80] : Unicode.Scalar(byte))
        }
        return String(scalars)
    }

    /// Whether the bytes are valid UTF-8.
    public static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }
}
