#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A statistical process control (XmR) chart as NHS England's "Making Data Count" reads it, in
/// the defaults of the NHS-R implementation NHSRplotthedots 0.2.2: centre = mean; limits =
/// mean ± 2.66 × mean moving range, with moving ranges at or above 3.267 × their mean screened
/// out (Nelson 1982) unless `screenOutliers` is false, which reproduces NHS England's Excel tool.
///
/// Special-cause rules, in order of precedence (NHSRplotthedots `ptd_special_cause_type`,
/// R/ptd_calculate_point_type.R and R/ptd_spc_standard.R @050b07d):
/// - a point outside a limit;
/// - a trend of 7 points each strictly above (or below) the one before (a tie breaks it);
/// - 2 of 3 consecutive points "close to a limit", all 3 on the same side of the mean (a point
///   exactly on the mean breaks the window); only the close points are flagged. Close means
///   between the two-thirds line (mean ± 2 × 2.66/3 × mean moving range) and the limit: a point
///   outside the limits does not count towards 2 of 3 (`close_to_limits` is
///   `!outside_limits & (y < nlpl | y > nupl)`);
/// - a run of 7 points on one side of the mean (a point on it breaks the run).
///
/// Every point of a qualifying trend or run is flagged. A trend point's direction is the step to
/// the next point when that point is in a trend too, else the step from the one before, so a
/// point shared by a rising and a falling trend takes the later trend's direction, as in
/// NHSRplotthedots. One deliberate deviation: where a trend ends on a tie that starts another
/// trend, NHSRplotthedots reads the tie as "Decreasing" (its `ifelse(sdy == 1, "In", "De")`);
/// waitgap gives that point the direction of the step into it, the only trend it belongs to.
public struct SPCChart: Sendable, Equatable {
    /// Which direction is better: a smaller inequality gap is `.decrease`.
    public enum Direction: String, Sendable, Codable {
        case increase, decrease, neutral
        /// Better is nearer zero, on either side: a gap whose target is parity (e.g. the
        /// deprivation gap in weeks, which may also turn negative). A special cause signalled by
        /// a point's side of the mean (outside a limit, 2 of 3, a run) is an improvement when
        /// |value| < |mean| (the point is nearer zero than the centre line), a concern when
        /// |value| > |mean| (further from zero on the same side, or past zero and further on the
        /// other side: a gap that reverses beyond the limits is a concern), and neutral high/low
        /// when |value| = |mean|. A trend point is an improvement when the trend carries the value
        /// towards zero (falling where the value is above zero, rising where it is below) or the
        /// point is on zero, a concern when it carries it away from zero.
        case towardsZero = "towards_zero"
    }

    /// A point's variation type, as Making Data Count labels it.
    public enum PointType: String, Sendable, Codable {
        case commonCause = "common_cause"
        case specialCauseImprovement = "special_cause_improvement"
        case specialCauseConcern = "special_cause_concern"
        case specialCauseNeutralHigh = "special_cause_neutral_high"
        case specialCauseNeutralLow = "special_cause_neutral_low"
    }

    /// Assurance of meeting a target.
    public enum Assurance: String, Sendable, Codable {
        case consistentlyPass = "consistently_pass"
        case consistentlyFail = "consistently_fail"
        case inconsistent
    }

    /// One point with its limits and type.
    public struct Point: Sendable, Equatable {
        public var value: Double
        public var mean: Double
        public var lowerLimit: Double
        public var upperLimit: Double
        public var type: PointType
    }

    /// The fewest points a segment's limits must rest on before the chart gives an assurance
    /// verdict: Making Data Count's guidance, as NHSRplotthedots puts it (vignettes/
    /// number-of-points-required.Rmd): limits from fewer than 12 points are "trial limits", revised
    /// with each new point, and are locked only "once we have enough (i.e. >=12 data points)".
    public static let minimumPointsForAssurance = 12

    /// The length of a run on one side of the mean that signals a shift (the run rule's 7).
    public static let sustainedShiftLength = 7

