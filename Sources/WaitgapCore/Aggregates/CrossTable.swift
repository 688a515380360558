/// Waits of every cell of the crossed equity dimensions (the registry's `.crossed` ones, crossed
/// with each other: ethnic group × IMD quintile × learning disability) within every slice. Each
/// breakdown the pack shows, alone or crossed, is a sum of these cells, so a row costs one update
/// per slice it falls in (four or five), not one per view.
///
/// Cells of all patients and of each clinical priority (and P2–P4) keep day histograms, so their
/// medians and percentiles are exact; cells of each specialty and list type keep exact moments
/// and threshold counts (means, intervals, shares, mean gaps), which is what the pack reports
/// there. Day histograms for all ~4,900 cells would cost ~70 MB per census at 5M rows.
///
/// - Complexity: memory O(1,512 histogram cells × longest wait + 3,528 moment cells).
public struct CrossTable: Sendable, Equatable, Mergeable {
    /// The crossed dimensions, most significant first: a cell's index is their ordinals in
    /// mixed radix.
    public static let axes: [EquityDimension] = EquityDimension.registry.filter { $0.storage == .crossed }
    /// The hot path's copy of each axis: how to key a pathway, and how many groups it has.
    private static let axisKeys: [(key: EquityDimension.Key, count: Int)] = axes.map { ($0.key!, $0.groups.count) }
    /// How far apart consecutive groups of each axis are.
    static let strides: [Int] = axes.indices.map { axis in axes[(axis + 1)...].reduce(1) { $0 * $1.groups.count } }
    static let cellsPerSlice = axes.reduce(1) { $0 * $1.groups.count }
    /// Slices whose cells keep day histograms: all patients, each priority, and P2–P4 (which
    /// is stored nowhere: its cells are the sums of P2's, P3's and P4's).
    static let histogramSlices = Slice.prioritiesP2toP4.ordinal + 1

    /// Histogram cells, slice-major, for the first `histogramSlices` slices.
    public private(set) var distributions: [WaitDistribution]
    /// Moment cells, slice-major, for the other slices.
    public private(set) var moments: [WaitMoments]

    /// Creates an empty table.
    public init() {
        distributions = Array(repeating: WaitDistribution(), count: Self.histogramSlices * Self.cellsPerSlice)
        moments = Array(repeating: WaitMoments(), count: (Slice.count - Self.histogramSlices) * Self.cellsPerSlice)
    }

    /// The cell of a pathway within a slice.
    @inline(__always)
    static func cellIndex(_ pathway: Pathway) -> Int {
        var cell = 0
        for axis in axisKeys { cell = cell * axis.count + axis.key.ordinal(of: pathway) }
        return cell
    }

    /// The ordinal of axis `axis`'s group in cell `cell` (an index within a slice).
    static func ordinal(ofAxis axis: Int, inCell cell: Int) -> Int { cell / strides[axis] % axes[axis].groups.count }

    /// The position in `axes` of a crossed dimension.
    static func axis(of dimension: EquityDimension) -> Int? { axes.firstIndex(of: dimension) }

    /// Whether a slice's cells keep day histograms (exact medians and percentiles).
    public static func hasDistributions(_ slice: Slice) -> Bool { slice.ordinal < histogramSlices }

    /// Adds a pathway to its cell in every slice it belongs to.
    /// - Complexity: O(1).
    public mutating func add(_ pathway: Pathway) {
        let cell = Self.cellIndex(pathway)
        let days = pathway.waitDays
        let width = Self.cellsPerSlice
        let momentsBase = Self.histogramSlices * width
        distributions.withUnsafeMutableBufferPointer { cells in
            cells[cell].add(days: days)
            cells[Slice.priority(pathway.priority).ordinal * width + cell].add(days: days)
        }
        moments.withUnsafeMutableBufferPointer { cells in
            cells[Slice.specialty(pathway.specialty).ordinal * width - momentsBase + cell].add(days: days)
            cells[Slice.listType(pathway.waitingListType).ordinal * width - momentsBase + cell].add(days: days)
        }
    }

