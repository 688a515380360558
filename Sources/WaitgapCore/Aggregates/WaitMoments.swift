/// The exact sufficient statistics of a group's waits for means, their intervals and gaps, and
/// the shares over the RTT thresholds, without a histogram: for the many small cells where
/// medians are not reported.
///
/// - Complexity: O(1) memory.
public struct WaitMoments: Sendable, Equatable, Mergeable {
    /// Patients.
    public private(set) var count = 0
    /// Σ waits in days.
    public private(set) var totalDays = 0
    /// Σ waits² in days².
    public private(set) var totalSquaredDays = 0
    // Patients over each of the five thresholds, held inline: an array here would cost every
    // cell a heap buffer, and every add a uniqueness check.
    private var over18 = 0
    private var over52 = 0
    private var over65 = 0
    private var over78 = 0
    private var over104 = 0

    /// Patients waiting more than 18, 52, 65, 78 and 104 weeks (`WaitSummary.thresholdWeeks`).
    public var overThresholds: [Int] { [over18, over52, over65, over78, over104] }

    /// Creates empty moments.
    public init() {}

    /// The moments of a distribution.
    /// - Complexity: O(longest wait), one pass over the days past the first threshold.
    public init(_ distribution: WaitDistribution) {
        count = distribution.count
        totalDays = distribution.totalDays
        totalSquaredDays = distribution.totalSquaredDays
        let over = distribution.counts(over: Self.thresholdDays)
        (over18, over52, over65, over78, over104) = (over[0], over[1], over[2], over[3], over[4])
    }

    /// The thresholds in days, ascending.
    static let thresholdDays = WaitSummary.thresholdWeeks.map { $0 * 7 }

    /// Adds one patient.
    /// - Complexity: O(1).
    @inline(__always)
    public mutating func add(days: Int) {
        count &+= 1
        totalDays &+= days
        totalSquaredDays &+= days &* days
        // Thresholds ascend: stop at the first one not passed.
        if days > 126 {
            over18 &+= 1
            if days > 364 {
                over52 &+= 1
                if days > 455 { over65 &+= 1 }
                if days > 546 { over78 &+= 1 }
                if days > 728 { over104 &+= 1 }
            }
        }
    }

    public mutating func merge(_ other: WaitMoments) {
        count += other.count
        totalDays += other.totalDays
        totalSquaredDays += other.totalSquaredDays
        over18 += other.over18
        over52 += other.over52
        over65 += other.over65
        over78 += other.over78
        over104 += other.over104
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

extension WaitMoments: Codable {
    // As the synthesised coding of waitgap 0.3 wrote it (aggregate files, the history).
    private enum CodingKeys: String, CodingKey { case count, totalDays, totalSquaredDays, overThresholds }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        try container.encode(totalDays, forKey: .totalDays)
        try container.encode(totalSquaredDays, forKey: .totalSquaredDays)
        try container.encode(overThresholds, forKey: .overThresholds)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        count = try container.decode(Int.self, forKey: .count)
        totalDays = try container.decode(Int.self, forKey: .totalDays)
        totalSquaredDays = try container.decode(Int.self, forKey: .totalSquaredDays)
        let over = try container.decode([Int].self, forKey: .overThresholds)
        guard over.count == WaitSummary.thresholdWeeks.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .overThresholds, in: container,
                debugDescription: "\(over.count) threshold counts, not \(WaitSummary.thresholdWeeks.count)")
        }
        (over18, over52, over65, over78, over104) = (over[0], over[1], over[2], over[3], over[4])
    }
}

extension WaitMoments {
    /// Moments as stored (census layout 3), taken as given; `overThresholds` has one count for
    /// each of `WaitSummary.thresholdWeeks`.
    init(stored count: Int, totalDays: Int, totalSquaredDays: Int, overThresholds: [Int]) {
        precondition(overThresholds.count == 5, "five threshold counts")
        self.count = count
        self.totalDays = totalDays
        self.totalSquaredDays = totalSquaredDays
        (over18, over52, over65, over78, over104) = (
            overThresholds[0], overThresholds[1], overThresholds[2], overThresholds[3], overThresholds[4]
        )
    }
}
