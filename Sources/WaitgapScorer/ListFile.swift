import WaitgapCSV
import WaitgapCore

/// A reordered list as `waitgap score` writes it (`reordered-<census>.csv`, owner-only): read and
/// checked a row at a time, and rewritten atomically a row at a time, so an override or a
/// sign-off holds at most one part of the list (one tier of one specialty), never the whole.
public enum ListFile {
    /// The columns, in order.
    public static let header = [
        "status", "census_date", "specialty", "ranked_within", "tier", "order", "rank", "rank_by_score", "rank_by_wait", "pathway_id",
        "weeks_waited", "score", "override", "explanation",
    ]
    public enum Column: Int, CaseIterable {
        case status, censusDate, specialty, rankedWithin, tier, order, rank, rankByScore, rankByWait, pathwayID, weeksWaited, score
        case override, explanation
    }

    public static let draft = "DRAFT (not signed off)"

    /// The `order` column: `score` for a reordered part, else why it keeps its wait order.
    public static func orderMark(reordered: Bool, tier: Tier) -> String {
        reordered ? "score" : tier == .notPrioritised ? "wait (no surgical priority)" : "wait (non-admitted)"
    }

    /// A list that is not one waitgap wrote, or cannot be read or written.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var message: String
        /// True for a file that cannot be read or written (exit 74), false for its content (65).
        public var isInputOutput: Bool
        public var description: String { message }

