#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value with a two-sided confidence interval.
public struct Estimate: Sendable, Equatable, Codable {
    /// The point estimate.
    public var value: Double
    /// The lower limit.
    public var lower: Double
    /// The upper limit.
    public var upper: Double

    /// Creates an estimate.
    public init(value: Double, lower: Double, upper: Double) {
        self.value = value
        self.lower = lower
        self.upper = upper
    }

    /// Whether the interval excludes `reference` (0 for a difference, 1 for a ratio): only then
    /// is a gap called statistically significant.
    public func excludes(_ reference: Double) -> Bool { lower > reference || upper < reference }
}

/// Values that can be read by rank: a wait histogram, or a sorted sample in tests.
public protocol OrderedSample {
    /// The number of values.
    var count: Int { get }
    /// The `rank`-th smallest value (1-based).
    func value(atRank rank: Int) -> Double
}

extension WaitDistribution: OrderedSample {
    public func value(atRank rank: Int) -> Double { Double(orderStatistic(rank)) }
}

/// A sample held as sorted values (for tests and small inputs).
public struct SortedSample: OrderedSample, Sendable {
    /// The values, ascending.
    public let values: [Double]
    /// Sorts `values`.
    public init(_ values: [Double]) { self.values = values.sorted() }
    public var count: Int { values.count }
    public func value(atRank rank: Int) -> Double { values[rank - 1] }
}

/// Means, medians and proportions compared between a group and its reference group.
public enum Compare {
    /// Mean with a Student t interval: x̄ ± t(1−α/2, n−1)·s/√n (OHID/PHE `phe_mean`).
    /// - Returns: nil below two values.
    public static func mean(count n: Int, mean: Double, standardDeviation s: Double, confidence: Double = 0.95) -> Estimate? {
        guard n > 1 else { return nil }
        let half = Distributions.studentTQuantile(1 - (1 - confidence) / 2, df: Double(n - 1)) * s / Double(n).squareRoot()
        return Estimate(value: mean, lower: mean - half, upper: mean + half)
    }

    /// The difference of two means with Welch's interval (Welch–Satterthwaite df, not rounded),
    /// as R's `t.test` does by default: d ± t(1−α/2, df)·√(s₁²/n₁ + s₂²/n₂).
    /// - Returns: the estimate and its degrees of freedom, or nil when either group has fewer than two values.
    public static func meanDifference(
        _ first: (count: Int, mean: Double, standardDeviation: Double),
        _ second: (count: Int, mean: Double, standardDeviation: Double), confidence: Double = 0.95
    ) -> (estimate: Estimate, standardError: Double, degreesOfFreedom: Double)? {
        guard first.count > 1, second.count > 1 else { return nil }
        let v1 = first.standardDeviation * first.standardDeviation / Double(first.count)
        let v2 = second.standardDeviation * second.standardDeviation / Double(second.count)
        let se = (v1 + v2).squareRoot()
        let difference = first.mean - second.mean
        guard se > 0 else { return (Estimate(value: difference, lower: difference, upper: difference), 0, .infinity) }
        let df = (v1 + v2) * (v1 + v2) / (v1 * v1 / Double(first.count - 1) + v2 * v2 / Double(second.count - 1))
        let half = Distributions.studentTQuantile(1 - (1 - confidence) / 2, df: df) * se
        return (Estimate(value: difference, lower: difference - half, upper: difference + half), se, df)
    }

    /// Distribution-free interval for a median by exact binomial order statistics (Altman et al.,
    /// *Statistics with Confidence*, 2000; `scipy.stats.quantile_test`): lower rank i = the
    /// smallest k with P(Bin(n, ½) ≤ k) ≥ α/2, upper rank n − i + 1.
    /// - Returns: the interval's limits, ranks and achieved coverage; nil when n ≤ 5 (no 95%
    ///   interval exists).
    public static func medianInterval(_ sample: some OrderedSample, confidence: Double = 0.95)
        -> (lower: Double, upper: Double, lowerRank: Int, upperRank: Int, coverage: Double)?
    {
        let n = sample.count
        let alpha = 1 - confidence
        var low = 0
        var high = n / 2
        while low < high {
            let middle = (low + high) / 2
            if Distributions.binomialCDF(middle, n: n, p: 0.5) >= alpha / 2 { high = middle } else { low = middle + 1 }
        }
        let rank = low
        guard rank >= 1, n - rank + 1 > rank else { return nil }
        let coverage = 1 - 2 * Distributions.binomialCDF(rank - 1, n: n, p: 0.5)
        guard coverage >= confidence - 1e-12 else { return nil }
        return (sample.value(atRank: rank), sample.value(atRank: n - rank + 1), rank, n - rank + 1, coverage)
    }

