import Dispatch
import WaitgapCSV
import WaitgapCore

#if canImport(Glibc)
    import Glibc
#endif

/// How to read extracts.
public struct IngestOptions: Sendable {
    /// Decoding choices (census date, date format, maximum wait, IMD).
    public var decoding: DecodingOptions
    /// A delimiter that overrides detection (without it, each file's delimiter is detected from
    /// its header line among `,` `;` tab `|`).
    public var delimiter: UInt8?
    /// Extract header name → canonical column (from `--columns`).
    public var columnRenames: [String: String]
    /// Read a file of at least this many bytes as two halves on two cores (0 never splits).
    public var parallelThreshold: Int

    /// Creates options.
    public init(
        decoding: DecodingOptions = DecodingOptions(), delimiter: UInt8? = nil, columnRenames: [String: String] = [:],
        parallelThreshold: Int = 16 << 20
    ) {
        self.decoding = decoding
        self.delimiter = delimiter
        self.columnRenames = columnRenames
        self.parallelThreshold = parallelThreshold
    }
}

/// Progress of a long run, for a terminal.
public struct IngestProgress: Sendable {
    /// The file being read.
    public var file: String
    /// Bytes read of all files so far (estimated while a file is read in parts).
    public var bytesRead: Int
    /// Total bytes of all files, when known.
    public var totalBytes: Int?
    /// Data rows read so far (estimated while a file is read in parts).
    public var rows: Int
}

/// What stops a run from reading its extracts.
public enum IngestError: Error, Sendable, CustomStringConvertible {
    /// A file cannot be read as CSV at all.
    case file(CSVError)
    /// A header lacks a required column, or names one twice.
    case header(path: String, ColumnMapping.Problem)
    /// The quarantine file cannot be written.
    case output(OutputError)

    public var description: String {
        switch self {
        case .file(let error): return error.description
        case .header(let path, let problem): return "\(path): row 1 (header): \(problem)"
        case .output(let error): return error.description
        }
    }
}

/// Reads extracts in one streaming pass: records → decoded pathways → a `Census`, with every
/// row that cannot be analysed written to the quarantine file and counted.
///
/// A large file is read as two halves at once, one per core, split at a line end near the
/// middle; the halves' censuses merge exactly. The result is identical to a sequential read:
/// when the split falls inside a quoted field (the first half ends inside a record), or the
/// second half would set a different census date, the file is read again sequentially.
public enum ExtractIngest {
    /// Reads `files` as one census.
    /// - Parameters:
    ///   - files: extract paths, read in order; each has its own header.
    ///   - options: reading and decoding choices.
    ///   - quarantine: where unusable rows go.
    ///   - progress: called about every 65,536 rows.
    /// - Returns: the census; its accounting holds `rowsIn = analysed + quarantined`.
    /// - Throws: `IngestError`.
    /// - Complexity: O(total bytes) time; memory O(groups × days), independent of rows.
    public static func read(
        files: [String], options: IngestOptions, quarantine: QuarantineWriter,
        progress: ((IngestProgress) -> Void)? = nil
    ) throws(IngestError) -> Census {
        var census = Census(censusDate: options.decoding.censusDate, plus: options.decoding.plus)
        var decoding = options.decoding
        var bytesBefore = 0
        let totalBytes = progress == nil ? nil : files.reduce(0) { $0 + (Self.size(of: $1) ?? 0) }
        for path in files {
            let file = try FileParts(path: path, dialect: options.dialect(for: path), options: options, decoding: decoding)
            let report: (Int, Int) -> Void = { bytes, rows in
                progress?(
                    IngestProgress(
                        file: path, bytesRead: bytesBefore + bytes, totalBytes: totalBytes, rows: census.accounting.rowsIn + rows))
            }
            let part = try file.read(into: quarantine, progress: progress == nil ? nil : report)
            census.merge(part.census)
            bytesBefore += file.size ?? 0
            // Later files must share the census the first one set.
            if decoding.censusDate == nil, let established = part.censusDate {
                decoding.censusDate = established
                decoding.censusDateOrigin = "the run's (set by \(path))"
            }
            census.censusDate = census.censusDate ?? part.censusDate
        }
        return census
    }
}

