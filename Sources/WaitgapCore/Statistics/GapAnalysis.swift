/// One group compared with its dimension's reference group. Waits are in weeks; every
/// interval is 95%; a gap is positive when the group waits longer.
public struct GroupGap: Sendable, Equatable {
    /// The group's code (`EquityDimension.Group.code`), or "combined" for the focus groups together.
    public var code: String
    /// The group's label.
    public var label: String
    /// The group's statistics.
    public var summary: WaitSummary
    /// Whether this is the reference group.
    public var isReference: Bool
    /// Difference in mean weeks, Welch interval.
    public var meanGap: Estimate?
    /// Difference in mean weeks after indirect standardisation for case mix (observed − expected
    /// with the reference group's stratum means), normal interval.
    public var adjustedGap: Estimate?
    /// The share of the group's patients in strata the reference group also has (the adjusted
    /// gap is computed over those).
    public var adjustedCoverage: Double?
    /// The part of the raw mean gap that case mix explains, raw − adjusted, in weeks, with a
    /// conservative 95% interval: half-width √(h²_raw + h²_adjusted) from the two intervals'
    /// half-widths, i.e. the two gaps' covariance taken as 0. They share the group's waits and,
    /// given the strata, Cov(raw, adjusted) = Σₛ nₛσ²ₛ/(n·n_covered) + Σₛ Wₛ(nₛ/n_covered)·Var(mean_ref,ₛ)
    /// ≥ 0 (Wₛ: the reference's share in stratum s), so leaving it out overstates the variance of
    /// the difference: the interval errs wide, never narrow. Nil without both gaps.
    public var explainedByCaseMix: Estimate?
    /// Difference in median weeks, Bonett–Price interval.
    public var medianGap: Estimate?
    /// Relative risk of waiting more than 52 weeks, Katz interval (nil: not estimable).
    public var relativeRisk52: Estimate?
    /// Difference in the share waiting more than 52 weeks, Newcombe interval.
    public var riskDifference52: Estimate?

    /// Whether this row is several groups together (the focus groups), not one of the dimension's.
    public var isCombined: Bool { code == "combined" }

    /// Creates a comparison with no statistics yet.
    public init(code: String = "", label: String, summary: WaitSummary, isReference: Bool) {
        self.code = code
        self.label = label
        self.summary = summary
        self.isReference = isReference
    }

    /// Whether the raw mean gap is statistically significant (its interval excludes zero).
    public var meanGapIsSignificant: Bool { meanGap?.excludes(0) ?? false }
}

/// The gaps of one dimension.
public struct DimensionGaps: Sendable, Equatable {
    /// The dimension's name, for headings.
    public var dimension: String
    /// The reference group's label.
    public var reference: String
    /// Every group, reference included, in table order.
    public var groups: [GroupGap]
}

/// Compares each group of a dimension with a reference group, as METHODS.md recommends: Welch
/// for means, Bonett–Price for medians, Katz and Newcombe for waiting over 52 weeks, indirect
/// standardisation over specialty × priority × age band × sex for case mix.
public enum GapAnalysis {
    /// Gaps of one dimension.
    /// - Parameters:
    ///   - dimension: the dimension; its groups' waits are `waits`, by ordinal.
    ///   - reference: the reference group's ordinal.
    ///   - strata: each group's case-mix strata (by ordinal), when adjustment is wanted.
    ///   - combined: the focus groups together, as a further row, when wanted.
    ///   - disclosure: groups too small to show get no statistics.
    public static func gaps(
        _ dimension: EquityDimension, waits: [WaitDistribution], reference: Int,
        strata: ((Int) -> [StratumMoments]?)? = nil,
        combined: (label: String, groups: [Int])? = nil,
        disclosure: DisclosurePolicy = DisclosurePolicy()
    ) -> DimensionGaps {
        let referenceWaits = waits[reference]
        let referenceStrata = strata?(reference)
        var groups = dimension.groups.indices.map { ordinal in
            compare(
                code: dimension.groups[ordinal].code, label: dimension.groups[ordinal].label, waits[ordinal],
                isReference: ordinal == reference, with: referenceWaits, strata: strata?(ordinal), referenceStrata: referenceStrata,
                disclosure: disclosure)
        }
        if let combined {
            var together = WaitDistribution()
            for ordinal in combined.groups { together.merge(waits[ordinal]) }
            let togetherStrata = strata.map { strata in [StratumMoments].summing(combined.groups.compactMap { strata($0)?[...] }) }
            groups.append(
                compare(
                    code: "combined", label: combined.label, together, isReference: false, with: referenceWaits,
                    strata: togetherStrata, referenceStrata: referenceStrata, disclosure: disclosure))
        }
        return DimensionGaps(dimension: dimension.title, reference: dimension.groups[reference].label, groups: groups)
    }

