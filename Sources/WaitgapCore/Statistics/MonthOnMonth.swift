/// Every pre-specified measure month by month, judged with Making Data Count SPC: is a gap
/// really closing, or is it noise? With the change since last month and since a baseline month,
/// each with its interval.
public struct MonthOnMonth: Sendable {
    /// One measure's series.
    public struct Series: Sendable {
        /// The measure, or nil for the share of all patients waiting more than 52 weeks.
        public var measure: Measure?
        /// What it measures.
        public var name: String
        /// The unit, for tables: "weeks", "percentage points" or "%".
        public var unit: String
        /// Census dates, oldest first.
        public var months: [Day]
        /// Values, one per month (nil when too small to compute, or not stored that month).
        public var values: [Double?]
        /// The estimates with their 95% intervals, one per month.
        public var estimates: [Estimate?]
        /// The SPC chart of the months with a value, when there are at least two.
        public var chart: SPCChart?
        /// The value this month and last month.
        public var latest: Double? { values.last ?? nil }
        public var previous: Double? { values.count > 1 ? values[values.count - 2] : nil }
        /// The change since last month, with a 95% interval.
        public var changeSinceLastMonth: Estimate? {
            estimates.count > 1 ? Self.change(from: estimates[estimates.count - 2], to: estimates.last!) : nil
        }
        /// The baseline month's position in `months`.
        public var baselineIndex: Int?
        /// The change since the baseline month, with a 95% interval.
        public var changeSinceBaseline: Estimate? {
            guard let baselineIndex, baselineIndex < estimates.count - 1 else { return nil }
            return Self.change(from: estimates[baselineIndex], to: estimates.last!)
        }

        /// The difference of two independent estimates, with the normal interval of a difference
        /// (standard errors from each interval's half-width, added in quadrature).
        static func change(from earlier: Estimate?, to later: Estimate?) -> Estimate? {
            guard let earlier, let later else { return nil }
            let se = { (estimate: Estimate) in (estimate.upper - estimate.lower) / (2 * Normal.z95) }
            let combined = (se(earlier) * se(earlier) + se(later) * se(later)).squareRoot()
            let delta = later.value - earlier.value
            return Estimate(value: delta, lower: delta - Normal.z95 * combined, upper: delta + Normal.z95 * combined)
        }
    }

    /// A note for the charts: "2026-05-01, validation sprint started" (`--annotate FILE`).
    public struct Annotation: Sendable, Equatable {
        public var day: Day
        public var text: String

        /// Creates an annotation.
        public init(day: Day, text: String) {
            self.day = day
            self.text = text
        }

