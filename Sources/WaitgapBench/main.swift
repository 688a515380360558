import WaitgapCSV
import WaitgapCore
import WaitgapIngest

#if canImport(Glibc)
    import Glibc
#endif

// waitgap-bench STAGE FILE: the hot path's stages one at a time, for scripts/bench-instructions.sh,
// which counts each stage's instructions with callgrind and takes differences. Not a tool for
// analysts: no options, one thread, the analyse defaults (shipped IoD2025 lookup).
//
//   read      the reader alone: records counted
//   decode    reader + row decoder
//   cells     decode + the crossed cells of every slice
//   margins   decode + the margin histograms
//   casemix   decode + the case-mix strata
//   census    decode + the whole census (cells, margins, strata, accounting), as `analyse` reads

/// What a stage does with each analysed pathway.
enum Stage: String, CaseIterable {
    case read, decode, cells, margins, casemix, census
}

/// One line on standard error, then exit.
func fail(_ message: String, code: Int32 = 64) -> Never {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(code)
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let stage = Stage(rawValue: arguments[1]) else {
    let stages = Stage.allCases.map(\.rawValue).joined(separator: "|")
    fail("usage: waitgap-bench \(stages) FILE")
}
let path = arguments[2]

/// Reads the file through `body` (one call per well-formed record) and returns its header.
func eachRecord(_ body: (CSVRecord) -> Void) throws -> [String] {
    let reader = try CSVReader(path: path, dialect: IngestOptionsLite.dialect(for: path))
    let header = try reader.readHeader()
    try reader.forEachRecord(body, onMalformed: { _ in })
    return header
}

/// The decoding options `waitgap analyse` uses by default.
func decodingOptions() throws -> DecodingOptions {
    DecodingOptions(imdLookup: try IMDLookup.shipped(.iod2025))
}

/// The header of the file, mapped as `analyse` maps it.
func mapping() throws -> ColumnMapping {
    let reader = try CSVReader(path: path, dialect: IngestOptionsLite.dialect(for: path))
    return try ColumnMapping(header: try reader.readHeader(), renames: [:], censusDateGiven: false)
}

enum IngestOptionsLite {
    static func dialect(for path: String) -> CSVDialect {
        var dialect = CSVDialect.inferred(fromPath: path)
        dialect.detectsDelimiter = true
        return dialect
    }
}

do {
    var rows = 0
    var checksum = 0
    switch stage {
    case .read:
        _ = try eachRecord { record in
            rows &+= 1
            checksum &+= record.count
        }
    case .census:
        var options = IngestOptions(decoding: try decodingOptions())
        options.parallelThreshold = 0
        let census = try ExtractIngest.read(files: [path], options: options, quarantine: .discarding())
        rows = census.accounting.rowsIn
        checksum = census.all.totalDays
    case .decode, .cells, .margins, .casemix:
        let options = try decodingOptions()
        var decoder = RowDecoder(mapping: try mapping(), options: options)
        var quality = DataQuality()
        var cells = CrossTable()
        var margins = MarginTable(plus: false)
        var caseMix = CaseMixTable(plus: false)
        _ = try eachRecord { record in
            rows &+= 1
            guard case .analysed(let pathway) = decoder.decode(record, quality: &quality) else { return }
            checksum &+= pathway.waitDays
            switch stage {
            case .cells: cells.add(pathway)
            case .margins: margins.add(pathway)
            case .casemix: caseMix.add(pathway)
            default: break
            }
        }
        checksum &+= cells.distribution(in: .all)!.count + (margins.waits(of: .sex)?.count ?? 0)
        checksum &+= caseMix.strata(.ethnicGroup, group: 0)?.count ?? 0
    }
    print("\(stage.rawValue): \(rows) rows, checksum \(checksum)")
} catch {
    fail("waitgap-bench: \(error)", code: 65)
}
