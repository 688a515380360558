import WaitgapCSV
import WaitgapCore

/// How to read extracts.
public struct IngestOptions: Sendable {
    /// Decoding choices (census date, date format, maximum wait, IMD).
    public var decoding: DecodingOptions
    /// A delimiter that overrides the one inferred from each file's name.
    public var delimiter: UInt8?
    /// Extract header name → canonical column (from `--columns`).
    public var columnRenames: [String: String]

    /// Creates options.
    public init(decoding: DecodingOptions = DecodingOptions(), delimiter: UInt8? = nil, columnRenames: [String: String] = [:]) {
        self.decoding = decoding
        self.delimiter = delimiter
        self.columnRenames = columnRenames
    }
}

/// Progress of a long run, for a terminal.
public struct IngestProgress: Sendable {
    /// The file being read.
    public var file: String
    /// Bytes read of all files so far.
    public var bytesRead: Int
    /// Total bytes of all files, when known.
    public var totalBytes: Int?
    /// Data rows read so far.
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
        var census = Census(maxDays: options.decoding.maxWaitDays, censusDate: options.decoding.censusDate)
        var decoding = options.decoding
        var bytesBefore = 0
        let totalBytes = progress == nil ? nil : files.reduce(0) { $0 + (fileSize($1) ?? 0) }
        for path in files {
            let reader: CSVReader
            let header: [String]
            do {
                var dialect = CSVDialect.inferred(fromPath: path)
                if let delimiter = options.delimiter { dialect.delimiter = delimiter }
                reader = try CSVReader(path: path, dialect: dialect)
                header = try reader.readHeader()
            } catch {
                throw .file(error)
            }
            let mapping: ColumnMapping
            do {
                mapping = try ColumnMapping(
                    header: header, renames: options.columnRenames, censusDateGiven: decoding.censusDate != nil)
            } catch {
                throw .header(path: path, error)
            }
            var decoder = RowDecoder(mapping: mapping, options: decoding)
            census.quality.presentFields.formUnion(decoder.presentFields)
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
                        progress(IngestProgress(file: path, bytesRead: bytesBefore + reader.bytesConsumed, totalBytes: totalBytes, rows: census.accounting.rowsIn))
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
            bytesBefore += reader.bytesConsumed
            // Later files must share the census the first one set.
            if decoding.censusDate == nil, let established = decoder.censusDate {
                decoding.censusDate = established
            }
            census.censusDate = census.censusDate ?? decoder.censusDate
        }
        return census
    }

    private static func fileSize(_ path: String) -> Int? {
        (try? CSVReader(path: path))?.size
    }
}
