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
        /// The focus groups' mean gap from the reference, month by month; nil for a month too
        /// small to show, or stored without the dimension.
        func gap(_ dimension: EquityDimension, _ focus: [Int], _ reference: Int) -> [Double?] {
            censuses.map { census in
                guard let groups = census.waits(dimension) else { return nil }
                var focused = WaitMoments()
                for ordinal in focus { focused.merge(WaitMoments(groups[ordinal])) }
                let baseline = WaitMoments(groups[reference])
                guard disclosure.showsStatistics(ofGroupSize: focused.count), disclosure.showsStatistics(ofGroupSize: baseline.count) else {
                    return nil
                }
                return focused.meanGapInWeeks(from: baseline)?.value
            }
        }
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
        let headline = EquityDimension.registry.filter { $0.headlineRank != nil }.sorted { $0.headlineRank! < $1.headlineRank! }
        self.series =
            headline.map { dimension in
                let reference = references.ordinal(in: dimension)
                let focus = dimension.focusOrdinals(against: references[dimension])
                return series(
                    "\(dimension.title) gap: \(dimension.focusPhrase(focus)) vs \(dimension.referencePhrase(reference))", "weeks",
                    gap(dimension, focus, reference), target: 0)
            } + [
                series("Share waiting more than 52 weeks", "%", longWaits, target: nil)
            ]
    }
}
