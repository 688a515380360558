import WaitgapCSV
import WaitgapCore

/// A waiting list held compactly for scoring and simulation: a fixed 24-byte row per pathway,
/// with its pathway ID and the values of any extra columns the weights name kept back to back in
/// one shared byte store. A million pathways take tens of megabytes, and sorting moves small
/// fixed-size values, never strings. Specialties and the groups ranks restart in (consultants,
/// sites) are held once each and named by a 2-byte number.
public struct WaitingList: Sendable {
    /// One pathway.
    struct Row {
        /// Where its pathway ID starts in `text`; the extra column values follow the ID, each
        /// as a 2-byte length and its bytes.
        var textStart: UInt32
        var waitDays: Int32
        var idLength: UInt16
        /// Its specialty (treatment function code) and ranking group, as numbers in `specialties`
        /// and `groups`.
        var specialty: UInt16
        var group: UInt16
        /// `ListType` raw value.
        var listType: UInt8
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

    /// Whether a pathway waits for admission, as far as the extract says.
    public enum ListType: UInt8, Sendable {
        case notKnown, admitted, nonAdmitted

        /// The list type of a WLMDS waiting list type (nil when not recorded).
        public init(_ type: WaitingListType?) {
            guard let type else {
                self = .notKnown
                return
            }
            self = type.isAdmitted ? .admitted : .nonAdmitted
        }
    }

    /// The extra columns' names, in the weights' order.
    public let extraColumns: [String]
    var rows: [Row] = []
    var text: [UInt8] = []
    /// The specialties (treatment function codes as the extract writes them) and ranking groups
    /// seen, each once, numbered in order of first appearance.
    public private(set) var specialties = ValueTable()
    public private(set) var groups = ValueTable()

    /// What the ranks restart within: the `group` each pathway is appended with.
    public var rankWithin: RankWithin

    /// Creates an empty list that keeps the values of `extraColumns` (the weights' column factors).
    public init(extraColumns: [String] = [], rankWithin: RankWithin = .specialty) {
        self.extraColumns = extraColumns
        self.rankWithin = rankWithin
    }

    /// How the list names ranking group `number` (`specialty 110`, `consultant C1234567`, `trust`).
    public func groupLabel(_ number: Int) -> String {
        guard rankWithin != .trust else { return "trust" }
        let value = groups.value(number)
        return "\(rankWithin.rawValue) \(value.isEmpty ? "not recorded" : value)"
    }

    /// The number of pathways.
    public var count: Int { rows.count }

    /// Adds a pathway. `extraValue(i)` gives the bytes of `extraColumns[i]`; values longer than
    /// 65,535 bytes are cut there (no scoring factor reads that far).
    /// `specialty` is the treatment function code as the extract writes it, `group` the value the
    /// ranks restart in (the specialty again, a consultant, a site; empty for the whole trust).
    public mutating func append(
        pathwayID: UnsafeBufferPointer<UInt8>, _ pathway: Pathway, specialty: UnsafeBufferPointer<UInt8>,
        group: UnsafeBufferPointer<UInt8>, extraValue: (Int) -> UnsafeBufferPointer<UInt8>
    ) {
        appendRow(
            pathwayID: pathwayID, tier: Tier(pathway.priority), waitDays: pathway.waitDays, imdDecile: pathway.imdDecile,
            learningDisability: pathway.learningDisability, ageYears: pathway.ageYears, ethnicCategory: pathway.ethnicCategory,
            sex: pathway.sex, specialty: specialties.number(of: specialty), group: groups.number(of: group),
            listType: ListType(pathway.waitingListType))
        for index in extraColumns.indices { appendExtra(extraValue(index)) }
    }

    /// Adds a pathway given as a `ScoringInput` (for tests and small lists), of a broad ethnic
    /// group: its first code stands for it (A for White, D for Mixed, …; none for not known).
    public mutating func append(_ input: ScoringInput, ethnicGroup: EthnicGroup = .notKnown) {
        let category = EthnicCategory.allCases.first { $0.broadGroup == ethnicGroup && ethnicGroup != .notKnown }
        let specialty = Array(input.specialty.utf8).withUnsafeBufferPointer { specialties.number(of: $0) }
        let group = Array((input.group ?? input.specialty).utf8).withUnsafeBufferPointer { groups.number(of: $0) }
        Array(input.pathwayID.utf8).withUnsafeBufferPointer { id in
            appendRow(
                pathwayID: id, tier: input.tier, waitDays: input.waitDays, imdDecile: input.imdDecile,
                learningDisability: input.learningDisability, ageYears: input.ageYears, ethnicCategory: category, sex: input.sex,
                specialty: specialty, group: group, listType: input.listType)
        }
        for column in extraColumns {
            Array((input.columns[column] ?? "").utf8).withUnsafeBufferPointer { appendExtra($0) }
        }
    }

