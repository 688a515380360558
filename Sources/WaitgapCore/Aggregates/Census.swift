/// Everything one run learns about a waiting list, as mergeable aggregates: wait distributions
/// of every equity dimension of the registry (the crossed ones crossed with each other within
/// every slice of the list, the margins for all patients), case-mix strata for standardisation,
/// recording quality, and the accounting of every row. No identifier and no row is kept.
///
/// Censuses of the same census date merge so that split files (or sites, or trusts) give
/// exactly the result of the whole.
///
/// - Complexity: memory O(cells × longest wait in days), independent of rows.
public struct Census: Sendable, Mergeable {
    /// The census date, once known.
    public var censusDate: Day?
    /// The crossed dimensions' cells within every slice.
    public internal(set) var cells = CrossTable()
    /// The margin dimensions, for all patients.
    public internal(set) var margins = MarginTable()
    /// Case-mix strata of each group, for adjusted gaps.
    public internal(set) var caseMix = CaseMixTable()
    /// Recording quality of optional columns, over analysed rows.
    public var quality = DataQuality()
    /// Where every row went.
    public var accounting = Accounting()
    /// How the extracts were read (delimiter, encoding, date forms, scope).
    public var reading = ReadingFacts()
    /// The run's locally defined PLUS group, if any.
    public internal(set) var plus: PlusGroupDefinition?
    /// Dimensions this census cannot give, with why: not kept by the waitgap that stored it, or
    /// (the PLUS group) not defined, or defined differently in censuses merged.
    public internal(set) var unavailable: [EquityDimension.ID: String] = [:]
    /// Dimensions whose case-mix strata this census does not have (stored by an earlier waitgap).
    public internal(set) var unadjustable: Set<EquityDimension.ID> = []

    /// Creates an empty census.
    public init(censusDate: Day? = nil, plus: PlusGroupDefinition? = nil) {
        self.censusDate = censusDate
        self.plus = plus
        margins = MarginTable(plus: plus != nil)
        caseMix = CaseMixTable(plus: plus != nil)
        if plus == nil { unavailable[EquityDimension.plus.id] = Self.noPlusGroup }
    }

    static let noPlusGroup = "no PLUS group was defined (--plus-column NAME --plus-values V,…)"

    /// All analysed patients (the sum of the all-patients cells).
    public var all: WaitDistribution { cells.distribution(in: .all)! }

    /// Why the census cannot give a dimension, or nil when it can.
    public func unavailability(of dimension: EquityDimension) -> String? {
        if let reason = unavailable[dimension.id] { return reason }
        if case .derived(let source, _) = dimension.storage { return unavailable[source] }
        return nil
    }

    /// A dimension's day histograms by group ordinal, within a slice that keeps them: any
    /// dimension for all patients, a crossed one (or one derived from it) in every histogram
    /// slice. Nil when the census cannot give it there.
    public func waits(_ dimension: EquityDimension, in slice: Slice = .all) -> [WaitDistribution]? {
        guard unavailability(of: dimension) == nil else { return nil }
        if let waits = cells.waits(of: dimension, in: slice) { return waits }
        return slice == .all ? margins.waits(of: dimension) : nil
    }

    /// A dimension's moments by group ordinal within any slice (margins: all patients only).
    public func moments(_ dimension: EquityDimension, in slice: Slice) -> [WaitMoments]? {
        guard unavailability(of: dimension) == nil else { return nil }
        if let moments = cells.moments(of: dimension, in: slice) { return moments }
        guard slice == .all, let waits = margins.waits(of: dimension) else { return nil }
        return waits.map { WaitMoments($0) }
    }

    /// One group's case-mix strata; nil when the dimension is not adjusted for case mix, or the
    /// census was stored without its strata.
    public func strata(_ dimension: EquityDimension, group ordinal: Int) -> [StratumMoments]? {
        if unadjustable.contains(dimension.id) { return nil }
        if case .derived(let source, _) = dimension.storage, unadjustable.contains(source) { return nil }
        return caseMix.strata(dimension, group: ordinal)
    }

