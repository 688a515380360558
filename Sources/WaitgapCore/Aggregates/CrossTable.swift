/// Waits of every (ethnic group × IMD quintile × learning disability) cell within every slice.
/// Each breakdown the pack shows, alone or crossed, is a sum of these cells, so a row costs one
/// update per slice it falls in (four or five), not one per view.
///
/// Cells of all patients and of each clinical priority (and P2–P4) keep day histograms, so their
/// medians and percentiles are exact; cells of each specialty and list type keep exact moments
/// and threshold counts (means, intervals, shares, mean gaps), which is what the pack reports
/// there. Day histograms for all ~4,900 cells would cost ~70 MB per census at 5M rows.
///
/// - Complexity: memory O(1,512 histogram cells × longest wait + 3,528 moment cells).
public struct CrossTable: Sendable, Equatable, Mergeable {
    static let cellsPerSlice = EthnicGroup.allCases.count * DeprivationQuintile.allCases.count * LearningDisabilityGroup.allCases.count
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

    static func cellIndex(_ ethnic: EthnicGroup, _ deprivation: DeprivationQuintile, _ disability: LearningDisabilityGroup) -> Int {
        (ethnic.ordinal * DeprivationQuintile.allCases.count + deprivation.ordinal) * LearningDisabilityGroup.allCases.count
            + disability.ordinal
    }

    /// Whether a slice's cells keep day histograms (exact medians and percentiles).
    public static func hasDistributions(_ slice: Slice) -> Bool { slice.ordinal < histogramSlices }

    /// Adds a pathway to its cell in every slice it belongs to.
    /// - Complexity: O(1).
    public mutating func add(_ pathway: Pathway) {
        let cell = Self.cellIndex(pathway.ethnicGroup, pathway.deprivation, pathway.learningDisability)
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

    private func forEachCell(
        in slice: Slice, where include: (EthnicGroup, DeprivationQuintile, LearningDisabilityGroup) -> Bool,
        _ body: (Int, EthnicGroup, DeprivationQuintile, LearningDisabilityGroup) -> Void
    ) {
        if slice == .prioritiesP2toP4 {
            for priority in [ClinicalPriority.p2, .p3, .p4] { forEachCell(in: .priority(priority), where: include, body) }
            return
        }
        let base = slice.ordinal * Self.cellsPerSlice - (Self.hasDistributions(slice) ? 0 : Self.histogramSlices * Self.cellsPerSlice)
        for ethnic in EthnicGroup.allCases {
            for deprivation in DeprivationQuintile.allCases {
                for disability in LearningDisabilityGroup.allCases where include(ethnic, deprivation, disability) {
                    body(base + Self.cellIndex(ethnic, deprivation, disability), ethnic, deprivation, disability)
                }
            }
        }
    }

    /// The waits of the patients in `slice` whose cell passes `include`, as a day histogram.
    /// - Returns: nil for a slice that keeps moments only.
    public func distribution(
        in slice: Slice, where include: (EthnicGroup, DeprivationQuintile, LearningDisabilityGroup) -> Bool = { _, _, _ in true }
    ) -> WaitDistribution? {
        guard Self.hasDistributions(slice) else { return nil }
        var total = WaitDistribution()
        forEachCell(in: slice, where: include) { index, _, _, _ in
            if distributions[index].count > 0 { total.merge(distributions[index]) }
        }
        return total
    }

    /// The moments of the patients in `slice` whose cell passes `include` (any slice).
    public func moments(
        in slice: Slice, where include: (EthnicGroup, DeprivationQuintile, LearningDisabilityGroup) -> Bool = { _, _, _ in true }
    ) -> WaitMoments {
        var total = WaitMoments()
        forEachCell(in: slice, where: include) { index, _, _, _ in
            if Self.hasDistributions(slice) {
                if distributions[index].count > 0 { total.merge(WaitMoments(distributions[index])) }
            } else if moments[index].count > 0 {
                total.merge(moments[index])
            }
        }
        return total
    }

    /// One dimension's histogram breakdown within a slice that keeps histograms.
    public func breakdown<Group: Cohort>(
        in slice: Slice, by key: (EthnicGroup, DeprivationQuintile, LearningDisabilityGroup) -> Group
    ) -> Breakdown<Group> {
        precondition(Self.hasDistributions(slice), "\(slice.label) keeps moments only")
        var result = Breakdown<Group>()
        forEachCell(in: slice, where: { _, _, _ in true }) { index, ethnic, deprivation, disability in
            if distributions[index].count > 0 { result.merge(distributions[index], into: key(ethnic, deprivation, disability)) }
        }
        return result
    }

    /// One dimension's moments within any slice, by group ordinal.
    public func momentBreakdown<Group: Cohort>(
        in slice: Slice, by key: (EthnicGroup, DeprivationQuintile, LearningDisabilityGroup) -> Group
    ) -> [WaitMoments] {
        var result = Array(repeating: WaitMoments(), count: Group.allCases.count)
        for group in Group.allCases {
            result[group.ordinal] = moments(in: slice) { key($0, $1, $2) == group }
        }
        return result
    }

    public mutating func merge(_ other: CrossTable) {
        for index in distributions.indices where other.distributions[index].count > 0 {
            distributions[index].merge(other.distributions[index])
        }
        for index in moments.indices where other.moments[index].count > 0 { moments[index].merge(other.moments[index]) }
    }
}

extension CrossTable: Codable {
    private enum CodingKeys: String, CodingKey { case distributions, moments }
    private struct Cell<Value: Codable>: Codable {
        var index: Int
        var value: Value
    }

    /// Encodes only occupied cells.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(
            distributions.indices.filter { distributions[$0].count > 0 }.map { Cell(index: $0, value: distributions[$0]) },
            forKey: .distributions)
        try container.encode(moments.indices.filter { moments[$0].count > 0 }.map { Cell(index: $0, value: moments[$0]) }, forKey: .moments)
    }

    public init(from decoder: Decoder) throws {
        self.init()
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
