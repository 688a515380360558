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
public struct Census: Sendable, Equatable, Codable, Mergeable {
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
    }
}
