import Foundation
import Testing
import WaitgapCSV
import WaitgapCore
import WaitgapIngest
import WaitgapSample
import WaitgapTestSupport

/// Writes a generated extract to a scratch file and returns its path and manifest.
func generatedExtract(rows: Int, seed: UInt64, dirtyRate: Double, in directory: String, lookup: IMDLookup? = nil) throws -> (
    String, SampleGenerator.Manifest
) {
    var generator = SampleGenerator(options: SampleOptions(rows: rows, seed: seed, dirtyRate: dirtyRate, lookup: lookup))
    var bytes: [UInt8] = []
    let manifest = generator.write { bytes += $0 }
    let path = directory + "/extract-\(seed).csv"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return (path, manifest)
}

/// The quarantine file's rows as (row, reason code).
func quarantinedRows(_ path: String) throws -> [(row: Int, reason: String)] {
    let result = try readAll(path: path)
    return result.records.map { (Int($0[1])!, $0[5]) }
}

@Suite struct IngestPropertyTests {
    @Test(arguments: [(UInt64(1), 0.02), (2, 0.05), (3, 0.1), (4, 0.0)])
    func everyRowIsAnalysedOrQuarantinedForExactlyThePlantedReason(seed: UInt64, rate: Double) throws {
        for parallel in [false, true] {
            let directory = scratchDirectory()
            let (path, manifest) = try generatedExtract(rows: 3_000, seed: seed, dirtyRate: rate, in: directory)
            // A tiny threshold forces the two-core path on a small file.
            let options = IngestOptions(parallelThreshold: parallel ? 1 : 0)
            let quarantine = QuarantineWriter(directory: directory)
            let census = try ExtractIngest.read(files: [path], options: options, quarantine: quarantine)
            let quarantinePath = try quarantine.finish(censusDate: census.censusDate)

            let accounting = census.accounting
            #expect(accounting.rowsIn == manifest.rows)
            #expect(accounting.rowsIn == accounting.analysed + accounting.quarantined)
            #expect(accounting.quarantined == manifest.damaged.count)
            #expect(accounting.blankLines == manifest.blankLines)
            let expected = manifest.damaged.map { "\($0.row) \($0.reason.rawValue)" }
            let actual = try quarantinePath.map { try quarantinedRows($0).map { "\($0.row) \($0.reason)" } } ?? []
            #expect(actual.sorted() == expected.sorted(), "seed \(seed) rate \(rate) parallel \(parallel)")
            if let quarantinePath {
                let mode = try FileManager.default.attributesOfItem(atPath: quarantinePath)[.posixPermissions] as! Int
                #expect(mode == 0o600)
            }
        }
    }

    @Test func twoCoreAndOneCoreReadsAgreeExactly() throws {
        let directory = scratchDirectory()
        let (path, _) = try generatedExtract(rows: 5_000, seed: 9, dirtyRate: 0.03, in: directory)
        func run(_ threshold: Int, _ name: String) throws -> (Census, String) {
            let out = directory + "/" + name
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let quarantine = QuarantineWriter(directory: out)
            let census = try ExtractIngest.read(files: [path], options: IngestOptions(parallelThreshold: threshold), quarantine: quarantine)
            let file = try #require(try quarantine.finish(censusDate: census.censusDate))
            return (census, try String(contentsOfFile: file, encoding: .utf8))
        }
        let (sequential, sequentialQuarantine) = try run(0, "one")
        let (parallel, parallelQuarantine) = try run(1, "two")
        let same = sequential == parallel
        #expect(same)
        #expect(sequentialQuarantine == parallelQuarantine)
    }

