/// The exact sufficient statistics of a group's waits for means, their intervals and gaps, and
/// the shares over the RTT thresholds, without a histogram: for the many small cells where
/// medians are not reported.
///
/// - Complexity: O(1) memory.
public struct WaitMoments: Sendable, Equatable, Codable, Mergeable {
    /// Patients.
    public private(set) var count = 0
    /// Σ waits in days.
    public private(set) var totalDays = 0
    /// Σ waits² in days².
    public private(set) var totalSquaredDays = 0
    /// Patients waiting more than 18, 52, 65, 78 and 104 weeks (`WaitSummary.thresholdWeeks`).
    public private(set) var overThresholds = [Int](repeating: 0, count: WaitSummary.thresholdWeeks.count)

    /// Creates empty moments.
    public init() {}

    /// The moments of a distribution.
    public init(_ distribution: WaitDistribution) {
        count = distribution.count
        totalDays = distribution.totalDays
        totalSquaredDays = distribution.totalSquaredDays
        overThresholds = WaitSummary.thresholdWeeks.map { distribution.count(over: $0 * 7) }
    }

    /// Adds one patient.
    /// - Complexity: O(1).
    public mutating func add(days: Int) {
        count &+= 1
        totalDays &+= days
        totalSquaredDays &+= days &* days
        // Thresholds ascend: stop at the first one not passed.
        if days > 126 {
            overThresholds[0] &+= 1
            if days > 364 {
                overThresholds[1] &+= 1
                if days > 455 { overThresholds[2] &+= 1 }
                if days > 546 { overThresholds[3] &+= 1 }
                if days > 728 { overThresholds[4] &+= 1 }
            }
        }
    }

    public mutating func merge(_ other: WaitMoments) {
        count += other.count
        totalDays += other.totalDays
        totalSquaredDays += other.totalSquaredDays
        for index in overThresholds.indices { overThresholds[index] += other.overThresholds[index] }
    }

    /// The mean wait in days, or nil when empty.
    public var meanDays: Double? { count == 0 ? nil : Double(totalDays) / Double(count) }

    /// The sample standard deviation in days, or nil below two patients.
    public var standardDeviationDays: Double? {
        guard count > 1 else { return nil }
        let n = Double(count)
        return (Double(count &* totalSquaredDays &- totalDays &* totalDays) / (n * (n - 1))).squareRoot()
    }

    /// The difference in mean weeks from `reference`, with Welch's interval.
    public func meanGapInWeeks(from reference: WaitMoments) -> Estimate? {
        guard let mean = meanDays, let sd = standardDeviationDays, let referenceMean = reference.meanDays,
            let referenceSD = reference.standardDeviationDays
        else { return nil }
        return Compare.meanDifference((count, mean, sd), (reference.count, referenceMean, referenceSD))?.estimate.inWeeks
    }
}

extension WaitMoments {
    /// Moments as stored (census layout 3), taken as given.
    init(stored count: Int, totalDays: Int, totalSquaredDays: Int, overThresholds: [Int]) {
        self.count = count
        self.totalDays = totalDays
        self.totalSquaredDays = totalSquaredDays
        self.overThresholds = overThresholds
    }
}