    /// Bonett & Price (2002) standard error of a median: (x₍ₙ₋ₐ₊₁₎ − x₍ₐ₎) / (2z₀),
    /// a = round(n/2 − √n) (at least 1), z₀ = Φ⁻¹(1 − P(Bin(n, ½) ≤ a − 1)).
    public static func medianStandardError(_ sample: some OrderedSample) -> Double? {
        let n = sample.count
        guard n >= 3 else { return nil }
        let a = max(1, Int((Double(n) / 2 - Double(n).squareRoot()).rounded(.toNearestOrEven)))
        let p = Distributions.binomialCDF(a - 1, n: n, p: 0.5)
        guard p > 0, p < 1 else { return nil }
        let z0 = Distributions.normalQuantile(1 - p)
        return (sample.value(atRank: n - a + 1) - sample.value(atRank: a)) / (2 * z0)
    }

    /// The difference of two medians with Bonett & Price's (2002) interval: d ± z√(SE₁² + SE₂²),
    /// medians by type 7. Computable from order statistics, so exact from merged histograms.
    public static func medianDifference(_ first: some OrderedSample, _ second: some OrderedSample, confidence: Double = 0.95) -> Estimate? {
        guard let se1 = medianStandardError(first), let se2 = medianStandardError(second) else { return nil }
        let difference = median(first) - median(second)
        let half = Distributions.z(confidence: confidence) * (se1 * se1 + se2 * se2).squareRoot()
        return Estimate(value: difference, lower: difference - half, upper: difference + half)
    }

    /// The `p` quantile by Hyndman & Fan (1996) type 7 (R's default, numpy's `linear`, Excel's
    /// PERCENTILE.INC): h = (n−1)p + 1, Q = x₍⌊h⌋₎ + (h−⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
    /// - Returns: nil for an empty sample.
    public static func quantile(_ sample: some OrderedSample, _ p: Double) -> Double? {
        let n = sample.count
        guard n > 0 else { return nil }
        let h = Double(n - 1) * p + 1
        let lower = Int(h.rounded(.down))
        let low = sample.value(atRank: lower)
        guard lower < n else { return low }
        return low + (h - Double(lower)) * (sample.value(atRank: lower + 1) - low)
    }

    /// The type 7 median of a sample (0 for an empty one).
    public static func median(_ sample: some OrderedSample) -> Double { quantile(sample, 0.5) ?? 0 }

    /// The relative risk x₁/n₁ ÷ x₂/n₂ with Katz et al.'s (1978) log interval:
    /// RR·exp(∓z√(1/x₁ − 1/n₁ + 1/x₂ − 1/n₂)).
    /// - Returns: nil ("not estimable") when either count is 0.
    public static func relativeRisk(_ x1: Int, of n1: Int, versus x2: Int, of n2: Int, confidence: Double = 0.95) -> Estimate? {
        guard x1 > 0, x2 > 0, n1 > 0, n2 > 0 else { return nil }
        let ratio = (Double(x1) / Double(n1)) / (Double(x2) / Double(n2))
        let se = (1 / Double(x1) - 1 / Double(n1) + 1 / Double(x2) - 1 / Double(n2)).squareRoot()
        let z = Distributions.z(confidence: confidence)
        return Estimate(value: ratio, lower: ratio * exp(-z * se), upper: ratio * exp(z * se))
    }

