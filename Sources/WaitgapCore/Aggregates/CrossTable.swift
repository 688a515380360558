/// Wait distributions of every (ethnic group × IMD quintile × learning disability) cell within
/// every slice. Each breakdown the pack shows, alone or crossed, is a sum of these cells, so a
/// row costs one update per slice it falls in (four or five), not one per view.
///
/// - Complexity: memory O(slices × 126 cells × longest wait in each cell).
public struct CrossTable: Sendable, Equatable, Mergeable {
    static let cellsPerSlice = EthnicGroup.allCases.count * DeprivationQuintile.allCases.count * LearningDisabilityGroup.allCases.count

    /// Cells, slice-major.
    public private(set) var cells: [WaitDistribution]

    /// Creates an empty table.
    public init() {
        cells = Array(repeating: WaitDistribution(), count: Slice.count * Self.cellsPerSlice)
    }

    static func cellIndex(_ ethnic: EthnicGroup, _ deprivation: DeprivationQuintile, _ disability: LearningDisabilityGroup) -> Int {
        (ethnic.ordinal * DeprivationQuintile.allCases.count + deprivation.ordinal) * LearningDisabilityGroup.allCases.count + disability.ordinal
    }

    /// Adds a pathway to its cell in every slice it belongs to.
    /// - Complexity: O(1).
    public mutating func add(_ pathway: Pathway) {
        let cell = Self.cellIndex(pathway.ethnicGroup, pathway.deprivation, pathway.learningDisability)
        let days = pathway.waitDays
        let width = Self.cellsPerSlice
        cells[cell].add(days: days)
        cells[Slice.priority(pathway.priority).ordinal * width + cell].add(days: days)
        if let priority = pathway.priority, priority == .p2 || priority == .p3 || priority == .p4 {
            cells[Slice.prioritiesP2toP4.ordinal * width + cell].add(days: days)
        }
        cells[Slice.specialty(pathway.specialty).ordinal * width + cell].add(days: days)
        cells[Slice.listType(pathway.waitingListType).ordinal * width + cell].add(days: days)
    }

    /// The waits of the patients in `slice` whose cell passes `include`.
    public func distribution(
        in slice: Slice, where include: (EthnicGroup, DeprivationQuintile, LearningDisabilityGroup) -> Bool = { _, _, _ in true }
    ) -> WaitDistribution {
        var total = WaitDistribution()
        let base = slice.ordinal * Self.cellsPerSlice
        for ethnic in EthnicGroup.allCases {
            for deprivation in DeprivationQuintile.allCases {
                for disability in LearningDisabilityGroup.allCases where include(ethnic, deprivation, disability) {
                    let cell = cells[base + Self.cellIndex(ethnic, deprivation, disability)]
                    if cell.count > 0 { total.merge(cell) }
                }
            }
        }
        return total
    }

    /// One dimension's breakdown within a slice.
    public func breakdown<Group: Cohort>(
        in slice: Slice, by key: (EthnicGroup, DeprivationQuintile, LearningDisabilityGroup) -> Group
    ) -> Breakdown<Group> {
        var result = Breakdown<Group>()
        let base = slice.ordinal * Self.cellsPerSlice
        for ethnic in EthnicGroup.allCases {
            for deprivation in DeprivationQuintile.allCases {
                for disability in LearningDisabilityGroup.allCases {
                    let cell = cells[base + Self.cellIndex(ethnic, deprivation, disability)]
                    if cell.count > 0 { result.merge(cell, into: key(ethnic, deprivation, disability)) }
                }
            }
        }
        return result
    }

    public mutating func merge(_ other: CrossTable) {
        for index in cells.indices where other.cells[index].count > 0 { cells[index].merge(other.cells[index]) }
    }
}

extension CrossTable: Codable {
    private struct Cell: Codable {
        var index: Int
        var waits: WaitDistribution
    }

    /// Encodes only occupied cells.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(cells.indices.filter { cells[$0].count > 0 }.map { Cell(index: $0, waits: cells[$0]) })
    }

    public init(from decoder: Decoder) throws {
        self.init()
        let container = try decoder.singleValueContainer()
        for cell in try container.decode([Cell].self) {
            guard cells.indices.contains(cell.index) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "cell \(cell.index) out of range")
            }
            cells[cell.index] = cell.waits
        }
    }
}
