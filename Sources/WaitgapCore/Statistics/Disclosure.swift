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
    public func publishedShare(_ proportion: Proportion) -> Double? {
        guard shows(proportion), let numerator = published(proportion.numerator), let denominator = published(proportion.denominator),
            denominator > 0
        else { return nil }
        return Double(numerator) / Double(denominator)
    }

    /// Whether a count must not be shown.
    public func suppresses(_ count: Int) -> Bool { count >= 1 && count <= threshold }

    /// Whether statistics of a group of `count` patients may be shown.
    public func showsStatistics(ofGroupSize count: Int) -> Bool { count > threshold }

    /// Whether a share may be shown: its group is large enough and its numerator not suppressed.
    public func shows(_ proportion: Proportion) -> Bool {
        showsStatistics(ofGroupSize: proportion.denominator) && !suppresses(proportion.numerator)
    }
}
