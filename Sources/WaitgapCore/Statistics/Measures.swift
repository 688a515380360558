/// A pre-specified measure: a focus group's gap from its dimension's reference group, within one
/// part of the list. Only these are headlined, and they are tested together (Holm), so that a
/// pack with nothing to find rarely claims a finding; every other table is exploratory.
public struct Measure: Sendable, Hashable {
    /// What is measured.
    public enum Statistic: String, Sendable, Hashable, CaseIterable {
        /// The gap in mean wait, weeks (Welch).
        case meanGap = "mean-gap"
        /// The gap in the share waiting more than 52 weeks, percentage points (Newcombe).
        case over52Gap = "over-52-gap"
    }

    /// The dimension.
    public var dimension: EquityDimension
    /// The focus group's code, or `combined` for every known group but the reference together.
    public var group: String
    /// The part of the list.
    public var slice: Slice
    public var statistic: Statistic

    /// Creates a measure.
    public init(dimension: EquityDimension, group: String, slice: Slice = .all, statistic: Statistic = .meanGap) {
        self.dimension = dimension
        self.group = group
        self.slice = slice
        self.statistic = statistic
    }

    /// A stable code: `imd-quintile/1/priority:P2/mean-gap`.
    public var code: String { "\(dimension.id)/\(group)/\(slice.code)/\(statistic.rawValue)" }

    /// The unit of its values.
    public var unit: String { statistic == .meanGap ? "weeks" : "percentage points" }

    /// The default measures: for each headline dimension (deprivation, ethnicity, learning
    /// disability) its focus group — each known ethnic group, and all of them together — against
    /// the reference, as the gap in mean wait for all patients, for P2 and for P2–P4, and the gap
    /// in the share waiting over 52 weeks.
    public static func defaults(references: ReferenceGroups = ReferenceGroups()) -> [Measure] {
        let dimensions = EquityDimension.registry.filter { $0.headlineRank != nil }.sorted { $0.headlineRank! < $1.headlineRank! }
        var measures: [Measure] = []
        for dimension in dimensions {
            var groups = dimension.focusOrdinals(against: references[dimension]).map { dimension.groups[$0].code }
            if case .knownOthers = dimension.focus { groups.append("combined") }
            for group in groups {
                for slice in [Slice.all, .priority(.p2), .prioritiesP2toP4] {
                    measures.append(Measure(dimension: dimension, group: group, slice: slice))
                }
                measures.append(Measure(dimension: dimension, group: group, statistic: .over52Gap))
            }
        }
        return measures
    }