    @Test func aSplitInsideAQuotedFieldFallsBackToASequentialRead() throws {
        // One quoted field spans the middle of the file: the first half ends inside it.
        let directory = scratchDirectory()
        var text = "pathway_id,rtt_period_start_date,census_date,note\n"
        for index in 0..<200 { text += "P\(index),2026-01-01,2026-01-31,plain\n" }
        text += "PX,2026-01-01,2026-01-31,\"" + String(repeating: "a long note\n", count: 400) + "\"\n"
        for index in 0..<200 { text += "Q\(index),2026-01-01,2026-01-31,plain\n" }
        let path = directory + "/straddle.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let accounting = try ExtractIngest.read(
            files: [path], options: IngestOptions(parallelThreshold: 1), quarantine: QuarantineWriter(directory: directory)
        ).accounting
        let (analysed, quarantined) = (accounting.analysed, accounting.quarantined)
        #expect(analysed == 401)
        #expect(quarantined == 0)
    }

    @Test func splittingAnExtractAtEveryRowAndMergingGivesTheWhole() throws {
        let directory = scratchDirectory()
        let (path, _) = try generatedExtract(rows: 40, seed: 5, dirtyRate: 0.1, in: directory)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        let header = lines[0]
        let body = Array(lines[1...].dropLast())  // the last element is the empty string after the final LF
        let options = IngestOptions(parallelThreshold: 0)
        let whole = try ExtractIngest.read(files: [path], options: options, quarantine: QuarantineWriter(directory: directory))
        for cut in 0...body.count {
            let first = directory + "/first.csv"
            let second = directory + "/second.csv"
            try ([header] + body[..<cut]).map { $0 + "\n" }.joined().write(toFile: first, atomically: true, encoding: .utf8)
            try ([header] + body[cut...]).map { $0 + "\n" }.joined().write(toFile: second, atomically: true, encoding: .utf8)
            // Analysed separately and merged...
            var merged = try ExtractIngest.read(files: [first], options: options, quarantine: QuarantineWriter(directory: directory))
            let other = try ExtractIngest.read(files: [second], options: options, quarantine: QuarantineWriter(directory: directory))
            if merged.censusDate == nil || other.censusDate == nil || merged.censusDate == other.censusDate {
                merged.merge(other)
            }
            merged.accounting.files = 1
            let mergedEqualsWhole = merged == whole
            #expect(mergedEqualsWhole, "cut at row \(cut + 1)")
            // ...and as two files of one run.
            var both = try ExtractIngest.read(files: [first, second], options: options, quarantine: QuarantineWriter(directory: directory))
            both.accounting.files = 1
            let bothEqualWhole = both == whole
            #expect(bothEqualWhole, "two files cut at row \(cut + 1)")
        }
    }

    @Test func theShippedLookupsLoadAndAgreeWithTheirProvenance() throws {
        // PROVENANCE.md: E01000001 is rank 29,199, decile 9 in IoD2019 and rank 26,525, decile 8 in IoD2025.
        let lookup2019 = IMDLookup.shipped(.iod2019)
        let lookup2025 = IMDLookup.shipped(.iod2025)
        #expect(lookup2019.count == 32_844)
        #expect(lookup2025.count == 33_755)
        let code = Array("E01000001".utf8)
        #expect(code.withUnsafeBufferPointer { lookup2019.decile(lsoa: $0) }?.value == 9)
        #expect(code.withUnsafeBufferPointer { lookup2025.decile(lsoa: $0) }?.value == 8)
        #expect(Array("W01000001".utf8).withUnsafeBufferPointer { lookup2025.decile(lsoa: $0) } == nil)
    }

    @Test func lsoaCodesFallBackToTheLookup() throws {
        let directory = scratchDirectory()
        let (path, _) = try generatedExtract(rows: 500, seed: 11, dirtyRate: 0, in: directory, lookup: IMDLookup.shipped(.iod2025))
        var options = IngestOptions(parallelThreshold: 0)
        options.decoding.imdLookup = IMDLookup.shipped(.iod2025)
        let census = try ExtractIngest.read(files: [path], options: options, quarantine: QuarantineWriter(directory: directory))
        let recorded = census.quality.deprivation.recorded
        let notKnown = census.waits(.imdQuintile)![DeprivationQuintile.notKnown.ordinal].count
        #expect(recorded == 500)
        #expect(notKnown == 0)
    }
}