    /// The risk difference x₁/n₁ − x₂/n₂ with Newcombe's (1998) hybrid score interval
    /// (method 10), from the two Wilson intervals.
    public static func riskDifference(_ x1: Int, of n1: Int, versus x2: Int, of n2: Int, confidence: Double = 0.95) -> Estimate? {
        guard n1 > 0, n2 > 0 else { return nil }
        let z = Distributions.z(confidence: confidence)
        let first = Proportion(numerator: x1, denominator: n1, z: z)
        let second = Proportion(numerator: x2, denominator: n2, z: z)
        let p1 = Double(x1) / Double(n1)
        let p2 = Double(x2) / Double(n2)
        let d = p1 - p2
        let lower = d - ((p1 - first.lower) * (p1 - first.lower) + (second.upper - p2) * (second.upper - p2)).squareRoot()
        let upper = d + ((first.upper - p1) * (first.upper - p1) + (p2 - second.lower) * (p2 - second.lower)).squareRoot()
        return Estimate(value: d, lower: lower, upper: upper)
    }
}

/// The slope and relative index of inequality, as PHE/OHID compute them (PHEindicatormethods
/// `phe_sii`; Low & Low 2004): quantiles ordered 1 = most deprived, weighted least squares of
/// the value on the midpoint of each quantile's cumulative population share.
public struct SlopeIndex: Sendable, Equatable, Codable {
    /// SII: the fitted difference from the most to the least deprived end (β₁).
    public var sii: Estimate
    /// RII = (β₀ + β₁) / β₀, with a delta-method interval (within 2% of the width of PHE's
    /// simulated interval on its published cases; the ratio is not exactly normal).
    public var rii: Estimate
    /// β₀: the fitted value at the most deprived end.
    public var intercept: Double

    /// Fits the index.
    /// - Parameters:
    ///   - values: one value per quantile, most deprived first.
    ///   - populations: each quantile's population (all positive).
    ///   - standardErrors: each value's standard error.
    /// - Returns: nil with fewer than two quantiles or an empty one.
    /// - Note: PHE's tool draws the interval by simulation; for untransformed values the simulated
    ///   slope is exactly normal, so slope ± z·√[M diag(aᵢSEᵢ²) Mᵀ]₂₂ (M = (XᵀX)⁻¹Xᵀ) is its
    ///   limit as draws → ∞: deterministic, and within 1% of the published widths.
    public init?(values: [Double], populations: [Double], standardErrors: [Double], confidence: Double = 0.95) {
        let k = values.count
        guard k >= 2, populations.count == k, standardErrors.count == k, populations.allSatisfy({ $0 > 0 }) else { return nil }
        let total = populations.reduce(0, +)
        let shares = populations.map { $0 / total }
        var cumulative = 0.0
        var midpoints: [Double] = []
        for share in shares {
            midpoints.append(cumulative + share / 2)
            cumulative += share
        }
        // Rows of X: [√a, b√a]; y' = y√a.
        var s00 = 0.0, s01 = 0.0, s11 = 0.0, t0 = 0.0, t1 = 0.0
        for i in 0..<k {
            let root = shares[i].squareRoot()
            let x0 = root, x1 = midpoints[i] * root, y = values[i] * root
            s00 += x0 * x0
            s01 += x0 * x1
            s11 += x1 * x1
            t0 += x0 * y
            t1 += x1 * y
        }
        let determinant = s00 * s11 - s01 * s01
        guard determinant != 0 else { return nil }
        // (XᵀX)⁻¹
        let i00 = s11 / determinant, i01 = -s01 / determinant, i11 = s00 / determinant
        let beta0 = i00 * t0 + i01 * t1
        let beta1 = i01 * t0 + i11 * t1
        // Var(β) = M diag(aᵢSEᵢ²) Mᵀ with M = (XᵀX)⁻¹Xᵀ.
        var v00 = 0.0, v01 = 0.0, v11 = 0.0
        for i in 0..<k {
            let root = shares[i].squareRoot()
            let m0 = i00 * root + i01 * midpoints[i] * root
            let m1 = i01 * root + i11 * midpoints[i] * root
            let variance = shares[i] * standardErrors[i] * standardErrors[i]
            v00 += m0 * m0 * variance
            v01 += m0 * m1 * variance
            v11 += m1 * m1 * variance
        }
        let z = Distributions.z(confidence: confidence)
        let slopeHalf = z * v11.squareRoot()
        sii = Estimate(value: beta1, lower: beta1 - slopeHalf, upper: beta1 + slopeHalf)
        intercept = beta0
        let ratio = (beta0 + beta1) / beta0
        // RII = 1 + β₁/β₀: gradient (−β₁/β₀², 1/β₀).
        let g0 = -beta1 / (beta0 * beta0), g1 = 1 / beta0
        let riiHalf = z * (g0 * g0 * v00 + 2 * g0 * g1 * v01 + g1 * g1 * v11).squareRoot()
        rii = Estimate(value: ratio, lower: ratio - riiHalf, upper: ratio + riiHalf)
    }
}

