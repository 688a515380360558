/// A stored census this waitgap cannot read as what it is.
public struct CensusLayoutError: Error, Sendable, CustomStringConvertible {
    /// One line: what is wrong, and what to do.
    public var message: String
    public var description: String { message }
}

/// How a census is stored (aggregate files, the history), by layout version:
///
/// - **Layout 1** (waitgap 0.2 and 0.3, no `layout` key): crossed cells and case-mix strata by
///   array index, margins (`byEthnicCategory`, `byDecile`) as arrays in code order. Read
///   through the index arithmetic of 0.2.0, which the registry's first three dimensions keep;
///   the dimensions it did not keep (age band, the PLUS group) are unavailable for such a month;
///   White British against the rest is regrouped from the codes it kept, without case-mix strata.
/// - **Layout 2**: every cell, margin group and stratum keyed by the codes of its dimension,
///   group and slice, so that a dimension gaining a group, or a new dimension, never moves a
///   stored count into another cell. A code this waitgap does not know is refused.
extension Census: Codable {
    /// The layout this waitgap writes.
    public static let layout = 2

    private enum CodingKeys: String, CodingKey {
        case layout, censusDate, crossed, margins, caseMix, plus, unavailable, unadjustable, quality, accounting, reading
        // Layout 1.
        case cells, byEthnicCategory, byDecile
    }

    private struct Crossed: Codable {
        var axes: [String]
        var histograms: [Cell<WaitDistribution>]
        var moments: [Cell<WaitMoments>]
    }

    private struct Cell<Value: Codable>: Codable {
        var slice: String
        var groups: [String]
        var waits: Value
    }

    /// A stratum as `[code, count, totalDays, totalSquaredDays, over52Weeks]`.
    private struct StoredStratum: Codable {
        var code: String
        var moments: StratumMoments

        init(code: String, moments: StratumMoments) {
            self.code = code
            self.moments = moments
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(code)
            for value in [moments.count, moments.totalDays, moments.totalSquaredDays, moments.over52Weeks] { try container.encode(value) }
        }

        init(from decoder: Decoder) throws {
            var container = try decoder.unkeyedContainer()
            code = try container.decode(String.self)
            moments = StratumMoments(
                count: try container.decode(Int.self), totalDays: try container.decode(Int.self),
                totalSquaredDays: try container.decode(Int.self), over52Weeks: try container.decode(Int.self))
        }
    }

