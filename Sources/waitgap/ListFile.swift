import Foundation
import WaitgapCSV
import WaitgapCore
import WaitgapScorer
import WaitgapStore

/// A reordered list as `waitgap score` writes it (`reordered-<census>.csv`, owner-only), read back
/// whole for an override or a sign-off and written back atomically.
struct ListFile {
    /// The columns, in order.
    static let header = [
        "status", "census_date", "tier", "rank", "rank_by_score", "rank_by_wait", "pathway_id", "weeks_waited", "score", "override",
        "explanation",
    ]
    enum Column: Int {
        case status, censusDate, tier, rank, rankByScore, rankByWait, pathwayID, weeksWaited, score, override, explanation
    }

    static let draft = "DRAFT (not signed off)"

    let path: String
    let censusDate: Day
    var rows: [[String]]
    /// The exact bytes of pathway IDs that are not valid UTF-8 (read as Windows-1252 in `rows`),
    /// written back as they were.
    private var rawIDs: [String: [UInt8]] = [:]

    /// Reads a list.
    /// - Throws: `Failure` (65) naming the file and row for anything that is not a list waitgap wrote.
    init(path: String) throws {
        self.path = path
        var rows: [[String]] = []
        var rawIDs: [String: [UInt8]] = [:]
        do {
            let reader = try CSVReader(path: path, dialect: CSVDialect())
            guard try reader.readHeader() == Self.header else {
                throw Failure.data("\(path): row 1 (header): not a reordered list written by waitgap score")
            }
            try reader.forEachRecord { record in
                let row = (0..<record.count).map { record.text(at: $0) }
                let id = record[Column.pathwayID.rawValue]
                if !Windows1252.isValidUTF8(id) { rawIDs[row[Column.pathwayID.rawValue]] = Array(id) }
                rows.append(row)
            } onMalformed: { malformed in
                throw Failure.data("\(path): row \(malformed.position.row): \(malformed.message)")
            }
        } catch let error as CSVError {
            throw Failure(message: error.description, code: error.isInputOutput ? Failure.inputOutput : Failure.data)
        }
        guard let first = rows.first, let census = Day(iso: first[Column.censusDate.rawValue]) else {
            throw Failure.data("\(path): the list is empty or its census_date is not a date")
        }
        var lastTier: Tier?
        var expectedRank = 1
        for (offset, row) in rows.enumerated() {
            let rowNumber = offset + 2
            guard row[Column.censusDate.rawValue] == first[Column.censusDate.rawValue] else {
                throw Failure.data("\(path): row \(rowNumber), column census_date: the list mixes census dates")
            }
            guard let tier = Tier(key: row[Column.tier.rawValue]) else {
                throw Failure.data("\(path): row \(rowNumber), column tier: '\(row[Column.tier.rawValue])' is not a tier")
            }
            if tier != lastTier {
                guard lastTier.map({ $0 < tier }) ?? true else {
                    throw Failure.data("\(path): row \(rowNumber), column tier: tiers are out of clinical order")
                }
                lastTier = tier
                expectedRank = 1
            }
            guard Int(row[Column.rank.rawValue]) == expectedRank else {
                throw Failure.data("\(path): row \(rowNumber), column rank: expected \(expectedRank)")
            }
            expectedRank += 1
        }
        self.censusDate = census
        self.rows = rows
        self.rawIDs = rawIDs
    }

    /// The list's fingerprint (census, then each pathway's tier and ID in order).
    var fingerprint: String {
        var fingerprint = ListFingerprint(censusDate: censusDate)
        for row in rows { fingerprint.add(tier: row[Column.tier.rawValue], pathwayID: row[Column.pathwayID.rawValue]) }
        return fingerprint.value
    }

