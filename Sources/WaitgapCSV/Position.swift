/// Where a record stands in its file.
///
/// Row numbers are 1-based with the header as row 1, as a spreadsheet shows them: blank
/// lines and malformed records advance the row number too. Lines are physical lines
/// (1-based); a record whose quoted fields hold line breaks spans `line...lastLine`.
/// `byteOffset` is the 0-based offset of the record's first byte, counting a byte-order mark.
public struct Position: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based row, header = row 1.
    public var row: Int
    /// The 1-based physical line on which the record begins.
    public var line: Int
    /// The 1-based physical line on which the record ends.
    public var lastLine: Int
    /// The 0-based byte offset of the record's first byte in the file.
    public var byteOffset: Int

    /// Creates a position.
    public init(row: Int, line: Int, lastLine: Int, byteOffset: Int) {
        self.row = row
        self.line = line
        self.lastLine = lastLine
        self.byteOffset = byteOffset
    }

    /// `row 12 (line 14)`, or `row 12` when row and line agree.
    public var description: String {
        if line == row && lastLine == line { return "row \(row)" }
        if lastLine == line { return "row \(row) (line \(line))" }
        return "row \(row) (lines \(line)-\(lastLine))"
    }
}
