import WaitgapCSV
import WaitgapCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writes rows that cannot be analysed to `quarantine-<census>.csv`, owner-only (0600) because
/// it holds the rows as they were, identifiers included.
///
/// Rows stream to a temporary file (the census date may not be known until rows are read) and
/// `finish` renames it. Each line gives the file, row, line, column, reason code and sentence,
/// then the record itself: its fields re-quoted as one CSV field, or its raw text when the
/// record was malformed, so files with different headers share one quarantine file.
public final class QuarantineWriter {
    /// The quarantine file's columns.
    public static let header = ["file", "row", "line", "column", "column_name", "reason_code", "reason", "record"]

    private let directory: String
    private var file: OutputFile?
    private var writer = CSVWriter()
    /// Rows written.
    public private(set) var count = 0

    /// Prepares a writer for `directory`; nothing is created until a row is quarantined.
    public init(directory: String) {
        self.directory = directory
    }

    /// The quarantine file's name for a census.
    public static func fileName(censusDate: Day?) -> String {
        "quarantine-\(censusDate?.description ?? "unknown-census").csv"
    }

    /// Writes one quarantined row.
    /// - Parameters:
    ///   - issue: why.
    ///   - file: the extract's path.
    ///   - record: the record's fields, when it was well-formed.
    ///   - raw: the record's bytes, when it was malformed.
    public func write(_ issue: RowIssue, file path: String, record: CSVRecord?, raw: [UInt8]?) throws(OutputError) {
        if file == nil {
            file = try OutputFile(path: directory + "/" + Self.fileName(censusDate: nil), mode: 0o600)
            writer.record(Self.header)
        }
        writer.field(path)
        writer.field(String(issue.position.row))
        writer.field(String(issue.position.line))
        writer.field(issue.column.map(String.init) ?? "")
        writer.field(issue.columnName ?? "")
        writer.field(issue.reason.rawValue)
        writer.field(issue.message)
        if let record {
            var inner = CSVWriter(reservingCapacity: 256)
            for index in 0..<record.count { inner.field(record[index]) }
            writer.field(inner.bytes)
        } else {
            writer.field(raw ?? [])
        }
        writer.endRecord()
        count += 1
        if writer.bytes.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(OutputError) {
        guard let file else { return }
        try file.write(writer.bytes)
        writer.removeAll()
    }

    /// Puts the file in place as `quarantine-<census>.csv`; with no rows, removes any stale
    /// file of that census left by an earlier run.
    /// - Returns: the file's path, or nil when nothing was quarantined.
    @discardableResult
    public func finish(censusDate: Day?) throws(OutputError) -> String? {
        let finalPath = directory + "/" + Self.fileName(censusDate: censusDate)
        guard let file else {
            unlink(finalPath)
            return nil
        }
        try flush()
        try file.commit()
        if file.path != finalPath, rename(file.path, finalPath) != 0 {
            throw OutputError(path: finalPath, reason: String(cString: strerror(errno)))
        }
        self.file = nil
        return finalPath
    }
}