    /// The row index of a pathway, and its tier's row range.
    func locate(_ pathwayID: String) throws -> (row: Int, tier: Tier, tierRows: Range<Int>) {
        guard let row = rows.firstIndex(where: { $0[Column.pathwayID.rawValue] == pathwayID }) else {
            throw Failure.data("\(path): pathway '\(pathwayID)' is not on the list")
        }
        let key = rows[row][Column.tier.rawValue]
        let start = rows[..<row].lastIndex { $0[Column.tier.rawValue] != key }.map { $0 + 1 } ?? 0
        let end = rows[row...].firstIndex { $0[Column.tier.rawValue] != key } ?? rows.count
        return (row, Tier(key: key)!, start..<end)
    }

    /// The new order of a tier's rows (row indices): by `rank_by_score`, then changed by the
    /// overrides of pathways in this tier (`TierReorder`, as `waitgap score` applies them).
    func rebuild(tierRows: Range<Int>, tier: Tier, overrides: [ListEvent]) -> [Int] {
        var order = tierRows.sorted {
            (Int(rows[$0][Column.rankByScore.rawValue]) ?? 0, $0) < (Int(rows[$1][Column.rankByScore.rawValue]) ?? 0, $1)
        }
        let requests = overrides.enumerated().compactMap { index, event -> TierReorder.Request<String>? in
            guard event.tier == tier.key, let pathway = event.pathwayID, let action = event.overrideAction else { return nil }
            return TierReorder.Request(index: index, key: pathway, action: action)
        }
        _ = TierReorder.apply(requests, to: &order) { rows[$0][Column.pathwayID.rawValue] }
        return order
    }

    /// Puts a tier's rows in `order` (row indices, from `rebuild`) and renumbers their ranks.
    mutating func reorder(tierRows: Range<Int>, to order: [Int]) {
        let reordered = order.map { rows[$0] }
        rows.replaceSubrange(tierRows, with: reordered)
        for (rank, index) in tierRows.enumerated() { rows[index][Column.rank.rawValue] = String(rank + 1) }
    }

    /// Writes each overridden pathway's note in a tier, and clears the others'.
    mutating func setOverrideNotes(tierRows: Range<Int>, overrides: [ListEvent]) {
        for index in tierRows {
            let pathway = rows[index][Column.pathwayID.rawValue]
            rows[index][Column.override.rawValue] = overrides.last { $0.pathwayID == pathway }.map(ListOverrideNote.text(for:)) ?? ""
        }
    }

    /// Sets every row's status (a change makes the whole list a draft again).
    mutating func setStatus(_ status: String) {
        for index in rows.indices { rows[index][Column.status.rawValue] = status }
    }

    /// Writes the list back, atomically and owner-only.
    func write() throws {
        do {
            try Self.write(to: path) { writer in
                for row in rows {
                    if let raw = rawIDs[row[Column.pathwayID.rawValue]] {
                        writer.record(row, replacing: Column.pathwayID.rawValue, with: raw)
                    } else {
                        writer.record(row)
                    }
                    try writer.flushIfFull()
                }
            }
        } catch let error as OutputError {
            throw Failure(error)
        }
    }

    /// Writes a list file: the header, then whatever `body` adds, flushed every MiB.
    static func write(to path: String, _ body: (inout ChunkedWriter) throws -> Void) throws {
        let file = try OutputFile(path: path, mode: 0o600)
        var chunked = ChunkedWriter(file: file)
        chunked.record(header)
        try body(&chunked)
        try chunked.flush()
        try file.commit()
    }

    /// A CSV writer that hands its bytes to a file a MiB at a time.
    struct ChunkedWriter {
        let file: OutputFile
        var writer = CSVWriter()

        mutating func record(_ fields: [String]) { writer.record(fields) }

        /// A record whose field `index` is written as `bytes` (an ID kept exactly as the extract had it).
        mutating func record(_ fields: [String], replacing index: Int, with bytes: [UInt8]) {
            for (position, field) in fields.enumerated() {
                if position == index { writer.field(bytes) } else { writer.field(field) }
            }
            writer.endRecord()
        }

        mutating func flushIfFull() throws {
            if writer.bytes.count > 1 << 20 { try flush() }
        }

        mutating func flush() throws {
            try file.write(writer.bytes)
            writer.removeAll()
        }
    }
}
