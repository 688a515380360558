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

        /// Creates a comparison.
        public init(subject: String, reference: String, gap: GroupGap?, referenceSummary: WaitSummary? = nil) {
            self.subject = subject
            self.reference = reference
            self.gap = gap
            self.referenceSummary = referenceSummary
        }
    }

    /// How a gap could change if unrecorded patients all belonged to the focus or the reference group.
    public struct UnrecordedComparison: Sendable {
        /// Patients whose group is not recorded.
        public var unrecorded: Int
        /// Whether both sides may be shown; when not, nothing below is.
        public var shown: Bool
        /// The gap as reported, and under each assumption (weeks, Welch intervals).
        public var reported: Estimate?
        public var allInFocus: Estimate?
        public var allInReference: Estimate?
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
    /// The headline comparisons, in headline order.
    public var headlines: [HeadlineComparison] {
        dimensions.filter { $0.dimension.headlineRank != nil }.sorted { $0.dimension.headlineRank! < $1.dimension.headlineRank! }
            .compactMap(\.headline)
    }
    /// The slope indices across deprivation that may be shown (every group showable).
    public let slopeIndices: [SlopeIndexFinding]
    /// The headline metrics month by month, when there is a history.
    public let monthOnMonth: MonthOnMonth?
    /// The figures as NHS England's WLMDS demographic release defines them.
    public let nationalDefinitions: NationalDefinitions

    /// One dimension's findings.
    public subscript(dimension: EquityDimension) -> DimensionFindings { dimensions.first { $0.dimension == dimension }! }

    /// Computes every finding.
    /// - Parameters:
    ///   - slices: the slices whose gaps are wanted, for the headline dimensions kept crossed.
    ///   - monthly: earlier censuses, oldest first, this one last, for month-on-month series.
    public init(
        census: Census, references: ReferenceGroups = ReferenceGroups(), disclosure: DisclosurePolicy = DisclosurePolicy(),
        slices: [Slice] = [], monthOnMonth: MonthOnMonth? = nil
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
        self.monthOnMonth = monthOnMonth
        nationalDefinitions = NationalDefinitions(census: census, disclosure: disclosure)
    }

    private static func findings(
        _ dimension: EquityDimension, census: Census, reference: Int, isDefault: Bool, disclosure: DisclosurePolicy, slices: [Slice]
    ) -> DimensionFindings {
        let focus = dimension.focusOrdinals(against: dimension.groups[reference].code)
        guard let waits = census.waits(dimension) else {
            let empty = Array(repeating: WaitDistribution(), count: dimension.groups.count)
            return DimensionFindings(
                dimension: dimension, unavailable: census.unavailability(of: dimension), waits: empty,
                summaries: empty.map(WaitSummary.init),
                reference: reference, focus: focus, gaps: nil, headline: nil, unrecorded: nil, slices: [])
        }
        let summaries = waits.map(WaitSummary.init)
        guard dimension.isCompared else {
            return DimensionFindings(
                dimension: dimension, unavailable: nil, waits: waits, summaries: summaries, reference: reference, focus: focus, gaps: nil,
                headline: nil, unrecorded: nil, slices: [])
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
            let result = GapAnalysis.unrecordedSensitivity(focus: focused, reference: referenceWaits, unrecorded: unrecorded)
            sensitivity.reported = result.reported
            if unrecorded.count > 0 {
                sensitivity.allInFocus = result.allInFocus
                sensitivity.allInReference = result.allInReference
            }
        }

        var sliceComparisons: [SliceComparison] = []
        if dimension.headlineRank != nil {
            for slice in slices {
                guard let groups = census.moments(dimension, in: slice) else { break }
                var focusedMoments = WaitMoments()
                for ordinal in focus { focusedMoments.merge(groups[ordinal]) }
                let baseline = groups[reference]
                let gap =
                    disclosure.showsStatistics(ofGroupSize: focusedMoments.count) && disclosure.showsStatistics(ofGroupSize: baseline.count)
                    ? focusedMoments.meanGapInWeeks(from: baseline) : nil
                sliceComparisons.append(
                    SliceComparison(slice: slice, total: census.cells.moments(in: slice), groups: groups, gap: gap))
            }
        }
        return DimensionFindings(
            dimension: dimension, unavailable: nil, waits: waits, summaries: summaries, reference: reference, focus: focus, gaps: gaps,
            headline: headline, unrecorded: sensitivity, slices: sliceComparisons)
    }
}
