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
            // group's overall variance for it.
            let fallbackVariance = reference.varianceDays ?? 0
            let standardised = zip(strata, referenceStrata).map { own, ref in
                Standardise.Stratum(
                    count: own.count, total: Double(own.totalDays), totalOfSquares: Double(own.totalSquaredDays),
                    referenceMean: ref.count > 0 ? Double(ref.totalDays) / Double(ref.count) : nil,
                    referenceMeanVariance: ref.count > 0 ? ref.varianceOfMean(fallback: fallbackVariance) : 0)
            }
            if let result = Standardise.mean(standardised) {
                gap.adjustedGap = result.difference.inWeeks
                gap.adjustedCoverage = result.covered
            }
        }
        return gap
    }

    /// How a mean gap could change if the patients whose group is not recorded all belonged to
    /// the focus group, or all to the reference group: the bounds of what missing recording
    /// could hide.
    /// - Returns: the gap as reported and under each assumption, in weeks (Welch intervals).
    public static func unrecordedSensitivity(focus: WaitDistribution, reference: WaitDistribution, unrecorded: WaitDistribution)
        -> (reported: Estimate?, allInFocus: Estimate?, allInReference: Estimate?)
    {
        let focusMoments = WaitMoments(focus)
        let referenceMoments = WaitMoments(reference)
        let unrecordedMoments = WaitMoments(unrecorded)
        return (
            focusMoments.meanGapInWeeks(from: referenceMoments),
            focusMoments.merging(unrecordedMoments).meanGapInWeeks(from: referenceMoments),
            focusMoments.meanGapInWeeks(from: referenceMoments.merging(unrecordedMoments))
        )
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

extension StratumMoments {
    /// s²/n of the stratum's waits in days², with `fallback` as s² below two patients.
    func varianceOfMean(fallback: Double) -> Double {
        guard count > 1 else { return fallback / Double(max(count, 1)) }
        let mean = Double(totalDays) / Double(count)
        let s2 = max(0, (Double(totalSquaredDays) - Double(count) * mean * mean) / Double(count - 1))
        return s2 / Double(count)
    }
}

extension Estimate {
    /// A days estimate in weeks.
    public var inWeeks: Estimate { Estimate(value: value / 7, lower: lower / 7, upper: upper / 7) }
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