    /// Every point, in order.
    public private(set) var points: [Point] = []
    /// Whether the (last segment's) limits rest on fewer than 13 points: "trial limits", as
    /// NHSRplotthedots warns (`ptd_add_short_group_warnings`, threshold 13). Assurance is
    /// withheld below `minimumPointsForAssurance` (12), the number the guidance gives.
    public private(set) var hasTrialLimits = false
    /// The number of points in the last segment, on which the last limits rest.
    public private(set) var lastSegmentCount = 0
    /// The last point's type: the chart's variation label.
    public var variation: PointType? { points.last?.type }
    /// Assurance against the target, when one was given and the last segment has at least
    /// `minimumPointsForAssurance` points (no verdict from trial limits).
    public private(set) var assurance: Assurance?
    /// The index of the first point of the run of 7 or more points, all on one side of the mean
    /// (none on it), that ends the chart within its last segment: a sustained shift, the
    /// prompt to ask what changed and, if it is understood, to rebase the limits there.
    public private(set) var sustainedShiftStart: Int?
    /// Whether the last 7 or more points of the last segment are all on one side of its mean.
    public var sustainedShift: Bool { sustainedShiftStart != nil }

    /// Builds the chart.
    /// - Parameters:
    ///   - values: the series, oldest first (at least two points for limits).
    ///   - direction: which way is better.
    ///   - screenOutliers: screen outlying moving ranges (NHSRplotthedots' default); false for
    ///     limits identical to NHS England's Excel tool.
    ///   - rebaseAt: indices where a new segment with its own limits starts (e.g. after a change
    ///     in practice).
    ///   - target: a target for assurance; with `.towardsZero`, the largest acceptable |value|
    ///     (its magnitude is used).
    /// - Complexity: O(points) time and memory.
    public init(values: [Double], direction: Direction, screenOutliers: Bool = true, rebaseAt: [Int] = [], target: Double? = nil) {
        let starts = Array(Set([0] + rebaseAt.filter { $0 > 0 && $0 < values.count })).sorted()
        var lastStart = 0
        for (segmentIndex, start) in starts.enumerated() {
            let end = segmentIndex + 1 < starts.count ? starts[segmentIndex + 1] : values.count
            let segment = Array(values[start..<end])
            points += Self.segment(segment, direction: direction, screenOutliers: screenOutliers)
            hasTrialLimits = segment.count < Self.minimumPointsForAssurance
            lastStart = start
            lastSegmentCount = segment.count
        }
        sustainedShiftStart = Self.trailingRunStart(points[lastStart...])
        if let target, let last = points.last, lastSegmentCount >= Self.minimumPointsForAssurance {
            assurance = Self.assurance(target: target, lower: last.lowerLimit, upper: last.upperLimit, direction: direction)
        }
    }

    /// Assurance as NHSRplotthedots' `ptd_calculate_assurance_type`: for `.increase`, pass when
    /// the target is below the lower limit, fail when above the upper; `.decrease` the reverse.
    /// For `.towardsZero` with tolerance t = |target|: pass when both limits lie strictly within
    /// (−t, t), fail when the lower limit is above t or the upper below −t (the process sits
    /// wholly beyond the tolerance on one side; with t = 0, wholly on one side of parity), else
    /// inconsistent. None for `.neutral`.
    static func assurance(target: Double, lower: Double, upper: Double, direction: Direction) -> Assurance? {
        switch direction {
        case .increase:
            return target < lower ? .consistentlyPass : target > upper ? .consistentlyFail : .inconsistent
        case .decrease:
            return target > upper ? .consistentlyPass : target < lower ? .consistentlyFail : .inconsistent
        case .towardsZero:
            let tolerance = abs(target)
            if lower > -tolerance && upper < tolerance { return .consistentlyPass }
            return lower > tolerance || upper < -tolerance ? .consistentlyFail : .inconsistent
        case .neutral:
            return nil
        }
    }

    /// The start of a run of at least `sustainedShiftLength` points on one side of their mean
    /// that ends `points`, or nil.
    private static func trailingRunStart(_ points: ArraySlice<Point>) -> Int? {
        guard let last = points.last, last.value != last.mean else { return nil }
        let above = last.value > last.mean
        var start = points.endIndex
        while start > points.startIndex {
            let point = points[start - 1]
            guard point.value != point.mean, (point.value > point.mean) == above else { break }
            start -= 1
        }
        return points.endIndex - start >= sustainedShiftLength ? start : nil
    }

    /// The limits of a series: mean, and mean ± 2.66 × (screened) mean moving range.
    public static func limits(_ values: [Double], screenOutliers: Bool) -> (mean: Double, lower: Double, upper: Double) {
        let (mean, meanRange) = centre(values, screenOutliers: screenOutliers)
        return (mean, mean - 2.66 * meanRange, mean + 2.66 * meanRange)
    }

