/// The group each dimension's gaps are measured against (`--reference`): the dimension's
/// default unless the run names another.
public struct ReferenceGroups: Sendable, Equatable, Codable {
    /// Group code by dimension code, for dimensions whose reference is not the default.
    private var chosen: [EquityDimension.ID: String] = [:]

    /// The defaults: White, IMD quintile 5, no learning disability, and each dimension's own.
    public init() {}

    /// The code of a dimension's reference group.
    public subscript(dimension: EquityDimension) -> String { chosen[dimension.id] ?? dimension.defaultReference }

    /// The ordinal of a dimension's reference group.
    public func ordinal(in dimension: EquityDimension) -> Int { dimension.ordinal(of: self[dimension])! }

    /// Whether a dimension's reference is its default.
    public func isDefault(_ dimension: EquityDimension) -> Bool { self[dimension] == dimension.defaultReference }

    /// Parses `dimension=group` (`ethnicity=white`, `deprivation=5`, `ld=N`, `sex=2`), matching the
    /// group by code or label, ignoring case; a "not known" group cannot be a reference.
    /// - Throws: a message naming what is wrong.
    public mutating func set(_ text: String) throws(ReferenceError) {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces.lowercased() }
        guard parts.count == 2 else { throw ReferenceError(message: "--reference '\(text)' must be dimension=group, e.g. deprivation=5") }
        let compared = EquityDimension.registry.filter(\.isCompared)
        guard let dimension = compared.first(where: { $0.referenceNames.contains(parts[0]) || $0.id == parts[0] }) else {
            let names = compared.map { $0.referenceNames.first ?? $0.id }.joined(separator: ", ")
            throw ReferenceError(message: "--reference dimension '\(parts[0])' must be one of \(names)")
        }
        let candidates = dimension.groups.filter { !$0.isNotKnown }
        guard let group = candidates.first(where: { $0.code.lowercased() == parts[1] || $0.label.lowercased() == parts[1] }) else {
            let name = dimension.referenceNames.first ?? dimension.id
            throw ReferenceError(
                message: "--reference \(name) must be one of \(candidates.map(\.code).joined(separator: ", "))")
        }
        chosen[dimension.id] = group.code
    }
}

/// A `--reference` that cannot be used.
public struct ReferenceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
