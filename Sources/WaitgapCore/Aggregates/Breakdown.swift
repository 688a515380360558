/// Wait distributions of every group of one cohort (e.g. each broad ethnic group).
public struct Breakdown<Group: Cohort>: Sendable, Equatable, Codable, Mergeable {
    /// One distribution per group, in `Group.allCases` order.
    public private(set) var distributions: [WaitDistribution]

    /// Creates empty distributions for waits of 0...`maxDays` days.
    public init(maxDays: Int) {
        distributions = Array(repeating: WaitDistribution(maxDays: maxDays), count: Group.allCases.count)
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