extension ExtractIngest {
    /// Reads `files` as one census in one pass, for consumers that keep rows (the scorer): each
    /// file's header and column mapping go to `header` first, then each analysable row goes to
    /// `body` with its record (bytes valid only during the call). Rows that cannot be analysed are
    /// counted, not written: `waitgap analyse` quarantines them.
    /// - Returns: the census of the rows read (its accounting, data quality and reading facts are
    ///   `analyse`'s, so the same `ReadingCheck` applies).
    /// - Throws: `IngestError` for a file or header that cannot be read, or what the closures throw.
    public static func forEachPathway(
        files: [String], options: IngestOptions, header: (_ path: String, _ header: [String], _ mapping: ColumnMapping) throws -> Void,
        body: (Pathway, CSVRecord) throws -> Void
    ) throws -> Census {
        var decoding = options.decoding
        var census = Census(censusDate: decoding.censusDate, plus: decoding.plus)
        for path in files {
            var sequential = options
            sequential.parallelThreshold = 0
            let file = try FileParts(path: path, dialect: options.dialect(for: path), options: sequential, decoding: decoding)
            try header(path, file.header, file.mapping)
            var decoder = RowDecoder(mapping: file.mapping, options: decoding)
            var part = Census(censusDate: decoding.censusDate, plus: decoding.plus)
            part.quality.presentFields.formUnion(decoder.presentFields)
            // The reader that read the header reads on: a pipe cannot be opened twice.
            let reader = file.reader!
            do {
                try reader.forEachRecord { record in
                    if record.isBlank {
                        part.accounting.blankLines += 1
                        return
                    }
                    switch decoder.decode(record, quality: &part.quality) {
                    case .analysed(let pathway):
                        part.add(pathway)
                        try body(pathway, record)
                    case .outOfScope(let listType): part.addOutOfScope(listType)
                    case .quarantined(let issue): part.add(issue)
                    }
                } onMalformed: { malformed in
                    part.add(RowIssue(malformed, header: file.header))
                }
            } catch let error as CSVError {
                throw IngestError.file(error)
            }
            part.accounting.blankLines += reader.blankLines
            part.accounting.files += 1
            part.reading.merge(decoder.reading)
            part.reading.files = [file.reading(validUTF8: reader.isValidUTF8)]
            part.censusDate = part.censusDate ?? decoder.censusDate
            census.merge(part)
            // Later files must share the census the first one set.
            if decoding.censusDate == nil, let established = decoder.censusDate {
                decoding.censusDate = established
                decoding.censusDateOrigin = "the run's (set by \(path))"
            }
        }
        return census
    }

    /// A file's size from `stat`, for progress (nil if it cannot be read or is not a regular file).
    static func size(of path: String) -> Int? {
        var info = stat()
        return path != "-" && stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
    }

    /// Whether `path` names a regular file (not `-`, a pipe, a FIFO or a device): only such a
    /// file may be opened again or read in parts.
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return path != "-" && stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}

extension IngestOptions {
    /// The dialect a file is read with: the name's (tab for `.tsv`), the delimiter given, or
    /// detection from the header line.
    func dialect(for path: String) -> CSVDialect {
        var dialect = CSVDialect.inferred(fromPath: path)
        if let delimiter {
            dialect.delimiter = delimiter
        } else {
            dialect.detectsDelimiter = true
        }
        return dialect
    }
}

/// One extract file: its header, and how it is read (whole, or as two parts at once).
///
/// The file is opened once to read its header, and that reader reads on through the rows: a
/// pipe, a FIFO or standard input is read exactly once, sequentially. Only a regular file large
/// enough is split; its parts open it again by byte range.
private final class FileParts {
    let path: String
    let dialect: CSVDialect
    let header: [String]
    let mapping: ColumnMapping
    let decoding: DecodingOptions
    let size: Int?
    let split: Int?
    let delimiterDetected: Bool
    /// The reader that read the header, for a file read whole (nil once used, or when split).
    var reader: CSVReader?