    /// Calls `body` with the storage index and the within-slice cell of every cell of `slice`
    /// (P2–P4: of P2, P3 and P4).
    private func forEachCell(in slice: Slice, _ body: (_ index: Int, _ cell: Int) -> Void) {
        if slice == .prioritiesP2toP4 {
            for priority in [ClinicalPriority.p2, .p3, .p4] { forEachCell(in: .priority(priority), body) }
            return
        }
        let base = slice.ordinal * Self.cellsPerSlice - (Self.hasDistributions(slice) ? 0 : Self.histogramSlices * Self.cellsPerSlice)
        for cell in 0..<Self.cellsPerSlice { body(base + cell, cell) }
    }

    /// A function giving, for a within-slice cell, the group of `dimension` (crossed, or derived
    /// from a crossed one) it belongs to; nil when the dimension is not kept crossed.
    static func grouping(_ dimension: EquityDimension) -> ((Int) -> Int)? {
        switch dimension.storage {
        case .crossed:
            guard let axis = axis(of: dimension) else { return nil }
            return { ordinal(ofAxis: axis, inCell: $0) }
        case .derived(let source, let groupOf):
            guard let source = EquityDimension.named(source), let axis = axis(of: source) else { return nil }
            return { groupOf[ordinal(ofAxis: axis, inCell: $0)] }
        case .margin:
            return nil
        }
    }

    /// The waits of all patients in `slice`, as a day histogram; nil for a slice that keeps moments only.
    public func distribution(in slice: Slice) -> WaitDistribution? {
        guard Self.hasDistributions(slice) else { return nil }
        var total = WaitDistribution()
        forEachCell(in: slice) { index, _ in
            if distributions[index].count > 0 { total.merge(distributions[index]) }
        }
        return total
    }

    /// The moments of all patients in `slice` (any slice).
    public func moments(in slice: Slice) -> WaitMoments {
        // Histograms summed first, then converted once (the sums are exact integers either way).
        if let distribution = distribution(in: slice) { return distribution.count > 0 ? WaitMoments(distribution) : WaitMoments() }
        var total = WaitMoments()
        forEachCell(in: slice) { index, _ in total.merge(cellMoments(slice, index)) }
        return total
    }

    private func cellMoments(_ slice: Slice, _ index: Int) -> WaitMoments {
        if Self.hasDistributions(slice) {
            return distributions[index].count > 0 ? WaitMoments(distributions[index]) : WaitMoments()
        }
        return moments[index]
    }

    /// One dimension's histograms within a slice that keeps them, by group ordinal; nil when the
    /// dimension is not kept crossed or the slice keeps moments only.
    public func waits(of dimension: EquityDimension, in slice: Slice) -> [WaitDistribution]? {
        guard Self.hasDistributions(slice), let group = Self.grouping(dimension) else { return nil }
        var result = Array(repeating: WaitDistribution(), count: dimension.groups.count)
        forEachCell(in: slice) { index, cell in
            if distributions[index].count > 0 { result[group(cell)].merge(distributions[index]) }
        }
        return result
    }

    /// One dimension's moments within any slice, by group ordinal; nil when it is not kept crossed.
    public func moments(of dimension: EquityDimension, in slice: Slice) -> [WaitMoments]? {
        // Histograms summed first, then each group's moments once: converting every cell would
        // walk 126 histograms.
        if Self.hasDistributions(slice) { return waits(of: dimension, in: slice)?.map { WaitMoments($0) } }
        guard let group = Self.grouping(dimension) else { return nil }
        var result = Array(repeating: WaitMoments(), count: dimension.groups.count)
        forEachCell(in: slice) { index, cell in
            let waits = cellMoments(slice, index)
            if waits.count > 0 { result[group(cell)].merge(waits) }
        }
        return result
    }

