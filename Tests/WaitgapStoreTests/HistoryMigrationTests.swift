import Foundation
import GRDB
import Testing
import WaitgapCore
import WaitgapStore
import WaitgapTestSupport

/// The history stores census layout 3 (binary), reads layouts 1 to 3, and rewrites a 0.2.0 or
/// 0.4 history's JSON aggregates in layout 3 when it first opens it.
@Suite struct HistoryMigrationTests {
    func record(_ census: Census) -> RunRecord {
        RunRecord(
            censusDate: census.censusDate!, recordedAt: "2026-11-01T02:00:00Z", waitgapVersion: "test", extractBytes: 1,
            extractFingerprint: "x", options: "", census: census)
    }

    @Test func aSavedRunIsStoredInTheBinaryLayout() throws {
        let path = scratchDirectory() + "/history.sqlite"
        let census = try generatedCensus(rows: 5_000, seed: 51, plus: true)
        try HistoryDatabase(path: path).save(record(census))
        let stored = try #require(try storedAggregates(path).values.first)
        #expect(Array(stored.prefix(5)) == Census.binaryMagic + [3])
        let back = try #require(try HistoryDatabase(path: path).runs().first)
        let same = back.census == census
        #expect(same)
    }

    @Test func a020HistoryMigratesToTheBinaryLayoutInPlace() throws {
        let path = scratchDirectory() + "/waitgap.sqlite"
        try FileManager.default.copyItem(atPath: history020, toPath: path)
        let before = try storedAggregates(path).mapValues { try JSONDecoder().decode(Census.self, from: $0) }
        let bytesBefore = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int

        let runs = try HistoryDatabase(path: path).runs()
        let after = try storedAggregates(path)
        #expect(after.keys.sorted() == before.keys.sorted())
        for (month, aggregate) in after { #expect(Census.isBinary(aggregate), "\(month)") }
        for run in runs {
            let same = run.census == before[run.censusDate.description]
            #expect(same, "\(run.censusDate)")
        }
        let queue = try DatabaseQueue(path: path)
        let applied = try queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.contains("v3-binary-census"))
        // The free pages the JSON left are given back.
        let bytesAfter = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        #expect(bytesAfter * 2 < bytesBefore, "\(bytesAfter) bytes after, \(bytesBefore) before")
        // Opening it again rewrites nothing.
        _ = try HistoryDatabase(path: path)
        #expect(try storedAggregates(path) == after)
    }

    /// A history as waitgap 0.4 left it: JSON layout 2, the first two migrations applied.
    func layout2History(_ censuses: [Census]) throws -> String {
        let path = scratchDirectory("layout2") + "/waitgap.sqlite"
        let history = try HistoryDatabase(path: path)
        for census in censuses { try history.save(record(census)) }
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            for census in censuses {
                try db.execute(
                    sql: "UPDATE run SET aggregate = ? WHERE censusDate = ?",
                    arguments: [try JSONEncoder().encode(census), census.censusDate!.description])
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3-binary-census'")
        }
        return path
    }

    @Test func aLayout2HistoryMigratesAndReadsTheSame() throws {
        var october = try generatedCensus(rows: 3_000, seed: 52, plus: true)
        var september = try generatedCensus(rows: 2_000, seed: 53)
        october.censusDate = Day(year: 2026, month: 10, day: 31)
        september.censusDate = Day(year: 2026, month: 9, day: 30)
        let path = try layout2History([september, october])
        #expect(try storedAggregates(path).values.allSatisfy { !Census.isBinary($0) })

        let runs = try HistoryDatabase(path: path).runs()
        #expect(try storedAggregates(path).values.allSatisfy { Census.isBinary($0) })
        #expect(runs.map(\.censusDate) == [september.censusDate!, october.censusDate!])
        let same = runs.map(\.census) == [september, october]
        #expect(same)
    }

    @Test func aJSONAggregateThatCannotBeReadIsLeftForTheRunThatAsks() throws {
        var census = try generatedCensus(rows: 500, seed: 54)
        census.censusDate = Day(year: 2026, month: 10, day: 31)
        let path = try layout2History([census])
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "UPDATE run SET aggregate = ?", arguments: [Data("{\"layout\": 2, \"crossed\"".utf8)]) }
        let history = try HistoryDatabase(path: path)
        #expect(try storedAggregates(path).values.allSatisfy { !Census.isBinary($0) })
        #expect(throws: StoreError.self) { _ = try history.runs() }
    }

    /// Writes `aggregate` over the stored run's, and returns the error reading it back.
    func readBack(_ aggregate: [UInt8]) throws -> StoreError? {
        let path = scratchDirectory("readBack") + "/waitgap.sqlite"
        var census = try generatedCensus(rows: 500, seed: 55)
        census.censusDate = Day(year: 2026, month: 10, day: 31)
        try HistoryDatabase(path: path).save(record(census))
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "UPDATE run SET aggregate = ?", arguments: [Data(aggregate)]) }
        do {
            _ = try HistoryDatabase(path: path).runs()
            return nil
        } catch {
            return error
        }
    }

    @Test func aDamagedBinaryAggregateIsReportedAsDamaged() throws {
        var census = try generatedCensus(rows: 500, seed: 55)
        census.censusDate = Day(year: 2026, month: 10, day: 31)
        let bytes = try census.binaryEncoded()
        for damaged in [Array(bytes.prefix(bytes.count / 2)), Census.binaryMagic + [3, 0xFF, 0xFF], Census.binaryMagic] {
            let error = try readBack(damaged)
            guard case .damaged(_, let month) = error else {
                Issue.record("\(String(describing: error))")
                continue
            }
            #expect(month == "2026-10-31")
        }
    }

    @Test func aNewerBinaryLayoutIsReportedAsUnreadable() throws {
        let error = try readBack(Census.binaryMagic + [4, 0])
        guard case .unreadable(_, let month, let reason) = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(month == "2026-10-31")
        #expect(reason.contains("layout 4"))
        #expect(error?.description.contains("upgrade waitgap") == true)
    }
}
