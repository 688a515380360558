import Foundation
import GRDB
import Testing
import WaitgapCore
import WaitgapStore
import WaitgapTestSupport

@Suite struct ListEventTests {
    let census = Day(year: 2026, month: 10, day: 31)!

    func event(_ action: ListEvent.Action, _ pathway: String? = nil, census: Day? = nil, toRank: Int? = nil) -> ListEvent {
        ListEvent(
            recordedAt: "2026-11-23T09:00:00Z", user: "drjones", censusDate: census ?? self.census, action: action, pathwayID: pathway,
            tier: pathway == nil ? nil : "P2", toRank: toRank, reason: "test", listFingerprint: "f")
    }

    @Test func entriesComeBackInOrderWithTheirNumbers() throws {
        let history = try HistoryDatabase.inMemory()
        let stored = try history.append([event(.generated), event(.pin, "A", toRank: 1), event(.signoff)])
        #expect(stored.map(\.id) == [1, 2, 3])
        #expect(try history.listEvents() == stored)
        #expect(try history.listEvents(pathwayID: "A").map(\.action) == [.pin])
    }

    @Test func theTrailRefusesUpdatesAndDeletes() throws {
        let path = scratchDirectory() + "/history.sqlite"
        try HistoryDatabase(path: path).append([event(.pin, "A", toRank: 1)])
        let queue = try DatabaseQueue(path: path)
        #expect(throws: (any Error).self) { try queue.write { try $0.execute(sql: "UPDATE listEvent SET reason = 'edited'") } }
        #expect(throws: (any Error).self) { try queue.write { try $0.execute(sql: "DELETE FROM listEvent") } }
        #expect(try HistoryDatabase(path: path).listEvents().map(\.reason) == ["test"])
    }

    @Test func theLatestEntryForAPathwayDecidesWhetherItsOverrideIsInForce() throws {
        let history = try HistoryDatabase.inMemory()
        let later = Day(year: 2026, month: 11, day: 30)!
        try history.append([
            event(.pin, "A", toRank: 1), event(.move, "B"), event(.pin, "C", toRank: 2), event(.clear, "C"),
            event(.pin, "D", toRank: 3), event(.lapsed, "D"), event(.pin, "E", census: later, toRank: 1),
        ])
        #expect(try history.overridesInForce(asOf: census).map(\.pathwayID) == ["A", "B"])
        // An override made for a later census does not reach back to an earlier list.
        #expect(try history.overridesInForce(asOf: later).map(\.pathwayID) == ["A", "B", "E"])
    }

    @Test func onlyTheLatestListOfACensusCanBeSignedOff() throws {
        let history = try HistoryDatabase.inMemory()
        var first = event(.generated)
        first.listFingerprint = "one"
        var pinned = event(.pin, "A", toRank: 1)
        pinned.listFingerprint = "two"
        try history.append([first, pinned, event(.signoff)])
        #expect(try history.latestListFingerprint(censusDate: census) == "two")
        #expect(try history.latestListFingerprint(censusDate: Day(year: 2020, month: 1, day: 1)!) == nil)
    }

    @Test func aHistoryIsCreatedOwnerOnlyAndAnOlderOneGainsTheTrail() throws {
        let path = scratchDirectory() + "/history.sqlite"
        // A history made before the trail existed: only the first migration applied.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v1-runs')")
            try db.execute(
                sql: """
                    CREATE TABLE run (censusDate TEXT PRIMARY KEY, month TEXT NOT NULL, recordedAt TEXT NOT NULL, provider TEXT NOT NULL,
                    waitgapVersion TEXT NOT NULL, extractBytes INTEGER NOT NULL, extractFingerprint TEXT NOT NULL, rowsIn INTEGER NOT NULL,
                    analysed INTEGER NOT NULL, quarantined INTEGER NOT NULL, options TEXT NOT NULL, aggregate BLOB NOT NULL)
                    """)
        }
        try queue.close()
        chmod(path, 0o644)
        let history = try HistoryDatabase(path: path)
        try history.append([event(.pin, "A", toRank: 1)])
        #expect(try history.listEvents().count == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! Int
        #expect(mode == 0o600)
        let fresh = scratchDirectory() + "/fresh.sqlite"
        _ = try HistoryDatabase(path: fresh)
        #expect(try FileManager.default.attributesOfItem(atPath: fresh)[.posixPermissions] as! Int == 0o600)
    }
}
