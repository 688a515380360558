/// Age bands for case-mix adjustment.
public enum AgeBand: Int, CaseIterable, Sendable, Codable {
    case under18, age18to39, age40to59, age60to74, age75plus, notKnown

    /// The band of an age in years (nil = not known).
    public init(years: Int?) {
        guard let years else {
            self = .notKnown
            return
        }
        switch years {
        case ..<18: self = .under18
        case ..<40: self = .age18to39
        case ..<60: self = .age40to59
        case ..<75: self = .age60to74
        default: self = .age75plus
        }
    }
}

/// The sufficient statistics of one group's waits within one case-mix stratum.
public struct StratumMoments: Sendable, Equatable, Codable {
    /// Patients.
    public var count = 0
    /// Σ waits in days.
    public var totalDays = 0
    /// Σ waits² in days².
    public var totalSquaredDays = 0
    /// Patients waiting more than 52 weeks (364 days).
    public var over52Weeks = 0

    mutating func add(days: Int) {
        count &+= 1
        totalDays &+= days
        totalSquaredDays &+= days &* days
        if days > 364 { over52Weeks &+= 1 }
    }

    public mutating func merge(_ other: StratumMoments) {
        count += other.count
        totalDays += other.totalDays
        totalSquaredDays += other.totalSquaredDays
        over52Weeks += other.over52Weeks
    }
}

/// Waits of each group of each adjusted, stored equity dimension within each case-mix stratum
/// (RTT specialty × clinical priority × age band × sex), for indirect standardisation: enough to
/// say how long a group would wait with the reference group's waits in its own mix of strata.
/// A derived dimension's strata are sums of its source's.
///
/// - Complexity: memory O(groups × strata) = 38 × 3,420 small cells (~4 MB), independent of rows.
public struct CaseMixTable: Sendable, Equatable, Mergeable {
    /// The dimensions the table keeps rows for, crossed ones first (the order of stored layout 1's
    /// rows): every adjusted dimension with a key (a derived one with a key keeps its own rows).
    public static let dimensions: [EquityDimension] =
        EquityDimension.registry.filter { $0.caseMixAdjusted && $0.storage == .crossed }
        + EquityDimension.registry.filter { $0.caseMixAdjusted && $0.storage != .crossed && $0.key != nil }
    /// The first row of each kept dimension.
    static let firstRows: [Int] = dimensions.indices.map { index in dimensions[..<index].reduce(0) { $0 + $1.groups.count } }
    private static let allRowKeys: [(key: EquityDimension.Key, firstRow: Int)] = dimensions.indices.map {
        (dimensions[$0].key!, firstRows[$0])
    }
    static let rows = dimensions.reduce(0) { $0 + $1.groups.count }
    /// Strata: specialty × (priority or none) × age band × sex (male, female, other or not known).
    public static let strataCount = RTTSpecialty.allCases.count * (ClinicalPriority.allCases.count + 1) * AgeBand.allCases.count * 3

    private var moments: [StratumMoments]
    /// What a row is added to: every dimension, or all but a PLUS group the run did not define.
    private let rowKeys: [(key: EquityDimension.Key, firstRow: Int)]

    /// Creates an empty table.
    /// - Parameter plus: whether the run defines a PLUS group (else no row costs an add for it).
    public init(plus: Bool = true) {
        moments = Array(repeating: StratumMoments(), count: Self.rows * Self.strataCount)
        rowKeys = Self.allRowKeys.filter { plus || $0.key != .plus }
    }

    public static func == (lhs: CaseMixTable, rhs: CaseMixTable) -> Bool { lhs.moments == rhs.moments }

    /// The stratum of a pathway.
    public static func stratum(of pathway: Pathway) -> Int {
        let priority = pathway.priority.map(\.ordinal) ?? ClinicalPriority.allCases.count
        let sex = pathway.sex == .male ? 0 : pathway.sex == .female ? 1 : 2
        return
            ((pathway.specialty.ordinal * (ClinicalPriority.allCases.count + 1) + priority) * AgeBand.allCases.count
            + AgeBand(years: pathway.ageYears).rawValue) * 3 + sex
    }

    /// Adds a pathway under its group of each dimension.
    /// - Complexity: O(1).
    public mutating func add(_ pathway: Pathway) {
        let stratum = Self.stratum(of: pathway)
        let days = pathway.waitDays
        let strata = Self.strataCount
        moments.withUnsafeMutableBufferPointer { moments in
            for row in rowKeys { moments[(row.firstRow + row.key.ordinal(of: pathway)) * strata + stratum].add(days: days) }
        }
    }

