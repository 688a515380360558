/// A statistical process control (XmR) chart as NHS England's "Making Data Count" reads it, in
/// the defaults of the NHS-R implementation NHSRplotthedots 0.2.2: centre = mean; limits =
/// mean ± 2.66 × mean moving range, with moving ranges at or above 3.267 × their mean screened
/// out (Nelson 1982) unless `screenOutliers` is false, which reproduces NHS England's Excel tool.
///
/// Special-cause rules, in order of precedence: a point outside a limit; a trend of 7 points each
/// strictly above (or below) the one before (a tie breaks it); 2 of 3 consecutive points beyond
/// two-thirds of the way to a limit, all 3 on the same side of the mean (only the points beyond
/// the band are flagged); a run of 7 points on one side of the mean (a point on it breaks the run).
/// Every point of a qualifying trend or run is flagged.
public struct SPCChart: Sendable, Equatable {
    /// Which direction is better: a smaller inequality gap is `.decrease`.
    public enum Direction: String, Sendable, Codable {
        case increase, decrease, neutral
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

    /// Every point, in order.
    public private(set) var points: [Point] = []
    /// Whether the (last segment's) limits rest on fewer than 13 points: "trial limits".
    public private(set) var hasTrialLimits = false
    /// The last point's type: the chart's variation label.
    public var variation: PointType? { points.last?.type }
    /// Assurance against the target, when one was given.
    public private(set) var assurance: Assurance?

    /// Builds the chart.
    /// - Parameters:
    ///   - values: the series, oldest first (at least two points for limits).
    ///   - direction: which way is better.
    ///   - screenOutliers: screen outlying moving ranges (NHSRplotthedots' default); false for
    ///     limits identical to NHS England's Excel tool.
    ///   - rebaseAt: indices where a new segment with its own limits starts (e.g. after a change
    ///     in practice).
    ///   - target: a target for assurance.
    public init(values: [Double], direction: Direction, screenOutliers: Bool = true, rebaseAt: [Int] = [], target: Double? = nil) {
        let starts = ([0] + rebaseAt.filter { $0 > 0 && $0 < values.count }).sorted()
        for (segmentIndex, start) in starts.enumerated() {
            let end = segmentIndex + 1 < starts.count ? starts[segmentIndex + 1] : values.count
            let segment = Array(values[start..<end])
            points += Self.segment(segment, direction: direction, screenOutliers: screenOutliers)
            hasTrialLimits = segment.count < 13
        }
        if let target, let last = points.last {
            switch direction {
            case .increase:
                assurance = target < last.lowerLimit ? .consistentlyPass : target > last.upperLimit ? .consistentlyFail : .inconsistent
            case .decrease:
                assurance = target > last.upperLimit ? .consistentlyPass : target < last.lowerLimit ? .consistentlyFail : .inconsistent
            case .neutral:
                assurance = nil
            }
        }
    }

    /// The limits of a series: mean, and mean ± 2.66 × (screened) mean moving range.
    public static func limits(_ values: [Double], screenOutliers: Bool) -> (mean: Double, lower: Double, upper: Double) {
        let mean = values.reduce(0, +) / Double(max(values.count, 1))
        var ranges = zip(values.dropFirst(), values).map { abs($0 - $1) }
        guard !ranges.isEmpty else { return (mean, mean, mean) }
        var meanRange = ranges.reduce(0, +) / Double(ranges.count)
        if screenOutliers {
            let upperRangeLimit = 3.267 * meanRange
            ranges = ranges.filter { $0 < upperRangeLimit }
            if !ranges.isEmpty { meanRange = ranges.reduce(0, +) / Double(ranges.count) }
        }
        return (mean, mean - 2.66 * meanRange, mean + 2.66 * meanRange)
    }

    private static func segment(_ values: [Double], direction: Direction, screenOutliers: Bool) -> [Point] {
        let (mean, lower, upper) = limits(values, screenOutliers: screenOutliers)
        let sides = values.map { $0 > mean ? 1 : $0 < mean ? -1 : 0 }
        let band = (upper - mean) * 2 / 3
        let close = values.map { abs($0 - mean) > band ? 1 : 0 }
        let outside = values.map { $0 > upper || $0 < lower }
        let trend = Self.flagged(trendMarkers(values))
        let run = Self.flagged(runMarkers(sides).map { $0 == 0 ? 0 : 1 })
        let twoInThree = twoInThreeMarkers(close: close, side: sides).flagged
        return values.indices.map { index in
            var type = PointType.commonCause
            let high: Bool?
            // Precedence: outside a limit, then a trend (its direction), then 2 of 3 or a run (the side).
            if outside[index] {
                high = values[index] > mean
            } else if trend[index] != 0 {
                high = trend[index] > 0
            } else if twoInThree[index] == 1 || run[index] != 0 {
                high = values[index] > mean
            } else {
                high = nil
            }
            if let high {
                switch direction {
                case .increase: type = high ? .specialCauseImprovement : .specialCauseConcern
                case .decrease: type = high ? .specialCauseConcern : .specialCauseImprovement
                case .neutral: type = high ? .specialCauseNeutralHigh : .specialCauseNeutralLow
                }
            }
            return Point(value: values[index], mean: mean, lowerLimit: lower, upperLimit: upper, type: type)
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
    /// beyond the band and all 3 on one side; `flagged` are those points that are beyond it.
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
}
