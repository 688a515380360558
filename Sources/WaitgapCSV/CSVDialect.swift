/// How an extract is written: its delimiter, quote and the limits that keep memory bounded.
///
/// Like xsv's `Config`, one value carries every reading choice, so commands never touch the
/// parser. The limits exist because a record is held until it ends: a quote that is never
/// closed would otherwise swallow the rest of the file into memory.
public struct CSVDialect: Sendable, Equatable {
    /// The field delimiter byte (`,` by default, tab for `.tsv`).
    public var delimiter: UInt8
    /// The quote byte (`"`).
    public var quote: UInt8
    /// The most bytes one record may span, across all its physical lines. A longer record is
    /// reported as malformed (`record-too-large`) and reading carries on after it.
    public var maxRecordBytes: Int
    /// The most physical lines one record may span (quoted fields may hold line breaks).
    public var maxRecordLines: Int
    /// Whether the reader chooses the delimiter from the header line among `,` `;` tab `|`
    /// (`delimiter` is then the choice when the line does not tell, and is replaced by the
    /// reader's choice: see `CSVReader.dialect`).
    public var detectsDelimiter = false
    /// Whether a NUL byte is data rather than a malformed record: only for files waitgap wrote
    /// itself, such as a part's quarantine file, which holds the extract's bad rows as they were.
    public var allowsNUL = false

    /// The delimiters detection chooses among, in order of preference on a tie.
    public static let detectableDelimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]

    /// How a delimiter reads in messages: `,` `;` `tab` `|`.
    public static func name(of delimiter: UInt8) -> String {
        delimiter == UInt8(ascii: "\t") ? "tab" : String(UnicodeScalar(delimiter))
    }

    /// Creates a dialect.
    /// - Parameters:
    ///   - delimiter: the field delimiter byte.
    ///   - quote: the quote byte.
    ///   - maxRecordBytes: the most bytes one record may span (default 4 MiB).
    ///   - maxRecordLines: the most physical lines one record may span (default 1,000).
    public init(
        delimiter: UInt8 = UInt8(ascii: ","),
        quote: UInt8 = UInt8(ascii: "\""),
        maxRecordBytes: Int = 4 << 20,
        maxRecordLines: Int = 1_000
    ) {
        self.delimiter = delimiter
        self.quote = quote
        self.maxRecordBytes = max(maxRecordBytes, 1 << 10)
        self.maxRecordLines = max(maxRecordLines, 1)
    }

    /// The dialect a file's name implies: tab-delimited for `.tsv` and `.tab`, comma otherwise.
    public static func inferred(fromPath path: String) -> CSVDialect {
        let lower = path.lowercased()
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") {
            return CSVDialect(delimiter: UInt8(ascii: "\t"))
        }
        return CSVDialect()
    }
}