    /// The mean and the (screened) mean moving range of a series (0 below two points).
    private static func centre(_ values: [Double], screenOutliers: Bool) -> (mean: Double, meanRange: Double) {
        let mean = values.reduce(0, +) / Double(max(values.count, 1))
        var ranges = zip(values.dropFirst(), values).map { abs($0 - $1) }
        guard !ranges.isEmpty else { return (mean, 0) }
        var meanRange = ranges.reduce(0, +) / Double(ranges.count)
        if screenOutliers {
            let upperRangeLimit = 3.267 * meanRange
            ranges = ranges.filter { $0 < upperRangeLimit }
            if !ranges.isEmpty { meanRange = ranges.reduce(0, +) / Double(ranges.count) }
        }
        return (mean, meanRange)
    }

    /// What signalled a special cause at a point.
    private enum Signal {
        /// No rule.
        case none
        /// A rule about the point's side of the mean: outside a limit, 2 of 3, a run.
        case side(high: Bool)
        /// A trend, rising or falling at the point.
        case trend(increasing: Bool)
    }

    private static func segment(_ values: [Double], direction: Direction, screenOutliers: Bool) -> [Point] {
        let (mean, meanRange) = centre(values, screenOutliers: screenOutliers)
        let lower = mean - 2.66 * meanRange
        let upper = mean + 2.66 * meanRange
        // NHSRplotthedots: limitclose <- 2 * (limit / 3); nlpl/nupl = mean ∓ limitclose × amr.
        let nearLower = mean - 2 * (2.66 / 3) * meanRange
        let nearUpper = mean + 2 * (2.66 / 3) * meanRange
        let sides = values.map { $0 > mean ? 1 : $0 < mean ? -1 : 0 }
        let outside = values.map { $0 > upper || $0 < lower }
        let close = values.indices.map { !outside[$0] && (values[$0] < nearLower || values[$0] > nearUpper) ? 1 : 0 }
        let trend = Self.flagged(trendMarkers(values)).map { $0 != 0 }
        let run = Self.flagged(runMarkers(sides).map { $0 == 0 ? 0 : 1 })
        let twoInThree = twoInThreeMarkers(close: close, side: sides).flagged
        return values.indices.map { index in
            let signal: Signal
            // Precedence: outside a limit, then a trend (its direction), then 2 of 3 or a run (the side).
            if outside[index] {
                signal = .side(high: sides[index] == 1)
            } else if trend[index] {
                signal = .trend(increasing: trendStep(values, inTrend: trend, at: index) > 0)
            } else if twoInThree[index] == 1 || run[index] != 0 {
                signal = .side(high: sides[index] == 1)
            } else {
                signal = .none
            }
            return Point(
                value: values[index], mean: mean, lowerLimit: lower, upperLimit: upper,
                type: type(of: signal, value: values[index], mean: mean, direction: direction))
        }
    }

    /// The direction (±1) of a trend point: NHSRplotthedots' `sdy`, the step to the next point
    /// when that point is in a trend too, else the step from the previous point; waitgap also
    /// takes the step from the previous point when the step to the next is a tie.
    private static func trendStep(_ values: [Double], inTrend: [Bool], at index: Int) -> Int {
        func step(_ from: Int) -> Int { values[from + 1] > values[from] ? 1 : values[from + 1] < values[from] ? -1 : 0 }
        if index + 1 < values.count, inTrend[index + 1], step(index) != 0 { return step(index) }
        return index > 0 ? step(index - 1) : step(index)
    }

    /// A point's type from what signalled it, oriented by `direction`.
    private static func type(of signal: Signal, value: Double, mean: Double, direction: Direction) -> PointType {
        let high: Bool
        switch signal {
        case .none: return .commonCause
        case .side(let side): high = side
        case .trend(let increasing): high = increasing
        }
        switch direction {
        case .increase: return high ? .specialCauseImprovement : .specialCauseConcern
        case .decrease: return high ? .specialCauseConcern : .specialCauseImprovement
        case .neutral: return high ? .specialCauseNeutralHigh : .specialCauseNeutralLow
        case .towardsZero:
            if case .trend = signal {
                if value == 0 { return .specialCauseImprovement }
                return (value > 0) != high ? .specialCauseImprovement : .specialCauseConcern
            }
            if abs(value) < abs(mean) { return .specialCauseImprovement }
            if abs(value) > abs(mean) { return .specialCauseConcern }
            return high ? .specialCauseNeutralHigh : .specialCauseNeutralLow
        }
    }

    /// Trend rule markers: ±1 at a point that ends 7 points each strictly above (+1) or below (−1)
    /// the one before (NHSRplotthedots `ptd_rule_trend`).
    public static func trendMarkers(_ values: [Double]) -> [Int] {
        values.indices.map { index in
            guard index >= 6 else { return 0 }
            let window = values[(index - 6)...index]
            if zip(window.dropFirst(), window).allSatisfy({ $0 > $1 }) { return 1 }
            if zip(window.dropFirst(), window).allSatisfy({ $0 < $1 }) { return -1 }
            return 0
        }
    }