    /// Reads measures from lines `dimension,group,slice,statistic` (`imd-quintile,1,priority:P2,mean-gap`;
    /// `#` starts a comment), as `--measures FILE` gives them.
    /// - Throws: a message naming the line and what is wrong.
    public static func parse(_ text: String) throws(MeasureError) -> [Measure] {
        var measures: [Measure] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let fields = content.split(separator: ",").map(\.trimmedText)
            guard !fields.isEmpty, fields != [""] else { continue }
            guard fields.count == 4 else {
                throw MeasureError(message: "line \(number + 1): a measure is dimension,group,slice,statistic")
            }
            guard let dimension = EquityDimension.named(fields[0]), dimension.isCompared else {
                throw MeasureError(message: "line \(number + 1): '\(fields[0])' is not a compared dimension")
            }
            guard fields[1] == "combined" || dimension.ordinal(of: fields[1]) != nil else {
                throw MeasureError(message: "line \(number + 1): '\(fields[1])' is not a group of \(dimension.id)")
            }
            guard let slice = Slice(code: fields[2]) else {
                throw MeasureError(message: "line \(number + 1): '\(fields[2])' is not a part of the list (all, priority:P2, p2-p4, …)")
            }
            guard let statistic = Statistic(rawValue: fields[3]) else {
                throw MeasureError(message: "line \(number + 1): '\(fields[3])' is not mean-gap or over-52-gap")
            }
            // Only what can be computed, and tested as page one says: a margin dimension for all
            // patients only; a gap in mean where the medians are kept too (all, a priority, P2–P4).
            guard slice == .all || CrossTable.grouping(dimension) != nil else {
                throw MeasureError(
                    message: "line \(number + 1): \(dimension.id) is counted for all patients only; its part of the list must be 'all'")
            }
            guard statistic != .meanGap || CrossTable.hasDistributions(slice) else {
                throw MeasureError(
                    message:
                        "line \(number + 1): a mean-gap measure needs all, a priority (priority:P2) or p2-p4, where the medians are kept to test it; use over-52-gap for \(fields[2])"
                )
            }
            measures.append(Measure(dimension: dimension, group: fields[1], slice: slice, statistic: statistic))
        }
        guard !measures.isEmpty else { throw MeasureError(message: "no measure in the file") }
        return measures
    }

    /// The focus groups' ordinals.
    func focus(references: ReferenceGroups) -> [Int] {
        group == "combined" ? dimension.focusOrdinals(against: references[dimension]) : [dimension.ordinal(of: group)!]
    }

    /// How the pack names it: "Deprivation, P2: IMD quintile 1 (most deprived) vs 5 (least deprived)".
    public func label(references: ReferenceGroups) -> String {
        let reference = dimension.referencePhrase(references.ordinal(in: dimension))
        let focus =
            group == "combined" ? "all other recorded groups" : dimension.focusPhrase(self.focus(references: references), listed: true)
        let part = slice == .all ? "" : ", \(slice.label)"
        let what = statistic == .meanGap ? "" : ", over 52 weeks"
        return "\(dimension.title)\(part)\(what): \(focus) vs \(reference)"
    }

    /// The fewest patients on each side for a measure to be tested: below it, a gap in mean wait
    /// from these skewed waits is too unreliable to call (a Welch test of a handful of patients
    /// against thousands is anti-conservative when waits are right-skewed); the gap is shown, not tested.
    public static let minimumTestedGroup = 50

    /// The measure in a census: the gap with its 95% interval, or nil when either side is too
    /// small to show, or the census cannot give the dimension in this part of the list.
    public func estimate(in census: Census, references: ReferenceGroups, disclosure: DisclosurePolicy) -> Estimate? {
        test(in: census, references: references, disclosure: disclosure).estimate
    }

    /// The measure in a census with its two-sided p-value: for a gap in mean, the larger of
    /// Welch's t test (Student's t with Welch–Satterthwaite degrees of freedom) and Bonett and
    /// Price's test of the medians, which must differ the same way; for a gap in a share, the
    /// normal approximation from Newcombe's interval. The p-value is nil when either side has fewer
    /// than `minimumTestedGroup` patients.
    public func test(in census: Census, references: ReferenceGroups, disclosure: DisclosurePolicy) -> (
        estimate: Estimate?, pValue: Double?
    ) {
        guard let groups = census.moments(dimension, in: slice) else { return (nil, nil) }
        var focused = WaitMoments()
        for ordinal in focus(references: references) { focused.merge(groups[ordinal]) }
        let baseline = groups[references.ordinal(in: dimension)]
        guard disclosure.showsStatistics(ofGroupSize: focused.count), disclosure.showsStatistics(ofGroupSize: baseline.count) else {
            return (nil, nil)
        }
        let testable = min(focused.count, baseline.count) >= Self.minimumTestedGroup
        switch statistic {
        case .meanGap:
            guard let mean = focused.meanDays, let sd = focused.standardDeviationDays, let referenceMean = baseline.meanDays,
                let referenceSD = baseline.standardDeviationDays,
                let welch = Compare.meanDifference((focused.count, mean, sd), (baseline.count, referenceMean, referenceSD))
            else { return (nil, nil) }
            guard testable, welch.standardError > 0 else { return (welch.estimate.inWeeks, nil) }
            let t = abs(welch.estimate.value) / welch.standardError
            var p = 2 * (1 - Distributions.studentTCDF(t, df: welch.degreesOfFreedom))
            // Waits are right-skewed and long-tailed, and a mean can move with a few very long
            // waits: a gap is called only when the medians differ the same way too (an
            // intersection–union test, Bonett–Price for the medians), so its p-value is the
            // larger of the two.
            if let waits = census.waits(dimension, in: slice) {
                var together = WaitDistribution()
                for ordinal in focus(references: references) { together.merge(waits[ordinal]) }
                guard let medians = Compare.medianDifference(together, waits[references.ordinal(in: dimension)]),
                    medians.value * welch.estimate.value > 0, let medianP = Multiplicity.pValue(medians)
                else { return (welch.estimate.inWeeks, 1) }
                p = max(p, medianP)
            }
            return (welch.estimate.inWeeks, p)
        case .over52Gap:
            let index = WaitSummary.thresholdWeeks.firstIndex(of: 52)!
            // From releasable (rounded) counts only, as every share the pack prints.
            guard let own = disclosure.releasable(Proportion(numerator: focused.overThresholds[index], denominator: focused.count)),
                let theirs = disclosure.releasable(Proportion(numerator: baseline.overThresholds[index], denominator: baseline.count)),
                let difference = Compare.riskDifference(
                    own.numerator, of: own.denominator, versus: theirs.numerator, of: theirs.denominator)
            else { return (nil, nil) }
            let points = Estimate(value: difference.value * 100, lower: difference.lower * 100, upper: difference.upper * 100)
            return (points, testable ? Multiplicity.pValue(points) : nil)
        }
    }
}

