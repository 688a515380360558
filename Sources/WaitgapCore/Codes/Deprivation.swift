/// An Index of Multiple Deprivation decile: 1 = the most deprived 10% of LSOAs in England.
public struct IMDDecile: Sendable, Hashable, Comparable, Codable {
    /// 1...10.
    public let value: Int

    /// Creates a decile, or nil outside 1...10.
    public init?(_ value: Int) {
        guard (1...10).contains(value) else { return nil }
        self.value = value
    }

    /// Decodes a decile written as a number, ignoring spaces around it.
    public init?(code raw: UnsafeBufferPointer<UInt8>) {
        guard let value = raw.trimmed.decimalValue else { return nil }
        self.init(value)
    }

    /// The decile of a rank among `areas` ranked areas: ceil(rank × 10 / areas), as MHCLG's own
    /// deciles are derived (checked on every row of both shipped lookups).
    public init?(rank: Int, of areas: Int) {
        guard rank >= 1, rank <= areas else { return nil }
        self.init((rank * 10 + areas - 1) / areas)
    }

    /// The quintile: ceil(decile / 2), deciles paired as NHS and OHID do.
    public var quintile: DeprivationQuintile { DeprivationQuintile.allCases[(value - 1) / 2] }

    public static func < (lhs: IMDDecile, rhs: IMDDecile) -> Bool { lhs.value < rhs.value }
}

/// IMD quintile groups (1 = most deprived fifth), plus patients whose deprivation is not known.
public enum DeprivationQuintile: String, Cohort {
    case mostDeprived = "1", second = "2", third = "3", fourth = "4", leastDeprived = "5"
    case notKnown = "not-known"

    public var ordinal: Int {
        switch self {
        case .mostDeprived: 0
        case .second: 1
        case .third: 2
        case .fourth: 3
        case .leastDeprived: 4
        case .notKnown: 5
        }
    }

    public var label: String {
        switch self {
        case .mostDeprived: "1 (most deprived)"
        case .second: "2"
        case .third: "3"
        case .fourth: "4"
        case .leastDeprived: "5 (least deprived)"
        case .notKnown: "Not known"
        }
    }
}

/// Which English Indices of Deprivation an extract's ranks and LSOA codes refer to.
public enum IMDVintage: String, Sendable, CaseIterable, Codable {
    /// IoD2019, on 2011 LSOAs (32,844 areas).
    case iod2019 = "2019"
    /// IoD2025, on 2021 LSOAs (33,755 areas).
    case iod2025 = "2025"

    /// The number of ranked areas.
    public var areaCount: Int { self == .iod2019 ? 32_844 : 33_755 }

    /// The name the pack prints.
    public var title: String {
        self == .iod2019
            ? "English Indices of Deprivation 2019 (2011 LSOAs)"
            : "English Indices of Deprivation 2025 (2021 LSOAs)"
    }
}
