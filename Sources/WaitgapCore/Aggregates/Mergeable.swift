/// An aggregate that combines with another of its kind so that aggregating parts and merging
/// equals aggregating the whole (xsv's `Commute`). Files, sites, months and trusts combine this way.
public protocol Mergeable {
    /// Adds `other` into `self`.
    mutating func merge(_ other: Self)
}

extension Mergeable {
    /// `self` with `other` merged in.
    public func merging(_ other: Self) -> Self {
        var copy = self
        copy.merge(other)
        return copy
    }
}
