/// The waits of a group of patients, held exactly as a day-resolution histogram with integer
/// sums, so that merging is exact and every statistic (mean, variance, any order statistic,
/// counts over a threshold) is computed without keeping rows.
///
/// The histogram grows to the longest wait added, so a small group costs little; equality
/// ignores unused length.
///
/// - Complexity: memory O(longest wait in days), whatever the number of patients.
public struct WaitDistribution: Sendable, Mergeable {
    /// Patients counted.
    public private(set) var count = 0
    /// Σ waits, in days (exact: integers).
    public private(set) var totalDays = 0
    /// Σ waits², in days² (exact: integers; 5M waits of 10 years stay far inside Int64).
    public private(set) var totalSquaredDays = 0
    /// Patients by days waited: `dayCounts[d]` waited exactly `d` days (shorter than the longest
    /// possible wait when no one waited that long).
    public private(set) var dayCounts: [UInt32] = []

    /// Creates an empty distribution.
    public init() {}

    /// The longest wait held, in days (−1 when empty).
    public var maxDays: Int { dayCounts.count - 1 }

    /// Adds one patient who has waited `days` days (≥ 0).
    /// - Complexity: O(1) amortised.
    @inline(__always)
    public mutating func add(days: Int) {
        if days >= dayCounts.count { grow(to: days) }
        dayCounts[days] &+= 1
        count &+= 1
        totalDays &+= days
        totalSquaredDays &+= days &* days
    }

    private mutating func grow(to days: Int) {
        // In 64-day steps, so that a long tail does not reallocate for every new maximum.
        let length = (days / 64 + 1) * 64
        dayCounts += [UInt32](repeating: 0, count: length - dayCounts.count)
    }

    public mutating func merge(_ other: WaitDistribution) {
        if other.dayCounts.count > dayCounts.count {
            dayCounts += [UInt32](repeating: 0, count: other.dayCounts.count - dayCounts.count)
        }
        // No day's count exceeds the total, so a total that fits means no day overflows: the
        // days can be added wrapping, a loop the compiler vectorises.
        precondition(count + other.count <= Int(UInt32.max), "a day histogram would overflow")
        dayCounts.withUnsafeMutableBufferPointer { mine in
            other.dayCounts.withUnsafeBufferPointer { theirs in
                for days in theirs.indices { mine[days] &+= theirs[days] }
            }
        }
        count += other.count
        totalDays += other.totalDays
        totalSquaredDays += other.totalSquaredDays
    }

    /// Patients who waited more than `days` days.
    /// - Complexity: O(longest wait).
    public func count(over days: Int) -> Int {
        guard days < maxDays else { return 0 }
        var total = 0
        for index in (max(days, -1) + 1)...maxDays { total += Int(dayCounts[index]) }
        return total
    }

    /// Patients who waited more than each of `thresholds` days (ascending), in one pass.
    /// - Complexity: O(longest wait − first threshold).
    func counts(over thresholds: [Int]) -> [Int] {
        var result = [Int](repeating: 0, count: thresholds.count)
        dayCounts.withUnsafeBufferPointer { days in
            var running = 0
            var day = days.count - 1
            for index in thresholds.indices.reversed() {
                while day > thresholds[index] {
                    running += Int(days[day])
                    day -= 1
                }
                result[index] = running
            }
        }
        return result
    }

    /// The `rank`-th smallest wait in days (1-based), x₍ᵣₐₙₖ₎.
    /// - Precondition: 1 ≤ rank ≤ count.
    /// - Complexity: O(longest wait).
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
    public func quantileDays(_ p: Double) -> Double? { Compare.quantile(self, p) }

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

    /// The sample standard deviation in days, or nil below two patients.
    public var standardDeviationDays: Double? { varianceDays.map { $0.squareRoot() } }
}

extension WaitDistribution: Equatable {
    /// Equal when they hold the same waits, whatever length their histograms grew to.
    public static func == (lhs: WaitDistribution, rhs: WaitDistribution) -> Bool {
        guard lhs.count == rhs.count, lhs.totalDays == rhs.totalDays, lhs.totalSquaredDays == rhs.totalSquaredDays else { return false }
        let common = min(lhs.dayCounts.count, rhs.dayCounts.count)
        return lhs.dayCounts[..<common] == rhs.dayCounts[..<common]
            && lhs.dayCounts[common...].allSatisfy { $0 == 0 } && rhs.dayCounts[common...].allSatisfy { $0 == 0 }
    }
}

extension WaitDistribution: Codable {
    private enum CodingKeys: String, CodingKey { case count, totalDays, totalSquaredDays, from, patients, days }

