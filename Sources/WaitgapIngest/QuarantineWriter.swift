import WaitgapCSV
import WaitgapCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writes rows that cannot be analysed to `quarantine-<census>.csv`, owner-only (0600) because
/// it holds the rows as they were, identifiers included.
///
/// Rows stream to a temporary file (the census date may not be known until rows are read) and
/// `finish` renames it. The temporary, and each part's file, is an `OutputFile` temporary
/// (`.waitgap-<random>.tmp`, created exclusively, never through a link): no name another user
/// could predict, and a part's file is never renamed, only read back and deleted.
///
/// Each line gives the file, row, line, column, reason code and sentence, then the record
/// itself: its fields re-quoted as one CSV field, or its raw text when the record was malformed,
/// so files with different headers share one quarantine file.
public final class QuarantineWriter {
    /// The quarantine file's columns.
    public static let header = ["file", "row", "line", "column", "column_name", "reason_code", "reason", "record"]

    /// The folder written to.
    let directory: String
    /// Whether rows are only counted, never written (`waitgap check`).
    let discards: Bool
    private let partName: String?
    private var file: OutputFile?
    private var writer = CSVWriter()

    /// Prepares a writer for `directory`; nothing is created until a row is quarantined.
    public init(directory: String) {
        self.directory = directory
        discards = false
        partName = nil
    }

    /// A writer that writes nothing, for a run that only looks (`waitgap check`).
    public static func discarding() -> QuarantineWriter { QuarantineWriter(directory: "", part: nil, discards: true) }

    /// A writer for one part of a file read in parallel, merged later with `append(_:rowOffset:lineOffset:)`.
    func part(_ name: String) -> QuarantineWriter { QuarantineWriter(directory: directory, part: name, discards: discards) }

    private init(directory: String, part: String?, discards: Bool) {
        self.directory = directory
        self.discards = discards
        partName = part
    }

    /// The quarantine file's name for a census.
    public static func fileName(censusDate: Day?) -> String {
        "quarantine-\(censusDate?.description ?? "unknown-census").csv"
    }

    /// The name the file is opened for: it is refused if something that is not a regular file is
    /// there. The rows go to an unpredictable temporary beside it; a part's never takes this name.
    private var workingPath: String {
        directory + "/" + (partName.map { ".quarantine-part-\($0).csv" } ?? Self.fileName(censusDate: nil))
    }

    /// Writes one quarantined row.
    /// - Parameters:
    ///   - issue: why.
    ///   - file: the extract's path.
    ///   - record: the record's fields, when it was well-formed.
    ///   - raw: the record's bytes, when it was malformed.
    public func write(_ issue: RowIssue, file path: String, record: CSVRecord?, raw: [UInt8]?) throws(OutputError) {
        try write(
            fields: [
                path, String(issue.position.row), String(issue.position.line), issue.column.map(String.init) ?? "",
                issue.columnName ?? "", issue.reason.rawValue, issue.message,
            ], record: record.map(Self.requoted) ?? raw ?? [])
    }

    /// A well-formed record's fields re-quoted as one line of CSV, as the `record` column holds it.
    static func requoted(_ record: CSVRecord) -> [UInt8] {
        var inner = CSVWriter(reservingCapacity: 256)
        for index in 0..<record.count { inner.field(record[index]) }
        return inner.bytes
    }

    private func write(fields: [String], record: [UInt8]) throws(OutputError) {
        if discards { return }
        if file == nil {
            file = try OutputFile(path: workingPath, mode: 0o600)
            writer.record(Self.header)
        }
        for field in fields { writer.field(field) }
        writer.field(record)
        writer.endRecord()
        if writer.bytes.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(OutputError) {
        guard let file else { return }
        try file.write(writer.bytes)
        writer.removeAll()
    }

    /// Appends the rows of a part, shifting its relative row and line numbers, and deletes it.
    func append(_ part: QuarantineWriter, rowOffset: Int, lineOffset: Int) throws {
        guard let path = try part.close() else { return }
        // Dropping the part's file deletes its temporary.
        defer { part.file = nil }
        // A quarantined record is at most the reader's 4 MiB and 1,000 lines as read, but
        // re-quoted (every quote doubled) it can be twice that: read the part with room for it,
        // and never pass over a record silently.
        var dialect = CSVDialect(maxRecordBytes: 4 * CSVDialect().maxRecordBytes + (1 << 20), maxRecordLines: 4_000)
        // The part holds the extract's bad rows as they were: a NUL byte in one is data here.
        dialect.allowsNUL = true
        let reader = try CSVReader(path: path, dialect: dialect)
        try reader.readHeader()
        try reader.forEachRecord { record in
            var fields = (0..<7).map { record.string(at: $0) }
            fields[1] = String((Int(fields[1]) ?? 0) + rowOffset)
            fields[2] = String((Int(fields[2]) ?? 0) + lineOffset)
            try write(fields: fields, record: Array(record[7]))
        } onMalformed: { malformed in
            throw OutputError(path: path, reason: "a quarantined record could not be read back (\(malformed.message))")
        }
    }

    /// Writes out a part's rows and returns the path of its temporary file, which holds them until
    /// the part's file is dropped (nil when it holds no rows).
    private func close() throws(OutputError) -> String? {
        guard let file else { return nil }
        try flush()
        return file.temporaryPath
    }

    /// Deletes the rows written so far and writes nothing more under a name: a part's after a
    /// fallback to reading sequentially, or a run's in which no row could be analysed (the
    /// quarantine file would be a copy of the whole extract).
    public func discard() {
        file = nil
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
        // Renamed from the temporary straight to the census's name; refused if a link or
        // anything but a regular file is there.
        self.file = nil
        try file.commit(as: finalPath)
        return finalPath
    }
}