    /// Adds an analysed pathway.
    /// - Complexity: O(1).
    public mutating func add(_ pathway: Pathway) {
        cells.add(pathway)
        margins.add(pathway)
        caseMix.add(pathway)
        accounting.countAnalysed()
    }

    /// The census as it may leave the process (pack, aggregate file, history): invalid values that
    /// fewer than 10 rows share are dropped, known only by their shapes.
    public func publishable() -> Census {
        var copy = self
        copy.quality = quality.publishable()
        return copy
    }

    /// Why the census cannot be what a run of waitgap counted (a hand-edited or damaged
    /// aggregate), or nil: every count is at least 0 and the analysed rows are the patients in
    /// the cells and in every dimension the census gives.
    public var inconsistency: String? {
        let counts =
            [accounting.analysed, accounting.blankLines, accounting.files] + Array(accounting.quarantinedByReason.values)
            + Array(accounting.outOfScopeByListType.values)
        if counts.contains(where: { $0 < 0 }) { return "a row count is negative" }
        for field in DataQuality.Field.allCases {
            let counts = quality[field]
            if [counts.recorded, counts.notRecorded, counts.blank, counts.invalid, counts.otherInvalid].contains(where: { $0 < 0 })
                || counts.invalidValues.values.contains(where: { $0 < 0 })
            {
                return "a data-quality count of \(field.rawValue) is negative"
            }
        }
        if all.count != accounting.analysed { return "\(all.count) patients in the tables but \(accounting.analysed) rows analysed" }
        for dimension in EquityDimension.registry where dimension.isStored {
            guard let waits = waits(dimension) else { continue }
            if waits.reduce(0, { $0 + $1.count }) != accounting.analysed {
                return "the groups of \(dimension.id) do not add up to the rows analysed"
            }
        }
        return nil
    }

    /// Counts a row that is not an RTT pathway (out of scope: never quarantined, never lost).
    public mutating func addOutOfScope(_ listType: WaitingListType) {
        accounting.countOutOfScope(listType)
    }

    /// Counts a quarantined row.
    public mutating func add(_ issue: RowIssue) {
        accounting.countQuarantined(issue.reason)
    }

    /// Merges another census; both must be of the same census date when both know it. A
    /// dimension either cannot give is one the merge cannot give, and PLUS groups defined
    /// differently are not merged.
    public mutating func merge(_ other: Census) {
        precondition(
            censusDate == nil || other.censusDate == nil || censusDate == other.censusDate,
            "cannot merge censuses of different dates")
        censusDate = censusDate ?? other.censusDate
        cells.merge(other.cells)
        margins.merge(other.margins)
        caseMix.merge(other.caseMix)
        quality.merge(other.quality)
        accounting.merge(other.accounting)
        reading.merge(other.reading)
        unavailable.merge(other.unavailable) { mine, _ in mine }
        unadjustable.formUnion(other.unadjustable)
        if plus != other.plus, unavailable[EquityDimension.plus.id] == nil {
            unavailable[EquityDimension.plus.id] = "the aggregates merged define the PLUS group differently"
        }
    }
}

extension Census: Equatable {
    /// Two censuses are equal when they learnt the same about the list: `reading` (which files,
    /// their delimiters, where in them date forms were first seen) is how it was learnt, and
    /// differs between a file read whole and the same rows read as two files.
    public static func == (lhs: Census, rhs: Census) -> Bool {
        lhs.censusDate == rhs.censusDate && lhs.cells == rhs.cells && lhs.margins == rhs.margins && lhs.caseMix == rhs.caseMix
            && lhs.quality == rhs.quality && lhs.accounting == rhs.accounting && lhs.plus == rhs.plus
            && lhs.unavailable == rhs.unavailable && lhs.unadjustable == rhs.unadjustable
    }
}