@Suite struct AggregateFileTests {
    @Test func anAggregateSurvivesItsFileExactly() throws {
        let directory = scratchDirectory()
        let (path, _) = try generatedExtract(rows: 2_000, seed: 31, dirtyRate: 0.02, in: directory)
        let census = try ExtractIngest.read(files: [path], options: IngestOptions(), quarantine: QuarantineWriter(directory: directory))
        let file = directory + "/aggregate.json"
        try AggregateFile(census: census, waitgapVersion: "test", imdSource: "deciles", maxWaitWeeks: 520).write(to: file)
        // Compared outside #expect: swift-testing 6.3's debug build crashes evaluating == on a
        // value this large inside the macro (seen as signal 11 in _callBinaryOperator). What
        // leaves the process is the publishable census: rare invalid values are dropped.
        let roundTripped = try AggregateFile.read(from: file).census == census.publishable()
        #expect(roundTripped)
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as! Int
        #expect(mode == 0o600)
    }

    @Test func aggregatesOfDifferentCensusDatesOrSourcesDoNotMerge() throws {
        var first = Census(censusDate: Day(year: 2026, month: 3, day: 31))
        first.add(Pathway(waitDays: 10))
        var second = Census(censusDate: Day(year: 2026, month: 4, day: 30))
        second.add(Pathway(waitDays: 10))
        let a = AggregateFile(census: first, waitgapVersion: "t", imdSource: "x", maxWaitWeeks: 520)
        let b = AggregateFile(census: second, waitgapVersion: "t", imdSource: "x", maxWaitWeeks: 520)
        #expect(throws: AggregateFile.Problem.self) { _ = try AggregateFile.merge([("a", a), ("b", b)]) }
        let c = AggregateFile(census: first, waitgapVersion: "t", imdSource: "other", maxWaitWeeks: 520)
        #expect(throws: AggregateFile.Problem.self) { _ = try AggregateFile.merge([("a", a), ("c", c)]) }
    }

    @Test func aNewerVersionOrAnotherFormatIsRefused() throws {
        let directory = scratchDirectory()
        try #"{"format":"waitgap-aggregate","version":99}"#.write(toFile: directory + "/new.json", atomically: true, encoding: .utf8)
        try #"{"hello":1}"#.write(toFile: directory + "/other.json", atomically: true, encoding: .utf8)
        #expect(throws: AggregateFile.Problem.self) { _ = try AggregateFile.read(from: directory + "/new.json") }
        #expect(throws: AggregateFile.Problem.self) { _ = try AggregateFile.read(from: directory + "/other.json") }
    }
}

@Suite struct QuarantineBoundaryTests {
    /// A quarantined record just under the reader's 4 MiB limit, full of quotes, is over it once
    /// re-quoted into the quarantine file: the two-core path, which reads its parts back, must
    /// still write it. The quarantine file holds exactly the rows counted, on both paths.
    @Test(arguments: [false, true])
    func theQuarantineFileHoldsEveryCountedRowAtTheRecordLimit(parallel: Bool) throws {
        let directory = scratchDirectory()
        var text = "pathway_id,rtt_period_start_date,census_date,note\n"
        for index in 0..<2_000 { text += "P\(index),2026-05-01,2026-10-31,ok\n" }
        let quotes = String(repeating: "\"\"", count: (4 << 20) / 2 - 4_096)
        text += "BIG,2026-13-01,2026-10-31,\"\(quotes)\"\n"
        for index in 0..<2_000 { text += "Q\(index),2026-05-01,2026-10-31,ok\n" }
        text += "SMALL,2026-13-01,2026-10-31,x\n"
        let path = directory + "/big.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let quarantine = QuarantineWriter(directory: directory)
        let census = try ExtractIngest.read(
            files: [path], options: IngestOptions(parallelThreshold: parallel ? 1 : 0), quarantine: quarantine)
        let written = try #require(try quarantine.finish(censusDate: census.censusDate))
        #expect(census.accounting.quarantined == 2)
        let rows = try readAll(path: written, dialect: CSVDialect(maxRecordBytes: 64 << 20)).records
        #expect(rows.count == 2)
        #expect(rows.map { $0[5] } == ["invalid-start-date", "invalid-start-date"])
    }
}
