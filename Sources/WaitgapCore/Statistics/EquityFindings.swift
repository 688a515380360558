#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every comparison a run reports, computed once from a census: each dimension's groups and gaps
/// against its reference, the headline comparisons, what unrecorded groups could hide, the gaps
/// within each part of the list, the slope index across deprivation, and the month-on-month
/// series. The pack, the summary JSON and the score summary only lay these out: no statistic is
/// computed while laying out, and no group is found by its label.
public struct EquityFindings: Sendable {
    /// One dimension's findings.
    public struct DimensionFindings: Sendable {
        /// The dimension.
        public let dimension: EquityDimension
        /// Why the census cannot give it, or nil.
        public let unavailable: String?
        /// Each group's waits, by ordinal (all empty when unavailable).
        public let waits: [WaitDistribution]
        /// Each group's statistics, by ordinal.
        public let summaries: [WaitSummary]
        /// The reference group's ordinal.
        public let reference: Int
        /// The focus groups' ordinals.
        public let focus: [Int]
        /// Every group against the reference (and the focus groups together, when they are
        /// several and the reference is the default); nil for a dimension only tabulated.
        public let gaps: DimensionGaps?
        /// The headline comparison, for a dimension that has one.
        public let headline: HeadlineComparison?
        /// The gap if the patients whose group is not recorded all belonged to either side.
        public let unrecorded: UnrecordedComparison?
        /// The focus groups' gap within each slice asked for (crossed dimensions only).
        public let slices: [SliceComparison]
        /// Which rows of `gaps` are discoveries in each column, with the false discovery rate of
        /// each column held at 5% (Benjamini–Hochberg): the exploratory gaps the pack bolds.
        public let discoveries: Discoveries

        /// The reference group.
        public var referenceGroup: EquityDimension.Group { dimension.groups[reference] }
    }

    /// A comparison to put into words at the top of a pack.
    public struct HeadlineComparison: Sendable {
        /// Who is compared, as the subject of a sentence ("Patients from the most deprived fifth of areas").
        public var subject: String
        /// Whom they are compared with ("those from the least deprived fifth of areas").
        public var reference: String
        /// The gap, or nil when either side is too small to report.
        public var gap: GroupGap?
        /// The reference group's statistics.
        public var referenceSummary: WaitSummary?
        /// Whether the gap in mean is a finding once every pre-specified measure is allowed for
        /// (Holm); nil: judged by its own interval.
        public var significant: Bool?
        /// How many pre-specified measures were tested together.
        public var comparisons = 0

        /// Creates a comparison.
        public init(
            subject: String, reference: String, gap: GroupGap?, referenceSummary: WaitSummary? = nil, significant: Bool? = nil
        ) {
            self.subject = subject
            self.reference = reference
            self.gap = gap
            self.referenceSummary = referenceSummary
            self.significant = significant
        }
    }

    /// A pre-specified measure this month.
    public struct MeasureFinding: Sendable {
        public let measure: Measure
        /// How the pack names it.
        public let label: String
        /// This month's gap with its 95% interval, or nil when too small to show.
        public let estimate: Estimate?
        /// Whether it is a finding with every pre-specified measure tested together (Holm, 5%).
        public let significant: Bool
        /// Whether it was tested: both sides have `Measure.minimumTestedGroup` patients or more.
        public let tested: Bool
        /// Its series month by month, when there is a history.
        public let series: MonthOnMonth.Series?
    }

    /// What a gap could be whatever the group of the patients whose group is not recorded: the
    /// sharp bounds over every placement of each in the focus or the reference group
    /// (Manski-style; `GapAnalysis.unrecordedBounds`).
    public struct UnrecordedComparison: Sendable {
        /// Patients whose group is not recorded.
        public var unrecorded: Int
        /// Whether both sides may be shown; when not, nothing below is.
        public var shown: Bool
        /// The gap as reported (weeks, Welch interval).
        public var reported: Estimate?
        /// The lowest and highest possible gap in mean, weeks.
        public var lowest: Double?
        public var highest: Double?
    }

    /// The rows of a gaps table that are discoveries, column by column (Benjamini–Hochberg, 5%).
    public struct Discoveries: Sendable {
        public var meanGap: Set<Int> = []
        public var adjustedGap: Set<Int> = []
        public var medianGap: Set<Int> = []
        public var relativeRisk52: Set<Int> = []