    /// Two crossed dimensions against each other within a slice that keeps histograms: `[row][column]`.
    public func crossed(_ rows: EquityDimension, _ columns: EquityDimension, in slice: Slice) -> [[WaitDistribution]]? {
        guard Self.hasDistributions(slice), let row = Self.grouping(rows), let column = Self.grouping(columns) else { return nil }
        var result = Array(repeating: Array(repeating: WaitDistribution(), count: columns.groups.count), count: rows.groups.count)
        forEachCell(in: slice) { index, cell in
            if distributions[index].count > 0 { result[row(cell)][column(cell)].merge(distributions[index]) }
        }
        return result
    }

    public mutating func merge(_ other: CrossTable) {
        for index in distributions.indices where other.distributions[index].count > 0 {
            distributions[index].merge(other.distributions[index])
        }
        for index in moments.indices where other.moments[index].count > 0 { moments[index].merge(other.moments[index]) }
    }

    // MARK: - Stored layouts

    /// Every occupied cell, with its slice and the code of each axis's group (stored layout 2).
    func occupiedCells() -> (histograms: [(Slice, [String], WaitDistribution)], moments: [(Slice, [String], WaitMoments)]) {
        var histograms: [(Slice, [String], WaitDistribution)] = []
        var momentCells: [(Slice, [String], WaitMoments)] = []
        for slice in Slice.allSlices where slice != .prioritiesP2toP4 {
            forEachCell(in: slice) { index, cell in
                let codes = Self.axes.indices.map { Self.axes[$0].groups[Self.ordinal(ofAxis: $0, inCell: cell)].code }
                if Self.hasDistributions(slice) {
                    if distributions[index].count > 0 { histograms.append((slice, codes, distributions[index])) }
                } else if moments[index].count > 0 {
                    momentCells.append((slice, codes, moments[index]))
                }
            }
        }
        return (histograms, momentCells)
    }

    /// The storage index of a slice's cell given by each axis's group ordinal.
    static func storageIndex(_ slice: Slice, ordinals: [Int]) -> Int {
        let cell = zip(ordinals, strides).reduce(0) { $0 + $1.0 * $1.1 }
        return slice.ordinal * cellsPerSlice - (hasDistributions(slice) ? 0 : histogramSlices * cellsPerSlice) + cell
    }

    /// Sets one cell (decoding stored layout 2).
    mutating func set(_ slice: Slice, ordinals: [Int], histogram: WaitDistribution) {
        distributions[Self.storageIndex(slice, ordinals: ordinals)] = histogram
    }

    mutating func set(_ slice: Slice, ordinals: [Int], moments cell: WaitMoments) {
        moments[Self.storageIndex(slice, ordinals: ordinals)] = cell
    }

    /// Decodes stored layout 1 (waitgap 0.2 and 0.3): cells by storage index, which is the index
    /// this layout still uses, since the crossed dimensions, their groups and the slices are
    /// those of 0.2.0, in the same order.
    init(layout1 decoder: Decoder) throws {
        self.init()
        enum CodingKeys: String, CodingKey { case distributions, moments }
        struct Cell<Value: Codable>: Codable {
            var index: Int
            var value: Value
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        for cell in try container.decode([Cell<WaitDistribution>].self, forKey: .distributions) {
            guard distributions.indices.contains(cell.index) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .distributions, in: container, debugDescription: "cell \(cell.index) out of range")
            }
            distributions[cell.index] = cell.value
        }
        for cell in try container.decode([Cell<WaitMoments>].self, forKey: .moments) {
            guard moments.indices.contains(cell.index) else {
                throw DecodingError.dataCorruptedError(forKey: .moments, in: container, debugDescription: "cell \(cell.index) out of range")
            }
            moments[cell.index] = cell.value
        }
    }
}

extension CrossTable {
    /// Sets a histogram slice's cell by its index within the slice (stored census layout 3).
    mutating func set(_ slice: Slice, cell: Int, histogram: WaitDistribution) {
        distributions[slice.ordinal * Self.cellsPerSlice + cell] = histogram
    }

    /// Sets a moments slice's cell by its index within the slice (stored census layout 3).
    mutating func set(_ slice: Slice, cell: Int, moments value: WaitMoments) {
        moments[(slice.ordinal - Self.histogramSlices) * Self.cellsPerSlice + cell] = value
    }
}