    private struct LegacyBreakdown: Codable {
        var distributions: [WaitDistribution]
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.layout, forKey: .layout)
        try container.encodeIfPresent(censusDate, forKey: .censusDate)
        let occupied = cells.occupiedCells()
        try container.encode(
            Crossed(
                axes: CrossTable.axes.map(\.id),
                histograms: occupied.histograms.map { Cell(slice: $0.0.code, groups: $0.1, waits: $0.2) },
                moments: occupied.moments.map { Cell(slice: $0.0.code, groups: $0.1, waits: $0.2) }),
            forKey: .crossed)
        var stored: [String: [String: WaitDistribution]] = [:]
        for dimension in MarginTable.dimensions {
            let waits = margins.waits(of: dimension)!
            stored[dimension.id] = Dictionary(
                uniqueKeysWithValues: dimension.groups.indices.filter { waits[$0].count > 0 }.map { (dimension.groups[$0].code, waits[$0]) }
            )
        }
        try container.encode(stored, forKey: .margins)
        var strata: [String: [String: [StoredStratum]]] = [:]
        for entry in caseMix.occupied() where !unadjustable.contains(entry.dimension.id) {
            strata[entry.dimension.id, default: [:]][entry.group, default: []].append(
                StoredStratum(code: CaseMixTable.code(ofStratum: entry.stratum), moments: entry.moments))
        }
        try container.encode(strata, forKey: .caseMix)
        try container.encodeIfPresent(plus, forKey: .plus)
        try container.encode(unavailable, forKey: .unavailable)
        try container.encode(unadjustable.sorted(), forKey: .unadjustable)
        try container.encode(quality, forKey: .quality)
        try container.encode(accounting, forKey: .accounting)
        try container.encode(reading, forKey: .reading)
    }

    /// Decodes layout 1 or 2.
    /// - Throws: `CensusLayoutError` for a newer layout, or a dimension, group, slice or stratum
    ///   this waitgap does not know; `DecodingError` for damage.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let layout = try container.decodeIfPresent(Int.self, forKey: .layout) ?? 1
        guard (1...Self.layout).contains(layout) else {
            throw CensusLayoutError(
                message: "it was stored in census layout \(layout), newer than this waitgap reads (1 to \(Self.layout)); upgrade waitgap")
        }
        self.init(censusDate: try container.decodeIfPresent(Day.self, forKey: .censusDate))
        quality = try container.decode(DataQuality.self, forKey: .quality)
        accounting = try container.decode(Accounting.self, forKey: .accounting)
        reading = try container.decodeIfPresent(ReadingFacts.self, forKey: .reading) ?? ReadingFacts()
        if layout == 1 {
            try decodeLayout1(container)
        } else {
            try decodeLayout2(container)
        }
    }

    private mutating func decodeLayout1(_ container: KeyedDecodingContainer<CodingKeys>) throws {
        cells = try CrossTable(layout1: container.superDecoder(forKey: .cells))
        caseMix = try CaseMixTable(layout1: container.superDecoder(forKey: .caseMix))
        let kept: [(EquityDimension, CodingKeys)] = [(.ethnicCategory, .byEthnicCategory), (.imdDecile, .byDecile)]
        for (dimension, key) in kept {
            let stored = try container.decode(LegacyBreakdown.self, forKey: key).distributions
            guard stored.count == dimension.groups.count else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "\(stored.count) groups, not \(dimension.groups.count)")
            }
            for (ordinal, waits) in stored.enumerated() { _ = margins.set(dimension, group: ordinal, waits) }
        }
        let reason = "stored by waitgap 0.3 or earlier (census layout 1), which did not keep it"
        for dimension in MarginTable.dimensions where !kept.contains(where: { $0.0 == dimension }) {
            unavailable[dimension.id] = unavailable[dimension.id] ?? reason
        }
        // Layout 1 kept the strata of the three crossed dimensions only.
        for dimension in CaseMixTable.dimensions where dimension.storage != .crossed { unadjustable.insert(dimension.id) }
    }

    private mutating func decodeLayout2(_ container: KeyedDecodingContainer<CodingKeys>) throws {
        plus = try container.decodeIfPresent(PlusGroupDefinition.self, forKey: .plus)
        unavailable = try container.decode([String: String].self, forKey: .unavailable)
        unadjustable = Set(try container.decode([String].self, forKey: .unadjustable))
        for id in Array(unavailable.keys) + Array(unadjustable) where EquityDimension.named(id) == nil {
            throw Self.unknown("dimension '\(id)'")
        }

        let crossed = try container.decode(Crossed.self, forKey: .crossed)
        guard crossed.axes == CrossTable.axes.map(\.id) else {
            throw Self.unknown("crossing of \(crossed.axes.joined(separator: " × "))")
        }
        func ordinals(_ codes: [String]) throws -> [Int] {
            guard codes.count == CrossTable.axes.count else { throw Self.unknown("cell \(codes.joined(separator: "/"))") }
            return try zip(CrossTable.axes, codes).map { dimension, code in
                guard let ordinal = dimension.ordinal(of: code) else { throw Self.unknown("group '\(code)' of \(dimension.id)") }
                return ordinal
            }
        }
        func slice(_ code: String, histograms: Bool) throws -> Slice {
            guard let slice = Slice(code: code), slice != .prioritiesP2toP4, CrossTable.hasDistributions(slice) == histograms else {
                throw Self.unknown("slice '\(code)'")
            }
            return slice
        }
        for cell in crossed.histograms {
            cells.set(try slice(cell.slice, histograms: true), ordinals: try ordinals(cell.groups), histogram: cell.waits)
        }
        for cell in crossed.moments {
            cells.set(try slice(cell.slice, histograms: false), ordinals: try ordinals(cell.groups), moments: cell.waits)
        }

        for (id, groups) in try container.decode([String: [String: WaitDistribution]].self, forKey: .margins) {
            guard let dimension = EquityDimension.named(id), dimension.storage == .margin else { throw Self.unknown("dimension '\(id)'") }
            for (code, waits) in groups {
                guard let ordinal = dimension.ordinal(of: code) else { throw Self.unknown("group '\(code)' of \(id)") }
                _ = margins.set(dimension, group: ordinal, waits)
            }
        }
        for (id, groups) in try container.decode([String: [String: [StoredStratum]]].self, forKey: .caseMix) {
            guard let dimension = EquityDimension.named(id) else { throw Self.unknown("dimension '\(id)'") }
            for (code, strata) in groups {
                guard let ordinal = dimension.ordinal(of: code) else { throw Self.unknown("group '\(code)' of \(id)") }
                for stratum in strata {
                    guard let index = CaseMixTable.stratum(code: stratum.code) else {
                        throw Self.unknown("case-mix stratum '\(stratum.code)'")
                    }
                    guard caseMix.set(dimension, group: ordinal, stratum: index, stratum.moments) else {
                        throw Self.unknown("case-mix dimension '\(id)'")
                    }
                }
            }
        }
    }

    private static func unknown(_ what: String) -> CensusLayoutError {
        CensusLayoutError(message: "it holds a \(what) this waitgap does not know (stored by a newer waitgap?); upgrade waitgap")
    }
}
