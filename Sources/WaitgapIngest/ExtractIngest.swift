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
    /// A delimiter that overrides the one inferred from each file's name.
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
        var census = Census(censusDate: options.decoding.censusDate)
        var decoding = options.decoding
        var bytesBefore = 0
        let totalBytes = progress == nil ? nil : files.reduce(0) { $0 + (Self.size(of: $1) ?? 0) }
        for path in files {
            var dialect = CSVDialect.inferred(fromPath: path)
            if let delimiter = options.delimiter { dialect.delimiter = delimiter }
            let file = try FileParts(path: path, dialect: dialect, options: options, decoding: decoding)
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
    /// - Returns: the census date, and the number of rows that could not be analysed.
    /// - Throws: `IngestError` for a file or header that cannot be read, or what the closures throw.
    public static func forEachPathway(
        files: [String], options: IngestOptions, header: (_ path: String, _ header: [String], _ mapping: ColumnMapping) throws -> Void,
        body: (Pathway, CSVRecord) throws -> Void
    ) throws -> (censusDate: Day?, unusable: Int) {
        var decoding = options.decoding
        var unusable = 0
        for path in files {
            var dialect = CSVDialect.inferred(fromPath: path)
            if let delimiter = options.delimiter { dialect.delimiter = delimiter }
            var sequential = options
            sequential.parallelThreshold = 0
            let file = try FileParts(path: path, dialect: dialect, options: sequential, decoding: decoding)
            try header(path, file.header, file.mapping)
            var decoder = RowDecoder(mapping: file.mapping, options: decoding)
            var quality = DataQuality()
            do {
                let reader = try CSVReader(path: path, dialect: dialect)
                try reader.readHeader()
                try reader.forEachRecord { record in
                    switch decoder.decode(record, quality: &quality) {
                    case .success(let pathway): try body(pathway, record)
                    case .failure: unusable += 1
                    }
                } onMalformed: { _ in
                    unusable += 1
                }
            } catch let error as CSVError {
                throw IngestError.file(error)
            }
            // Later files must share the census the first one set.
            decoding.censusDate = decoding.censusDate ?? decoder.censusDate
        }
        return (decoding.censusDate, unusable)
    }

    /// A file's size from `stat`, for progress (nil if it cannot be read).
    static func size(of path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }
}

/// One extract file: its header, and how it is read (whole, or as two parts at once).
private struct FileParts {
    let path: String
    let dialect: CSVDialect
    let header: [String]
    let mapping: ColumnMapping
    let decoding: DecodingOptions
    let size: Int?
    let split: Int?

    init(path: String, dialect: CSVDialect, options: IngestOptions, decoding: DecodingOptions) throws(IngestError) {
        self.path = path
        self.dialect = dialect
        self.decoding = decoding
        do {
            let reader = try CSVReader(path: path, dialect: dialect)
            header = try reader.readHeader()
            size = reader.size
        } catch {
            throw .file(error)
        }
        do {
            mapping = try ColumnMapping(header: header, renames: options.columnRenames, censusDateGiven: decoding.censusDate != nil)
        } catch {
            throw .header(path: path, error)
        }
        if let size, options.parallelThreshold > 0, size >= options.parallelThreshold, ProcessInfoLite.activeProcessorCount > 1 {
            split = FileParts.lineStart(in: path, near: size / 2)
        } else {
            split = nil
        }
    }

    /// Reads the file, in two parts at once when it has a split point.
    func read(into quarantine: QuarantineWriter, progress: ((Int, Int) -> Void)?) throws(IngestError) -> PartResult {
        if let split, let size {
            let directory = quarantine.directory
            let first = PartJob(
                file: self, range: 0..<split, header: nil, quarantine: QuarantineWriter(directory: directory, part: "1"),
                progress: progress, scale: 2)
            let second = PartJob(
                file: self, range: split..<size, header: header, quarantine: QuarantineWriter(directory: directory, part: "2"),
                progress: nil, scale: 1)
            let jobs = [first, second]
            DispatchQueue.concurrentPerform(iterations: jobs.count) { jobs[$0].run() }
            for job in jobs { if let error = job.error { throw error } }
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
                census.merge(secondResult.census)
                census.accounting.files = 1
                return PartResult(census: census, censusDate: firstResult.censusDate ?? secondResult.censusDate)
            }
            // The split fell inside a quoted field, or the halves disagree: read it all again.
            first.quarantine.discard()
            second.quarantine.discard()
        }
        let whole = PartJob(file: self, range: nil, header: nil, quarantine: quarantine, progress: progress, scale: 1)
        whole.run()
        if let error = whole.error { throw error }
        return whole.result!
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

    init(file: FileParts, range: Range<Int>?, header: [String]?, quarantine: QuarantineWriter, progress: ((Int, Int) -> Void)?, scale: Int)
    {
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
            reader = try CSVReader(path: path, dialect: file.dialect, range: range, header: self.header)
            try reader.readHeader()
        } catch {
            throw .file(error)
        }
        var census = Census(censusDate: file.decoding.censusDate)
        var decoder = RowDecoder(mapping: file.mapping, options: file.decoding)
        census.quality.presentFields.formUnion(decoder.presentFields)
        let quarantine = quarantine
        let progress = progress
        let scale = scale
        var rows = 0
        do {
            try reader.forEachRecord { record in
                switch decoder.decode(record, quality: &census.quality) {
                case .success(let pathway):
                    census.add(pathway)
                case .failure(let issue):
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
