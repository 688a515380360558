import Foundation
import Testing
import WaitgapCSV
import WaitgapCore
import WaitgapIngest
import WaitgapNightly
import WaitgapReport
import WaitgapSample
import WaitgapStore
import WaitgapTestSupport

/// The nightly run as a library: what it writes, what it stores, and what it refuses, without
/// the command line.
@Suite struct NightlyRunTests {
    /// A generated extract of `rows` rows for `census`, and a run over it into `directory`.
    func run(_ directory: String, rows: Int = 400, census: Day = Day(iso: "2026-10-31")!, history: HistoryDatabase? = nil) throws
        -> NightlyRun
    {
        var generator = SampleGenerator(options: SampleOptions(rows: rows, seed: 5, censusDate: census, dirtyRate: 0.01, lookup: nil))
        var bytes: [UInt8] = []
        _ = generator.write { bytes += $0 }
        let path = "\(directory)/extract-\(census).csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var run = NightlyRun(
            extracts: [path], ingest: IngestOptions(), boardDirectory: directory + "/Reports", privateDirectory: directory + "/private",
            maxQuarantineShare: 0.05, pack: RunInfo(version: "test", imdSource: "IoD2025"), disclosure: DisclosurePolicy(),
            recordedAt: "2026-11-01T02:00:00Z")
        run.history = history.map { NightlyRun.History(database: $0) }
        try FileManager.default.createDirectory(atPath: directory + "/private", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/Reports", withIntermediateDirectories: true)
        return run
    }

    @Test func aRunWritesItsPackAndQuarantineAndStoresItsCensusLast() throws {
        let directory = scratchDirectory()
        let history = try HistoryDatabase.inMemory()
        let run = try run(directory, history: history)
        let quarantine = QuarantineWriter(directory: run.privateDirectory)
        let census = try run.read(quarantine: quarantine)
        let outcome = try run.finish(census, quarantine: quarantine)
        #expect(outcome.written.paths == [directory + "/Reports/board-pack-2026-10-31.md"])
        #expect(outcome.quarantineFile == directory + "/private/quarantine-2026-10-31.csv")
        #expect(outcome.census.accounting.rowsIn == 400 && outcome.census.accounting.quarantined > 0)
        #expect(!outcome.replacedEarlierRun)
        let stored = try history.runs()
        #expect(stored.count == 1 && stored[0].census == census.publishable() && stored[0].recordedAt == "2026-11-01T02:00:00Z")
        // The same census again replaces it, and says so in the pack.
        let again = try run.finish(try run.read(quarantine: QuarantineWriter(directory: run.privateDirectory)), quarantine: quarantine)
        #expect(try again.replacedEarlierRun && history.runs().count == 1)
    }

    @Test func aRunThatCannotBeAnalysedStoresNothing() throws {
        let directory = scratchDirectory()
        let history = try HistoryDatabase.inMemory()
        var run = try run(directory, history: history)
        run.maxQuarantineShare = 0
        let quarantine = QuarantineWriter(directory: run.privateDirectory)
        let census = try run.read(quarantine: quarantine)
        #expect {
            try run.finish(census, quarantine: quarantine)
        } throws: { error in
            guard case .data(let message) = error as? NightlyError else { return false }
            return message.contains("of rows were quarantined, more than --max-quarantine")
        }
        #expect(try history.runs().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory + "/Reports/board-pack-2026-10-31.md"))
    }

    @Test func aBaselineTheHistoryLacksIsRefusedNotReplaced() throws {
        let directory = scratchDirectory()
        var run = try run(directory, history: try HistoryDatabase.inMemory())
        run.history?.baseline = Day(iso: "2024-01-01")
        let quarantine = QuarantineWriter(directory: run.privateDirectory)
        let census = try run.read(quarantine: quarantine)
        #expect {
            try run.finish(census, quarantine: quarantine)
        } throws: { error in
            guard case .usage(let message) = error as? NightlyError else { return false }
            return message == "--baseline 2024-01: no run of that month in the history (it holds 2026-10 to 2026-10)"
        }
    }
}

/// The month-on-month figures a run keeps beside its census, so that later runs read them
/// instead of decoding every month.
@Suite struct StoredFiguresTests {
    @Test func eachRunKeepsItsFiguresAndTheyAreTheOnesItsCensusGives() throws {
        let directory = scratchDirectory()
        let history = try HistoryDatabase.inMemory()
        let months = ["2026-08-31", "2026-09-30", "2026-10-31"].map { Day(iso: $0)! }
        for month in months {
            let run = try NightlyRunTests().run(directory, rows: 300, census: month, history: history)
            let quarantine = QuarantineWriter(directory: run.privateDirectory)
            _ = try run.finish(try run.read(quarantine: quarantine), quarantine: quarantine)
        }
        let key = MonthOnMonth.MonthFigures.key(version: "test")
        let stored = try history.figures(censusDates: months, key: key)
        #expect(stored.count == 3)
        let recomputed = try history.runs().compactMap { MonthOnMonth.MonthFigures(census: $0.census) }
        #expect(recomputed == months.map { stored[$0]! })
        #expect(recomputed.allSatisfy { $0.measures.count == Measure.defaults(references: ReferenceGroups()).count })
        // Another key (another disclosure policy) has none: they would be recomputed, not reused.
        #expect(
            try history.figures(
                censusDates: months, key: MonthOnMonth.MonthFigures.key(version: "test", disclosure: DisclosurePolicy(threshold: 9))
            ).isEmpty)
        // Removing or replacing a run takes its figures with it.
        try history.remove(censusDate: months[0])
        #expect(try history.figures(censusDates: months, key: key).count == 2)
        let replaced = try history.runs(censusDates: [months[1]])[0]
        try history.save(replaced)
        #expect(try history.figures(censusDates: months, key: key).keys.sorted() == [months[2]])
    }
}