        init() {}

        init(_ gaps: DimensionGaps) {
            func discovered(_ estimate: (GroupGap) -> Estimate?, null: Double = 0) -> Set<Int> {
                let pValues = gaps.groups.map { gap -> Double? in
                    guard !gap.isReference, let estimate = estimate(gap) else { return nil }
                    if null == 1 {
                        // A ratio: tested on the log scale, where its interval is symmetric.
                        guard estimate.lower > 0, estimate.value > 0 else { return nil }
                        return Multiplicity.pValue(
                            Estimate(value: log(estimate.value), lower: log(estimate.lower), upper: log(estimate.upper)))
                    }
                    return Multiplicity.pValue(estimate)
                }
                let rejected = Multiplicity.benjaminiHochberg(pValues)
                return Set(rejected.indices.filter { rejected[$0] })
            }
            meanGap = discovered(\.meanGap)
            adjustedGap = discovered(\.adjustedGap)
            medianGap = discovered(\.medianGap)
            relativeRisk52 = discovered(\.relativeRisk52, null: 1)
        }
    }

    /// The focus groups' gap within one slice of the list.
    public struct SliceComparison: Sendable {
        public var slice: Slice
        /// All the slice's patients.
        public var total: WaitMoments
        /// Each group's moments, by ordinal.
        public var groups: [WaitMoments]
        /// The focus groups' gap in mean weeks (Welch), nil when either side is too small to show.
        public var gap: Estimate?
        /// Whether the gap is a discovery among its partition's (Benjamini–Hochberg, 5%).
        public var discovered = false
    }

    /// A slope index of inequality across deprivation.
    public struct SlopeIndexFinding: Sendable {
        /// "Mean wait (weeks)" or "Share over 52 weeks (percentage points)".
        public var measure: String
        /// "quintiles" or "deciles".
        public var across: String
        public var sii: Estimate
        public var rii: Estimate
        /// The fitted value at the most deprived end.
        public var intercept: Double
    }

    /// All analysed patients.
    public let all: WaitDistribution
    /// Their statistics.
    public let allSummary: WaitSummary
    /// Every dimension of the registry, in its order.
    public let dimensions: [DimensionFindings]
    /// The headline comparisons, in headline order: for each headline dimension, the group with
    /// the largest gap that is a finding among the pre-specified measures (its focus group when
    /// none is).
    public let headlines: [HeadlineComparison]
    /// The pre-specified measures this month, in their order.
    public let measures: [MeasureFinding]
    /// The slope indices across deprivation that may be shown (every group showable).
    public let slopeIndices: [SlopeIndexFinding]
    /// Which slope indices are discoveries (Benjamini–Hochberg over the SII column, 5%).
    public let slopeIndexDiscoveries: Set<Int>
    /// The headline metrics month by month, when there is a history.
    public let monthOnMonth: MonthOnMonth?
    /// The figures as NHS England's WLMDS demographic release defines them.
    public let nationalDefinitions: NationalDefinitions

    /// One dimension's findings.
    public subscript(dimension: EquityDimension) -> DimensionFindings { dimensions.first { $0.dimension == dimension }! }

