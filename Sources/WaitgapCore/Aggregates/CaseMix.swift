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

/// Waits of each group of each dimension within each case-mix stratum (RTT specialty × clinical
/// priority × age band × sex), for indirect standardisation: enough to say how long a group
/// would wait with the reference group's waits in its own mix of strata.
///
/// - Complexity: memory O(groups × strata) = 16 × 3,420 small cells (~1.8 MB), independent of rows.
public struct CaseMixTable: Sendable, Equatable, Mergeable {
    /// A dimension the table stratifies.
    public enum Dimension: Sendable, CaseIterable {
        case ethnicGroup, deprivation, learningDisability

        var base: Int {
            switch self {
            case .ethnicGroup: 0
            case .deprivation: EthnicGroup.allCases.count
            case .learningDisability: EthnicGroup.allCases.count + DeprivationQuintile.allCases.count
            }
        }
    }

    static let rows = EthnicGroup.allCases.count + DeprivationQuintile.allCases.count + LearningDisabilityGroup.allCases.count
    /// Strata: specialty × (priority or none) × age band × sex (male, female, other or not known).
    public static let strataCount = RTTSpecialty.allCases.count * (ClinicalPriority.allCases.count + 1) * AgeBand.allCases.count * 3

    private var moments: [StratumMoments]

    /// Creates an empty table.
    public init() {
        moments = Array(repeating: StratumMoments(), count: Self.rows * Self.strataCount)
    }

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
            moments[(Dimension.ethnicGroup.base + pathway.ethnicGroup.ordinal) * strata + stratum].add(days: days)
            moments[(Dimension.deprivation.base + pathway.deprivation.ordinal) * strata + stratum].add(days: days)
            moments[(Dimension.learningDisability.base + pathway.learningDisability.ordinal) * strata + stratum].add(days: days)
        }
    }

    /// One group's moments in every stratum, in stratum order.
    public func strata(_ dimension: Dimension, group ordinal: Int) -> ArraySlice<StratumMoments> {
        let start = (dimension.base + ordinal) * Self.strataCount
        return moments[start..<(start + Self.strataCount)]
    }

    public mutating func merge(_ other: CaseMixTable) {
        for index in moments.indices where other.moments[index].count > 0 { moments[index].merge(other.moments[index]) }
    }
}

extension CaseMixTable: Codable {
    /// Encodes only occupied strata, as `[index, count, totalDays, totalSquaredDays, over52Weeks]`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(
            moments.indices.filter { moments[$0].count > 0 }.map {
                [$0, moments[$0].count, moments[$0].totalDays, moments[$0].totalSquaredDays, moments[$0].over52Weeks]
            })
    }

    public init(from decoder: Decoder) throws {
        self.init()
        let container = try decoder.singleValueContainer()
        for entry in try container.decode([[Int]].self) {
            guard entry.count == 5, moments.indices.contains(entry[0]) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "a stratum must be [index, count, total, squares, over52]")
            }
            moments[entry[0]] = StratumMoments(count: entry[1], totalDays: entry[2], totalSquaredDays: entry[3], over52Weeks: entry[4])
        }
    }
}
