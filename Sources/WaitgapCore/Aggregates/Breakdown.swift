/// Wait distributions of every group of one cohort (e.g. each broad ethnic group).
public struct Breakdown<Group: Cohort>: Sendable, Equatable, Codable, Mergeable {
    /// One distribution per group, in `Group.allCases` order.
    public private(set) var distributions: [WaitDistribution]

    /// Creates empty distributions.
    public init() {
        distributions = Array(repeating: WaitDistribution(), count: Group.allCases.count)
    }

    /// Merges a distribution into one group's.
    public mutating func merge(_ distribution: WaitDistribution, into group: Group) {
        distributions[group.ordinal].merge(distribution)
    }

    /// The distribution of one group.
    public subscript(group: Group) -> WaitDistribution { distributions[group.ordinal] }

    /// Adds one patient's wait to a group.
    /// - Complexity: O(1).
    public mutating func add(days: Int, to group: Group) {
        distributions[group.ordinal].add(days: days)
    }

    public mutating func merge(_ other: Breakdown<Group>) {
        for index in distributions.indices { distributions[index].merge(other.distributions[index]) }
    }
}
