/// Each ethnic category code, plus rows whose code is blank or invalid.
public enum EthnicCategoryGroup: Hashable, Cohort {
    case code(EthnicCategory)
    case notRecorded

    public static let allCases: [EthnicCategoryGroup] = EthnicCategory.allCases.map { .code($0) } + [.notRecorded]

    public init(_ category: EthnicCategory?) { self = category.map { .code($0) } ?? .notRecorded }

    public var ordinal: Int {
        switch self {
        case .code(let category): return category.ordinal
        case .notRecorded: return EthnicCategory.allCases.count
        }
    }

    public var label: String {
        switch self {
        case .code(let category): return "\(category.rawValue): \(category.label)"
        case .notRecorded: return "Blank or invalid"
        }
    }
}

extension EthnicCategory {
    /// Position in `allCases` (a switch: `allCases` builds an array on every call).
    public var ordinal: Int {
        switch self {
        case .britishWhite: 0
        case .irishWhite: 1
        case .anyOtherWhite: 2
        case .whiteAndBlackCaribbean: 3
        case .whiteAndBlackAfrican: 4
        case .whiteAndAsian: 5
        case .anyOtherMixed: 6
        case .indian: 7
        case .pakistani: 8
        case .bangladeshi: 9
        case .anyOtherAsian: 10
        case .caribbean: 11
        case .african: 12
        case .anyOtherBlack: 13
        case .chinese: 14
        case .anyOtherEthnicGroup: 15
        case .notStated: 16
        case .notKnown: 17
        }
    }

    /// The NHS Data Dictionary's name for the code.
    public var label: String {
        switch self {
        case .britishWhite: "White British"
        case .irishWhite: "White Irish"
        case .anyOtherWhite: "Any other White background"
        case .whiteAndBlackCaribbean: "White and Black Caribbean"
        case .whiteAndBlackAfrican: "White and Black African"
        case .whiteAndAsian: "White and Asian"
        case .anyOtherMixed: "Any other mixed background"
        case .indian: "Indian"
        case .pakistani: "Pakistani"
        case .bangladeshi: "Bangladeshi"
        case .anyOtherAsian: "Any other Asian background"
        case .caribbean: "Caribbean"
        case .african: "African"
        case .anyOtherBlack: "Any other Black background"
        case .chinese: "Chinese"
        case .anyOtherEthnicGroup: "Any other ethnic group"
        case .notStated: "Not stated"
        case .notKnown: "Not known"
        }
    }
}

/// IMD deciles, plus patients whose deprivation is not known.
public enum DecileGroup: Hashable, Cohort {
    case decile(Int)
    case notKnown

    public static let allCases: [DecileGroup] = (1...10).map { .decile($0) } + [.notKnown]

    public init(_ decile: IMDDecile?) { self = decile.map { .decile($0.value) } ?? .notKnown }

    public var ordinal: Int {
        switch self {
        case .decile(let value): return value - 1
        case .notKnown: return 10
        }
    }

    public var label: String {
        switch self {
        case .decile(1): return "1 (most deprived)"
        case .decile(10): return "10 (least deprived)"
        case .decile(let value): return String(value)
        case .notKnown: return "Not known"
        }
    }
}
