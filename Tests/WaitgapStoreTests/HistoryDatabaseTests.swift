import Foundation
import GRDB
import Testing
import WaitgapCore
import WaitgapStore
import WaitgapTestSupport

@Suite struct HistoryDatabaseTests {
    func run(_ year: Int, _ month: Int, _ day: Int, waits: [Int] = [10, 20, 400]) -> RunRecord {
        let date = Day(year: year, month: month, day: day)!
        var census = Census(censusDate: date)
        for wait in waits { census.add(Pathway(waitDays: wait, ethnicCategory: .indian, imdDecile: IMDDecile(1))) }
        return RunRecord(
            censusDate: date, recordedAt: "2026-11-23T02:00:00Z", waitgapVersion: "test", extractBytes: 100, extractFingerprint: "abc",
            options: "test", census: census)
    }

    @Test func aRunComesBackExactlyAndRerunningACensusReplacesIt() throws {
        let history = try HistoryDatabase.inMemory()
        #expect(try history.save(run(2026, 1, 31)) == false)
        let replacement = run(2026, 1, 31, waits: [1, 2])
        #expect(try history.save(replacement) == true)
        let stored = try history.runs()
        #expect(stored.count == 1)
        let same = stored[0] == replacement
        #expect(same)
    }

    @Test func everyDimensionOfTheRegistryComesBackFromTheHistory() throws {
        let date = Day(year: 2026, month: 10, day: 31)!
        var census = Census(censusDate: date, plus: PlusGroupDefinition(column: "flag", values: ["Y"]))
        var random = SplitMix64(seed: 5)
        for _ in 0..<500 {
            var pathway = Pathway(
                waitDays: random.below(700), ethnicCategory: EthnicCategory.allCases[random.below(EthnicCategory.allCases.count)],
                imdDecile: IMDDecile(random.below(11)), learningDisability: [.yes, .no, .notRecorded][random.below(3)],
                priority: ClinicalPriority.allCases[random.below(ClinicalPriority.allCases.count)], ageYears: random.below(95),
                sex: [Sex.male, .female, nil][random.below(3)])
            pathway.plus = [.member, .nonMember, .notRecorded][random.below(3)]
            census.add(pathway)
        }
        let history = try HistoryDatabase.inMemory()
        try history.save(
            RunRecord(
                censusDate: date, recordedAt: "2026-11-01T02:00:00Z", waitgapVersion: "test", extractBytes: 1, extractFingerprint: "x",
                options: "", census: census))
        let stored = try #require(try history.runs().first).census
        for dimension in EquityDimension.registry {
            let waits = try #require(stored.waits(dimension), "\(dimension.id)")
            #expect(waits == census.waits(dimension), "\(dimension.id)")
            #expect(waits.reduce(0) { $0 + $1.count } == 500)
        }
        let same = stored == census
        #expect(same)
    }

    @Test func monthlyRunsKeepTheLastRunOfEachMonth() throws {
        let history = try HistoryDatabase.inMemory()
        for (month, day) in [(1, 10), (1, 31), (2, 14), (3, 1), (3, 28)] { try history.save(run(2026, month, day)) }
        let months = try history.monthlyRuns().map(\.censusDate.description)
        #expect(months == ["2026-01-31", "2026-02-14", "2026-03-28"])
        let upToFebruary = try history.monthlyRuns(upTo: Day(year: 2026, month: 2, day: 28)).map(\.censusDate.description)
        #expect(upToFebruary == ["2026-01-31", "2026-02-14"])
        #expect(try history.monthlyRuns(limit: 1).count == 1)
    }

    @Test func removingACensusDeletesOnlyIt() throws {
        let history = try HistoryDatabase.inMemory()
        try history.save(run(2026, 1, 31))
        try history.save(run(2026, 2, 28))
        #expect(try history.remove(censusDate: Day(year: 2026, month: 1, day: 31)!))
        #expect(try !history.remove(censusDate: Day(year: 2026, month: 1, day: 31)!))
        #expect(try history.runs().map(\.censusDate.description) == ["2026-02-28"])
    }

    @Test func aDatabaseFromANewerWaitgapIsRefused() throws {
        let path = scratchDirectory() + "/history.sqlite"
        _ = try HistoryDatabase(path: path)
        // A newer waitgap would have applied a migration this one does not know.
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')") }
        #expect(throws: StoreError.self) { _ = try HistoryDatabase(path: path) }
    }

    @Test func aFileHistoryKeepsRunsBetweenOpenings() throws {
        let path = scratchDirectory() + "/history.sqlite"
        try HistoryDatabase(path: path).save(run(2026, 1, 31))
        #expect(try HistoryDatabase(path: path).runs().count == 1)
    }
}
