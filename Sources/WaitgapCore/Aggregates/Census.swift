/// Everything one run learns about a waiting list, as mergeable aggregates: wait distributions
/// by ethnic group, IMD quintile and learning disability flag, crossed, within every slice
/// (priority, specialty, list type); by ethnic category code and IMD decile; case-mix strata
/// for standardisation; recording quality; and the accounting of every row. No identifier and
/// no row is kept.
///
/// Censuses of the same census date merge so that split files (or sites, or trusts) give
/// exactly the result of the whole.
///
/// - Complexity: memory O(cells × longest wait in days), independent of rows.
public struct Census: Sendable, Equatable, Mergeable {
    /// The census date, once known.
    public var censusDate: Day?
    /// (Ethnic group × IMD quintile × learning disability) cells within every slice.
    public private(set) var cells = CrossTable()
    /// By ethnic category code.
    public private(set) var byEthnicCategory = Breakdown<EthnicCategoryGroup>()
    /// By IMD decile.
    public private(set) var byDecile = Breakdown<DecileGroup>()
    /// Case-mix strata of each group, for adjusted gaps.
    public private(set) var caseMix = CaseMixTable()
    /// Recording quality of optional columns, over analysed rows.
    public var quality = DataQuality()
    /// Where every row went.
    public var accounting = Accounting()
    /// How the extracts were read (delimiter, encoding, date forms, scope).
    public var reading = ReadingFacts()

    /// Creates an empty census.
    public init(censusDate: Day? = nil) {
        self.censusDate = censusDate
    }

    /// All analysed patients (the sum of the all-patients cells).
    public var all: WaitDistribution { cells.distribution(in: .all)! }
    /// By broad ethnic group, all patients.
    public var byEthnicGroup: Breakdown<EthnicGroup> { cells.breakdown(in: .all) { ethnic, _, _ in ethnic } }
    /// By IMD quintile, all patients.
    public var byDeprivation: Breakdown<DeprivationQuintile> { cells.breakdown(in: .all) { _, quintile, _ in quintile } }
    /// By learning disability flag, all patients.
    public var byLearningDisability: Breakdown<LearningDisabilityGroup> { cells.breakdown(in: .all) { _, _, disability in disability } }

    /// Adds an analysed pathway.
    /// - Complexity: O(1).
    public mutating func add(_ pathway: Pathway) {
        cells.add(pathway)
        byEthnicCategory.add(days: pathway.waitDays, to: EthnicCategoryGroup(pathway.ethnicCategory))
        byDecile.add(days: pathway.waitDays, to: DecileGroup(pathway.imdDecile))
        caseMix.add(pathway)
        accounting.countAnalysed()
    }

    /// The census as it may leave the process (pack, aggregate file, history): invalid values that
    /// fewer than 10 rows share are dropped, known only by their shapes.
    public func publishable() -> Census {
        var copy = self
        copy.quality = quality.publishable()
        return copy
    }

    /// Why the census cannot be what a run of waitgap counted (a hand-edited or damaged
    /// aggregate), or nil: every count is at least 0 and the analysed rows are the patients in
    /// the cells and in each breakdown.
    public var inconsistency: String? {
        let counts =
            [accounting.analysed, accounting.blankLines, accounting.files] + Array(accounting.quarantinedByReason.values)
            + Array(accounting.outOfScopeByListType.values)
        if counts.contains(where: { $0 < 0 }) { return "a row count is negative" }
        for field in DataQuality.Field.allCases {
            let counts = quality[field]
            if [counts.recorded, counts.notRecorded, counts.blank, counts.invalid, counts.otherInvalid].contains(where: { $0 < 0 })
                || counts.invalidValues.values.contains(where: { $0 < 0 })
            {
                return "a data-quality count of \(field.rawValue) is negative"
            }
        }
        if all.count != accounting.analysed { return "\(all.count) patients in the tables but \(accounting.analysed) rows analysed" }
        let byCode = byEthnicCategory.distributions.reduce(0) { $0 + $1.count }
        let byDecileCount = byDecile.distributions.reduce(0) { $0 + $1.count }
        if byCode != accounting.analysed || byDecileCount != accounting.analysed {
            return "the breakdowns by ethnic category code and IMD decile do not add up to the rows analysed"
        }
        return nil
    }

    /// Counts a row that is not an RTT pathway (out of scope: never quarantined, never lost).
    public mutating func addOutOfScope(_ listType: WaitingListType) {
        accounting.countOutOfScope(listType)
    }

    /// Counts a quarantined row.
    public mutating func add(_ issue: RowIssue) {
        accounting.countQuarantined(issue.reason)
    }

    /// Merges another census; both must be of the same census date when both know it.
    public mutating func merge(_ other: Census) {
        precondition(
            censusDate == nil || other.censusDate == nil || censusDate == other.censusDate,
            "cannot merge censuses of different dates")
        censusDate = censusDate ?? other.censusDate
        cells.merge(other.cells)
        byEthnicCategory.merge(other.byEthnicCategory)
        byDecile.merge(other.byDecile)
        caseMix.merge(other.caseMix)
        quality.merge(other.quality)
        accounting.merge(other.accounting)
        reading.merge(other.reading)
    }
}

extension Census {
    /// Two censuses are equal when they learnt the same about the list: `reading` (which files,
    /// their delimiters, where in them date forms were first seen) is how it was learnt, and
    /// differs between a file read whole and the same rows read as two files.
    public static func == (lhs: Census, rhs: Census) -> Bool {
        lhs.censusDate == rhs.censusDate && lhs.cells == rhs.cells && lhs.byEthnicCategory == rhs.byEthnicCategory
            && lhs.byDecile == rhs.byDecile && lhs.caseMix == rhs.caseMix && lhs.quality == rhs.quality
            && lhs.accounting == rhs.accounting
    }
}

extension Census: Codable {
    private enum CodingKeys: String, CodingKey {
        case censusDate, cells, byEthnicCategory, byDecile, caseMix, quality, accounting, reading
    }

    /// Decodes a census; one stored before reading facts were kept has none.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        censusDate = try container.decodeIfPresent(Day.self, forKey: .censusDate)
        cells = try container.decode(CrossTable.self, forKey: .cells)
        byEthnicCategory = try container.decode(Breakdown<EthnicCategoryGroup>.self, forKey: .byEthnicCategory)
        byDecile = try container.decode(Breakdown<DecileGroup>.self, forKey: .byDecile)
        caseMix = try container.decode(CaseMixTable.self, forKey: .caseMix)
        quality = try container.decode(DataQuality.self, forKey: .quality)
        accounting = try container.decode(Accounting.self, forKey: .accounting)
        reading = try container.decodeIfPresent(ReadingFacts.self, forKey: .reading) ?? ReadingFacts()
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(censusDate, forKey: .censusDate)
        try container.encode(cells, forKey: .cells)
        try container.encode(byEthnicCategory, forKey: .byEthnicCategory)
        try container.encode(byDecile, forKey: .byDecile)
        try container.encode(caseMix, forKey: .caseMix)
        try container.encode(quality, forKey: .quality)
        try container.encode(accounting, forKey: .accounting)
        try container.encode(reading, forKey: .reading)
    }
}
