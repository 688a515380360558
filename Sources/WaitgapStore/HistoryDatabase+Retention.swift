import GRDB
import WaitgapCore

extension HistoryDatabase {
    /// The census dates whose lists a clinician signed off (from the audit trail, which is
    /// append-only: retention never removes it).
    public func signedOffCensusDates() throws(StoreError) -> Set<Day> {
        do {
            let keys = try writer.read {
                try String.fetchAll($0, sql: "SELECT DISTINCT censusDate FROM listEvent WHERE action = 'signoff'")
            }
            return Set(keys.compactMap(Day.init(iso:)))
        } catch {
            throw .unavailable(path: path, reason: "\(error)")
        }
    }

    /// Removes the stored runs of these census dates in one transaction, then gives the space
    /// back to the file system (VACUUM). The list audit trail is not touched.
    /// - Returns: how many runs were removed.
    @discardableResult
    public func removeRuns(censusDates: [Day]) throws(StoreError) -> Int {
        guard !censusDates.isEmpty else { return 0 }
        do {
            let removed = try writer.write { db in
                var removed = 0
                for day in censusDates {
                    try db.execute(sql: "DELETE FROM run WHERE censusDate = ?", arguments: [day.description])
                    removed += db.changesCount
                    try Self.deleteFigures(of: day, in: db)
                }
                return removed
            }
            if removed > 0 { try writer.vacuum() }
            return removed
        } catch {
            throw .unavailable(path: path, reason: "\(error)")
        }
    }
}