/// Indirect standardisation: what a group's outcome would be with the reference's rates or
/// means applied to the group's own case mix.
public enum Standardise {
    /// Byar's approximation to the Poisson interval for an observed count O (PHE practice:
    /// exact χ² limits below 10): O(1 − 1/(9O) − z/(3√O))³ and (O+1)(1 − 1/(9(O+1)) + z/(3√(O+1)))³.
    public static func poissonInterval(observed: Int, confidence: Double = 0.95) -> (lower: Double, upper: Double) {
        let o = Double(observed)
        if observed < 10 {
            let alpha = 1 - confidence
            let lower = observed == 0 ? 0 : Distributions.chiSquareQuantile(alpha / 2, df: 2 * o) / 2
            return (lower, Distributions.chiSquareQuantile(1 - alpha / 2, df: 2 * o + 2) / 2)
        }
        return byarsInterval(observed: observed, confidence: confidence)
    }

    /// Byar's limits for any count (the PHE helper `byars_lower`/`byars_upper`, used for O ≥ 10).
    public static func byarsInterval(observed: Int, confidence: Double = 0.95) -> (lower: Double, upper: Double) {
        let o = Double(observed)
        let z = Distributions.z(confidence: confidence)
        return (
            o * pow(1 - 1 / (9 * o) - z / (3 * o.squareRoot()), 3),
            (o + 1) * pow(1 - 1 / (9 * (o + 1)) + z / (3 * (o + 1).squareRoot()), 3)
        )
    }

    /// The indirectly standardised ratio O/E with its interval [O_L, O_U]/E.
    public static func ratio(observed: Int, expected: Double, confidence: Double = 0.95) -> Estimate? {
        guard expected > 0 else { return nil }
        let (lower, upper) = poissonInterval(observed: observed, confidence: confidence)
        return Estimate(value: Double(observed) / expected, lower: lower / expected, upper: upper / expected)
    }

    /// One stratum of a group, for standardising a mean.
    public struct Stratum: Sendable, Equatable {
        /// The group's patients in the stratum.
        public var count: Int
        /// Σ of the group's values in the stratum.
        public var total: Double
        /// Σ of squares of the group's values in the stratum.
        public var totalOfSquares: Double
        /// The reference group's mean in the stratum (nil if the reference has no one there).
        public var referenceMean: Double?
        /// The variance of that mean (s²/n of the reference's stratum), or 0 to treat it as fixed.
        public var referenceMeanVariance: Double
        /// The variance s² of the reference group's values in the stratum (nil below two
        /// patients): the spread assumed for the group's values where the group has one patient.
        public var referenceVariance: Double?

        /// Creates a stratum.
        public init(
            count: Int, total: Double, totalOfSquares: Double, referenceMean: Double?, referenceMeanVariance: Double = 0,
            referenceVariance: Double? = nil
        ) {
            self.count = count
            self.total = total
            self.totalOfSquares = totalOfSquares
            self.referenceMean = referenceMean
            self.referenceMeanVariance = referenceMeanVariance
            self.referenceVariance = referenceVariance
        }

        /// The sample variance s² of the group's values in the stratum, or nil below two.
        var variance: Double? {
            guard count > 1 else { return nil }
            let mean = total / Double(count)
            return max(0, (totalOfSquares - Double(count) * mean * mean) / Double(count - 1))
        }
    }