    /// One group against the reference.
    public static func compare(
        code: String = "", label: String, _ waits: WaitDistribution, isReference: Bool, with reference: WaitDistribution,
        strata: [StratumMoments]?, referenceStrata: [StratumMoments]?, disclosure: DisclosurePolicy = DisclosurePolicy()
    ) -> GroupGap {
        var gap = GroupGap(code: code, label: label, summary: WaitSummary(waits), isReference: isReference)
        guard !isReference, disclosure.showsStatistics(ofGroupSize: waits.count),
            disclosure.showsStatistics(ofGroupSize: reference.count)
        else { return gap }
        if let mean = waits.meanDays, let sd = waits.standardDeviationDays, let referenceMean = reference.meanDays,
            let referenceSD = reference.standardDeviationDays,
            let welch = Compare.meanDifference((waits.count, mean, sd), (reference.count, referenceMean, referenceSD))
        {
            gap.meanGap = welch.estimate.inWeeks
        }
        gap.medianGap = Compare.medianDifference(waits, reference)?.inWeeks
        // Ratio and difference of the shares over 52 weeks, from releasable shares only (rounded
        // counts, none suppressed, nor their complements): from exact counts, or beside a
        // suppressed one, they would give a hidden count back.
        if let own = disclosure.releasable(Proportion(numerator: waits.count(over: 364), denominator: waits.count)),
            let theirs = disclosure.releasable(Proportion(numerator: reference.count(over: 364), denominator: reference.count))
        {
            gap.relativeRisk52 = Compare.relativeRisk(own.numerator, of: own.denominator, versus: theirs.numerator, of: theirs.denominator)
            gap.riskDifference52 = Compare.riskDifference(
                own.numerator, of: own.denominator, versus: theirs.numerator, of: theirs.denominator)
        }
        if let strata, let referenceStrata {
            // A reference stratum of one patient has no variance of its own: use the reference
            // group's overall variance for it. The reference's s² in a stratum is also the spread
            // assumed where the group has one patient (`Standardise.mean`).
            let fallbackVariance = reference.varianceDays ?? 0
            let standardised = zip(strata, referenceStrata).map { own, ref in
                Standardise.Stratum(
                    count: own.count, total: Double(own.totalDays), totalOfSquares: Double(own.totalSquaredDays),
                    referenceMean: ref.count > 0 ? Double(ref.totalDays) / Double(ref.count) : nil,
                    referenceMeanVariance: ref.count > 0 ? ref.varianceOfMean(fallback: fallbackVariance) : 0,
                    referenceVariance: ref.variance)
            }
            if let result = Standardise.mean(standardised) {
                gap.adjustedGap = result.difference.inWeeks
                gap.adjustedCoverage = result.covered
            }
        }
        if let raw = gap.meanGap, let adjusted = gap.adjustedGap {
            gap.explainedByCaseMix = raw.explainedByCaseMix(adjusted: adjusted)
        }
        return gap
    }