    /// Encodes the histogram as `from` (the shortest wait, in days) and `patients`, a string of
    /// comma-separated counts for each day from there to the longest wait, with a run of days
    /// nobody waited written `+k` (k days): `"3,1,+40,2"`. One string, not an array per day, keeps
    /// encoding and decoding of a whole census fast (Foundation's coders pay per JSON value, and
    /// a census holds thousands of histograms), dense or sparse.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        try container.encode(totalDays, forKey: .totalDays)
        try container.encode(totalSquaredDays, forKey: .totalSquaredDays)
        guard let first = dayCounts.firstIndex(where: { $0 > 0 }), let last = dayCounts.lastIndex(where: { $0 > 0 }) else {
            try container.encode(0, forKey: .from)
            try container.encode("", forKey: .patients)
            return
        }
        var text: [UInt8] = []
        text.reserveCapacity((last - first + 1) * 3)
        var day = first
        while day <= last {
            if day > first { text.append(UInt8(ascii: ",")) }
            var empty = 0
            while dayCounts[day + empty] == 0 { empty += 1 }
            if empty > 1 {
                text.append(UInt8(ascii: "+"))
                Self.appendDecimal(UInt32(empty), to: &text)
                day += empty
            } else {
                Self.appendDecimal(dayCounts[day], to: &text)
                day += 1
            }
        }
        try container.encode(first, forKey: .from)
        try container.encode(String(decoding: text, as: UTF8.self), forKey: .patients)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let patients = try container.decodeIfPresent(String.self, forKey: .patients) {
            let from = try container.decode(Int.self, forKey: .from)
            guard from >= 0, from <= 1_000_000 else {
                throw DecodingError.dataCorruptedError(forKey: .from, in: container, debugDescription: "from must be a day count")
            }
            if !patients.isEmpty {
                guard let counts = Self.parseCounts(patients) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .patients, in: container, debugDescription: "patients must be comma-separated counts")
                }
                dayCounts = [UInt32](repeating: 0, count: from) + counts
            }
        } else {
            // Version 1 files and histories: `[day, patients]` pairs.
            for pair in try container.decode([[Int]].self, forKey: .days) {
                guard pair.count == 2, pair[0] >= 0, pair[0] <= 1_000_000, pair[1] > 0, pair[1] <= Int(UInt32.max) else {
                    throw DecodingError.dataCorruptedError(forKey: .days, in: container, debugDescription: "a day must be [day, patients]")
                }
                if pair[0] >= dayCounts.count { dayCounts += [UInt32](repeating: 0, count: pair[0] + 1 - dayCounts.count) }
                dayCounts[pair[0]] += UInt32(pair[1])
            }
        }
        count = try container.decode(Int.self, forKey: .count)
        totalDays = try container.decode(Int.self, forKey: .totalDays)
        totalSquaredDays = try container.decode(Int.self, forKey: .totalSquaredDays)
        guard count == dayCounts.reduce(0, { $0 + Int($1) }) else {
            throw DecodingError.dataCorruptedError(forKey: .count, in: container, debugDescription: "count disagrees with the days")
        }
    }

    private static func appendDecimal(_ value: UInt32, to text: inout [UInt8]) {
        if value < 10 {
            text.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: [UInt8] = []
        var rest = value
        while rest > 0 {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        text.append(contentsOf: digits.reversed())
    }

    /// `"3,0,+5,12"` as counts (`+k`: k days with none); nil for anything else (empty fields,
    /// signs elsewhere, overflow, absurd lengths).
    private static func parseCounts(_ text: String) -> [UInt32]? {
        var counts: [UInt32] = []
        var value: UInt64 = 0
        var digits = 0
        var skip = false
        func finish() -> Bool {
            guard digits > 0 else { return false }
            if skip {
                guard value >= 1, counts.count + Int(value) <= 1_000_000 else { return false }
                counts += [UInt32](repeating: 0, count: Int(value))
            } else {
                counts.append(UInt32(value))
            }
            value = 0
            digits = 0
            skip = false
            return true
        }
        for byte in text.utf8 {
            if byte == UInt8(ascii: ",") {
                guard finish() else { return nil }
            } else if byte == UInt8(ascii: "+"), digits == 0, !skip {
                skip = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
                digits += 1
                guard value <= UInt64(UInt32.max) else { return nil }
            } else {
                return nil
            }
        }
        guard finish(), counts.count <= 1_000_000 else { return nil }
        return counts
    }
}

extension WaitDistribution {
    /// A distribution as stored (census layout 3): its day counts and sums, taken as given.
    init(stored dayCounts: [UInt32], count: Int, totalDays: Int, totalSquaredDays: Int) {
        self.dayCounts = dayCounts
        self.count = count
        self.totalDays = totalDays
        self.totalSquaredDays = totalSquaredDays
    }
}
