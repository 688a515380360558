import Foundation
import GRDB
import WaitgapCSV
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
    /// A stored aggregate is of a layout, or holds a code, this waitgap does not know.
    case unreadable(path: String, census: String, reason: String)

    public var description: String {
        switch self {
        case .newerDatabase(let path): return "\(path): the history was written by a newer waitgap; upgrade waitgap to use it"
        case .unavailable(let path, let reason): return "\(path): cannot use the run history: \(reason)"
        case .damaged(let path, let census): return "\(path): the stored run for \(census) cannot be read"
        case .unreadable(let path, let census, let reason): return "\(path): the stored run for \(census) cannot be read: \(reason)"
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
        migrator.registerMigration("v3-binary-census") { db in try rewriteAggregatesInBinaryLayout(db) }
        registerRunFigures(&migrator)
        return migrator
    }

    /// Opens (creating if needed) the history at `path`.
    /// - Throws: `StoreError` if it cannot be opened, or was written by a newer waitgap.
    public init(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        if path != ":memory:" { try Self.prepareFile(at: path) }
        // Runs that start together on a new history race to set it up (WAL mode, migrations):
        // SQLite answers the loser "busy" without waiting at some of those steps, or the loser
        // finds the winner's table made meanwhile (its own migration rolls back). Either way,
        // opening again sees the winner's history.
        var attempt = 0
        while true {
            do {
                try self.init(path: path, writer: DatabasePool(path: path, configuration: configuration))
                return
            } catch let error as StoreError {
                throw error
            } catch let error as DatabaseError where Self.lostSetUpRace(error) && attempt < 20 {
                attempt += 1
                usleep(UInt32(20_000 * attempt))
            } catch {
                throw .unavailable(path: path, reason: "\(error)")
            }
        }
    }

    /// Whether an error opening the history is another run setting it up at the same moment.
    private static func lostSetUpRace(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
            || (error.resultCode == .SQLITE_ERROR && (error.message ?? "").contains("already exists"))
    }

    /// Makes the history's file owner-only before SQLite opens it: once a clinician overrides the
    /// list, the history is an audit trail naming pathways. An absent file is created exclusively
    /// (`O_EXCL | O_NOFOLLOW`) with mode 0600; an existing one, and its `-wal` and `-shm` files, are
    /// set to 0600 at every open (a history made by an earlier waitgap may be 0644). SQLite gives
    /// the WAL and shared-memory files it creates the database file's permissions. A symbolic link
    /// or anything but a regular file at any of the three names is refused: SQLite would write
    /// through it.
    /// - Throws: `StoreError.unavailable` naming the path.
    static func prepareFile(at path: String) throws(StoreError) {
        // Another user who may write in the history's folder could plant its side files (a
        // journal SQLite would replay, a WAL it would write the audit trail into): refuse.
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        var folderStatus = stat()
        if stat(folder, &folderStatus) == 0, folderStatus.st_mode & 0o022 != 0, folderStatus.st_mode & S_ISVTX == 0 {
            throw .unavailable(
                path: path,
                reason:
                    "its folder \(folder) can be written by others (mode \(String(folderStatus.st_mode & 0o777, radix: 8))); keep the history in a folder only you can write"
            )
        }
        for attempt in 0..<2 {
            if try secure(path) { break }
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if descriptor >= 0 {
                // The umask may have narrowed the mode; never widened.
                _ = fchmod(descriptor, 0o600)
                close(descriptor)
                break
            }
            // Made meanwhile by another waitgap: secure it as an existing file.
            guard errno == EEXIST, attempt == 0 else { throw .unavailable(path: path, reason: String(cString: strerror(errno))) }
        }
        for suffix in ["-wal", "-shm", "-journal"] { _ = try secure(path + suffix) }
    }

    /// Sets an existing file at `path` to 0600, opened without following a link.
    /// - Returns: false when nothing is at `path`.
    /// - Throws: `StoreError.unavailable` when what is there is not a regular file, or cannot be opened.
    private static func secure(_ path: String) throws(StoreError) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return false }
            throw .unavailable(path: path, reason: String(cString: strerror(errno)))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            let kind = OutputFile.kind(of: status.st_mode)
            throw .unavailable(
                path: path,
                reason:
                    "not a regular file (it is \(kind)); the history is kept only in a regular file: remove it or give another --history")
        }
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            // Vanished between the lstat and the open (SQLite removes -wal and -shm on close).
            if errno == ENOENT { return false }
            throw .unavailable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw .unavailable(path: path, reason: "not a regular file; the history is kept only in a regular file")
        }
        // The history and its side files must be this user's: another's could be read, or
        // replace the history, whatever their mode.
        guard status.st_uid == geteuid() else {
            throw .unavailable(
                path: path, reason: "it belongs to another user; the history and its -wal, -shm and -journal files must be yours")
        }
        if status.st_mode & 0o7777 != 0o600, fchmod(descriptor, 0o600) != 0 {
            throw .unavailable(path: path, reason: "cannot make it owner-only: \(String(cString: strerror(errno)))")
        }
        return true
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
        let rewrites = try writer.read { try !migrator.appliedIdentifiers($0).contains("v3-binary-census") && $0.tableExists("run") }
        try migrator.migrate(writer)
        // The JSON aggregates rewritten leave most of the file free pages: give them back (once;
        // a history that another waitgap holds keeps them until the next VACUUM).
        if rewrites { try? writer.vacuum() }
    }

    /// Stores a run in one transaction, replacing a stored run of the same census date.
    /// - Returns: true when a run of that census date was replaced.
    @discardableResult
    /// - Parameters:
    ///   - figures: month-on-month figures to keep under `figuresKey`: this run's, and any of
    ///     earlier months that were computed from their censuses for want of stored ones.
    ///   - encoded: the run's census as `Census.binaryEncoded()` gave it, when the caller encoded
    ///     it already (the nightly run does, beside writing its pack).
    public func save(
        _ run: RunRecord, figures: [MonthOnMonth.MonthFigures] = [], figuresKey: String = "", encoded: [UInt8]? = nil
    ) throws(StoreError) -> Bool {
        let aggregate: Data
        do { aggregate = Data(try encoded ?? run.census.binaryEncoded()) } catch { throw .unavailable(path: path, reason: "\(error)") }
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
                // This census's figures were computed from the census it replaces.
                try Self.deleteFigures(of: run.censusDate, in: db)
                try Self.insertFigures(figures, key: figuresKey, in: db)
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
            guard let day = Day(iso: key) else { throw .damaged(path: path, census: key) }
            let census: Census
            do {
                census = try Self.census(stored: row["aggregate"] as Data)
            } catch let error as CensusLayoutError {
                throw .unreadable(path: path, census: key, reason: error.message)
            } catch {
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

    /// A stored aggregate: binary (census layout 3, what this waitgap writes) or JSON (layouts 1
    /// and 2, what waitgap 0.4 and earlier wrote), told apart by the first byte.
    /// - Throws: `CensusLayoutError` for a layout or code this waitgap does not know; any other
    ///   error for damage.
    static func census(stored aggregate: Data) throws -> Census {
        if Census.isBinary(aggregate) { return try Census(binary: [UInt8](aggregate)) }
        return try JSONDecoder().decode(Census.self, from: aggregate)
    }

    /// Migration "v3-binary-census": rewrites every JSON aggregate (layouts 1 and 2) in the binary
    /// layout, within the migration's one transaction. An aggregate that cannot be read is left as
    /// it is, to be reported as damaged or unreadable when a run asks for it, rather than making
    /// the whole history unusable.
    static func rewriteAggregatesInBinaryLayout(_ db: Database) throws {
        // One run at a time, so that two years of nightly runs are never in memory together.
        for key in try String.fetchAll(db, sql: "SELECT censusDate FROM run ORDER BY censusDate") {
            guard let aggregate = try Data.fetchOne(db, sql: "SELECT aggregate FROM run WHERE censusDate = ?", arguments: [key]),
                !Census.isBinary(aggregate), let census = try? JSONDecoder().decode(Census.self, from: aggregate)
            else { continue }
            try db.execute(
                sql: "UPDATE run SET aggregate = ? WHERE censusDate = ?", arguments: [Data(try census.binaryEncoded()), key])
        }
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
                let removed = db.changesCount > 0
                try Self.deleteFigures(of: censusDate, in: db)
                return removed
            }
        } catch {
            throw .unavailable(path: path, reason: "\(error)")
        }
    }
}
