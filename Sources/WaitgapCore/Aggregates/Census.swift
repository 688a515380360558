/// Everything one run learns about a waiting list, as mergeable aggregates: wait distributions
/// overall and by ethnic group, deprivation quintile and learning disability flag; recording
/// quality; and the accounting of every row. No identifier and no row is kept.
///
/// Censuses of the same census date merge so that split files (or sites) give exactly the
/// result of the whole.
///
/// - Complexity: memory O(groups × maximum wait in days), independent of rows.
public struct Census: Sendable, Equatable, Codable, Mergeable {
    /// The census date, once known.
    public var censusDate: Day?
    /// All analysed patients.
    public private(set) var all: WaitDistribution
    /// By broad ethnic group.
    public private(set) var byEthnicGroup: Breakdown<EthnicGroup>
    /// By IMD quintile.
    public private(set) var byDeprivation: Breakdown<DeprivationQuintile>
    /// By learning disability flag.
    public private(set) var byLearningDisability: Breakdown<LearningDisabilityGroup>
    /// Recording quality of optional columns, over analysed rows.
    public var quality = DataQuality()
    /// Where every row went.
    public var accounting = Accounting()

    /// Creates an empty census for waits of up to `maxDays` days.
    public init(maxDays: Int, censusDate: Day? = nil) {
        self.censusDate = censusDate
        all = WaitDistribution(maxDays: maxDays)
        byEthnicGroup = Breakdown(maxDays: maxDays)
        byDeprivation = Breakdown(maxDays: maxDays)
        byLearningDisability = Breakdown(maxDays: maxDays)
    }

    /// Adds an analysed pathway.
    /// - Complexity: O(1).
    public mutating func add(_ pathway: Pathway) {
        let days = pathway.waitDays
        all.add(days: days)
        byEthnicGroup.add(days: days, to: pathway.ethnicGroup)
        byDeprivation.add(days: days, to: pathway.deprivation)
        byLearningDisability.add(days: days, to: pathway.learningDisability)
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
        all.merge(other.all)
        byEthnicGroup.merge(other.byEthnicGroup)
        byDeprivation.merge(other.byDeprivation)
        byLearningDisability.merge(other.byLearningDisability)
        quality.merge(other.quality)
        accounting.merge(other.accounting)
    }
}
