/// A way of dividing the waiting list into groups whose waits are compared: ethnicity, IMD
/// deprivation, learning disability and the rest. Every dimension is a value of this one type,
/// listed once in `EquityDimension.registry`; the census's cells, case-mix tables, stored
/// aggregates, the findings and every output are built from that list by the same code.
public struct EquityDimension: Sendable, Hashable, Identifiable {
    /// A stable code, persisted in aggregate files and the history: never renamed.
    public typealias ID = String

    /// One group of a dimension.
    public struct Group: Sendable, Hashable {
        /// A stable code, persisted: never renamed.
        public let code: String
        /// The label a board member reads.
        public let label: String
        /// Whether the group is "not known" (not stated, blank, invalid): never a focus group, and
        /// left out of comparisons between known groups.
        public let isNotKnown: Bool
        /// The group as the subject of a headline ("Patients from the most deprived fifth of areas").
        public let subject: String?
        /// The group as the other side of a headline ("those from the least deprived fifth of areas").
        public let object: String?

        /// Creates a group.
        public init(_ code: String, _ label: String, notKnown: Bool = false, subject: String? = nil, object: String? = nil) {
            self.code = code
            self.label = label
            self.isNotKnown = notKnown
            self.subject = subject
            self.object = object
        }
    }

    /// How the census keeps a dimension.
    public enum Storage: Sendable, Hashable {
        /// Crossed with every other crossed dimension, within every slice of the list.
        case crossed
        /// Counted for all patients only.
        case margin
        /// Summed from another dimension's groups: the source's group `i` belongs to this one's
        /// group `groupOf[i]`. A derived dimension costs nothing per row.
        case derived(from: ID, groupOf: [Int])
    }

    /// How a pathway is keyed into a stored dimension: a switch, not a closure or a protocol, so
    /// that the per-row cost is a jump and an add.
    public enum Key: Sendable, Hashable {
        case ethnicGroup, ethnicCategory, ethnicGroupWhiteBritish, imdQuintile, imdDecile, learningDisability, sex, ageBand, plus

        /// The pathway's group, as an ordinal of the dimension's groups.
        @inline(__always)
        public func ordinal(of pathway: Pathway) -> Int {
            switch self {
            case .ethnicGroup: pathway.ethnicGroup.ordinal
            case .ethnicCategory: pathway.ethnicCategory?.ordinal ?? 18
            case .ethnicGroupWhiteBritish:
                // White British, other White, then the other broad groups one place on.
                switch pathway.ethnicCategory {
                case .britishWhite: 0
                case .irishWhite, .anyOtherWhite: 1
                case let category?: category.broadGroup.ordinal + 1
                case nil: EthnicGroup.notKnown.ordinal + 1
                }
            case .imdQuintile: pathway.deprivation.ordinal
            case .imdDecile: pathway.imdDecile.map { $0.value - 1 } ?? 10
            case .learningDisability: pathway.learningDisability.ordinal
            case .sex:
                switch pathway.sex {
                case .male: 0
                case .female: 1
                case .indeterminate: 2
                case .notKnown, nil: 3
                }
            case .ageBand: AgeBand(years: pathway.ageYears).rawValue
            case .plus: pathway.plus.rawValue
            }
        }
    }

    /// Which patients a dimension's gap is about, against its reference.
    public enum Focus: Sendable, Hashable {
        /// One group; `otherwise` when that group is the reference.
        case group(String, otherwise: String)
        /// Every known group but the reference, together. With the default reference, their
        /// combined row is labelled `label` and headlined with `subject`.
        case knownOthers(label: String, subject: String)
    }

    /// A protected characteristic of the Equality Act 2010 (s.4), which the scorer's governance
    /// keeps out of a priority score.
    public enum ProtectedCharacteristic: String, Sendable, Hashable {
        case age, disability, race, sex
    }

    /// The stable code.
    public let id: ID
    /// The dimension's name, for headings ("Ethnicity").
    public let title: String
    /// Its groups, in table order.
    public let groups: [Group]
    /// How the census keeps it.
    public let storage: Storage
    /// How a pathway is keyed into it: a stored dimension's cells, or a derived one's own case-mix
    /// strata; nil for a derived dimension adjusted through its source's.
    public let key: Key?
    /// The group gaps are measured against unless `--reference` says otherwise.
    public let defaultReference: String
    /// Whose gap the headline, the slices and the month-on-month series follow.
    public let focus: Focus
    /// Its Equality Act characteristic, if it is one.
    public let protectedCharacteristic: ProtectedCharacteristic?
    /// Whether its gaps are adjusted for case mix (not for sex and age, which the case-mix strata
    /// are made of).
    public let caseMixAdjusted: Bool
    /// Where its recording is counted in data quality; nil for a dimension the run defines.
    public let field: DataQuality.Field?
    /// The extract columns it is read from, in the order they are tried.
    public let columns: [Column]
    /// The names `--reference` accepts for it.
    public let referenceNames: [String]
    /// Its place among the headline comparisons (1 first), or nil when it has none.
    public let headlineRank: Int?
    /// Whether its groups are compared with a reference (gaps), not only tabulated.
    public let isCompared: Bool
    /// What a group is called before its label mid-sentence ("IMD quintile" 1), if anything.
    public let groupNoun: String?
    /// Whether its labels are common nouns, lower-cased mid-sentence ("no learning disability").
    public let labelsAreNouns: Bool
    /// How a sentence about reading the extract names it ("deprivation (IMD)").
    public let readingLabel: String
    /// Whether NHS England's WLMDS demographic release breaks the list down by it.
    public let isInNationalRelease: Bool

