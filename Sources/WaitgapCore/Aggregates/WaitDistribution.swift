/// The waits of a group of patients, held exactly as a day-resolution histogram with integer
/// sums, so that merging is exact and every statistic (mean, variance, any order statistic,
/// counts over a threshold) is computed without keeping rows.
///
/// - Complexity: memory O(maximum wait in days), whatever the number of patients.
public struct WaitDistribution: Sendable, Equatable, Codable, Mergeable {
    /// Patients counted.
    public private(set) var count = 0
    /// Σ waits, in days (exact: integers).
    public private(set) var totalDays = 0
    /// Σ waits², in days² (exact: integers; 5M waits of 10 years stay far inside Int64).
    public private(set) var totalSquaredDays = 0
    /// Patients by days waited: `dayCounts[d]` waited exactly `d` days.
    public private(set) var dayCounts: [UInt32]

    /// Creates an empty distribution for waits of 0...`maxDays` days.
    public init(maxDays: Int) {
        dayCounts = [UInt32](repeating: 0, count: maxDays + 1)
    }

    /// The longest wait it can hold, in days.
    public var maxDays: Int { dayCounts.count - 1 }

    /// Adds one patient who has waited `days` days (0...maxDays).
    /// - Complexity: O(1).
    public mutating func add(days: Int) {
        dayCounts[days] &+= 1
        count &+= 1
        totalDays &+= days
        totalSquaredDays &+= days &* days
    }

    public mutating func merge(_ other: WaitDistribution) {
        if other.dayCounts.count > dayCounts.count {
            dayCounts += [UInt32](repeating: 0, count: other.dayCounts.count - dayCounts.count)
        }
        for (days, patients) in other.dayCounts.enumerated() where patients > 0 {
            dayCounts[days] += patients
        }
        count += other.count
        totalDays += other.totalDays
        totalSquaredDays += other.totalSquaredDays
    }

    /// Patients who waited more than `days` days.
    /// - Complexity: O(maxDays).
    public func count(over days: Int) -> Int {
        guard days < maxDays else { return 0 }
        var total = 0
        for index in (max(days, -1) + 1)...maxDays { total += Int(dayCounts[index]) }
        return total
    }

    /// The `rank`-th smallest wait in days (1-based), x₍ᵣₐₙₖ₎.
    /// - Precondition: 1 ≤ rank ≤ count.
    /// - Complexity: O(maxDays).
    public func orderStatistic(_ rank: Int) -> Int {
        precondition(rank >= 1 && rank <= count, "rank \(rank) outside 1...\(count)")
        var seen = 0
        for (days, patients) in dayCounts.enumerated() {
            seen += Int(patients)
            if seen >= rank { return days }
        }
        return maxDays
    }

    /// The `p` quantile of the waits in days by Hyndman & Fan (1996) type 7 (R's default, numpy's
    /// `linear`, Excel's PERCENTILE.INC): h = (n−1)p + 1, Q = x₍⌊h⌋₎ + (h−⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
    /// - Returns: nil when there are no patients.
    public func quantileDays(_ p: Double) -> Double? {
        guard count > 0 else { return nil }
        let h = Double(count - 1) * p + 1
        let lower = Int(h.rounded(.down))
        let low = Double(orderStatistic(lower))
        guard lower < count else { return low }
        let high = Double(orderStatistic(lower + 1))
        return low + (h - Double(lower)) * (high - low)
    }

    /// The mean wait in days, or nil when empty.
    public var meanDays: Double? { count == 0 ? nil : Double(totalDays) / Double(count) }

    /// The sample variance of the waits in days² (n − 1 divisor), or nil below two patients.
    public var varianceDays: Double? {
        guard count > 1 else { return nil }
        // Exact integer sums: n·Σx² − (Σx)² has no cancellation error.
        let n = Double(count)
        let numerator = Double(count &* totalSquaredDays &- totalDays &* totalDays)
        return numerator / (n * (n - 1))
    }
}
