/// Waits of every group of each margin equity dimension (the registry's `.margin` ones: ethnic
/// category code, IMD decile, age band, the PLUS group), for all patients: one day histogram per
/// group, so medians and percentiles are exact.
public struct MarginTable: Sendable, Equatable, Mergeable {
    /// The dimensions kept, in registry order.
    public static let dimensions: [EquityDimension] = EquityDimension.registry.filter { $0.storage == .margin }
    /// The first histogram of each dimension.
    static let offsets: [Int] = dimensions.indices.map { index in dimensions[..<index].reduce(0) { $0 + $1.groups.count } }
    private static let allSlots: [(key: EquityDimension.Key, offset: Int)] = dimensions.indices.map { (dimensions[$0].key!, offsets[$0]) }

    /// Every group's histogram, dimension by dimension.
    private var distributions: [WaitDistribution]
    /// What a row is added to: every dimension, or all but a PLUS group the run did not define.
    private let slots: [(key: EquityDimension.Key, offset: Int)]

    /// Creates an empty table.
    /// - Parameter plus: whether the run defines a PLUS group (else no row costs an add for it).
    public init(plus: Bool = true) {
        distributions = Array(repeating: WaitDistribution(), count: Self.dimensions.reduce(0) { $0 + $1.groups.count })
        slots = Self.allSlots.filter { plus || $0.key != .plus }
    }

    public static func == (lhs: MarginTable, rhs: MarginTable) -> Bool { lhs.distributions == rhs.distributions }

    /// Adds a pathway under its group of each dimension.
    /// - Complexity: O(1).
    public mutating func add(_ pathway: Pathway) {
        let days = pathway.waitDays
        distributions.withUnsafeMutableBufferPointer { cells in
            for slot in slots { cells[slot.offset + slot.key.ordinal(of: pathway)].add(days: days) }
        }
    }

    /// A margin dimension's histograms by group ordinal, or a dimension derived from one; nil for
    /// any other.
    public func waits(of dimension: EquityDimension) -> [WaitDistribution]? {
        if let index = Self.dimensions.firstIndex(of: dimension) {
            let start = Self.offsets[index]
            return Array(distributions[start..<(start + dimension.groups.count)])
        }
        guard case .derived(let sourceID, let groupOf) = dimension.storage, let source = EquityDimension.named(sourceID),
            let sourceWaits = waits(of: source)
        else { return nil }
        var result = Array(repeating: WaitDistribution(), count: dimension.groups.count)
        for (ordinal, waits) in sourceWaits.enumerated() where waits.count > 0 { result[groupOf[ordinal]].merge(waits) }
        return result
    }

    /// Sets one group's histogram (decoding stored layouts).
    /// - Returns: false when the dimension is not a margin.
    mutating func set(_ dimension: EquityDimension, group ordinal: Int, _ waits: WaitDistribution) -> Bool {
        guard let index = Self.dimensions.firstIndex(of: dimension) else { return false }
        distributions[Self.offsets[index] + ordinal] = waits
        return true
    }

    public mutating func merge(_ other: MarginTable) {
        for index in distributions.indices where other.distributions[index].count > 0 {
            distributions[index].merge(other.distributions[index])
        }
    }
}
