/// A closed set of groups that waits are broken down by, with a stable order for tables.
public protocol Cohort: CaseIterable, Hashable, Sendable, Codable where AllCases == [Self] {
    /// The group's position in `allCases` (0-based), used to index aggregates.
    var ordinal: Int { get }
    /// The label a board member reads.
    var label: String { get }
}
