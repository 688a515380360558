/// A record that is not well-formed CSV: reported, never guessed at, and reading carries on.
public struct MalformedRecord: Sendable, Equatable {
    /// Why a record is malformed. Raw values are the stable reason codes of the quarantine file.
    public enum Reason: String, Sendable, CaseIterable, Codable {
        /// A quote where strict RFC 4180 allows none: inside an unquoted field, or text after a
        /// closing quote.
        case malformedQuote = "malformed-quote"
        /// A quoted field opened on this line and never closed properly before the file, the
        /// record limit or a later quote ended it.
        case unterminatedQuote = "unterminated-quote"
        /// The record has more or fewer fields than the header.
        case fieldCount = "field-count"
        /// A carriage return inside an unquoted field split the line into two records.
        case bareCarriageReturn = "bare-carriage-return"
        /// The record is longer than the dialect allows.
        case recordTooLarge = "record-too-large"
        /// The record holds a NUL byte, which no text extract contains.
        case nulByte = "nul-byte"
    }

    /// Where the record stands.
    public var position: Position
    /// Why it is malformed.
    public var reason: Reason
    /// The 1-based field index where the fault lies, when one is known.
    public var column: Int?
    /// The 1-based byte within the faulty line where the parser stopped, when known.
    public var byteColumn: Int?
    /// One sentence saying what is wrong, without echoing any value.
    public var message: String
    /// The record's bytes as read, without the final line end (for the owner-only quarantine file).
    public var raw: [UInt8]

    /// Creates a malformed-record report.
    public init(
        position: Position, reason: Reason, column: Int?, byteColumn: Int?, message: String,
        raw: [UInt8]
    ) {
        self.position = position
        self.reason = reason
        self.column = column
        self.byteColumn = byteColumn
        self.message = message
        self.raw = raw
    }
}
