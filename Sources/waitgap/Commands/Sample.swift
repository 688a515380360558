import ArgumentParser
import WaitgapCSV
import WaitgapCore
import WaitgapIngest
import WaitgapSample

extension Waitgap {
    /// `waitgap sample`: a synthetic extract with documented planted gaps.
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample",
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

        @Option(help: ArgumentHelp("The census date written on every row.", valueName: "YYYY-MM-DD"))
        var censusDate = Day(year: 2026, month: 10, day: 31)!

        @Option(help: "The share of rows to damage on purpose (malformed quoting, wrong field counts, bad dates...), e.g. 0.01.")
        var dirtyRate: Double = 0

        @Option(help: "Which IoD's LSOA codes to draw: 2019 or 2025.")
        var imdVintage: IMDVintage = .iod2025

        @Flag(help: "Write imd_decile instead of lsoa_code.")
        var deciles = false

        @Option(name: .customLong("out"), help: "The file to write (a folder with --months); standard output if not given.")
        var outputPath: String?

        @Option(help: "Write a series of this many monthly extracts, ending at --census-date, as <out>/extract-<census>.csv.")
        var months: Int?

        @Option(
            help:
                "With --months: the planted deprivation gap (4 weeks) shrinks by 0.4 weeks a month from this month (1-based); 0 keeps it flat."
        )
        var gapShrinksFrom: Int = 10

        @Flag(help: "Plant no gap and no confounding: every group waits alike (for simulations of false findings).")
        var noEffects = false

        @Flag(
            help:
                "With --months: plant a P2 deprivation gap shaped as Calderdale and Huddersfield's: 5.6 weeks, narrowing to 2.2 over the last five months."
        )
        var calderdale = false

        func validate() throws {
            if rows < 0 { throw ValidationError("--rows cannot be negative") }
            if !(0...1).contains(dirtyRate) { throw ValidationError("--dirty-rate must be between 0 and 1") }
            if let months, months < 1 || outputPath == nil { throw ValidationError("--months needs a positive count and --out FOLDER") }
        }

        func run() throws {
            let lookup = deciles ? nil : IMDLookup.shipped(imdVintage)
            if let months, let folder = outputPath {
                try writeSeries(months: months, into: folder, lookup: lookup)
                return
            }
            var options = SampleOptions(rows: rows, seed: seed, censusDate: censusDate, dirtyRate: dirtyRate, lookup: lookup)
            options.noEffects = noEffects
            var generator = SampleGenerator(options: options)
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

extension Waitgap.Sample {
    /// Monthly extracts ending at the census date: the same trust month after month, with the
    /// deprivation gap shrinking from `gapShrinksFrom`.
    func writeSeries(months: Int, into folder: String, lookup: IMDLookup?) throws {
        let last = censusDate.components
        do {
            try OutputFile.makeDirectory(folder)
            for month in 1...months {
                // Month ends counting back from the census date's month.
                let back = months - month
                var year = last.year
                var number = last.month - back
                while number < 1 {
                    number += 12
                    year -= 1
                }
                let next = number == 12 ? Day(year: year + 1, month: 1, day: 1)! : Day(year: year, month: number + 1, day: 1)!
                let monthEnd = Day(daysSinceEpoch: next.daysSinceEpoch - 1)
                var options = SampleOptions(
                    rows: rows, seed: seed &+ UInt64(month), censusDate: monthEnd, dirtyRate: dirtyRate, lookup: lookup)
                if gapShrinksFrom > 0, month >= gapShrinksFrom {
                    options.deprivationGapWeeks = max(0, options.deprivationGapWeeks - 0.4 * Double(month - gapShrinksFrom + 1))
                }
                if calderdale {
                    // 5.6 weeks until five months from the end, then down by equal steps to 2.2.
                    let step = Double(max(0, month - (months - 5)))
                    options.p2DeprivationGapWeeks = 5.6 - (5.6 - 2.2) * step / 5
                }
                options.noEffects = noEffects
                var generator = SampleGenerator(options: options)
                let file = try OutputFile(path: "\(folder)/extract-\(monthEnd).csv")
                _ = try generator.write { try file.write($0) }
                try file.commit()
            }
        } catch let error as OutputError {
            throw Failure(error)
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