    init(path: String, dialect: CSVDialect, options: IngestOptions, decoding: DecodingOptions) throws(IngestError) {
        self.path = path
        self.decoding = decoding
        let reader: CSVReader
        do {
            reader = try CSVReader(path: path, dialect: dialect)
            header = try reader.readHeader()
            size = reader.size
        } catch {
            throw .file(error)
        }
        // The delimiter detection chose, for parts that open the file again.
        var chosen = reader.dialect
        chosen.detectsDelimiter = false
        self.dialect = chosen
        delimiterDetected = reader.delimiterWasDetected
        do {
            mapping = try ColumnMapping(header: header, renames: options.columnRenames, censusDateGiven: decoding.censusDate != nil)
        } catch {
            throw .header(path: path, error)
        }
        if let plus = decoding.plus, mapping.field(named: plus.column) == nil {
            throw .header(path: path, .plusColumnMissing(plus.column))
        }
        if reader.isRegularFile, let size, options.parallelThreshold > 0, size >= options.parallelThreshold,
            ProcessInfoLite.activeProcessorCount > 1
        {
            split = FileParts.lineStart(in: path, near: size / 2)
        } else {
            split = nil
        }
        self.reader = split == nil ? reader : nil
    }

    /// How the file was read, once it has been: its delimiter, encoding and column mapping.
    func reading(validUTF8: Bool) -> FileReading {
        let name = path == "-" ? "standard input" : String(path.split(separator: "/").last ?? Substring(path))
        let columns = header.indices.map { index in
            FileReading.MappedColumn(
                header: header[index], column: mapping.indices.first { $0.value == index }?.key,
                looksLike: mapping.looksLike(at: index))
        }
        return FileReading(
            name: name, delimiter: CSVDialect.name(of: dialect.delimiter), delimiterDetected: delimiterDetected,
            encoding: validUTF8 ? "UTF-8" : "Windows-1252", columns: columns)
    }

    /// Reads the file, in two parts at once when it has a split point.
    func read(into quarantine: QuarantineWriter, progress: ((Int, Int) -> Void)?) throws(IngestError) -> PartResult {
        if let split, let size {
            let first = PartJob(
                file: self, range: 0..<split, header: nil, quarantine: quarantine.part("1"),
                progress: progress, scale: 2)
            let second = PartJob(
                file: self, range: split..<size, header: header, quarantine: quarantine.part("2"),
                progress: nil, scale: 1)
            let jobs = [first, second]
            DispatchQueue.concurrentPerform(iterations: jobs.count) { jobs[$0].run() }
            for job in jobs {
                if let error = job.error {
                    first.quarantine.discard()
                    second.quarantine.discard()
                    throw error
                }
            }
            let firstResult = first.result!
            let secondResult = second.result!
            let datesAgree =
                firstResult.censusDate == nil || secondResult.censusDate == nil || firstResult.censusDate == secondResult.censusDate
            if !first.endedInsideRecord && datesAgree {
                do {
                    try quarantine.append(first.quarantine, rowOffset: 0, lineOffset: 0)
                    try quarantine.append(second.quarantine, rowOffset: first.rowsConsumed, lineOffset: first.linesConsumed)
                } catch let error as OutputError {
                    throw .output(error)
                } catch let error as CSVError {
                    throw .file(error)
                } catch {
                    throw .output(OutputError(path: path, reason: "\(error)"))
                }
                var census = firstResult.census
                var secondCensus = secondResult.census
                // The second part numbered its rows from its own start, as its quarantine rows.
                for (column, evidence) in secondCensus.reading.dates {
                    secondCensus.reading.dates[column] = evidence.shiftingRows(by: first.rowsConsumed)
                }
                census.merge(secondCensus)
                census.accounting.files = 1
                census.reading.files = [reading(validUTF8: first.validUTF8 && second.validUTF8)]
                return PartResult(census: census, censusDate: firstResult.censusDate ?? secondResult.censusDate)
            }
            // The split fell inside a quoted field, or the halves disagree: read it all again.
            first.quarantine.discard()
            second.quarantine.discard()
        }
        let whole = PartJob(
            file: self, range: nil, header: nil, quarantine: quarantine, progress: progress, scale: 1)
        whole.run()
        if let error = whole.error { throw error }
        var result = whole.result!
        result.census.reading.files = [reading(validUTF8: whole.validUTF8)]
        return result
    }

