/// The group each dimension's gaps are measured against (`--reference`).
public struct ReferenceGroups: Sendable, Equatable, Codable {
    /// Ethnicity: White by default.
    public var ethnic: EthnicGroup
    /// Deprivation: quintile 5 (least deprived) by default.
    public var deprivation: DeprivationQuintile
    /// Learning disability: no learning disability by default.
    public var disability: LearningDisabilityGroup

    /// Creates reference groups; the defaults are the NHS convention.
    public init(ethnic: EthnicGroup = .white, deprivation: DeprivationQuintile = .leastDeprived, disability: LearningDisabilityGroup = .no)
    {
        self.ethnic = ethnic
        self.deprivation = deprivation
        self.disability = disability
    }

    /// Parses `dimension=group` (`ethnicity=white`, `deprivation=5`, `ld=N`), updating `self`.
    /// - Throws: a message naming what is wrong.
    public mutating func set(_ text: String) throws(ReferenceError) {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces.lowercased() }
        guard parts.count == 2 else { throw ReferenceError(message: "--reference '\(text)' must be dimension=group, e.g. deprivation=5") }
        switch parts[0] {
        case "ethnicity", "ethnic", "ethnic_group", "ethnic-group":
            guard
                let group = EthnicGroup.allCases.first(where: { $0.rawValue.lowercased() == parts[1] || $0.label.lowercased() == parts[1] })
            else {
                throw ReferenceError(
                    message: "--reference ethnicity must be one of \(EthnicGroup.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            ethnic = group
        case "deprivation", "imd", "imd_quintile", "quintile":
            guard let group = DeprivationQuintile(rawValue: parts[1]), group != .notKnown else {
                throw ReferenceError(message: "--reference deprivation must be a quintile from 1 (most deprived) to 5")
            }
            deprivation = group
        case "ld", "learning_disability", "learning-disability":
            guard let group = LearningDisabilityGroup(rawValue: parts[1].uppercased()) else {
                throw ReferenceError(message: "--reference ld must be Y, N or U")
            }
            disability = group
        default:
            throw ReferenceError(message: "--reference dimension '\(parts[0])' must be ethnicity, deprivation or ld")
        }
    }
}

/// A `--reference` that cannot be used.
public struct ReferenceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
