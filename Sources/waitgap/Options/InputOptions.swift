import ArgumentParser
import WaitgapCSV
import WaitgapCore
import WaitgapIngest

extension DateFormat: ExpressibleByArgument {}
extension IMDVintage: ExpressibleByArgument {}
extension AnalysisScope: ExpressibleByArgument {}

#if canImport(Glibc)
    import Glibc
#endif

/// Refuses the same extract given twice (its rows would be counted twice): the same path, the
/// same file under two paths, or standard input twice.
/// - Throws: `Failure` (64) naming the file.
func checkDistinct(_ extracts: [String]) throws {
    var seen: [String: String] = [:]
    for path in extracts {
        var info = stat()
        let identity = path != "-" && stat(path, &info) == 0 ? "\(info.st_dev):\(info.st_ino)" : "path:" + path
        if let earlier = seen[identity] {
            throw Failure.usage(
                "\(path): given twice\(earlier == path ? "" : " (as \(earlier) too)"); its rows would be counted twice")
        }
        seen[identity] = path
    }
}

/// How to read the extract: the input contract's options (INPUT.md).
struct InputOptions: ParsableArguments {
    @Option(
        help:
            "The census date (YYYY-MM-DD) for every row. Needed when the extract has no census_date column; rows whose own census_date differs are quarantined."
    )
    var censusDate: Day?

    @Option(
        help:
            "How dates are written: auto (decided per column from its values: YYYY-MM-DD, DD/MM/YYYY, D/M/YYYY, DD-MM-YYYY, DD.MM.YYYY, DD-Mon-YYYY, with or without a time; numeric dates are read day first, never month first), ymd (YYYY-MM-DD only) or dmy (day-first forms only)."
    )
    var dateFormat: DateFormat = .auto

    @Option(help: "The field delimiter, one character (or 'tab'). Default: detected from the header line among , ; tab |.")
    var delimiter: String?

    @Option(
        help:
            "A CSV file with columns column,value,code adding a trust's own written forms of coded values (e.g. ethnic_category,W British,A); see docs/input.md."
    )
    var values: String?

    @Flag(help: "Read learning_disability as a register: blank means not on the register (No), not 'not recorded'.")
    var ldRegister = false

    @Option(
        help:
            "A column of the extract defining the trust's PLUS group of Core20PLUS5 (e.g. an inclusion-health flag); with --plus-values."
    )
    var plusColumn: String?

    @Option(help: "The values of --plus-column that put a patient in the PLUS group, comma-separated (case ignored).")
    var plusValues: String?

    @Option(help: "The PLUS group's name for the pack (default: the column's name).")
    var plusName: String?