    /// Creates a dimension.
    public init(
        id: ID, title: String, groups: [Group], storage: Storage, key: Key?, defaultReference: String, focus: Focus,
        protectedCharacteristic: ProtectedCharacteristic?, caseMixAdjusted: Bool, field: DataQuality.Field?, columns: [Column],
        referenceNames: [String], headlineRank: Int? = nil, compared: Bool = true, groupNoun: String? = nil,
        labelsAreNouns: Bool = false, nationalRelease: Bool = false, readingLabel: String? = nil
    ) {
        self.id = id
        self.title = title
        self.groups = groups
        self.storage = storage
        self.key = key
        self.defaultReference = defaultReference
        self.focus = focus
        self.protectedCharacteristic = protectedCharacteristic
        self.caseMixAdjusted = caseMixAdjusted
        self.field = field
        self.columns = columns
        self.referenceNames = referenceNames
        self.headlineRank = headlineRank
        self.isCompared = compared
        self.groupNoun = groupNoun
        self.labelsAreNouns = labelsAreNouns
        self.isInNationalRelease = nationalRelease
        self.readingLabel = readingLabel ?? title.lowercased()
    }

    public static func == (lhs: EquityDimension, rhs: EquityDimension) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// The ordinal of the group with this code, or nil.
    public func ordinal(of code: String) -> Int? { groups.firstIndex { $0.code == code } }

    /// The group with this code. - Precondition: the code is one of the dimension's.
    public func group(_ code: String) -> Group { groups[ordinal(of: code)!] }

    /// Whether the census keeps the dimension itself (crossed or margin), rather than summing it.
    public var isStored: Bool {
        if case .derived = storage { return false }
        return true
    }

    /// The ordinals of the focus groups against `reference`.
    public func focusOrdinals(against reference: String) -> [Int] {
        switch focus {
        case .group(let code, let otherwise):
            return [ordinal(of: code == reference ? otherwise : code)!]
        case .knownOthers:
            return groups.indices.filter { !groups[$0].isNotKnown && groups[$0].code != reference }
        }
    }

    /// The focus groups mid-sentence: "IMD quintile 1 (most deprived)", "other known groups"
    /// (or, listed, "Mixed, Asian or Asian British, …").
    public func focusPhrase(_ ordinals: [Int], listed: Bool = false) -> String {
        if case .knownOthers = focus {
            return listed ? ordinals.map { groups[$0].label }.joined(separator: ", ") : "other known groups"
        }
        let label = groups[ordinals[0]].label
        return (groupNoun.map { $0 + " " } ?? "") + (labelsAreNouns && !listed ? label.lowercased() : label)
    }

    /// The reference group mid-sentence: "5 (least deprived)", "White", "no learning disability".
    public func referencePhrase(_ ordinal: Int) -> String {
        labelsAreNouns ? groups[ordinal].label.lowercased() : groups[ordinal].label
    }

    /// The ordinals of the groups that are not known.
    public var notKnownOrdinals: [Int] { groups.indices.filter { groups[$0].isNotKnown } }
}

/// Whether a pathway belongs to the run's locally defined PLUS group (`--plus-column`).
public enum PlusMembership: Int, Sendable, Hashable {
    /// Its value is one of `--plus-values`.
    case member = 0
    /// A value not among them.
    case nonMember = 1
    /// Blank, or no PLUS group defined.
    case notRecorded = 2
}

/// A locally defined PLUS group of Core20PLUS5: the patients whose `column` holds one of `values`
/// (an inclusion-health flag, a local register).
public struct PlusGroupDefinition: Sendable, Hashable, Codable {
    /// The extract column, as its header names it.
    public var column: String
    /// The values that put a patient in the group (compared ignoring case and spaces around).
    public var values: [String]
    /// The group's name for the pack ("homeless"): the column's, unless given.
    public var name: String

    /// Creates a definition.
    public init(column: String, values: [String], name: String? = nil) {
        self.column = column
        self.values = values
        self.name = name ?? column
    }
}
