import Foundation
import GRDB
import WaitgapCore

/// One entry in the reordered list's audit trail: a list written, an override made, cleared or
/// lapsed, or a sign-off. Entries are only ever added (the database refuses updates and deletes),
/// so the trail shows who did what, when and why.
///
/// Overrides name a pathway ID, so a history holding them is identifiable: it is kept owner-only.
public struct ListEvent: Sendable, Equatable {
    /// What happened.
    public enum Action: String, Sendable, CaseIterable {
        /// `waitgap score` wrote a list (its fingerprint recorded, no pathway named).
        case generated
        /// A pathway pinned to a rank within its tier.
        case pin
        /// A pathway moved up (negative places) or down within its tier.
        case move
        /// An override taken back.
        case clear
        /// An override that no longer applies: the pathway left the list or changed tier.
        case lapsed
        /// A clinician signed a list off (one specialty's part, named in `specialty`).
        case signoff
        /// `waitgap worklist` wrote worklists (their filters in `reason`, no pathway named).
        case worklist
    }

    /// The entry's number in the trail (set when stored).
    public var id: Int64?
    /// When it was recorded (ISO 8601, UTC).
    public var recordedAt: String
    /// Who recorded it (the login, or `--user`).
    public var user: String
    /// The census of the list it concerns.
    public var censusDate: Day
    public var action: Action
    public var pathwayID: String?
    /// The tier key (`P2`…), for overrides.
    public var tier: String?
    /// The pathway's rank before, and after.
    public var fromRank: Int?
    public var toRank: Int?
    /// For a move: the places moved (negative is up).
    public var places: Int?
    public var reason: String
    /// For a sign-off: who signed, in what role.
    public var clinician: String?
    public var role: String?
    /// The fingerprint of the list the entry produced or signed.
    public var listFingerprint: String?
    /// For a sign-off: the specialty signed (treatment function code).
    public var specialty: String?
    /// For a list written: the SHA-256 of the weights it was made with.
    public var weightsFingerprint: String?
    /// Anything further the entry proves: the protected factors allowed and their justification,
    /// a signed specialty's own fingerprint, a worklist's counts.
    public var detail: String?

    /// Creates an entry.
    public init(
        id: Int64? = nil, recordedAt: String, user: String, censusDate: Day, action: Action, pathwayID: String? = nil,
        tier: String? = nil, fromRank: Int? = nil, toRank: Int? = nil, places: Int? = nil, reason: String = "",
        clinician: String? = nil, role: String? = nil, listFingerprint: String? = nil, specialty: String? = nil,
        weightsFingerprint: String? = nil, detail: String? = nil
    ) {
        self.id = id
        self.recordedAt = recordedAt
        self.user = user
        self.censusDate = censusDate
        self.action = action
        self.pathwayID = pathwayID
        self.tier = tier
        self.fromRank = fromRank
        self.toRank = toRank
        self.places = places
        self.reason = reason
        self.clinician = clinician
        self.role = role
        self.listFingerprint = listFingerprint
        self.specialty = specialty
        self.weightsFingerprint = weightsFingerprint
        self.detail = detail
    }

    /// Whether the entry is an override still in force (a pin or a move).
    public var isOverride: Bool { action == .pin || action == .move }
}