/// A `--measures` file that cannot be used.
public struct MeasureError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Adjustments for testing many comparisons at once.
public enum Multiplicity {
    /// The two-sided p-value of an estimate with a normal 95% interval (z from its half-width).
    public static func pValue(_ estimate: Estimate) -> Double? {
        let halfWidth = (estimate.upper - estimate.lower) / 2
        guard halfWidth > 0, estimate.value.isFinite else { return nil }
        let z = abs(estimate.value) / (halfWidth / Normal.z95)
        return min(1, 2 * (1 - Distributions.normalCDF(z)))
    }

    /// Holm's step-down procedure: which hypotheses are rejected with the family-wise error
    /// rate held at `alpha` (Holm 1979). Nil p-values are never rejected.
    public static func holm(_ pValues: [Double?], alpha: Double = 0.05) -> [Bool] {
        let tested = pValues.indices.filter { pValues[$0] != nil }.sorted { pValues[$0]! < pValues[$1]! }
        var rejected = Array(repeating: false, count: pValues.count)
        for (rank, index) in tested.enumerated() {
            guard pValues[index]! <= alpha / Double(tested.count - rank) else { break }
            rejected[index] = true
        }
        return rejected
    }

    /// Benjamini and Hochberg's step-up procedure: which hypotheses are rejected with the false
    /// discovery rate held at `q` (Benjamini & Hochberg 1995). Nil p-values are never rejected.
    public static func benjaminiHochberg(_ pValues: [Double?], q: Double = 0.05) -> [Bool] {
        let tested = pValues.indices.filter { pValues[$0] != nil }.sorted { pValues[$0]! < pValues[$1]! }
        let m = Double(tested.count)
        var largest = -1
        for (rank, index) in tested.enumerated() where pValues[index]! <= Double(rank + 1) / m * q { largest = rank }
        var rejected = Array(repeating: false, count: pValues.count)
        if largest >= 0 { for index in tested[...largest] { rejected[index] = true } }
        return rejected
    }
}

extension StringProtocol {
    /// The text without spaces, tabs and carriage returns around it (Core has no Foundation).
    var trimmedText: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\"" }
        return String(self.drop(while: blank).reversed().drop(while: blank).reversed())
    }
}