        public init(_ message: String, isInputOutput: Bool = false) {
            self.message = message
            self.isInputOutput = isInputOutput
        }
    }

    /// One row, its fields as the file's bytes (an ID that is not UTF-8 is written back as it
    /// was), held back to back in one buffer with each field's end: two allocations a row, so
    /// the part of a list an override holds stays small.
    public struct Row: Sendable, Equatable {
        private var bytes: [UInt8] = []
        private var ends: [Int32] = []

        /// Creates a row of `fields`.
        public init(fields: [[UInt8]]) {
            for field in fields { append(field) }
        }

        /// A row read from a record.
        init(_ record: CSVRecord) {
            bytes.reserveCapacity((0..<record.count).reduce(0) { $0 + record[$1].count })
            ends.reserveCapacity(record.count)
            for index in 0..<record.count { append(record[index]) }
        }

        private mutating func append(_ field: some Collection<UInt8>) {
            bytes.append(contentsOf: field)
            ends.append(Int32(bytes.count))
        }

        /// The number of fields.
        public var count: Int { ends.count }

        /// Field `index`'s bytes.
        public func field(_ index: Int) -> ArraySlice<UInt8> { bytes[(index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])] }

        /// A column's bytes.
        public func field(_ column: Column) -> ArraySlice<UInt8> { field(column.rawValue) }

        /// A field as text.
        public func text(_ column: Column) -> String {
            field(column).withUnsafeBufferPointer { Windows1252.text($0) }
        }

        public mutating func set(_ column: Column, _ text: String) {
            let index = column.rawValue
            let range = (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
            let value = Array(text.utf8)
            bytes.replaceSubrange(range, with: value)
            let shift = Int32(value.count - range.count)
            for later in index..<ends.count { ends[later] += shift }
        }

        /// The part of the list the row is in, as the fingerprint counts it.
        public var partKey: String {
            ListFingerprint.partKey(group: text(.rankedWithin), reordered: text(.order) == "score", tier: text(.tier))
        }
    }

    /// What a scan found: the census, the fingerprints, and each specialty's part.
    public struct Scan: Sendable {
        public var censusDate: Day
        /// The whole list's fingerprint (what `waitgap score` and `override` record).
        public var fingerprint: String
        public var rows: Int
        /// Each specialty's rows and the fingerprint of its rows in order, by specialty code.
        public var specialties: [String: (rows: Int, fingerprint: String)]
    }

    /// Reads and checks a list, handing each row to `body` in order.
    /// - Throws: `Problem` naming the file, row and column for anything that is not a list
    ///   waitgap wrote; whatever `body` throws.
    public static func scan(path: String, _ body: (Row) throws -> Void = { _ in }) throws -> Scan {
        var census: Day?
        var censusText = ""
        var whole: ListFingerprint?
        var bySpecialty: [String: (rows: Int, fingerprint: ListFingerprint)] = [:]
        var count = 0
        var lastPart = ""
        var lastTier: Tier?
        var lastGroupOrder = ""
        var seenParts: Set<String> = []
        var expectedRank = 1
        do {
            let reader = try CSVReader(path: path, dialect: CSVDialect())
            guard try reader.readHeader() == header else {
                throw Problem("\(path): row 1 (header): not a reordered list written by waitgap score")
            }
            try reader.forEachRecord { record in
                let row = Row(record)
                let number = count + 2
                if census == nil {
                    censusText = row.text(.censusDate)
                    guard let day = Day(iso: censusText) else {
                        throw Problem("\(path): row \(number), column census_date: '\(censusText)' is not a date")
                    }
                    census = day
                    whole = ListFingerprint(censusDate: day)
                }
                guard row.text(.censusDate) == censusText else {
                    throw Problem("\(path): row \(number), column census_date: the list mixes census dates")
                }
                guard let tier = Tier(key: row.text(.tier)) else {
                    throw Problem("\(path): row \(number), column tier: '\(row.text(.tier))' is not a tier")
                }
                let part = row.partKey
                if part != lastPart {
                    guard !seenParts.contains(part) else {
                        throw Problem("\(path): row \(number), column ranked_within: the part \(part) is split (rows out of order)")
                    }
                    let groupOrder = row.text(.rankedWithin) + "|" + row.text(.order).prefix(5)
                    if groupOrder == lastGroupOrder, let lastTier, lastTier >= tier {
                        throw Problem("\(path): row \(number), column tier: tiers are out of clinical order")
                    }
                    seenParts.insert(part)
                    lastPart = part
                    lastGroupOrder = groupOrder
                    lastTier = tier
                    expectedRank = 1
                }
                guard Int(row.text(.rank)) == expectedRank else {
                    throw Problem("\(path): row \(number), column rank: expected \(expectedRank)")
                }
                expectedRank += 1
                let id = row.field(.pathwayID)
                whole!.add(tier: part, pathwayID: id)
                let specialty = row.text(.specialty)
                var entry = bySpecialty[specialty] ?? (0, ListFingerprint(censusDate: census!))
                entry.rows += 1
                entry.fingerprint.add(tier: part, pathwayID: id)
                bySpecialty[specialty] = entry
                count += 1
                try body(row)
            } onMalformed: { malformed in
                throw Problem("\(path): row \(malformed.position.row): \(malformed.message)")
            }
        } catch let error as CSVError {
            throw Problem(error.description, isInputOutput: error.isInputOutput)
        }
        guard let census, let whole else { throw Problem("\(path): the list is empty") }
        return Scan(
            censusDate: census, fingerprint: whole.value, rows: count,
            specialties: bySpecialty.mapValues { ($0.rows, $0.fingerprint.value) })
    }

    /// Rewrites a list a row at a time, atomically and owner-only: `transform` gives the rows to
    /// write for each row read (none to drop it, several to put a reordered part in its place).
    /// - Throws: `Problem` as `scan`, or when the file cannot be written; whatever `transform` throws.
    public static func rewrite(path: String, _ transform: (Row) throws -> [Row]) throws {
        do {
            try write(to: path) { chunked in
                _ = try scan(path: path) { row in
                    for out in try transform(row) { chunked.record(out) }
                    try chunked.flushIfFull()
                }
            }
        } catch let error as OutputError {
            throw Problem(error.description, isInputOutput: true)
        }
    }

    /// Writes a list file: the header, then whatever `body` adds, flushed every MiB.
    public static func write(to path: String, _ body: (inout ChunkedWriter) throws -> Void) throws {
        let file = try OutputFile(path: path, mode: 0o600)
        var chunked = ChunkedWriter(file: file)
        chunked.writer.record(header)
        try body(&chunked)
        try chunked.flush()
        try file.commit()
    }

    /// A CSV writer that hands its bytes to a file a MiB at a time.
    public struct ChunkedWriter {
        public let file: OutputFile
        public var writer = CSVWriter()

        init(file: OutputFile) { self.file = file }

        public mutating func record(_ row: Row) {
            for index in 0..<row.count { writer.field(row.field(index)) }
            writer.endRecord()
        }

        public mutating func flushIfFull() throws {
            if writer.bytes.count > 1 << 20 { try flush() }
        }

        public mutating func flush() throws {
            try file.write(writer.bytes)
            writer.removeAll()
        }
    }
}