    /// Computes every finding.
    /// - Parameters:
    ///   - slices: the slices whose gaps are wanted, for the headline dimensions kept crossed, in
    ///     partitions: each partition's gaps are tested together.
    ///   - monthly: earlier censuses, oldest first, this one last, for month-on-month series.
    public init(
        census: Census, references: ReferenceGroups = ReferenceGroups(), disclosure: DisclosurePolicy = DisclosurePolicy(),
        slices: [[Slice]] = [], monthOnMonth: MonthOnMonth? = nil, measures: [Measure]? = nil
    ) {
        all = census.all
        allSummary = WaitSummary(all)
        dimensions = EquityDimension.registry.map { dimension in
            Self.findings(
                dimension, census: census, reference: references.ordinal(in: dimension), isDefault: references.isDefault(dimension),
                disclosure: disclosure, slices: slices)
        }
        var indices: [SlopeIndexFinding] = []
        for (dimension, name) in [(EquityDimension.imdQuintile, "quintiles"), (.imdDecile, "deciles")] {
            guard let waits = census.waits(dimension) else { continue }
            let groups = dimension.groups.indices.filter { !dimension.groups[$0].isNotKnown }.map { waits[$0] }
            // Each set is shown only when every one of its groups may be.
            guard groups.allSatisfy({ disclosure.showsStatistics(ofGroupSize: $0.count) }) else { continue }
            if let index = GapAnalysis.slopeIndexOfMeanWait(groups) {
                indices.append(
                    SlopeIndexFinding(
                        measure: "Mean wait (weeks)", across: name, sii: index.sii, rii: index.rii, intercept: index.intercept))
            }
            if let index = GapAnalysis.slopeIndexOfLongWaits(groups, disclosure: disclosure) {
                let points = Estimate(value: index.sii.value * 100, lower: index.sii.lower * 100, upper: index.sii.upper * 100)
                indices.append(
                    SlopeIndexFinding(
                        measure: "Share over 52 weeks (percentage points)", across: name, sii: points, rii: index.rii,
                        intercept: index.intercept * 100))
            }
        }
        slopeIndices = indices
        let siiDiscoveries = Multiplicity.benjaminiHochberg(indices.map { Multiplicity.pValue($0.sii) })
        slopeIndexDiscoveries = Set(siiDiscoveries.indices.filter { siiDiscoveries[$0] })
        self.monthOnMonth = monthOnMonth

        let measures = monthOnMonth?.series.compactMap(\.measure) ?? measures ?? Measure.defaults(references: references)
        let tests = measures.map { $0.test(in: census, references: references, disclosure: disclosure) }
        let estimates = tests.map(\.estimate)
        let findings = Multiplicity.holm(tests.map(\.pValue))
        self.measures = measures.indices.map { index in
            MeasureFinding(
                measure: measures[index], label: measures[index].label(references: references), estimate: estimates[index],
                significant: findings[index], tested: tests[index].pValue != nil,
                series: monthOnMonth?.series.first { $0.measure == measures[index] })
        }
        var headlines: [HeadlineComparison] = []
        for found in dimensions.filter({ $0.dimension.headlineRank != nil }).sorted(by: {
            $0.dimension.headlineRank! < $1.dimension.headlineRank!
        }) {
            guard let gaps = found.gaps else { continue }
            let dimension = found.dimension
            // Its groups' all-patient mean gaps among the measures; the largest finding, or the focus.
            let candidates = self.measures.filter {
                $0.measure.dimension == dimension && $0.measure.slice == .all && $0.measure.statistic == .meanGap
                    && $0.measure.group != "combined"
            }
            let chosen =
                candidates.filter(\.significant).max { abs($0.estimate!.value) < abs($1.estimate!.value) }
                ?? (found.focus.count == 1 ? candidates.first { $0.measure.group == dimension.groups[found.focus[0]].code } : nil)
            let reference = dimension.groups[found.reference]
            guard let object = reference.object ?? Optional("\(reference.label) patients") else { continue }
            guard let chosen, let ordinal = dimension.ordinal(of: chosen.measure.group) else {
                // No group is a finding: say so of the dimension as a whole.
                var comparison = HeadlineComparison(
                    subject: "No \(dimension.title.lowercased()) group", reference: object, gap: nil,
                    referenceSummary: gaps.groups[found.reference].summary, significant: false)
                comparison.comparisons = measures.count
                headlines.append(comparison)
                continue
            }
            let group = dimension.groups[ordinal]
            var comparison = HeadlineComparison(
                subject: group.subject ?? "\(group.label) patients", reference: object,
                gap: gaps.groups[ordinal].meanGap == nil ? nil : gaps.groups[ordinal],
                referenceSummary: gaps.groups[found.reference].summary,
                significant: chosen.significant)
            comparison.comparisons = measures.count
            headlines.append(comparison)
        }
        self.headlines = headlines
        nationalDefinitions = NationalDefinitions(census: census, disclosure: disclosure)
    }