        /// Reads lines `YYYY-MM-DD,text`.
        /// - Throws: a message naming the line.
        public static func parse(_ file: String) throws(MeasureError) -> [Annotation] {
            var notes: [Annotation] = []
            for (number, line) in file.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmedText
                guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
                let parts = trimmed.split(separator: ",", maxSplits: 1)
                guard parts.count == 2, let day = Day(iso: parts[0].trimmedText) else {
                    throw MeasureError(message: "line \(number + 1): an annotation is YYYY-MM-DD,text")
                }
                notes.append(Annotation(day: day, text: parts[1].trimmedText))
            }
            return notes
        }
    }

    /// The series, in table order: every measure, then the share over 52 weeks.
    public var series: [Series]
    /// The notes marked on every chart.
    public var annotations: [Annotation]
    /// The baseline month of the changes since baseline.
    public var baseline: Day?

    /// What one month gives the series: each measure's estimate and the share waiting more than
    /// 52 weeks. Small and computed once a month: the history keeps it beside the month's census,
    /// so that tonight's run reads 24 of these, not 24 censuses.
    public struct MonthFigures: Sendable, Equatable, Codable {
        public var censusDate: Day
        /// One estimate per measure, in the measures' order (nil when too small to compute).
        public var measures: [Estimate?]
        /// The share waiting more than 52 weeks, from releasable counts only.
        public var longWaits: Estimate?

        public init(censusDate: Day, measures: [Estimate?], longWaits: Estimate?) {
            self.censusDate = censusDate
            self.measures = measures
            self.longWaits = longWaits
        }

        /// A census's figures for `measures` (the defaults when nil).
        public init?(
            census: Census, measures: [Measure]? = nil, references: ReferenceGroups = ReferenceGroups(),
            disclosure: DisclosurePolicy = DisclosurePolicy()
        ) {
            guard let censusDate = census.censusDate else { return nil }
            let measures = measures ?? Measure.defaults(references: references)
            self.censusDate = censusDate
            self.measures = measures.map { $0.estimate(in: census, references: references, disclosure: disclosure) }
            // From releasable shares only: rounded counts, none suppressed (nor its complement).
            let all = census.all
            longWaits = disclosure.releasable(Proportion(numerator: all.count(over: 364), denominator: all.count)).flatMap { share in
                share.value.map { Estimate(value: 100 * $0, lower: 100 * share.lower, upper: 100 * share.upper) }
            }
        }

        /// What the figures depend on besides the census, as text: a stored month's figures are
        /// reused only by a run with the same key (the same waitgap, measures, references and
        /// disclosure), and recomputed from its census otherwise.
        public static func key(
            version: String, measures: [Measure]? = nil, references: ReferenceGroups = ReferenceGroups(),
            disclosure: DisclosurePolicy = DisclosurePolicy()
        ) -> String {
            let measures = measures ?? Measure.defaults(references: references)
            let listed = measures.map { "\($0.dimension.id),\($0.group),\($0.slice.code),\($0.statistic.rawValue)" }
            let chosen = EquityDimension.registry.map { "\($0.id)=\(references[$0])" }
            return
                "waitgap \(version); measures \(listed.joined(separator: ";")); references \(chosen.joined(separator: ",")); disclosure \(disclosure.threshold)/\(disclosure.rounding)"
        }
    }

    /// Builds the series from monthly censuses (oldest first, this one last).
    public init(
        censuses: [Census], references: ReferenceGroups = ReferenceGroups(), disclosure: DisclosurePolicy = DisclosurePolicy(),
        measures: [Measure]? = nil, baseline: Day? = nil, screenOutliers: Bool = true, rebaseAt: Day? = nil,
        annotations: [Annotation] = []
    ) {
        self.init(
            figures: censuses.compactMap { MonthFigures(census: $0, measures: measures, references: references, disclosure: disclosure) },
            references: references, measures: measures, baseline: baseline, screenOutliers: screenOutliers, rebaseAt: rebaseAt,
            annotations: annotations)
    }

    /// Builds the series from each month's figures (oldest first, this one last).
    /// - Parameters:
    ///   - measures: the pre-specified measures.
    ///   - baseline: the month (`YYYY-MM`, by its day) changes are measured from; the first month by default.
    ///   - screenOutliers: NHSRplotthedots' default; false gives limits identical to NHS England's Excel tool.
    ///   - rebaseAt: the first month of a new limit segment (e.g. after a change in practice).
    public init(
        figures: [MonthFigures], references: ReferenceGroups = ReferenceGroups(), measures: [Measure]? = nil, baseline: Day? = nil,
        screenOutliers: Bool = true, rebaseAt: Day? = nil, annotations: [Annotation] = []
    ) {
        let months = figures.map(\.censusDate)
        let measures = measures ?? Measure.defaults(references: references)
        let baselineIndex =
            baseline.flatMap { day in
                months.firstIndex { $0.components.year == day.components.year && $0.components.month == day.components.month }
            }
            ?? (months.isEmpty ? nil : 0)
        self.baseline = baselineIndex.map { months[$0] }
        self.annotations = annotations
        func series(
            _ measure: Measure?, _ name: String, _ unit: String, _ estimates: [Estimate?], direction: SPCChart.Direction, target: Double?
        )
            -> Series
        {
            let values = estimates.map { $0?.value }
            let knownMonths = zip(months, values).compactMap { month, value in value == nil ? nil : month }
            let known = values.compactMap { $0 }
            let rebase = rebaseAt.flatMap { date in knownMonths.firstIndex { $0 >= date } }.map { [$0] } ?? []
            let chart =
                known.count >= 2
                ? SPCChart(values: known, direction: direction, screenOutliers: screenOutliers, rebaseAt: rebase, target: target) : nil
            return Series(
                measure: measure, name: name, unit: unit, months: months, values: values, estimates: estimates, chart: chart,
                baselineIndex: baselineIndex)
        }
        self.series = measures.enumerated().map { index, measure in
            series(
                measure, measure.label(references: references), measure.unit,
                figures.map { index < $0.measures.count ? $0.measures[index] : nil },
                direction: SPCChart.gapDirection, target: 0)
        }
        self.series.append(
            series(nil, "Share waiting more than 52 weeks", "%", figures.map(\.longWaits), direction: .decrease, target: nil))
    }
}

extension SPCChart {
    /// How a gap's chart is read: better is towards zero, and a gap that crosses zero beyond the
    /// limits is a concern the other way, not an improvement. (A gap is assured against 0.)
    public static let gapDirection: Direction = .towardsZero
}
