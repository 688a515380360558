import WaitgapCSV
import WaitgapCore

/// A waiting list held compactly for scoring and simulation: a fixed 24-byte row per pathway,
/// with its pathway ID and the values of any extra columns the weights name kept back to back in
/// one shared byte store. A million pathways take tens of megabytes, and sorting moves small
/// fixed-size values, never strings.
public struct WaitingList: Sendable {
    /// One pathway.
    struct Row {
        /// Where its pathway ID starts in `text`; the extra column values follow the ID, each
        /// as a 2-byte length and its bytes.
        var textStart: Int
        var waitDays: Int32
        var idLength: UInt16
        var tier: UInt8
        /// 1...10, or 0 when not known.
        var imdDecile: UInt8
        var learningDisability: UInt8
        /// Years, or `unknownAge`.
        var age: UInt8
        /// The ethnic category's ordinal, or `unknownEthnicCategory`.
        var ethnicCategory: UInt8
        /// `Sex.allCases` ordinal, or `unknownSex`.
        var sex: UInt8
    }

    static let unknownAge: UInt8 = .max
    static let unknownEthnicCategory: UInt8 = .max
    static let unknownSex: UInt8 = .max

    /// The extra columns' names, in the weights' order.
    public let extraColumns: [String]
    var rows: [Row] = []
    var text: [UInt8] = []

    /// Creates an empty list that keeps the values of `extraColumns` (the weights' column factors).
    public init(extraColumns: [String] = []) {
        self.extraColumns = extraColumns
    }

    /// The number of pathways.
    public var count: Int { rows.count }

    /// Adds a pathway. `extraValue(i)` gives the bytes of `extraColumns[i]`; values longer than
    /// 65,535 bytes are cut there (no scoring factor reads that far).
    public mutating func append(
        pathwayID: UnsafeBufferPointer<UInt8>, _ pathway: Pathway, extraValue: (Int) -> UnsafeBufferPointer<UInt8>
    ) {
        appendRow(
            pathwayID: pathwayID, tier: Tier(pathway.priority), waitDays: pathway.waitDays, imdDecile: pathway.imdDecile,
            learningDisability: pathway.learningDisability, ageYears: pathway.ageYears, ethnicCategory: pathway.ethnicCategory,
            sex: pathway.sex)
        for index in extraColumns.indices { appendExtra(extraValue(index)) }
    }

    /// Adds a pathway given as a `ScoringInput` (for tests and small lists), of a broad ethnic
    /// group: its first code stands for it (A for White, D for Mixed, …; none for not known).
    public mutating func append(_ input: ScoringInput, ethnicGroup: EthnicGroup = .notKnown) {
        let category = EthnicCategory.allCases.first { $0.broadGroup == ethnicGroup && ethnicGroup != .notKnown }
        Array(input.pathwayID.utf8).withUnsafeBufferPointer { id in
            appendRow(
                pathwayID: id, tier: input.tier, waitDays: input.waitDays, imdDecile: input.imdDecile,
                learningDisability: input.learningDisability, ageYears: input.ageYears, ethnicCategory: category, sex: nil)
        }
        for column in extraColumns {
            Array((input.columns[column] ?? "").utf8).withUnsafeBufferPointer { appendExtra($0) }
        }
    }

    private mutating func appendRow(
        pathwayID: UnsafeBufferPointer<UInt8>, tier: Tier, waitDays: Int, imdDecile: IMDDecile?,
        learningDisability: LearningDisabilityGroup, ageYears: Int?, ethnicCategory: EthnicCategory?, sex: Sex?
    ) {
        let id = UnsafeBufferPointer(rebasing: pathwayID.prefix(Int(UInt16.max)))
        rows.append(
            Row(
                textStart: text.count, waitDays: Int32(clamping: waitDays), idLength: UInt16(id.count), tier: UInt8(tier.rawValue),
                imdDecile: UInt8(imdDecile?.value ?? 0), learningDisability: UInt8(learningDisability.ordinal),
                age: ageYears.map { UInt8(clamping: min(max($0, 0), Int(Self.unknownAge) - 1)) } ?? Self.unknownAge,
                ethnicCategory: ethnicCategory.map { UInt8($0.ordinal) } ?? Self.unknownEthnicCategory,
                sex: sex.flatMap { sex in Sex.allCases.firstIndex(of: sex).map(UInt8.init) } ?? Self.unknownSex))
        text.append(contentsOf: id)
    }

    private mutating func appendExtra(_ bytes: UnsafeBufferPointer<UInt8>) {
        let value = UnsafeBufferPointer(rebasing: bytes.prefix(Int(UInt16.max)))
        text.append(UInt8(value.count & 0xFF))
        text.append(UInt8(value.count >> 8))
        text.append(contentsOf: value)
    }

    /// Reserves room for `count` pathways.
    public mutating func reserveCapacity(_ count: Int) { rows.reserveCapacity(count) }

