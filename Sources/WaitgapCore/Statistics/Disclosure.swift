/// Small-number suppression for outputs that leave the analyst's desk, as NHS Digital does for
/// Hospital Episode Statistics: counts from 1 to the threshold (7 by default) are shown as `*`,
/// and no statistic is shown for a group of that size or smaller. A share whose numerator is
/// suppressed is suppressed too, since it and the group's size would give the count back.
public struct DisclosurePolicy: Sendable, Equatable, Codable {
    /// The largest count that is suppressed (7 by default).
    public var threshold: Int

    /// Creates a policy.
    public init(threshold: Int = 7) { self.threshold = max(threshold, 0) }

    /// Whether a count must not be shown.
    public func suppresses(_ count: Int) -> Bool { count >= 1 && count <= threshold }

    /// Whether statistics of a group of `count` patients may be shown.
    public func showsStatistics(ofGroupSize count: Int) -> Bool { count > threshold }

    /// Whether a share may be shown: its group is large enough and its numerator not suppressed.
    public func shows(_ proportion: Proportion) -> Bool {
        showsStatistics(ofGroupSize: proportion.denominator) && !suppresses(proportion.numerator)
    }
}