    private static func findings(
        _ dimension: EquityDimension, census: Census, reference: Int, isDefault: Bool, disclosure: DisclosurePolicy, slices: [[Slice]]
    ) -> DimensionFindings {
        let focus = dimension.focusOrdinals(against: dimension.groups[reference].code)
        guard let waits = census.waits(dimension) else {
            let empty = Array(repeating: WaitDistribution(), count: dimension.groups.count)
            return DimensionFindings(
                dimension: dimension, unavailable: census.unavailability(of: dimension), waits: empty,
                summaries: empty.map(WaitSummary.init),
                reference: reference, focus: focus, gaps: nil, headline: nil, unrecorded: nil, slices: [], discoveries: Discoveries())
        }
        let summaries = waits.map(WaitSummary.init)
        guard dimension.isCompared else {
            return DimensionFindings(
                dimension: dimension, unavailable: nil, waits: waits, summaries: summaries, reference: reference, focus: focus, gaps: nil,
                headline: nil, unrecorded: nil, slices: [], discoveries: Discoveries())
        }
        var combined: (label: String, groups: [Int])?
        var combinedSubject: String?
        if case .knownOthers(let label, let subject) = dimension.focus, isDefault {
            combined = (label, focus)
            combinedSubject = subject
        }
        let strata: ((Int) -> [StratumMoments]?)? =
            dimension.caseMixAdjusted ? { census.strata(dimension, group: $0) } : nil
        let gaps = GapAnalysis.gaps(
            dimension, waits: waits, reference: reference, strata: strata, combined: combined, disclosure: disclosure)

        var headline: HeadlineComparison?
        if dimension.headlineRank != nil {
            let focusRow = combined == nil ? gaps.groups[focus[0]] : gaps.groups.last!
            let subject = combinedSubject ?? dimension.groups[focus[0]].subject
            if let subject, let object = dimension.groups[reference].object, combined != nil || focus.count == 1 {
                headline = HeadlineComparison(
                    subject: subject, reference: object, gap: focusRow.meanGap == nil ? nil : focusRow,
                    referenceSummary: gaps.groups[reference].summary)
            }
        }

        var focused = WaitDistribution()
        for ordinal in focus { focused.merge(waits[ordinal]) }
        var unrecorded = WaitDistribution()
        for ordinal in dimension.notKnownOrdinals { unrecorded.merge(waits[ordinal]) }
        let referenceWaits = waits[reference]
        var sensitivity = UnrecordedComparison(unrecorded: unrecorded.count, shown: false)
        if disclosure.showsStatistics(ofGroupSize: focused.count), disclosure.showsStatistics(ofGroupSize: referenceWaits.count) {
            sensitivity.shown = true
            sensitivity.reported = WaitMoments(focused).meanGapInWeeks(from: WaitMoments(referenceWaits))
            if unrecorded.count > 0,
                let bounds = GapAnalysis.unrecordedBounds(focus: focused, reference: referenceWaits, unrecorded: unrecorded)
            {
                // Already in weeks.
                sensitivity.lowest = bounds.lowest
                sensitivity.highest = bounds.highest
            }
        }

        var sliceComparisons: [SliceComparison] = []
        if dimension.headlineRank != nil {
            for partition in slices {
                var comparisons: [SliceComparison] = []
                for slice in partition {
                    guard let groups = census.moments(dimension, in: slice) else { break }
                    var focusedMoments = WaitMoments()
                    for ordinal in focus { focusedMoments.merge(groups[ordinal]) }
                    let baseline = groups[reference]
                    let gap =
                        disclosure.showsStatistics(ofGroupSize: focusedMoments.count)
                            && disclosure.showsStatistics(ofGroupSize: baseline.count)
                        ? focusedMoments.meanGapInWeeks(from: baseline) : nil
                    comparisons.append(
                        SliceComparison(slice: slice, total: census.cells.moments(in: slice), groups: groups, gap: gap))
                }
                // Every part of the partition tested together (P2–P4 too: Benjamini–Hochberg holds
                // under the positive dependence it has on P2, P3 and P4).
                let discovered = Multiplicity.benjaminiHochberg(comparisons.map { $0.gap.flatMap(Multiplicity.pValue) })
                for index in comparisons.indices { comparisons[index].discovered = discovered[index] }
                sliceComparisons += comparisons
            }
        }
        return DimensionFindings(
            dimension: dimension, unavailable: nil, waits: waits, summaries: summaries, reference: reference, focus: focus, gaps: gaps,
            headline: headline, unrecorded: sensitivity, slices: sliceComparisons, discoveries: Discoveries(gaps))
    }
}