    // MARK: Reading a pathway back

    /// The pathway ID of pathway `index`.
    public func pathwayID(_ index: Int) -> String {
        let row = rows[index]
        return text[row.textStart..<(row.textStart + Int(row.idLength))].withUnsafeBufferPointer { Windows1252.text($0) }
    }

    /// Calls `body` with the bytes of pathway `index`'s ID.
    public func withPathwayID<Result>(_ index: Int, _ body: (ArraySlice<UInt8>) throws -> Result) rethrows -> Result {
        let row = rows[index]
        return try body(text[row.textStart..<(row.textStart + Int(row.idLength))])
    }

    /// The tier of pathway `index`.
    public func tier(_ index: Int) -> Tier { Tier(rawValue: Int(rows[index].tier))! }

    /// The wait in days of pathway `index` at the census date.
    public func waitDays(_ index: Int) -> Int { Int(rows[index].waitDays) }

    /// The deprivation quintile of pathway `index`.
    public func deprivation(_ index: Int) -> DeprivationQuintile {
        let decile = rows[index].imdDecile
        return decile == 0 ? .notKnown : IMDDecile(Int(decile))!.quintile
    }

    /// The broad ethnic group of pathway `index`.
    public func ethnicGroup(_ index: Int) -> EthnicGroup { pathway(index, waitDays: 0).ethnicGroup }

    /// Pathway `index` as the census counts it, with a wait of `waitDays` (no identifier).
    public func pathway(_ index: Int, waitDays: Int) -> Pathway {
        let row = rows[index]
        let tier = Tier(rawValue: Int(row.tier))!
        return Pathway(
            waitDays: waitDays,
            ethnicCategory: row.ethnicCategory == Self.unknownEthnicCategory ? nil : EthnicCategory.allCases[Int(row.ethnicCategory)],
            imdDecile: row.imdDecile == 0 ? nil : IMDDecile(Int(row.imdDecile)),
            learningDisability: learningDisability(index),
            priority: tier == .notPrioritised ? nil : ClinicalPriority.allCases[tier.rawValue],
            ageYears: row.age == Self.unknownAge ? nil : Int(row.age),
            sex: row.sex == Self.unknownSex ? nil : Sex.allCases[Int(row.sex)])
    }

    /// The learning disability flag of pathway `index`.
    public func learningDisability(_ index: Int) -> LearningDisabilityGroup {
        LearningDisabilityGroup.allCases[Int(rows[index].learningDisability)]
    }

    /// Pathway `index` as a `ScoringInput`, extra column values included.
    public func input(_ index: Int) -> ScoringInput {
        let row = rows[index]
        var columns: [String: String] = [:]
        forEachExtraValue(index) { column, value in columns[extraColumns[column]] = String(decoding: value, as: UTF8.self) }
        return ScoringInput(
            pathwayID: pathwayID(index), tier: tier(index), waitDays: Int(row.waitDays),
            imdDecile: row.imdDecile == 0 ? nil : IMDDecile(Int(row.imdDecile)),
            learningDisability: learningDisability(index), ageYears: row.age == Self.unknownAge ? nil : Int(row.age),
            columns: columns)
    }

    /// Calls `body` with each extra column's index and value bytes for pathway `index`.
    func forEachExtraValue(_ index: Int, _ body: (Int, ArraySlice<UInt8>) -> Void) {
        guard !extraColumns.isEmpty else { return }
        let row = rows[index]
        var cursor = row.textStart + Int(row.idLength)
        for column in extraColumns.indices {
            let length = Int(text[cursor]) | Int(text[cursor + 1]) << 8
            body(column, text[(cursor + 2)..<(cursor + 2 + length)])
            cursor += 2 + length
        }
    }

    /// Whether pathway `a`'s ID sorts before pathway `b`'s (byte order).
    func pathwayIDPrecedes(_ a: Int, _ b: Int) -> Bool {
        let (x, y) = (rows[a], rows[b])
        return text.withUnsafeBufferPointer { bytes in
            let left = UnsafeBufferPointer(rebasing: bytes[x.textStart..<(x.textStart + Int(x.idLength))])
            let right = UnsafeBufferPointer(rebasing: bytes[y.textStart..<(y.textStart + Int(y.idLength))])
            return left.lexicographicallyPrecedes(right)
        }
    }

    /// Whether pathway `index` has the ID `id`.
    func pathwayID(_ index: Int, equals id: [UInt8]) -> Bool {
        let row = rows[index]
        guard Int(row.idLength) == id.count else { return false }
        return text[row.textStart..<(row.textStart + id.count)].elementsEqual(id)
    }

    /// Bytes held per pathway, on average (rows, IDs and extra values; excludes spare capacity).
    public var bytesPerPathway: Double {
        rows.isEmpty ? 0 : Double(MemoryLayout<Row>.stride * rows.count + text.count) / Double(rows.count)
    }
}