    /// Indirect standardisation of a mean (METHODS.md): observed mean O = Σ totals / n, expected
    /// E = Σₛ nₛ·mean_ref,ₛ / n over strata where the reference has patients; reports O − E with
    /// a normal interval, SE² = Σₛ nₛ·s²ₛ / n² + Σₛ (nₛ/n)²·Var(mean_ref,ₛ). METHODS.md treats the
    /// reference means as fixed (the second term 0, as ISR treats E as fixed); with thousands of
    /// strata many reference means rest on few patients, and ignoring their error made 95%
    /// intervals miss planted gaps, so waitgap passes their variance in.
    ///
    /// A stratum where the group has one patient has no s²ₛ of its own, yet its patient's wait
    /// varies as much as anyone's: leaving it out of SE², as waitgap once did, made 95%
    /// intervals cover a planted gap in only 79–90% of small groups spread over many strata
    /// (`StandardisationCoverageTests`). Such a stratum takes the larger of the reference
    /// group's s² in the same stratum (`referenceVariance`, when the reference has two patients
    /// there) and the group's pooled within-stratum variance Σ(nₛ − 1)s²ₛ / Σ(nₛ − 1) (or, when
    /// no stratum of the group has two patients, the variance of all its covered values, which
    /// includes the spread between strata and so errs wide). Each alone can fall short: the
    /// pooled variance where spread grows with a stratum's waits and the one-patient strata are
    /// the rare, long-wait ones (92% coverage in a log-normal design like `SampleGenerator`'s),
    /// the reference's s² where the group's waits spread more than the reference's; the larger
    /// of the two kept coverage at 94–96% in both designs.
    /// - Returns: observed, expected, the adjusted difference and the share of patients in strata
    ///   the reference covers; nil when none are covered.
    /// - Complexity: O(strata) time, O(strata) memory.
    public static func mean(_ strata: [Stratum], confidence: Double = 0.95)
        -> (observed: Double, expected: Double, difference: Estimate, covered: Double)?
    {
        let covered = strata.filter { $0.referenceMean != nil && $0.count > 0 }
        let n = covered.reduce(0) { $0 + $1.count }
        let all = strata.reduce(0) { $0 + $1.count }
        guard n > 0 else { return nil }
        let observed = covered.reduce(0) { $0 + $1.total } / Double(n)
        let expected = covered.reduce(0) { $0 + Double($1.count) * $1.referenceMean! } / Double(n)
        let fallback = singletonVariance(covered)
        var variance = 0.0
        for stratum in covered {
            let s2 = stratum.variance ?? max(stratum.referenceVariance ?? 0, fallback)
            variance += Double(stratum.count) * s2
        }
        var referenceVariance = 0.0
        for stratum in covered {
            let weight = Double(stratum.count) / Double(n)
            referenceVariance += weight * weight * stratum.referenceMeanVariance
        }
        let se = (variance / (Double(n) * Double(n)) + referenceVariance).squareRoot()
        let z = Distributions.z(confidence: confidence)
        let difference = observed - expected
        return (
            observed, expected, Estimate(value: difference, lower: difference - z * se, upper: difference + z * se), Double(n) / Double(all)
        )
    }

    /// The group's s² for its one-patient strata (`mean`): its pooled within-stratum variance,
    /// else the variance of all its values, else 0.
    private static func singletonVariance(_ strata: [Stratum]) -> Double {
        var pooled = 0.0
        var degreesOfFreedom = 0
        for stratum in strata {
            guard let s2 = stratum.variance else { continue }
            pooled += Double(stratum.count - 1) * s2
            degreesOfFreedom += stratum.count - 1
        }
        if degreesOfFreedom > 0 { return pooled / Double(degreesOfFreedom) }
        let n = strata.reduce(0) { $0 + $1.count }
        guard n > 1 else { return 0 }
        let total = strata.reduce(0) { $0 + $1.total }
        let totalOfSquares = strata.reduce(0) { $0 + $1.totalOfSquares }
        return max(0, (totalOfSquares - total * total / Double(n)) / Double(n - 1))
    }
}