    private mutating func appendRow(
        pathwayID: UnsafeBufferPointer<UInt8>, tier: Tier, waitDays: Int, imdDecile: IMDDecile?,
        learningDisability: LearningDisabilityGroup, ageYears: Int?, ethnicCategory: EthnicCategory?, sex: Sex?,
        specialty: UInt16, group: UInt16, listType: ListType
    ) {
        let id = UnsafeBufferPointer(rebasing: pathwayID.prefix(Int(UInt16.max)))
        precondition(text.count < Int(UInt32.max) - (1 << 20), "a waiting list's IDs and extra values must total under 4 GiB")
        rows.append(
            Row(
                textStart: UInt32(text.count), waitDays: Int32(clamping: waitDays), idLength: UInt16(id.count), specialty: specialty,
                group: group, listType: listType.rawValue, tier: UInt8(tier.rawValue),
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
        return text[Int(row.textStart)..<(Int(row.textStart) + Int(row.idLength))].withUnsafeBufferPointer { Windows1252.text($0) }
    }

    /// Calls `body` with the bytes of pathway `index`'s ID.
    public func withPathwayID<Result>(_ index: Int, _ body: (ArraySlice<UInt8>) throws -> Result) rethrows -> Result {
        let row = rows[index]
        return try body(text[Int(row.textStart)..<(Int(row.textStart) + Int(row.idLength))])
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
            specialty: specialties.bytes(Int(row.specialty)).withUnsafeBufferPointer { RTTSpecialty(code: $0) } ?? .other,
            ageYears: row.age == Self.unknownAge ? nil : Int(row.age),
            sex: row.sex == Self.unknownSex ? nil : Sex.allCases[Int(row.sex)])
    }

    /// The specialty (treatment function code) of pathway `index`, as the extract wrote it.
    public func specialty(_ index: Int) -> String { specialties.value(Int(rows[index].specialty)) }

    /// The number in `specialties` of pathway `index`'s specialty.
    public func specialtyNumber(_ index: Int) -> Int { Int(rows[index].specialty) }

    /// The group pathway `index` is ranked in (its specialty, consultant or site).
    public func group(_ index: Int) -> String { groups.value(Int(rows[index].group)) }

    /// The number in `groups` of pathway `index`'s ranking group.
    public func groupNumber(_ index: Int) -> Int { Int(rows[index].group) }

    /// Whether pathway `index` waits for admission, as far as the extract says.
    public func listType(_ index: Int) -> ListType { ListType(rawValue: rows[index].listType)! }

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
            sex: row.sex == Self.unknownSex ? nil : Sex.allCases[Int(row.sex)], specialty: specialty(index),
            group: rankWithin == .specialty ? nil : group(index),
            listType: listType(index), columns: columns)
    }

    /// Calls `body` with each extra column's index and value bytes for pathway `index`.
    func forEachExtraValue(_ index: Int, _ body: (Int, ArraySlice<UInt8>) -> Void) {
        guard !extraColumns.isEmpty else { return }
        let row = rows[index]
        var cursor = Int(row.textStart) + Int(row.idLength)
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
            let left = UnsafeBufferPointer(rebasing: bytes[Int(x.textStart)..<(Int(x.textStart) + Int(x.idLength))])
            let right = UnsafeBufferPointer(rebasing: bytes[Int(y.textStart)..<(Int(y.textStart) + Int(y.idLength))])
            return left.lexicographicallyPrecedes(right)
        }
    }

    /// Whether pathway `index` has the ID `id`.
    func pathwayID(_ index: Int, equals id: [UInt8]) -> Bool {
        let row = rows[index]
        guard Int(row.idLength) == id.count else { return false }
        return text[Int(row.textStart)..<(Int(row.textStart) + id.count)].elementsEqual(id)
    }

    /// Bytes held per pathway, on average (rows, IDs and extra values; excludes spare capacity).
    public var bytesPerPathway: Double {
        rows.isEmpty ? 0 : Double(MemoryLayout<Row>.stride * rows.count + text.count) / Double(rows.count)
    }
}

/// Where a booking team books, so where ranks restart: in each specialty (treatment function),
/// consultant or site, or across the whole trust. Tiers are kept within each.
public enum RankWithin: String, Sendable, CaseIterable {
    case specialty, consultant, site, trust

    /// The extract columns that name the group, tried in order (nil for the trust: one group).
    /// Consultant and site are not in the input contract: these are the names trust PTLs and the
    /// WLMDS use for them.
    public var columnNames: [String]? {
        switch self {
        case .specialty: [Column.treatmentFunctionCode.rawValue] + Column.treatmentFunctionCode.aliases
        case .consultant:
            [
                "consultant", "consultant_code", "CONSULTANT_CODE", "Consultant Code", "Responsible Consultant",
                "CARE_PROFESSIONAL_CODE", "Lead Care Professional",
            ]
        case .site: ["site", "site_code", "SITE_CODE_OF_TREATMENT", "Site Code of Treatment", "Treatment Site", "site_of_treatment"]
        case .trust: nil
        }
    }
}

/// Short values (specialty codes, consultants, sites) held once each, numbered from 0 in order of
/// first appearance: a list of millions names each by 2 bytes. Looking a value up hashes its bytes
/// and allocates nothing once the value is known.
public struct ValueTable: Sendable {
    private var values: [[UInt8]] = []
    private var byHash: [UInt64: [UInt16]] = [:]
    private var last: (bytes: [UInt8], number: UInt16)?

    /// The number of distinct values.
    public var count: Int { values.count }

    /// Value `number`, as text (Windows-1252 when not UTF-8, as pathway IDs are read).
    public func value(_ number: Int) -> String { values[number].withUnsafeBufferPointer { Windows1252.text($0) } }

    /// Value `number`'s bytes.
    public func bytes(_ number: Int) -> [UInt8] { values[number] }

    /// The number of `raw` (spaces around it trimmed), adding it when new.
    public mutating func number(of raw: UnsafeBufferPointer<UInt8>) -> UInt16 {
        let bytes = raw.trimmed
        if let last, last.bytes.elementsEqual(bytes) { return last.number }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        if let found = byHash[hash]?.first(where: { values[Int($0)].elementsEqual(bytes) }) {
            last = (values[Int(found)], found)
            return found
        }
        precondition(values.count < Int(UInt16.max), "more than 65,535 distinct specialties, consultants or sites")
        let number = UInt16(values.count)
        values.append(Array(bytes))
        byHash[hash, default: []].append(number)
        last = (values[Int(number)], number)
        return number
    }
}