    /// Run rule markers: ±1 (the side) at a point that ends 7 points on one side of the mean.
    public static func runMarkers(_ sides: [Int]) -> [Int] {
        sides.indices.map { index in
            guard index >= 6, sides[index] != 0 else { return 0 }
            return sides[(index - 6)...index].allSatisfy { $0 == sides[index] } ? sides[index] : 0
        }
    }

    /// Two-in-three rule: `window` marks the points of any 3-point window with at least 2 points
    /// close to a limit and all 3 on one side; `flagged` are those points that are close.
    /// - Parameters:
    ///   - close: 1 where a point is between the two-thirds line and the limit (not outside).
    ///   - side: the sign of each point's difference from the mean.
    public static func twoInThreeMarkers(close: [Int], side: [Int]) -> (window: [Int], flagged: [Int]) {
        var window = [Int](repeating: 0, count: close.count)
        if close.count >= 3 {
            for start in 0...(close.count - 3) {
                let sides = side[start..<(start + 3)]
                guard sides.first != 0, sides.allSatisfy({ $0 == sides.first }), close[start..<(start + 3)].reduce(0, +) >= 2 else {
                    continue
                }
                for index in start..<(start + 3) { window[index] = 1 }
            }
        }
        return (window, zip(window, close).map { $0 == 1 && $1 == 1 ? 1 : 0 })
    }

    /// Spreads rule markers (at the 7th point) back over all 7 points of the trend or run.
    private static func flagged(_ markers: [Int]) -> [Int] {
        var flags = [Int](repeating: 0, count: markers.count)
        for (index, marker) in markers.enumerated() where marker != 0 {
            for point in max(0, index - 6)...index { flags[point] = marker }
        }
        return flags
    }

    /// Round axis ticks covering `min`…`max`: multiples of the smallest step of the form 1, 2,
    /// 2.5 or 5 × 10ᵏ for which the ticks from the last multiple at or below `min` to the first at
    /// or above `max` number at most `count` (Heckbert, "Nice numbers for graph labels", Graphics
    /// Gems, 1990, with 2.5 added). Each tick is an integer divided (or multiplied) by a power of
    /// ten, so 3 × 0.1 is 0.3, as printed.
    /// - Parameters:
    ///   - min: the smallest value to cover.
    ///   - max: the largest (swapped with `min` if smaller); when equal, the range is widened by
    ///     a tenth of the value (or 1 at zero) each way.
    ///   - count: the most ticks wanted; at least 3, the fewest that can cover a range that
    ///     straddles zero.
    /// - Returns: ascending ticks, the first ≤ `min` and the last ≥ `max`; empty unless both are
    ///   finite.
    /// - Complexity: O(count) memory.
    public static func niceTicks(min: Double, max: Double, count: Int = 5) -> [Double] {
        guard min.isFinite, max.isFinite else { return [] }
        var low = Swift.min(min, max)
        var high = Swift.max(min, max)
        if low == high {
            let pad = low == 0 ? 1 : abs(low) / 10
            low -= pad
            high += pad
        }
        let count = Swift.max(count, 3)
        // Steps ascend through 10, 20, 25, 50 × 10^exponent, starting below any that could fit.
        var exponent = Int((log10((high - low) / Double(count - 1))).rounded(.down)) - 2
        while exponent < 300 {
            let scale = pow(10, Double(abs(exponent)))
            for mantissa in [10, 20, 25, 50] {
                func tick(_ index: Int) -> Double { exponent >= 0 ? Double(index * mantissa) * scale : Double(index * mantissa) / scale }
                let step = tick(1)
                // Far more ticks than an Int can count: a larger step.
                guard Swift.max(abs(low), abs(high)) / step < 1e15 else { continue }
                // Rounded division may land a quotient such as 0.3 / 0.1 just off an integer:
                // settle the ends on the ticks themselves.
                var first = Int((low / step).rounded(.down))
                if tick(first + 1) <= low { first += 1 }
                if tick(first) > low { first -= 1 }
                var last = Int((high / step).rounded(.up))
                if tick(last - 1) >= high { last -= 1 }
                if tick(last) < high { last += 1 }
                guard last - first + 1 <= count else { continue }
                return (first...last).map(tick)
            }
            exponent += 1
        }
        return []
    }
}
