import Foundation
import GRDB
import WaitgapCore

/// One stored run: what a census's aggregate was, and how it was made. No identifier and no
/// row: the aggregate holds counts and histograms only.
public struct RunRecord: Sendable, Equatable {
    /// The census date, which keys the run: re-running a census replaces it.
    public var censusDate: Day
    /// When the run was stored (ISO 8601, UTC).
    public var recordedAt: String
    /// The provider the extract is from (the pack's trust name), or empty.
    public var provider: String
    /// The waitgap that made it.
    public var waitgapVersion: String
    /// The extract's size in bytes, and a fingerprint of its content (no content).
    public var extractBytes: Int
    public var extractFingerprint: String
    /// The options that change results, as text (`--max-wait-weeks 520, IMD 2025, …`).
    public var options: String
    /// The aggregate: every figure of the pack can be recomputed from it.
    public var census: Census

    /// Creates a record.
    public init(
        censusDate: Day, recordedAt: String, provider: String = "", waitgapVersion: String, extractBytes: Int, extractFingerprint: String,
        options: String, census: Census
    ) {
        self.censusDate = censusDate
        self.provider = provider
        self.recordedAt = recordedAt
        self.waitgapVersion = waitgapVersion
        self.extractBytes = extractBytes
        self.extractFingerprint = extractFingerprint
        self.options = options
        self.census = census
    }

    /// The month the census falls in, `YYYY-MM`.
    public var month: String { String(censusDate.description.prefix(7)) }
}

/// What stops the history from being used.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The database was written by a newer waitgap (it has migrations this one does not know).
    case newerDatabase(path: String)
    /// The database cannot be opened or written.
    case unavailable(path: String, reason: String)
    /// A stored aggregate cannot be read back.
    case damaged(path: String, census: String)

    public var description: String {
        switch self {
        case .newerDatabase(let path): return "\(path): the history was written by a newer waitgap; upgrade waitgap to use it"
        case .unavailable(let path, let reason): return "\(path): cannot use the run history: \(reason)"
        case .damaged(let path, let census): return "\(path): the stored run for \(census) cannot be read"
        }
    }
}

/// The run history: one SQLite database (created owner-only) (WAL, so a reader never blocks the nightly writer), owning
/// its migrations. Each save is one transaction, so a run that fails or is killed leaves the
/// database as it was; a second writer waits up to `busyTimeout` and then fails clearly.
public struct HistoryDatabase: Sendable {
    /// Where the database is (`:memory:` for an in-memory one).
    public let path: String
    let writer: any DatabaseWriter

    /// How long a write waits for another waitgap holding the database.
    public static let busyTimeout: TimeInterval = 30