    /// The PLUS group these options define, if any.
    var plusGroup: PlusGroupDefinition? {
        get throws {
            guard let plusColumn else {
                if plusValues != nil || plusName != nil { throw ValidationError("--plus-values and --plus-name need --plus-column") }
                return nil
            }
            let values = (plusValues ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !values.isEmpty else {
                throw ValidationError("--plus-column \(plusColumn) needs --plus-values: the values that put a patient in the group")
            }
            return PlusGroupDefinition(column: plusColumn, values: values, name: plusName)
        }
    }

    @Option(
        help:
            "Which pathways to analyse: rtt (IRTT, ORTT and the older PTLI/PTLO/RTTI/RTTO, as NHS England counts them; a blank list type stays in) or all. Others are counted as out of scope."
    )
    var scope: AnalysisScope = .rtt

    @Option(
        help:
            "Analyse without an equity dimension whose column cannot be read (\(ReadingCheck.Dimension.all.map(\.optionName).joined(separator: ", "))) instead of stopping with exit 65; the pack says it is not analysed. Repeatable."
    )
    var allowUnusable: [String] = []

    @Option(help: "A CSV file with columns extract_column,canonical that maps the extract's header names to waitgap's (see docs/input.md).")
    var columns: String?

    @Option(help: "Waits longer than this many weeks are quarantined as implausible.")
    var maxWaitWeeks: Int = 520

    @Option(
        help: "Which English Indices of Deprivation the extract's imd_rank and lsoa_code refer to: 2019 (2011 LSOAs) or 2025 (2021 LSOAs).")
    var imdVintage: IMDVintage = .iod2025

    @Option(help: "A CSV file with columns lsoa_code,imd_decile to use instead of the shipped IMD lookup.")
    var imdLookup: String?

    @Flag(help: "Read each file on one core, even a large one (slower; for comparison and benchmarks).")
    var sequential = false

    func validate() throws {
        if maxWaitWeeks < 1 || maxWaitWeeks > 2_000 {
            throw ValidationError("--max-wait-weeks must be between 1 and 2000")
        }
        if let delimiter, delimiter != "tab", delimiter.utf8.count != 1 {
            throw ValidationError("--delimiter must be one character or 'tab'")
        }
        _ = try plusGroup
        let dimensions = ReadingCheck.Dimension.all.map(\.optionName)
        for name in allowUnusable where !dimensions.contains(name) {
            throw ValidationError("--allow-unusable '\(name)' is not one of \(dimensions.joined(separator: ", "))")
        }
    }

    /// Reads `--values`: a trust's own written forms. A line naming an unknown column or an
    /// invalid code is a usage error naming the line.
    func valueForms() throws -> ValueForms {
        var forms = ValueForms.builtIn
        guard let values else { return forms }
        forms.sourceName = String(values.split(separator: "/").last ?? Substring(values))
        do {
            let reader = try CSVReader(path: values, dialect: CSVDialect.inferred(fromPath: values))
            let header = try reader.readHeader().map { Column.normalise($0) }
            guard header.count >= 3 else {
                throw Failure.usage("\(values): row 1 (header): a --values file needs three columns, column,value,code")
            }
            try reader.forEachRecord { record in
                do {
                    try forms.add(
                        column: record.string(at: 0), value: record.text(at: 1), code: record.string(at: 2), row: record.position.row)
                } catch {
                    throw Failure.usage("\(values): row \(record.position.row): \(error)")
                }
            } onMalformed: { malformed in
                throw Failure.usage("\(values): \(malformed.position): \(malformed.message)")
            }
        } catch let error as CSVError {
            throw Failure(message: error.description, code: error.isInputOutput ? Failure.inputOutput : Failure.usage)
        }
        return forms
    }

    /// The delimiter byte, if one was given.
    var delimiterByte: UInt8? {
        guard let delimiter else { return nil }
        return delimiter == "tab" ? UInt8(ascii: "\t") : delimiter.utf8.first
    }

    /// Reads `--columns`: extract header name → canonical name.
    func columnRenames() throws -> [String: String] {
        guard let columns else { return [:] }
        var renames: [String: String] = [:]
        let reader: CSVReader
        do {
            reader = try CSVReader(path: columns)
            let header = try reader.readHeader().map { Column.normalise($0) }
            guard header.count >= 2 else {
                throw Failure.usage("\(columns): a --columns file needs two columns, extract_column and canonical")
            }
            try reader.forEachRecord { record in
                renames[record.string(at: 0)] = record.string(at: 1)
            } onMalformed: { malformed in
                throw Failure.usage("\(columns): \(malformed.position): \(malformed.message)")
            }
        } catch let error as CSVError {
            throw Failure(message: error.description, code: error.isInputOutput ? Failure.inputOutput : Failure.usage)
        }
        return renames
    }

    /// The IMD lookup for LSOA codes.
    func lookup() throws -> IMDLookup {
        guard let imdLookup else { return IMDLookup.shipped(imdVintage) }
        do { return try IMDLookup.load(path: imdLookup, title: "a local IMD lookup (\(imdLookup))") } catch { throw Failure(error) }
    }

    /// The ingest options these flags describe.
    func ingestOptions(needsLookup: Bool = true) throws -> IngestOptions {
        let decoding = DecodingOptions(
            censusDate: censusDate, dateFormat: dateFormat, maxWaitWeeks: maxWaitWeeks,
            imdVintage: imdVintage, imdLookup: needsLookup ? try lookup() : nil, scope: scope,
            learningDisabilityRegister: ldRegister, forms: try valueForms(), plus: try plusGroup)
        var options = IngestOptions(decoding: decoding, delimiter: delimiterByte, columnRenames: try columnRenames())
        if sequential { options.parallelThreshold = 0 }
        return options
    }
}
