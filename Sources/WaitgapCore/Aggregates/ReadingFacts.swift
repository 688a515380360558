/// Which pathways a run analyses.
public enum AnalysisScope: String, Sendable, CaseIterable, Codable {
    /// RTT pathways only, as NHS England's waiting-list and health-inequality figures count them
    /// (waiting list types IRTT, ORTT and the older PTLI/PTLO/RTTI/RTTO; a blank type stays in).
    case rtt
    /// Every row, RTT or not.
    case all
}

/// How one extract file was read: what waitgap detected or was told, for the pack and
/// `waitgap check`. Holds header names, never values.
public struct FileReading: Sendable, Equatable, Codable {
    /// The file's name (its last path component).
    public var name: String
    /// The delimiter: `,` `;` `tab` `|` or the one given.
    public var delimiter: String
    /// Whether the delimiter was detected from the header line.
    public var delimiterDetected: Bool
    /// `UTF-8`, or `Windows-1252` when the file is not valid UTF-8.
    public var encoding: String
    /// Each header field with the column it was read as (nil: ignored).
    public var columns: [MappedColumn]

    /// One header field and what it was read as.
    public struct MappedColumn: Sendable, Equatable, Codable {
        /// The header as written.
        public var header: String
        /// The canonical column, or nil when the field is ignored.
        public var column: Column?
        /// For an ignored field, a canonical column whose name it is a near miss of.
        public var looksLike: Column?

        /// Creates a mapped column.
        public init(header: String, column: Column?, looksLike: Column?) {
            self.header = header
            self.column = column
            self.looksLike = looksLike
        }
    }

    /// Creates a file's reading facts.
    public init(name: String, delimiter: String, delimiterDetected: Bool, encoding: String, columns: [MappedColumn]) {
        self.name = name
        self.delimiter = delimiter
        self.delimiterDetected = delimiterDetected
        self.encoding = encoding
        self.columns = columns
    }

    /// The header this file has for a column, if any.
    public func header(of column: Column) -> String? { columns.first { $0.column == column }?.header }
}

/// How a run read its extracts: per file, per date column, and the choices that change what a
/// value means. Mergeable: files are listed in order, date evidence adds up.
public struct ReadingFacts: Sendable, Equatable, Codable, Mergeable {
    /// Each file read, in order.
    public var files: [FileReading] = []
    /// The written forms found in each date column, by canonical column name.
    public var dates: [String: DateEvidence] = [:]
    /// Whether the learning disability column is a register (blank = not on it: `--ld-register`).
    public var learningDisabilityRegister = false
    /// Which pathways were analysed.
    public var scope = AnalysisScope.rtt
    /// Local written forms added by `--values` (their count; the file's name is in `valuesFile`).
    public var localForms = 0
    /// The `--values` file's name, if one was given.
    public var valuesFile: String?

    /// Creates empty facts.
    public init() {}

    /// Adds the evidence of one date column.
    public mutating func add(_ evidence: DateEvidence, for column: Column) {
        guard !evidence.isEmpty else { return }
        dates[column.rawValue, default: DateEvidence()].merge(evidence)
    }

    public mutating func merge(_ other: ReadingFacts) {
        files += other.files
        dates.merge(other.dates) { $0.merging($1) }
        learningDisabilityRegister = learningDisabilityRegister || other.learningDisabilityRegister
        scope = other.files.isEmpty ? scope : other.scope
        localForms = max(localForms, other.localForms)
        valuesFile = valuesFile ?? other.valuesFile
    }
}

extension DateEvidence {
    /// The evidence with its row numbers moved on by `offset` (a part read after `offset` rows).
    public func shiftingRows(by offset: Int) -> DateEvidence {
        var shifted = self
        shifted.firstRow = firstRow.map { $0 + offset }
        shifted.firstMonthFirstRow = firstMonthFirstRow.map { $0 + offset }
        return shifted
    }
}
