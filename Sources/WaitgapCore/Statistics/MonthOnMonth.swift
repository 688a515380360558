/// The headline metrics month by month, judged with Making Data Count SPC: is a gap really
/// closing, or is it noise?
public struct MonthOnMonth: Sendable {
    /// One metric's series.
    public struct Series: Sendable {
        /// What it measures.
        public var name: String
        /// The unit, for tables.
        public var unit: String
        /// Census dates, oldest first.
        public var months: [Day]
        /// Values, one per month (nil when too small to compute).
        public var values: [Double?]
        /// The SPC chart of the months with a value, when there are at least two.
        public var chart: SPCChart?
        /// The value this month and last month.
        public var latest: Double? { values.last ?? nil }
        public var previous: Double? { values.count > 1 ? values[values.count - 2] : nil }
    }

    /// The metrics, in table order.
    public var series: [Series]

    /// Builds the series from monthly censuses (oldest first). Gaps use the reference groups;
    /// smaller is better for every metric, and gaps are assured against a target of 0 weeks.
    /// - Parameters:
    ///   - screenOutliers: NHSRplotthedots' default; false gives limits identical to NHS England's Excel tool.
    ///   - rebaseAt: the first month of a new limit segment (e.g. after a change in practice).
    public init(
        censuses: [Census], references: ReferenceGroups = ReferenceGroups(), disclosure: DisclosurePolicy = DisclosurePolicy(),
        screenOutliers: Bool = true, rebaseAt: Day? = nil
    ) {
        let months = censuses.compactMap(\.censusDate)
        func gap<Group: Cohort>(_ breakdown: (Census) -> Breakdown<Group>, _ focus: [Group], _ reference: Group) -> [Double?] {
            censuses.map { census in
                let groups = breakdown(census)
                var focused = WaitMoments()
                for group in focus { focused.merge(WaitMoments(groups[group])) }
                let baseline = WaitMoments(groups[reference])
                guard disclosure.showsStatistics(ofGroupSize: focused.count), disclosure.showsStatistics(ofGroupSize: baseline.count) else {
                    return nil
                }
                return focused.meanGapInWeeks(from: baseline)?.value
            }
        }
        let deprivationFocus: DeprivationQuintile = references.deprivation == .mostDeprived ? .leastDeprived : .mostDeprived
        let ethnicFocus = EthnicGroup.allCases.filter { ![references.ethnic, .notStated, .notKnown].contains($0) }
        let disabilityFocus: LearningDisabilityGroup = references.disability == .yes ? .no : .yes
        // From releasable shares only: rounded counts, none suppressed (nor its complement).
        let longWaits: [Double?] = censuses.map { census in
            let all = census.all
            return disclosure.releasable(Proportion(numerator: all.count(over: 364), denominator: all.count))?.value.map { 100 * $0 }
        }
        func series(_ name: String, _ unit: String, _ values: [Double?], target: Double?) -> Series {
            let knownMonths = zip(months, values).compactMap { month, value in value == nil ? nil : month }
            let known = values.compactMap { $0 }
            let rebase = rebaseAt.flatMap { date in knownMonths.firstIndex { $0 >= date } }.map { [$0] } ?? []
            let chart =
                known.count >= 2
                ? SPCChart(values: known, direction: .decrease, screenOutliers: screenOutliers, rebaseAt: rebase, target: target) : nil
            return Series(name: name, unit: unit, months: months, values: values, chart: chart)
        }
        self.series = [
            series(
                "Deprivation gap: IMD quintile \(deprivationFocus.label) vs \(references.deprivation.label)", "weeks",
                gap({ $0.byDeprivation }, [deprivationFocus], references.deprivation), target: 0),
            series(
                "Ethnicity gap: other known groups vs \(references.ethnic.label)", "weeks",
                gap({ $0.byEthnicGroup }, ethnicFocus, references.ethnic), target: 0),
            series(
                "Learning disability gap: \(disabilityFocus.label.lowercased()) vs \(references.disability.label.lowercased())", "weeks",
                gap({ $0.byLearningDisability }, [disabilityFocus], references.disability), target: 0),
            series("Share waiting more than 52 weeks", "%", longWaits, target: nil),
        ]
    }
}
