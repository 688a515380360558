/// The statistics a board pack prints for one group: how many wait, how long, and how many
/// wait past the national thresholds.
public struct WaitSummary: Sendable, Equatable, Codable {
    /// The thresholds RTT statistics report, in weeks.
    public static let thresholdWeeks = [18, 52, 65, 78, 104]

    /// Patients in the group.
    public var count: Int
    /// Mean wait in weeks (days / 7).
    public var meanWeeks: Double?
    /// Mean wait's 95% interval in weeks (Student's t), when there are two patients or more.
    public var meanIntervalWeeks: Estimate?
    /// Median wait in weeks, Hyndman & Fan type 7 on day-resolution waits.
    public var medianWeeks: Double?
    /// Median's 95% interval in weeks (exact binomial order statistics), when one exists.
    public var medianIntervalWeeks: Estimate?
    /// 92nd percentile wait in weeks, type 7.
    public var p92Weeks: Double?
    /// Share waiting more than N weeks (more than 7×N days, as RTT statistics band waits),
    /// with Wilson 95% limits, one per `thresholdWeeks`.
    public var over: [Proportion]

    /// Summarises a distribution.
    public init(_ distribution: WaitDistribution) {
        count = distribution.count
        meanWeeks = distribution.meanDays.map { $0 / 7 }
        if let mean = distribution.meanDays, let deviation = distribution.standardDeviationDays {
            meanIntervalWeeks = Compare.mean(count: distribution.count, mean: mean, standardDeviation: deviation)?.inWeeks
        }
        medianWeeks = distribution.quantileDays(0.5).map { $0 / 7 }
        if let median = medianWeeks, let interval = Compare.medianInterval(distribution) {
            medianIntervalWeeks = Estimate(value: median, lower: interval.lower / 7, upper: interval.upper / 7)
        }
        p92Weeks = distribution.quantileDays(0.92).map { $0 / 7 }
        over = Self.thresholdWeeks.map {
            Proportion(numerator: distribution.count(over: $0 * 7), denominator: distribution.count)
        }
    }

    /// The share over `weeks` (one of `thresholdWeeks`).
    public func share(over weeks: Int) -> Proportion? {
        Self.thresholdWeeks.firstIndex(of: weeks).map { over[$0] }
    }
}