    /// The offset just after the first line end at or after `offset`, or nil if there is none
    /// before the end of the file.
    static func lineStart(in path: String, near offset: Int) -> Int? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var position = offset
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(position)) }
            guard count > 0 else { return nil }
            if let index = buffer[0..<count].firstIndex(of: 0x0A) { return position + index + 1 }
            position += count
        }
    }
}

/// What reading a file (or part) found.
private struct PartResult {
    var census: Census
    var censusDate: Day?
}

/// One reader, decoder and census over a file or a byte range of it, run on its own thread.
/// Unchecked `Sendable`: each job is touched by one thread at a time (its own during `run`, the
/// caller's before and after `concurrentPerform`).
private final class PartJob: @unchecked Sendable {
    let file: FileParts
    let range: Range<Int>?
    let header: [String]?
    let quarantine: QuarantineWriter
    let progress: ((Int, Int) -> Void)?
    let scale: Int
    var result: PartResult?
    var error: IngestError?
    var endedInsideRecord = false
    var rowsConsumed = 0
    var linesConsumed = 0
    var validUTF8 = true

    init(
        file: FileParts, range: Range<Int>?, header: [String]?, quarantine: QuarantineWriter, progress: ((Int, Int) -> Void)?,
        scale: Int
    ) {
        self.file = file
        self.range = range
        self.header = header
        self.quarantine = quarantine
        self.progress = progress
        self.scale = scale
    }

    func run() {
        do {
            result = try read()
        } catch {
            self.error = error
        }
    }

    private func read() throws(IngestError) -> PartResult {
        let path = file.path
        let header = file.header
        let reader: CSVReader
        do {
            if range == nil, let opened = file.reader {
                // The reader that read the header reads on: a pipe cannot be opened twice.
                reader = opened
                file.reader = nil
            } else {
                reader = try CSVReader(path: path, dialect: file.dialect, range: range, header: self.header)
                try reader.readHeader()
            }
        } catch {
            throw .file(error)
        }
        var census = Census(censusDate: file.decoding.censusDate, plus: file.decoding.plus)
        var decoder = RowDecoder(mapping: file.mapping, options: file.decoding)
        census.quality.presentFields.formUnion(decoder.presentFields)
        let quarantine = quarantine
        let progress = progress
        let scale = scale
        var rows = 0
        do {
            try reader.forEachRecord { record in
                // A spreadsheet's trailing `,,,,` rows are blank lines, not rows of data.
                if record.isBlank {
                    census.accounting.blankLines += 1
                    return
                }
                switch decoder.decode(record, quality: &census.quality) {
                case .analysed(let pathway):
                    census.add(pathway)
                case .outOfScope(let listType):
                    census.addOutOfScope(listType)
                case .quarantined(let issue):
                    census.add(issue)
                    try quarantine.write(issue, file: path, record: record, raw: nil)
                }
                rows &+= 1
                if rows & 0xFFFF == 0, let progress {
                    // A part reports for the whole file: scaled by the number of parts.
                    progress(reader.bytesConsumed * scale, rows * scale)
                }
            } onMalformed: { malformed in
                let issue = RowIssue(malformed, header: header)
                census.add(issue)
                try quarantine.write(issue, file: path, record: nil, raw: malformed.raw)
            }
        } catch let error as CSVError {
            throw .file(error)
        } catch let error as OutputError {
            throw .output(error)
        } catch {
            throw .file(.cannotRead(path: path, reason: "\(error)"))
        }
        census.accounting.blankLines += reader.blankLines
        census.accounting.files += 1
        census.reading.merge(decoder.reading)
        validUTF8 = reader.isValidUTF8
        endedInsideRecord = reader.endedInsideRecord
        rowsConsumed = reader.rowsConsumed
        linesConsumed = reader.linesConsumed
        census.censusDate = census.censusDate ?? decoder.censusDate
        return PartResult(census: census, censusDate: decoder.censusDate)
    }
}

/// The number of cores, without Foundation.
enum ProcessInfoLite {
    static var activeProcessorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
