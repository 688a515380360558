import Foundation
import GRDB
import WaitgapCore

/// Each stored month's figures for the month-on-month series (`MonthOnMonth.MonthFigures`),
/// kept beside its census and keyed by what they depend on besides it (the waitgap that computed
/// them, the measures, references and disclosure). A nightly run reads 24 of these, a few KB,
/// instead of decoding 24 censuses; a month whose figures are missing under tonight's key is
/// computed from its census and stored with tonight's run. Derived data: removing a run removes
/// its figures, and a new waitgap version simply recomputes them.
extension HistoryDatabase {
    static func registerRunFigures(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-run-figures") { db in
            try db.create(table: "runFigures") { table in
                table.column("censusDate", .text).notNull()
                table.column("key", .text).notNull()
                table.column("figures", .blob).notNull()
                table.primaryKey(["censusDate", "key"])
            }
        }
    }

    /// The stored figures of these census dates under `key` (the dates with none are absent).
    public func figures(censusDates: [Day], key: String) throws(StoreError) -> [Day: MonthOnMonth.MonthFigures] {
        guard !censusDates.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: censusDates.count).joined(separator: ", ")
        let rows: [Row]
        do {
            rows = try writer.read {
                try Row.fetchAll(
                    $0, sql: "SELECT censusDate, figures FROM runFigures WHERE key = ? AND censusDate IN (\(marks))",
                    arguments: StatementArguments([key] + censusDates.map(\.description)))
            }
        } catch {
            throw .unavailable(path: path, reason: "\(error)")
        }
        var found: [Day: MonthOnMonth.MonthFigures] = [:]
        for row in rows {
            // Figures that cannot be read are recomputed from the census, as if never stored.
            guard let day = Day(iso: row["censusDate"]), let figures = Self.decodeFigures(row["figures"] as Data),
                figures.censusDate == day
            else { continue }
            found[day] = figures
        }
        return found
    }

    /// Writes figures under `key`, replacing any of the same month and key (inside a write).
    static func insertFigures(_ figures: [MonthOnMonth.MonthFigures], key: String, in db: Database) throws {
        for month in figures {
            try db.execute(
                sql: "INSERT OR REPLACE INTO runFigures (censusDate, key, figures) VALUES (?, ?, ?)",
                arguments: [month.censusDate.description, key, encodeFigures(month)])
        }
    }

    /// Removes every figure of a census (inside a write), when its run is replaced or removed.
    static func deleteFigures(of censusDate: Day, in db: Database) throws {
        try db.execute(sql: "DELETE FROM runFigures WHERE censusDate = ?", arguments: [censusDate.description])
    }

    /// A month's figures as bytes: version 1, the day (8 bytes), the number of measures (2), then
    /// each estimate and the long-wait share as a presence byte and, when present, its value,
    /// lower and upper limits as IEEE 754 doubles; little-endian. (JSON took most of a warm
    /// nightly run's history reading: 18M instructions for 24 months.)
    static func encodeFigures(_ figures: MonthOnMonth.MonthFigures) -> Data {
        var bytes: [UInt8] = [1]
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        func put(_ estimate: Estimate?) {
            guard let estimate else { return bytes.append(0) }
            bytes.append(1)
            for value in [estimate.value, estimate.lower, estimate.upper] { put(value.bitPattern) }
        }
        put(Int64(figures.censusDate.daysSinceEpoch))
        put(UInt16(figures.measures.count))
        for estimate in figures.measures { put(estimate) }
        put(figures.longWaits)
        return Data(bytes)
    }

    /// Figures from `encodeFigures`, or nil for anything else (then they are recomputed).
    static func decodeFigures(_ data: Data) -> MonthOnMonth.MonthFigures? {
        let bytes = [UInt8](data)
        var offset = 0
        func take<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard offset + MemoryLayout<T>.size <= bytes.count else { return nil }
            var value: T = 0
            for index in (0..<MemoryLayout<T>.size).reversed() { value = value << 8 | T(bytes[offset + index]) }
            offset += MemoryLayout<T>.size
            return value
        }
        func estimate() -> Estimate?? {
            guard let present = take(UInt8.self) else { return nil }
            if present == 0 { return .some(nil) }
            guard present == 1, let value = take(UInt64.self), let lower = take(UInt64.self), let upper = take(UInt64.self) else {
                return nil
            }
            return .some(Estimate(value: Double(bitPattern: value), lower: Double(bitPattern: lower), upper: Double(bitPattern: upper)))
        }
        guard take(UInt8.self) == 1, let day = take(Int64.self), let count = take(UInt16.self) else { return nil }
        var measures: [Estimate?] = []
        for _ in 0..<count {
            guard let next = estimate() else { return nil }
            measures.append(next)
        }
        guard let longWaits = estimate(), offset == bytes.count else { return nil }
        return MonthOnMonth.MonthFigures(censusDate: Day(daysSinceEpoch: Int(day)), measures: measures, longWaits: longWaits)
    }
}