    /// The sharp bounds of a mean gap over every way of placing the patients whose group is not
    /// recorded: each unrecorded patient belongs to the focus group or to the reference group
    /// (none to neither), with the wait they actually have (from their day histogram).
    ///
    /// Manski (1989, 2003)-style worst-case bounds, without assumptions on who is unrecorded. The
    /// extremes are attained by splitting the unrecorded waits at a rank: the highest gap puts
    /// the k longest waits in the focus group and the rest in the reference group, the lowest the
    /// k shortest, for the best k. (Exchange argument: were a shorter wait in the focus group and
    /// a longer one in the reference group, swapping them raises the focus mean and lowers the
    /// reference's, group sizes unchanged.) Every k from 0 to the number unrecorded is tried, so
    /// the bounds are exact, not only the "all in one group" corners. The
    /// recorded gap need not lie between them: a patient must join one group or the other.
    /// - Parameters:
    ///   - focus: the focus group's recorded patients.
    ///   - reference: the reference group's recorded patients.
    ///   - unrecorded: the patients whose group is not recorded.
    /// - Returns: the bounds in weeks, or nil when no placement leaves both groups non-empty.
    /// - Complexity: O(unrecorded patients + longest wait) time, O(1) memory.
    public static func unrecordedBounds(focus: WaitDistribution, reference: WaitDistribution, unrecorded: WaitDistribution)
        -> UnrecordedBounds?
    {
        let total = unrecorded.count
        let unrecordedDays = Double(unrecorded.totalDays)
        // The gap (days) with the k unrecorded patients whose waits sum to `moved` in the focus
        // group and the rest in the reference group; nil when a group would be empty.
        func gap(_ k: Int, _ moved: Double) -> Double? {
            let focusCount = focus.count + k
            let referenceCount = reference.count + total - k
            guard focusCount > 0, referenceCount > 0 else { return nil }
            return (Double(focus.totalDays) + moved) / Double(focusCount)
                - (Double(reference.totalDays) + unrecordedDays - moved) / Double(referenceCount)
        }
        // Walks k = 0 … total, moving waits in `days` order; returns the extreme gap and its k.
        func extreme(days: some Sequence<Int>, better: (Double, Double) -> Bool) -> (gap: Double, k: Int)? {
            var best = gap(0, 0).map { (gap: $0, k: 0) }
            var k = 0
            var moved = 0.0
            for day in days {
                for _ in 0..<Int(unrecorded.dayCounts[day]) {
                    k += 1
                    moved += Double(day)
                    if let value = gap(k, moved), best.map({ better(value, $0.gap) }) ?? true { best = (value, k) }
                }
            }
            return best
        }
        let days = 0..<max(unrecorded.maxDays + 1, 0)
        guard let highest = extreme(days: days.reversed(), better: >), let lowest = extreme(days: days, better: <) else { return nil }
        var reported: Double?
        if let focusMean = focus.meanDays, let referenceMean = reference.meanDays { reported = (focusMean - referenceMean) / 7 }
        return UnrecordedBounds(
            reported: reported, lowest: lowest.gap / 7, lowestFocusCount: lowest.k, highest: highest.gap / 7,
            highestFocusCount: highest.k)
    }

    /// The slope and relative index of inequality of mean wait (weeks) across groups ordered
    /// most deprived first, with SE = s/√n per group (PHE value_type 0).
    /// - Returns: nil unless every group has at least two patients.
    public static func slopeIndexOfMeanWait(_ groups: [WaitDistribution]) -> SlopeIndex? {
        guard groups.allSatisfy({ $0.count > 1 }) else { return nil }
        return SlopeIndex(
            values: groups.map { $0.meanDays! / 7 },
            populations: groups.map { Double($0.count) },
            standardErrors: groups.map { $0.standardDeviationDays! / 7 / Double($0.count).squareRoot() })
    }

