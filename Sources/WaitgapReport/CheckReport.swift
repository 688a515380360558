import Foundation
import WaitgapCore

/// What `waitgap check` prints about an extract read without writing anything: the column
/// mapping, how well each coded column is recognised, how dates were read, the delimiter and
/// encoding, the census date, where rows would go, which dimensions would be analysed, and
/// the exit code `analyse` would give. Holds no identifier: unrecognised values are named only
/// when at least 10 rows share them.
public struct CheckReport: Sendable, Codable, Equatable {
    /// Always "waitgap-check".
    public var schema = "waitgap-check"
    /// The schema version.
    public var version = 1
    /// Each file: name, delimiter, encoding and its columns.
    public var files: [FileReading]
    /// The census date, `YYYY-MM-DD`, when known.
    public var censusDate: String?
    /// Per optional column: recognition of its values.
    public var columns: [ColumnFigures]
    /// How each date column was read, by canonical name.
    public var dates: [String: String]
    /// Where rows would go, as `--summary-json` gives it.
    public var accounting: RunSummary.AccountingFigures
    /// `rows in N = analysed A + out of scope S + quarantined Q`.
    public var accountingLine: String
    /// Equity dimensions that would be analysed.
    public var dimensionsAnalysed: [String]
    /// Sentences for dimensions that would not be.
    public var notAnalysed: [String]
    /// Warnings about other columns and headers.
    public var warnings: [String]
    /// The exit code `analyse` would give with the same options (0 or 65).
    public var analyseExitCode: Int32
    /// Why `analyse` would stop, if it would.
    public var problem: String?

    /// One optional column's recognition.
    public struct ColumnFigures: Sendable, Codable, Equatable {
        /// The data-quality field.
        public var field: String
        /// How the pack names it.
        public var label: String
        /// Rows read.
        public var rows: Int
        /// Blank rows.
        public var blank: Int
        /// Share of non-blank values recognised (nil when every value is blank).
        public var recognisedShare: Double?
        /// Values recognised through a written form rather than the code.
        public var byWrittenForm: Int
        /// Unrecognised values written in at least 10 rows each, with their counts.
        public var commonUnrecognised: [Value]
        /// Unrecognised values not named (rarer ones, or of an identifying column).
        public var otherUnrecognised: Int

        /// A value and its rows.
        public struct Value: Sendable, Codable, Equatable {
            public var value: String
            public var rows: Int
        }
    }

    /// Builds the report of a census read with a discarding quarantine.
    /// - Parameters:
    ///   - census: what reading found.
    ///   - reading: the reading check with the run's `--allow-unusable`.
    ///   - maxQuarantineShare: `--max-quarantine`.
    public init(census: Census, reading: ReadingCheck, maxQuarantineShare: Double) {
        files = census.reading.files
        censusDate = census.censusDate?.description
        let quality = census.quality
        columns = DataQuality.Field.allCases.filter { quality.presentFields.contains($0) }.map { field in
            let counts = quality[field]
            let common = counts.commonInvalidValues(minimumRows: 10, limit: 10)
            return ColumnFigures(
                field: field.rawValue, label: field.label, rows: counts.total, blank: counts.blank,
                recognisedShare: counts.recognisedShare, byWrittenForm: counts.byWrittenForm,
                commonUnrecognised: common.map { ColumnFigures.Value(value: $0.value, rows: $0.rows) },
                otherUnrecognised: counts.invalid - common.reduce(0) { $0 + $1.rows })
        }
        dates = Dictionary(
            uniqueKeysWithValues: census.reading.dates.map { column, evidence in
                (column, column == Column.dateOfBirth.rawValue ? evidence.summary(refusedAs: "read as age not known") : evidence.summary)
            })
        accounting = RunSummary.AccountingFigures(census.accounting)
        accountingLine = census.accounting.line
        dimensionsAnalysed = reading.analysed.map(\.label)
        notAnalysed = reading.notAnalysed
        warnings = reading.warnings
        problem = reading.stop(census, maxQuarantineShare: maxQuarantineShare, quarantineFile: nil)
        analyseExitCode = problem == nil ? 0 : 65
    }

    /// The report as text for a terminal.
    public var text: String {
        var lines: [String] = []
        for file in files {
            let delimiter = file.delimiter == "tab" ? "tab" : "'\(file.delimiter)'"
            lines.append(
                "\(file.name): delimiter \(delimiter) (\(file.delimiterDetected ? "detected from the header" : "as given")), \(file.encoding == "UTF-8" ? "UTF-8" : "not valid UTF-8: read as Windows-1252")"
            )
            lines.append("  columns:")
            let width = min(28, file.columns.map(\.header.count).max() ?? 0)
            for column in file.columns {
                let name = column.header.padding(toLength: max(width, column.header.count), withPad: " ", startingAt: 0)
                if let canonical = column.column {
                    lines.append("    \(name)  → \(canonical.rawValue)")
                } else if let near = column.looksLike {
                    lines.append("    \(name)  ignored: looks like \(near.rawValue) (use --columns)")
                } else {
                    lines.append("    \(name)  ignored")
                }
            }
        }
        lines.append("census date: \(censusDate ?? "not known")")
        if !dates.isEmpty {
            lines.append("dates:")
            for (column, summary) in dates.sorted(by: { $0.key < $1.key }) { lines.append("  \(column): \(summary)") }
        }
        lines.append("values:")
        for column in columns {
            var text = "  \(column.label): "
            if let share = column.recognisedShare {
                text += "\(Self.percentText(share)) of \((column.rows - column.blank).grouped) non-blank values recognised"
            } else {
                text += "every value blank"
            }
            if column.blank > 0 { text += "; \(column.blank.grouped) blank" }
            if column.byWrittenForm > 0 { text += "; \(column.byWrittenForm.grouped) as labels or other written forms" }
            if !column.commonUnrecognised.isEmpty {
                text +=
                    "; unrecognised: " + column.commonUnrecognised.map { "'\($0.value)' (\($0.rows.grouped) rows)" }.joined(separator: ", ")
            }
            if column.otherUnrecognised > 0 { text += "; \(column.otherUnrecognised.grouped) other unrecognised (not shown)" }
            lines.append(text)
        }
        lines.append("rows: \(accountingLine)")
        for (code, rows) in accounting.quarantinedByReason.sorted(by: { $0.key < $1.key }) {
            let label = RowIssue.Reason(rawValue: code)?.label ?? code
            lines.append("  would be quarantined, \(code): \(rows.grouped) (\(label))")
        }
        for (listType, rows) in accounting.outOfScopeByListType.sorted(by: { $0.key < $1.key }) {
            lines.append("  out of scope, \(listType): \(rows.grouped) (not RTT; --scope all analyses them)")
        }
        lines.append("dimensions analysed: " + (dimensionsAnalysed.isEmpty ? "none" : dimensionsAnalysed.joined(separator: ", ")))
        lines += notAnalysed
        lines += warnings.map { "warning: " + $0 }
        if let problem {
            lines.append("analyse would exit 65: \(problem)")
        } else {
            lines.append("analyse would exit 0")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as pretty-printed JSON with sorted keys.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)).map { $0 + "\n" } ?? "{}\n"
    }

    private static func percentText(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded(.down))
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