    /// One group's moments in every stratum, in stratum order; nil when the dimension's gaps are
    /// not adjusted for case mix.
    public func strata(_ dimension: EquityDimension, group ordinal: Int) -> [StratumMoments]? {
        guard dimension.caseMixAdjusted else { return nil }
        if let index = Self.dimensions.firstIndex(of: dimension) {
            let start = (Self.firstRows[index] + ordinal) * Self.strataCount
            return Array(moments[start..<(start + Self.strataCount)])
        }
        guard case .derived(let sourceID, let groupOf) = dimension.storage, let source = EquityDimension.named(sourceID) else {
            return nil
        }
        let members = groupOf.indices.filter { groupOf[$0] == ordinal }
        return [StratumMoments].summing(members.compactMap { strata(source, group: $0).map { $0[...] } })
    }

    public mutating func merge(_ other: CaseMixTable) {
        for index in moments.indices where other.moments[index].count > 0 { moments[index].merge(other.moments[index]) }
    }

    // MARK: - Stored layouts

    /// The stable code of a stratum: `C_110/P2/18-39/female`.
    static func code(ofStratum stratum: Int) -> String {
        let sex = ["male", "female", "other"][stratum % 3]
        let age = EquityDimension.ageBand.groups[stratum / 3 % AgeBand.allCases.count].code
        let priorities = ClinicalPriority.allCases.count + 1
        let priorityOrdinal = stratum / 3 / AgeBand.allCases.count % priorities
        let priority = priorityOrdinal < ClinicalPriority.allCases.count ? ClinicalPriority.allCases[priorityOrdinal].rawValue : "none"
        let specialty = RTTSpecialty.allCases[stratum / 3 / AgeBand.allCases.count / priorities].rawValue
        return "\(specialty)/\(priority)/\(age)/\(sex)"
    }

    private static let strataByCode: [String: Int] = Dictionary(uniqueKeysWithValues: (0..<strataCount).map { (code(ofStratum: $0), $0) })

    /// The stratum of a stable code, or nil.
    static func stratum(code: String) -> Int? { strataByCode[code] }

    /// Every occupied stratum of every kept group: dimension, group code, stratum.
    func occupied() -> [(dimension: EquityDimension, group: String, stratum: Int, moments: StratumMoments)] {
        var result: [(EquityDimension, String, Int, StratumMoments)] = []
        for (index, dimension) in Self.dimensions.enumerated() {
            for (ordinal, group) in dimension.groups.enumerated() {
                let start = (Self.firstRows[index] + ordinal) * Self.strataCount
                for stratum in 0..<Self.strataCount where moments[start + stratum].count > 0 {
                    result.append((dimension, group.code, stratum, moments[start + stratum]))
                }
            }
        }
        return result
    }

    /// Sets one stratum of one group (decoding stored layout 2).
    /// - Returns: false when the dimension is not one the table keeps.
    mutating func set(_ dimension: EquityDimension, group ordinal: Int, stratum: Int, _ value: StratumMoments) -> Bool {
        guard let index = Self.dimensions.firstIndex(of: dimension) else { return false }
        moments[(Self.firstRows[index] + ordinal) * Self.strataCount + stratum] = value
        return true
    }

    /// Decodes stored layout 1 (waitgap 0.2 and 0.3): `[index, count, totalDays,
    /// totalSquaredDays, over52Weeks]` by row-major index over the 16 rows of ethnic group, IMD
    /// quintile and learning disability, which are this table's first 16 rows.
    init(layout1 decoder: Decoder) throws {
        self.init()
        let container = try decoder.singleValueContainer()
        let layout1Rows =
            EquityDimension.ethnicGroup.groups.count + EquityDimension.imdQuintile.groups.count
            + EquityDimension.learningDisability.groups.count
        for entry in try container.decode([[Int]].self) {
            guard entry.count == 5, (0..<(layout1Rows * Self.strataCount)).contains(entry[0]) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "a stratum must be [index, count, total, squares, over52]")
            }
            moments[entry[0]] = StratumMoments(count: entry[1], totalDays: entry[2], totalSquaredDays: entry[3], over52Weeks: entry[4])
        }
    }
}

extension CaseMixTable {
    /// Every row's strata (row = a kept dimension's first row plus a group ordinal; element
    /// `row × strataCount + stratum`), for stored census layout 3.
    func withStrata<Result>(_ body: (UnsafeBufferPointer<StratumMoments>) throws -> Result) rethrows -> Result {
        try moments.withUnsafeBufferPointer(body)
    }

    mutating func withMutableStrata<Result>(_ body: (UnsafeMutableBufferPointer<StratumMoments>) throws -> Result) rethrows -> Result {
        try moments.withUnsafeMutableBufferPointer { try body($0) }
    }
}