extension HistoryDatabase {
    /// The audit trail's table and the triggers that make it append-only.
    static func registerListEvents(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-list-events") { db in
            try db.create(table: "listEvent") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("recordedAt", .text).notNull()
                table.column("user", .text).notNull()
                table.column("censusDate", .text).notNull().indexed()
                table.column("action", .text).notNull()
                table.column("pathwayID", .text).indexed()
                table.column("tier", .text)
                table.column("fromRank", .integer)
                table.column("toRank", .integer)
                table.column("places", .integer)
                table.column("reason", .text).notNull()
                table.column("clinician", .text)
                table.column("role", .text)
                table.column("listFingerprint", .text)
            }
            for operation in ["UPDATE", "DELETE"] {
                try db.execute(
                    sql: """
                        CREATE TRIGGER listEventAppendOnly\(operation.capitalized) BEFORE \(operation) ON listEvent
                        BEGIN SELECT RAISE(ABORT, 'the list audit trail is append-only'); END
                        """)
            }
        }
        // Sign-off per specialty, the weights a list was made with, and approvals of weights.
        migrator.registerMigration("v2.1-list-governance") { db in
            // The table first: a run that loses the race to set up a new history then fails on
            // "already exists", which opening the history retries, as it does for v2.
            try db.create(table: "weightsApproval") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("recordedAt", .text).notNull()
                table.column("user", .text).notNull()
                table.column("file", .text).notNull()
                table.column("fingerprint", .text).notNull().indexed()
                table.column("approver", .text).notNull()
                table.column("role", .text).notNull()
                table.column("equalityImpactAssessment", .text).notNull()
                table.column("rationales", .text).notNull()
                table.column("protectedFactors", .text).notNull()
            }
            for column in ["specialty", "weightsFingerprint", "detail"] {
                try db.execute(sql: "ALTER TABLE listEvent ADD COLUMN \(column) TEXT")
            }
            for operation in ["UPDATE", "DELETE"] {
                try db.execute(
                    sql: """
                        CREATE TRIGGER weightsApprovalAppendOnly\(operation.capitalized) BEFORE \(operation) ON weightsApproval
                        BEGIN SELECT RAISE(ABORT, 'the approvals of weights are append-only'); END
                        """)
            }
        }
    }

    /// Adds entries to the audit trail in one transaction, and keeps the database owner-only (the
    /// entries name pathways).
    /// - Returns: the entries as stored, with their numbers.
    @discardableResult
    public func append(_ events: [ListEvent]) throws(StoreError) -> [ListEvent] {
        guard !events.isEmpty else { return [] }
        do {
            let stored = try writer.write { db in
                try events.map { event in
                    var event = event
                    try db.execute(
                        sql: """
                            INSERT INTO listEvent (recordedAt, user, censusDate, action, pathwayID, tier, fromRank, toRank, places, reason,
                                clinician, role, listFingerprint, specialty, weightsFingerprint, detail)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            event.recordedAt, event.user, event.censusDate.description, event.action.rawValue, event.pathwayID, event.tier,
                            event.fromRank, event.toRank, event.places, event.reason, event.clinician, event.role, event.listFingerprint,
                            event.specialty, event.weightsFingerprint, event.detail,
                        ])
                    event.id = db.lastInsertedRowID
                    return event
                }
            }
            restrictToOwner()
            return stored
        } catch {
            throw .unavailable(path: path, reason: "\(error)")
        }
    }

    /// The audit trail, oldest first, optionally for one pathway or one census.
    public func listEvents(pathwayID: String? = nil, censusDate: Day? = nil) throws(StoreError) -> [ListEvent] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let pathwayID {
            conditions.append("pathwayID = ?")
            arguments += [pathwayID]
        }
        if let censusDate {
            conditions.append("censusDate = ?")
            arguments += [censusDate.description]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows: [Row]
        do {
            rows = try writer.read { try Row.fetchAll($0, sql: "SELECT * FROM listEvent \(filter) ORDER BY id", arguments: arguments) }
        } catch {
            throw .unavailable(path: path, reason: "\(error)")
        }
        var events: [ListEvent] = []
        for row in rows {
            let census: String = row["censusDate"]
            guard let day = Day(iso: census), let action = ListEvent.Action(rawValue: row["action"]) else {
                throw .damaged(path: path, census: census)
            }
            events.append(
                ListEvent(
                    id: row["id"], recordedAt: row["recordedAt"], user: row["user"], censusDate: day, action: action,
                    pathwayID: row["pathwayID"], tier: row["tier"], fromRank: row["fromRank"], toRank: row["toRank"], places: row["places"],
                    reason: row["reason"], clinician: row["clinician"], role: row["role"], listFingerprint: row["listFingerprint"],
                    specialty: row["specialty"], weightsFingerprint: row["weightsFingerprint"], detail: row["detail"]))
        }
        return events
    }

    /// The overrides in force for a list of census `censusDate`: for each pathway, its latest
    /// pin, move, clear or lapse made on or before that census, kept when it is a pin or a move.
    public func overridesInForce(asOf censusDate: Day) throws(StoreError) -> [ListEvent] {
        var latest: [String: ListEvent] = [:]
        for event in try listEvents() where event.censusDate <= censusDate {
            guard let pathway = event.pathwayID, [.pin, .move, .clear, .lapsed].contains(event.action) else { continue }
            latest[pathway] = event
        }
        return latest.values.filter(\.isOverride).sorted { $0.id ?? 0 < $1.id ?? 0 }
    }

    /// The fingerprint of the latest list recorded for a census (written, or changed by an
    /// override), which is the only one that can be signed off.
    public func latestListFingerprint(censusDate: Day) throws(StoreError) -> String? {
        try listEvents(censusDate: censusDate).last { [.generated, .pin, .move, .clear].contains($0.action) }?.listFingerprint
    }

    /// The latest list written for a census (its weights fingerprint says what it was made with).
    public func latestGenerated(censusDate: Day) throws(StoreError) -> ListEvent? {
        try listEvents(censusDate: censusDate).last { $0.action == .generated }
    }

    /// Records an approval of a weights file.
    /// - Returns: the approval as stored, with its number.
    @discardableResult
    public func append(_ approval: WeightsApproval) throws(StoreError) -> WeightsApproval {
        do {
            let stored = try writer.write { db in
                var approval = approval
                try db.execute(
                    sql: """
                        INSERT INTO weightsApproval (recordedAt, user, file, fingerprint, approver, role, equalityImpactAssessment,
                            rationales, protectedFactors)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        approval.recordedAt, approval.user, approval.file, approval.fingerprint, approval.approver, approval.role,
                        approval.equalityImpactAssessment, approval.rationales, approval.protectedFactors,
                    ])
                approval.id = db.lastInsertedRowID
                return approval
            }
            restrictToOwner()
            return stored
        } catch {
            throw .unavailable(path: path, reason: "\(error)")
        }
    }

    /// The approvals recorded, oldest first; only those of weights with `fingerprint` when given.
    public func weightsApprovals(fingerprint: String? = nil) throws(StoreError) -> [WeightsApproval] {
        do {
            return try writer.read { db in
                let sql = "SELECT * FROM weightsApproval" + (fingerprint == nil ? "" : " WHERE fingerprint = ?") + " ORDER BY id"
                return try Row.fetchAll(db, sql: sql, arguments: fingerprint.map { [$0] } ?? []).map { row in
                    WeightsApproval(
                        id: row["id"], recordedAt: row["recordedAt"], user: row["user"], file: row["file"], fingerprint: row["fingerprint"],
                        approver: row["approver"], role: row["role"], equalityImpactAssessment: row["equalityImpactAssessment"],
                        rationales: row["rationales"], protectedFactors: row["protectedFactors"])
                }
            }
        } catch {
            throw .unavailable(path: path, reason: "\(error)")
        }
    }

    /// Makes the database and its WAL files readable and writable by their owner only.
    func restrictToOwner() {
        guard path != ":memory:" else { return }
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            chmod(path + suffix, 0o600)
        }
    }
}