    /// The schema's migrations, by name, in order. A migration is never edited once released.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-runs") { db in
            try db.create(table: "run") { table in
                table.primaryKey("censusDate", .text)
                table.column("month", .text).notNull().indexed()
                table.column("recordedAt", .text).notNull()
                table.column("provider", .text).notNull()
                table.column("waitgapVersion", .text).notNull()
                table.column("extractBytes", .integer).notNull()
                table.column("extractFingerprint", .text).notNull()
                table.column("rowsIn", .integer).notNull()
                table.column("analysed", .integer).notNull()
                table.column("quarantined", .integer).notNull()
                table.column("options", .text).notNull()
                table.column("aggregate", .blob).notNull()
            }
        }
        registerListEvents(&migrator)
        return migrator
    }

    /// Opens (creating if needed) the history at `path`.
    /// - Throws: `StoreError` if it cannot be opened, or was written by a newer waitgap.
    public init(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        // Created owner-only: once a clinician overrides the list, the history names pathways.
        // SQLite gives its WAL and shared-memory files the database file's permissions.
        if path != ":memory:", !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        do {
            try self.init(path: path, writer: DatabasePool(path: path, configuration: configuration))
        } catch let error as StoreError {
            throw error
        } catch {
            throw .unavailable(path: path, reason: "\(error)")
        }
    }

    /// An in-memory history, for tests.
    public static func inMemory() throws -> HistoryDatabase {
        try HistoryDatabase(path: ":memory:", writer: DatabaseQueue())
    }

    private init(path: String, writer: any DatabaseWriter) throws {
        self.path = path
        self.writer = writer
        let migrator = Self.migrator
        if try writer.read({ try migrator.hasBeenSuperseded($0) }) {
            throw StoreError.newerDatabase(path: path)
        }
        try migrator.migrate(writer)
    }

    /// Stores a run in one transaction, replacing a stored run of the same census date.
    /// - Returns: true when a run of that census date was replaced.
    @discardableResult
    public func save(_ run: RunRecord) throws(StoreError) -> Bool {
        let aggregate: Data
        do { aggregate = try JSONEncoder().encode(run.census) } catch { throw .unavailable(path: path, reason: "\(error)") }
        do {
            return try writer.write { db in
                let key = run.censusDate.description
                let existed = try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM run WHERE censusDate = ?", arguments: [key]) ?? false
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO run (censusDate, month, recordedAt, provider, waitgapVersion, extractBytes, extractFingerprint,
                            rowsIn, analysed, quarantined, options, aggregate)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        key, run.month, run.recordedAt, run.provider, run.waitgapVersion, run.extractBytes, run.extractFingerprint,
                        run.census.accounting.rowsIn, run.census.accounting.analysed, run.census.accounting.quarantined, run.options,
                        aggregate,
                    ])
                return existed
            }
        } catch {
            throw .unavailable(path: path, reason: "\(error)")
        }
    }

    /// Every stored run, oldest census first.
    public func runs() throws(StoreError) -> [RunRecord] { try fetchRuns(where: "", arguments: []) }

    /// The census dates of the stored runs, oldest first (no aggregate is read).
    public func censusDates() throws(StoreError) -> [Day] {
        do {
            return try writer.read { try String.fetchAll($0, sql: "SELECT censusDate FROM run ORDER BY censusDate") }.compactMap(
                Day.init(iso:))
        } catch {
            throw .unavailable(path: path, reason: "\(error)")
        }
    }

    /// The stored runs of these census dates, oldest first (only their aggregates are read).
    public func runs(censusDates: [Day]) throws(StoreError) -> [RunRecord] {
        guard !censusDates.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: censusDates.count).joined(separator: ", ")
        return try fetchRuns(where: "WHERE censusDate IN (\(marks))", arguments: StatementArguments(censusDates.map(\.description)))
    }

    private func fetchRuns(where filter: String, arguments: StatementArguments) throws(StoreError) -> [RunRecord] {
        let rows: [Row]
        do {
            rows = try writer.read { try Row.fetchAll($0, sql: "SELECT * FROM run \(filter) ORDER BY censusDate", arguments: arguments) }
        } catch {
            throw .unavailable(path: path, reason: "\(error)")
        }
        var records: [RunRecord] = []
        for row in rows {
            let key: String = row["censusDate"]
            guard let day = Day(iso: key), let census = try? JSONDecoder().decode(Census.self, from: row["aggregate"] as Data) else {
                throw .damaged(path: path, census: key)
            }
            records.append(
                RunRecord(
                    censusDate: day, recordedAt: row["recordedAt"], provider: row["provider"] ?? "", waitgapVersion: row["waitgapVersion"],
                    extractBytes: row["extractBytes"],
                    extractFingerprint: row["extractFingerprint"], options: row["options"], census: census))
        }
        return records
    }

    /// The last run of each month up to and including `censusDate`, oldest first, at most `limit`
    /// months: the series the pack's month-on-month section and SPC charts read. Only those
    /// runs' aggregates are read.
    public func monthlyRuns(upTo censusDate: Day? = nil, limit: Int = 24) throws(StoreError) -> [RunRecord] {
        try runs(censusDates: Self.monthlyCensusDates(try censusDates(), upTo: censusDate, limit: limit))
    }

    /// The last census date of each month among `dates`, up to `censusDate`, oldest first, at most `limit`.
    public static func monthlyCensusDates(_ dates: [Day], upTo censusDate: Day? = nil, limit: Int = 24) -> [Day] {
        var lastOfMonth: [String: Day] = [:]
        for day in dates.sorted() where censusDate.map({ day <= $0 }) ?? true {
            lastOfMonth[String(day.description.prefix(7))] = day
        }
        return Array(lastOfMonth.values.sorted().suffix(limit))
    }

    /// Removes a census's run.
    /// - Returns: true when there was one.
    @discardableResult
    public func remove(censusDate: Day) throws(StoreError) -> Bool {
        do {
            return try writer.write { db in
                try db.execute(sql: "DELETE FROM run WHERE censusDate = ?", arguments: [censusDate.description])
                return db.changesCount > 0
            }
        } catch {
            throw .unavailable(path: path, reason: "\(error)")
        }
    }
}
