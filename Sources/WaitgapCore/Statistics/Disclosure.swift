/// Small-number suppression for outputs that leave the analyst's desk, as NHS Digital does for
/// Hospital Episode Statistics since 2018: counts from 1 to the threshold (7 by default) are
/// shown as `*`, other counts rounded to the nearest 5, percentages computed from the rounded
/// numerator and denominator, and no statistic is shown for a group of the threshold's size or
/// smaller. A share whose numerator is suppressed is suppressed too.
public struct DisclosurePolicy: Sendable, Equatable, Codable {
    /// The largest count that is suppressed (7 by default; `--suppress-below 10` makes it 9).
    public var threshold: Int
    /// Counts above the threshold are rounded to a multiple of this (5; 1 = not rounded).
    public var rounding: Int

    /// Creates a policy.
    public init(threshold: Int = 7, rounding: Int = 5) {
        self.threshold = max(threshold, 0)
        self.rounding = max(rounding, 1)
    }

    /// A count as published: rounded to the nearest multiple of `rounding` (halves up), or nil
    /// when suppressed. Totals are rounded from their unrounded value, never summed from
    /// rounded parts.
    public func published(_ count: Int) -> Int? {
        if suppresses(count) { return nil }
        return (count + rounding / 2) / rounding * rounding
    }

    /// A share as published: from the rounded numerator and denominator, or nil when suppressed.
    /// It is the value of `releasable(_:)`, so that a printed share and its printed interval come
    /// from the same rounded counts and the share always lies within the interval
    /// (`ShareIntervalTests`).
    public func publishedShare(_ proportion: Proportion) -> Double? { releasable(proportion)?.value }

    /// Whether a count must not be shown.
    public func suppresses(_ count: Int) -> Bool { count >= 1 && count <= threshold }

    /// Whether statistics of a group of `count` patients may be shown.
    public func showsStatistics(ofGroupSize count: Int) -> Bool { count > threshold }

    /// Whether a share may be shown: its group is large enough, and neither its numerator nor
    /// its complement (the group less the numerator) is a suppressed count, since either, with
    /// the group's published size, would give the other back.
    public func shows(_ proportion: Proportion) -> Bool {
        showsStatistics(ofGroupSize: proportion.denominator) && !suppresses(proportion.numerator)
            && !suppresses(proportion.denominator - proportion.numerator)
    }

    /// A share as it may be published: from the rounded numerator and denominator, its Wilson
    /// interval too, so that the interval says no more than the rounded counts beside it (an
    /// interval from exact counts pins the exact count); nil when it may not be shown (`shows`).
    public func releasable(_ proportion: Proportion) -> Proportion? {
        guard shows(proportion), let numerator = published(proportion.numerator),
            let denominator = published(proportion.denominator), denominator > 0
        else { return nil }
        return Proportion(numerator: min(numerator, denominator), denominator: denominator)
    }

    /// Which cells of a table whose total is shown must be hidden so that no small count can be
    /// recovered by subtraction: every count from 1 to the threshold (primary), and then, while
    /// the hidden cells add up to between 1 and the threshold, the smallest shown non-zero cell
    /// (secondary).
    /// - Parameter counts: the cells of one partition of a shown total (a row or column).
    /// - Returns: the indices to hide.
    public func hiddenCells(_ counts: [Int]) -> Set<Int> { hiddenCells(counts, alreadyHidden: []) }

    /// Hidden cells of a two-way table whose row and column totals are shown: repeats
    /// `hiddenCells` over every row and column until nothing changes.
    public func hiddenCells(rowsOf table: [[Int]]) -> Set<[Int]> {
        var hidden = Set<[Int]>()
        for (row, counts) in table.enumerated() {
            for column in counts.indices where suppresses(counts[column]) { hidden.insert([row, column]) }
        }
        var changed = true
        while changed {
            changed = false
            for (row, counts) in table.enumerated() {
                for column in hiddenCells(counts, alreadyHidden: Set(counts.indices.filter { hidden.contains([row, $0]) }))
                where hidden.insert([row, column]).inserted {
                    changed = true
                }
            }
            let columns = table.first?.count ?? 0
            for column in 0..<columns {
                let counts = table.map { $0[column] }
                for row in hiddenCells(counts, alreadyHidden: Set(counts.indices.filter { hidden.contains([$0, column]) }))
                where hidden.insert([row, column]).inserted {
                    changed = true
                }
            }
        }
        return hidden
    }

    private func hiddenCells(_ counts: [Int], alreadyHidden: Set<Int>) -> Set<Int> {
        var hidden = alreadyHidden.union(counts.indices.filter { suppresses(counts[$0]) })
        while true {
            let hiddenTotal = hidden.reduce(0) { $0 + counts[$1] }
            guard hiddenTotal >= 1, hiddenTotal <= threshold else { break }
            let candidates = counts.indices.filter { !hidden.contains($0) && counts[$0] > 0 }
            guard let smallest = candidates.min(by: { counts[$0] < counts[$1] }) else { break }
            hidden.insert(smallest)
        }
        return hidden
    }
}