/// An approval of a weights file (`waitgap weights approve`): who approved which file (by its
/// SHA-256), in what role, against which equality impact assessment, and the rationale each
/// factor carries in the file. Only ever added to.
public struct WeightsApproval: Sendable, Equatable {
    public var id: Int64?
    public var recordedAt: String
    /// Who ran the command (the login, or `--user`).
    public var user: String
    /// The file's name as given.
    public var file: String
    /// The SHA-256 of the file's bytes, 64 hex digits.
    public var fingerprint: String
    public var approver: String
    public var role: String
    /// The equality impact assessment's reference.
    public var equalityImpactAssessment: String
    /// Each factor and its rationale, one a line (`factor: rationale`).
    public var rationales: String
    /// The protected characteristics the weights use, each with its justification, one a line;
    /// empty when none.
    public var protectedFactors: String

    /// Creates an approval.
    public init(
        id: Int64? = nil, recordedAt: String, user: String, file: String, fingerprint: String, approver: String, role: String,
        equalityImpactAssessment: String, rationales: String, protectedFactors: String
    ) {
        self.id = id
        self.recordedAt = recordedAt
        self.user = user
        self.file = file
        self.fingerprint = fingerprint
        self.approver = approver
        self.role = role
        self.equalityImpactAssessment = equalityImpactAssessment
        self.rationales = rationales
        self.protectedFactors = protectedFactors
    }
}