    /// The slope and relative index of inequality of the share waiting more than 52 weeks, with
    /// SE from each group's Wilson limits, untransformed.
    public static func slopeIndexOfLongWaits(_ groups: [WaitDistribution], disclosure: DisclosurePolicy? = nil) -> SlopeIndex? {
        guard groups.allSatisfy({ $0.count > 1 }) else { return nil }
        var proportions = groups.map { Proportion(numerator: $0.count(over: 364), denominator: $0.count) }
        if let disclosure {
            // For a pack: every share releasable, and taken from rounded counts.
            let released = proportions.compactMap(disclosure.releasable)
            guard released.count == proportions.count else { return nil }
            proportions = released
        }
        return SlopeIndex(
            values: proportions.map { $0.value! },
            populations: groups.map { Double($0.count) },
            standardErrors: proportions.map { ($0.upper - $0.lower) / (2 * Normal.z95) })
    }
}

/// The lowest and highest mean gap possible when each patient whose group is not recorded may
/// belong to the focus group or to the reference group (`GapAnalysis.unrecordedBounds`). Weeks;
/// positive when the focus group waits longer.
public struct UnrecordedBounds: Sendable, Equatable {
    /// The gap between the recorded patients alone; nil when either group has none.
    public var reported: Double?
    /// The lowest possible gap: the `lowestFocusCount` shortest unrecorded waits in the focus
    /// group, the rest in the reference group.
    public var lowest: Double
    /// How many unrecorded patients the focus group takes at the lowest gap.
    public var lowestFocusCount: Int
    /// The highest possible gap: the `highestFocusCount` longest unrecorded waits in the focus
    /// group, the rest in the reference group.
    public var highest: Double
    /// How many unrecorded patients the focus group takes at the highest gap.
    public var highestFocusCount: Int

    /// Creates bounds.
    public init(reported: Double?, lowest: Double, lowestFocusCount: Int, highest: Double, highestFocusCount: Int) {
        self.reported = reported
        self.lowest = lowest
        self.lowestFocusCount = lowestFocusCount
        self.highest = highest
        self.highestFocusCount = highestFocusCount
    }

    /// Whether every placement of the unrecorded patients leaves the focus group waiting longer
    /// (or every one shorter): missing recording cannot explain the gap away.
    public var excludesZero: Bool { lowest > 0 || highest < 0 }
}

extension StratumMoments {
    /// s²/n of the stratum's waits in days², with `fallback` as s² below two patients.
    func varianceOfMean(fallback: Double) -> Double {
        guard count > 1 else { return fallback / Double(max(count, 1)) }
        return variance! / Double(count)
    }

    /// The sample variance s² of the stratum's waits in days², or nil below two patients.
    var variance: Double? {
        guard count > 1 else { return nil }
        let mean = Double(totalDays) / Double(count)
        return max(0, (Double(totalSquaredDays) - Double(count) * mean * mean) / Double(count - 1))
    }
}

extension Estimate {
    /// A days estimate in weeks.
    public var inWeeks: Estimate { Estimate(value: value / 7, lower: lower / 7, upper: upper / 7) }

    /// This raw gap less `adjusted`, with half-width √(h² + h²_adjusted) from the two intervals'
    /// half-widths (covariance taken as 0: conservative, see `GroupGap.explainedByCaseMix`).
    func explainedByCaseMix(adjusted: Estimate) -> Estimate {
        let half =
            ((upper - lower) * (upper - lower) + (adjusted.upper - adjusted.lower) * (adjusted.upper - adjusted.lower)).squareRoot() / 2
        let difference = value - adjusted.value
        return Estimate(value: difference, lower: difference - half, upper: difference + half)
    }
}

extension Array where Element == StratumMoments {
    /// Stratum-by-stratum sums of several groups' strata.
    public static func summing(_ groups: [ArraySlice<StratumMoments>]) -> [StratumMoments] {
        guard let first = groups.first else { return [] }
        var total = Array(first)
        for group in groups.dropFirst() {
            for (index, moments) in zip(total.indices, group) { total[index].merge(moments) }
        }
        return total
    }
}
