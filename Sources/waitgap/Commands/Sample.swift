import ArgumentParser
import WaitgapCSV
import WaitgapCore
import WaitgapIngest
import WaitgapSample

extension Waitgap {
    /// `waitgap sample`: a synthetic extract with documented planted gaps.
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a synthetic waiting-list extract with documented planted gaps.",
            discussion: """
                No real patient data: NHS numbers are in the 999 test range and every value is drawn \
                from a seeded generator, so the same options give the same file. Streams: memory is \
                flat, about 120 bytes of output per row. SampleData/README.md says what is planted.
                """
        )

        @Option(help: "Data rows to write.")
        var rows: Int = 50_000

        @Option(help: "The random seed; the same seed gives the same file.")
        var seed: UInt64 = 42

        @Option(help: "The census date written on every row (YYYY-MM-DD).")
        var censusDate: String = "2026-10-31"

        @Option(help: "The share of rows to damage on purpose (malformed quoting, wrong field counts, bad dates...), e.g. 0.01.")
        var dirtyRate: Double = 0

        @Option(help: "Which IoD's LSOA codes to draw: 2019 or 2025.")
        var imdVintage: IMDVintage = .iod2025

        @Flag(help: "Write imd_decile instead of lsoa_code.")
        var deciles = false

        @Option(name: .customLong("out"), help: "The file to write; standard output if not given.")
        var outputPath: String?

        func validate() throws {
            if rows < 0 { throw ValidationError("--rows cannot be negative") }
            if !(0...1).contains(dirtyRate) { throw ValidationError("--dirty-rate must be between 0 and 1") }
            if Day(iso: censusDate) == nil { throw ValidationError("--census-date '\(censusDate)' is not a valid YYYY-MM-DD date") }
        }

        func run() throws {
            let lookup: IMDLookup?
            do { lookup = deciles ? nil : try IMDLookup.shipped(imdVintage) } catch { throw Failure(error) }
            var generator = SampleGenerator(
                options: SampleOptions(rows: rows, seed: seed, censusDate: Day(iso: censusDate)!, dirtyRate: dirtyRate, lookup: lookup))
            do {
                if let outputPath {
                    let file = try OutputFile(path: outputPath)
                    _ = try generator.write { try file.write($0) }
                    try file.commit()
                } else {
                    _ = generator.write { bytes in
                        _ = bytes.withUnsafeBytes { fwriteAll($0) }
                    }
                }
            } catch let error as OutputError {
                throw Failure(error)
            }
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif

private func fwriteAll(_ buffer: UnsafeRawBufferPointer) -> Int {
    var offset = 0
    while offset < buffer.count {
        let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
        if written <= 0 { return offset }
        offset += written
    }
    return offset
}
