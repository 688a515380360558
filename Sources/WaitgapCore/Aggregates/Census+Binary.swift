import Foundation

/// Stored census layout 3, the history's: a binary form of layout 2 (every count still
/// keyed by the codes of its dimension, group, slice and stratum, through string tables),
/// with integers as varints, cells as gaps between indices, and whatever the census implies
/// left out: the all-patients histograms are the sums of the priority slices', a one-patient
/// cell's squares are its days squared, a case-mix group that another group's (or the stratum
/// totals less the other groups') strata give is stored as that sum. Exact: decoding gives the
/// census encoded. docs/history.md describes it byte by byte.
extension Census {
    /// The binary layout this waitgap writes in the history.
    public static let binaryLayout = 3
    /// The first bytes of a layout-3 census: 0x89 (never the first byte of JSON), then "WGC".
    public static let binaryMagic: [UInt8] = [0x89, 0x57, 0x47, 0x43]

    /// Whether stored bytes are a binary census (layout 3 or later), not JSON (layouts 1 and 2).
    public static func isBinary(_ bytes: some Collection<UInt8>) -> Bool { bytes.first == binaryMagic[0] }

    /// The sections of layout 3, in order.
    public static let binarySections = ["facts", "codes", "crossed histograms", "crossed moments", "margins", "case mix"]

    /// The small parts, kept as JSON (its first section).
    private struct Facts: Codable {
        var censusDate: Day?
        var plus: PlusGroupDefinition?
        var unavailable: [String: String]
        var unadjustable: [String]
        var quality: DataQuality
        var accounting: Accounting
        var reading: ReadingFacts
    }

    /// The census in layout 3.
    /// - Throws: `EncodingError` if its facts cannot be written as JSON.
    /// - Complexity: O(cells × longest wait + groups² × strata).
    public func binaryEncoded() throws -> [UInt8] {
        var writer = ByteWriter(capacity: 1 << 17)
        writer.append(Self.binaryMagic)
        writer.varint(Self.binaryLayout)
        let facts = Facts(
            censusDate: censusDate, plus: plus, unavailable: unavailable, unadjustable: unadjustable.sorted(), quality: quality,
            accounting: accounting, reading: reading)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(facts)
        writer.section { $0.append(Array(json)) }
        let codes = BinaryCodes.current
        writer.section { codes.encode(into: &$0) }
        writer.section { cells.encodeHistograms(into: &$0, codes: codes) }
        writer.section { cells.encodeMoments(into: &$0, codes: codes) }
        writer.section { margins.encode(into: &$0, codes: codes, all: cells.distribution(in: .all)) }
        writer.section { caseMix.encode(into: &$0, codes: codes, skipping: unadjustable) }
        // A checksum of everything before it: a damaged byte is refused, never read as another
        // census (most single-byte changes would otherwise still decode).
        return Self.sealed(writer.bytes)
    }

    /// `body` (magic to the last section) with its CRC-32 trailer: what `init(binary:)` reads.
    public static func sealed(_ body: [UInt8]) -> [UInt8] {
        let checksum = CRC32.of(body)
        return body + (0..<4).map { UInt8(truncatingIfNeeded: checksum >> UInt32(8 * $0)) }
    }

    /// Decodes layout 3.
    /// - Throws: `CensusLayoutError` for a newer layout, or a code this waitgap does not know;
    ///   `CensusDamageError` or `DecodingError` for damage.
    public init(binary stored: [UInt8]) throws {
        guard stored.starts(with: Self.binaryMagic) else { throw ByteReader.damage("not a stored census") }
        // The layout first: a newer one may end otherwise.
        var layoutReader = ByteReader(stored, from: Self.binaryMagic.count)
        let layout = try layoutReader.varint()
        guard layout == UInt64(Self.binaryLayout) else {
            throw CensusLayoutError(
                message:
                    "it was stored in census layout \(layout), which this waitgap does not read (1 to \(Self.binaryLayout)); upgrade waitgap"
            )
        }
        guard stored.count >= Self.binaryMagic.count + 5 else { throw ByteReader.damage("a stored census cut short") }
        let bytes = Array(stored.dropLast(4))
        let trailer = stored.suffix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << UInt32(8 * $1.offset) }
        guard CRC32.of(bytes) == trailer else { throw ByteReader.damage("its checksum does not match (the stored bytes were changed)") }
        var reader = ByteReader(bytes, from: layoutReader.position)
        var factsReader = try reader.section()
        let facts = try JSONDecoder().decode(Facts.self, from: Data(factsReader.rest()))
        self.init(censusDate: facts.censusDate, plus: facts.plus)
        unavailable = facts.unavailable
        unadjustable = Set(facts.unadjustable)
        quality = facts.quality
        accounting = facts.accounting
        reading = facts.reading
        for id in Array(unavailable.keys) + Array(unadjustable) where EquityDimension.named(id) == nil {
            throw BinaryCodes.unknown("dimension '\(id)'")
        }
        var codesReader = try reader.section()
        let codes: StoredCodes
        if codesReader.bytes[codesReader.position..<codesReader.end].elementsEqual(StoredCodes.currentBytes) {
            // The tables this waitgap writes (every history it made): mapped once per process.
            codes = StoredCodes.current
        } else {
            codes = try StoredCodes(reading: &codesReader)
            try codesReader.expectEnd("the code tables")
        }
        var section = try reader.section()
        try cells.readHistograms(from: &section, codes: codes)
        section = try reader.section()
        try cells.readMoments(from: &section, codes: codes)
        section = try reader.section()
        // All patients, summed in one pass (`distribution(in: .all)` merges cell by cell).
        let all = try cells.sum((0..<CrossTable.cellsPerSlice).map { cells.distributions[$0] }) ?? WaitDistribution()
        try margins.read(from: &section, codes: codes, all: all)
        section = try reader.section()
        try caseMix.read(from: &section, codes: codes)
        try reader.expectEnd("the census")
    }

    /// The size in bytes of each section of a layout-3 census (header and length prefixes
    /// counted in no section), for benchmarks.
    public static func binarySectionSizes(_ bytes: [UInt8]) throws -> [(section: String, bytes: Int)] {
        var reader = ByteReader(bytes, from: binaryMagic.count)
        _ = try reader.varint()
        var sizes: [(String, Int)] = []
        for name in binarySections {
            let section = try reader.section()
            sizes.append((name, section.end - section.position))
        }
        return sizes
    }
}

// MARK: - Code tables

/// The codes this waitgap writes: every stored dimension with its groups, every slice, and the
/// components of a case-mix stratum.
struct BinaryCodes {
    var dimensions: [EquityDimension]
    var slices: [Slice]
    /// Specialty, priority, age band and sex codes, in the order of `CaseMixTable.stratum(of:)`.
    var components: [[String]]

    static let current: BinaryCodes = {
        let stored = Set((CrossTable.axes + MarginTable.dimensions + CaseMixTable.dimensions).map(\.id))
        return BinaryCodes(
            dimensions: EquityDimension.registry.filter { stored.contains($0.id) },
            slices: Slice.allSlices.filter { $0 != .prioritiesP2toP4 },
            components: localComponents)
    }()

    static let localComponents: [[String]] = [
        RTTSpecialty.allCases.map(\.rawValue), ClinicalPriority.allCases.map(\.rawValue) + ["none"],
        EquityDimension.ageBand.groups.map(\.code), ["male", "female", "other"],
    ]

    func dimensionIndex(_ dimension: EquityDimension) -> Int { dimensions.firstIndex(of: dimension)! }
    func sliceIndex(_ slice: Slice) -> Int { slices.firstIndex(of: slice)! }

    func encode(into writer: inout ByteWriter) {
        writer.varint(dimensions.count)
        for dimension in dimensions {
            writer.string(dimension.id)
            writer.varint(dimension.groups.count)
            for group in dimension.groups { writer.string(group.code) }
        }
        writer.varint(slices.count)
        for slice in slices { writer.string(slice.code) }
        for table in components {
            writer.varint(table.count)
            for code in table { writer.string(code) }
        }
    }

    static func unknown(_ what: String) -> CensusLayoutError {
        CensusLayoutError(message: "it holds a \(what) this waitgap does not know (stored by a newer waitgap?); upgrade waitgap")
    }
}

/// The code tables of a stored census, mapped onto this waitgap's: a code it does not know maps
/// to nil, and is refused where a count uses it.
struct StoredCodes {
    struct Dimension {
        var id: String
        var local: EquityDimension?
        var codes: [String]
        /// This waitgap's ordinal of each stored group.
        var ordinals: [Int?]
    }
    var dimensions: [Dimension]
    var sliceCodes: [String]
    var slices: [Slice?]
    /// This waitgap's stratum of each stored stratum (nil: a component it does not know).
    var strata: [Int?]
    var componentCodes: [[String]]

    /// The code tables this waitgap writes, and their mapping.
    static let currentBytes: [UInt8] = {
        var writer = ByteWriter()
        BinaryCodes.current.encode(into: &writer)
        return writer.bytes
    }()
    static let current: StoredCodes = {
        var reader = ByteReader(currentBytes)
        return try! StoredCodes(reading: &reader)
    }()

    init(reading reader: inout ByteReader) throws(CensusDamageError) {
        dimensions = []
        for _ in 0..<(try reader.int(atMost: 1_000)) {
            let id = try reader.string()
            let local = EquityDimension.named(id)
            var codes: [String] = []
            for _ in 0..<(try reader.int(atMost: 10_000)) { codes.append(try reader.string()) }
            dimensions.append(Dimension(id: id, local: local, codes: codes, ordinals: codes.map { local?.ordinal(of: $0) }))
        }
        sliceCodes = []
        for _ in 0..<(try reader.int(atMost: 10_000)) { sliceCodes.append(try reader.string()) }
        slices = sliceCodes.map { Slice(code: $0) }
        componentCodes = []
        for _ in 0..<4 {
            var table: [String] = []
            for _ in 0..<(try reader.int(atMost: 1_000)) { table.append(try reader.string()) }
            componentCodes.append(table)
        }
        let sizes = componentCodes.map(\.count)
        guard sizes.reduce(1, { $0 * $1 }) <= 1_000_000 else { throw ByteReader.damage("too many case-mix strata") }
        let local = BinaryCodes.localComponents
        let ordinals = zip(componentCodes, local).map { stored, local in stored.map { local.firstIndex(of: $0) } }
        var strata: [Int?] = []
        strata.reserveCapacity(sizes.reduce(1, *))
        for specialty in ordinals[0] {
            for priority in ordinals[1] {
                for age in ordinals[2] {
                    for sex in ordinals[3] {
                        guard let specialty, let priority, let age, let sex else {
                            strata.append(nil)
                            continue
                        }
                        strata.append(((specialty * local[1].count + priority) * local[2].count + age) * local[3].count + sex)
                    }
                }
            }
        }
        self.strata = strata
    }

    /// The stored dimension at `index`, which must be one this waitgap knows.
    func dimension(_ index: Int) throws -> Dimension {
        guard dimensions.indices.contains(index) else { throw ByteReader.damage("dimension \(index) out of range") }
        guard dimensions[index].local != nil else { throw BinaryCodes.unknown("dimension '\(dimensions[index].id)'") }
        return dimensions[index]
    }

    /// This waitgap's ordinal of stored group `group` of `dimension`.
    func ordinal(_ dimension: Dimension, _ group: Int) throws -> Int {
        guard dimension.ordinals.indices.contains(group) else { throw ByteReader.damage("group \(group) of \(dimension.id) out of range") }
        guard let ordinal = dimension.ordinals[group] else {
            throw BinaryCodes.unknown("group '\(dimension.codes[group])' of \(dimension.id)")
        }
        return ordinal
    }

    /// The slice at `index`, which must be one this waitgap keeps with (or without) histograms.
    func slice(_ index: Int, histograms: Bool) throws -> Slice {
        guard slices.indices.contains(index) else { throw ByteReader.damage("slice \(index) out of range") }
        guard let slice = slices[index], slice != .prioritiesP2toP4, CrossTable.hasDistributions(slice) == histograms else {
            throw BinaryCodes.unknown("slice '\(sliceCodes[index])'")
        }
        return slice
    }

    /// This waitgap's stratum of stored stratum `index`.
    func stratum(_ index: Int) throws -> Int {
        guard strata.indices.contains(index) else { throw ByteReader.damage("stratum \(index) out of range") }
        guard let stratum = strata[index] else {
            var rest = index
            var parts: [String] = []
            for table in componentCodes.reversed() {
                parts.append(table[rest % table.count])
                rest /= table.count
            }
            throw BinaryCodes.unknown("case-mix stratum '\(parts.reversed().joined(separator: "/"))'")
        }
        return stratum
    }
}

// MARK: - Integers

enum StoredSums {
    /// ⌊total² / count⌋ for total ≥ 0 and count ≥ 1, or nil when it does not fit.
    static func floorSquare(_ total: Int, over count: Int) -> Int? {
        guard total >= 0, count >= 1 else { return nil }
        let square = UInt64(total).multipliedFullWidth(by: UInt64(total))
        guard square.high < UInt64(count) else { return nil }
        let quotient = UInt64(count).dividingFullWidth(square).quotient
        return quotient <= UInt64(Int.max) ? Int(quotient) : nil
    }

    /// `floorSquare` plus a residual, or nil when it overflows.
    static func squares(_ total: Int, _ count: Int, residual: Int) -> Int? {
        guard let floor = floorSquare(total, over: count) else { return nil }
        let (sum, overflow) = floor.addingReportingOverflow(residual)
        return overflow ? nil : sum
    }
}

// MARK: - Histograms

extension WaitDistribution {
    /// The longest wait a stored histogram may hold, in days (as the JSON layouts).
    static let storedDayLimit = 1_000_000

    /// Writes the histogram: a header `from << 2 | gaps << 1 | explicit` (`from`, the shortest
    /// wait), then its days in whichever of two forms is shorter: by runs (`gaps` 0), the number
    /// of days from `from` to the longest wait and a token for each day with patients
    /// (`(patients − 1) << 1`) or run of days without (`(days − 1) << 1 | 1`); by gaps (`gaps`
    /// 1), the number of days with patients and, for each, `gap << 2 | min(patients − 1, 3)`
    /// (`gap`: days without patients since the previous one, or since `from` for the first),
    /// then `patients − 4` when 4 or more. If `explicit`, the count and sums follow, zig-zag
    /// signed; otherwise they are those of the days.
    func encodeStored(into writer: inout ByteWriter) {
        let counts = dayCounts
        guard let first = counts.firstIndex(where: { $0 > 0 }), let last = counts.lastIndex(where: { $0 > 0 }) else {
            writer.varint(1)
            writer.varint(0)
            writer.signed(count)
            writer.signed(totalDays)
            writer.signed(totalSquaredDays)
            return
        }
        let explicit = Self.sums(counts) != (count, totalDays, totalSquaredDays)
        var runs = ByteWriter()
        runs.varint(last - first + 1)
        var day = first
        while day <= last {
            if counts[day] > 0 {
                runs.varint(UInt64(counts[day] - 1) << 1)
                day += 1
            } else {
                var empty = 1
                while counts[day + empty] == 0 { empty += 1 }
                runs.varint(UInt64(empty - 1) << 1 | 1)
                day += empty
            }
        }
        var gaps = ByteWriter()
        let days = (first...last).filter { counts[$0] > 0 }
        gaps.varint(days.count)
        var previous = first - 1
        for day in days {
            let patients = UInt64(counts[day])
            gaps.varint(UInt64(day - previous - 1) << 2 | min(patients - 1, 3))
            if patients >= 4 { gaps.varint(patients - 4) }
            previous = day
        }
        let byGaps = gaps.bytes.count < runs.bytes.count
        writer.varint(first << 2 | (byGaps ? 2 : 0) | (explicit ? 1 : 0))
        writer.append(byGaps ? gaps.bytes : runs.bytes)
        if explicit {
            writer.signed(count)
            writer.signed(totalDays)
            writer.signed(totalSquaredDays)
        }
    }

    /// The count and sums of day counts, with the wrapping arithmetic of `add(days:)`.
    static func sums(_ counts: [UInt32]) -> (Int, Int, Int) {
        var count = 0
        var total = 0
        var squares = 0
        counts.withUnsafeBufferPointer { counts in
            for day in counts.indices where counts[day] > 0 {
                let patients = Int(counts[day])
                count &+= patients
                total &+= day &* patients
                squares &+= day &* day &* patients
            }
        }
        return (count, total, squares)
    }

    /// Reads what `encodeStored` wrote.
    static func readStored(from reader: inout ByteReader) throws(CensusDamageError) -> WaitDistribution {
        let header = try reader.int(atMost: storedDayLimit << 2 | 3)
        let from = header >> 2
        var sums = (0, 0, 0)
        let counts =
            header & 2 == 0 ? try readRuns(from: &reader, first: from, sums: &sums) : try readGaps(from: &reader, first: from, sums: &sums)
        if header & 1 == 1 { sums = (try reader.signed(), try reader.signed(), try reader.signed()) }
        return WaitDistribution(stored: counts, count: sums.0, totalDays: sums.1, totalSquaredDays: sums.2)
    }

    @inline(__always)
    private static func add(_ patients: Int, on day: Int, to sums: inout (Int, Int, Int)) {
        sums.0 &+= patients
        sums.1 &+= day &* patients
        sums.2 &+= day &* day &* patients
    }

    private static func readRuns(from reader: inout ByteReader, first: Int, sums: inout (Int, Int, Int)) throws(CensusDamageError)
        -> [UInt32]
    {
        let end = first + (try reader.int(atMost: storedDayLimit - first))
        var failure: CensusDamageError?
        // Each day written once (no zero-filling first): most of a month's decoding is memory.
        let counts = [UInt32](unsafeUninitializedCapacity: end) { counts, initialized in
            var day = 0
            while day < first {
                counts[day] = 0
                day += 1
            }
            do throws(CensusDamageError) {
                while day < end {
                    let token = try reader.varint()
                    if token & 1 == 0 {
                        guard token >> 1 < UInt64(UInt32.max) else { throw ByteReader.damage("a day count out of range") }
                        let patients = Int(token >> 1) + 1
                        counts[day] = UInt32(patients)
                        add(patients, on: day, to: &sums)
                        day += 1
                    } else {
                        guard token >> 1 < UInt64(end - day) else { throw ByteReader.damage("a run of days past the histogram's end") }
                        for empty in day..<(day + Int(token >> 1) + 1) { counts[empty] = 0 }
                        day += Int(token >> 1) + 1
                    }
                }
            } catch {
                failure = error
            }
            initialized = day
        }
        if let failure { throw failure }
        return counts
    }

    private static func readGaps(from reader: inout ByteReader, first: Int, sums: inout (Int, Int, Int)) throws(CensusDamageError)
        -> [UInt32]
    {
        let days = try reader.int(atMost: storedDayLimit - first)
        // A first pass finds the longest wait, so that the histogram is allocated once.
        var scan = reader
        var last = first - 1
        for _ in 0..<days {
            let token = try scan.varint()
            guard token >> 2 <= UInt64(storedDayLimit - last) else { throw ByteReader.damage("a day past the longest wait kept") }
            last += Int(token >> 2) + 1
            guard last <= storedDayLimit else { throw ByteReader.damage("a day past the longest wait kept") }
            if token & 3 == 3 { _ = try scan.varint() }
        }
        var counts = [UInt32](repeating: 0, count: last + 1)
        var day = first - 1
        try counts.withUnsafeMutableBufferPointer { (counts) throws(CensusDamageError) in
            for _ in 0..<days {
                let token = try reader.varint()
                day += Int(token >> 2) + 1
                var patients = UInt64(token & 3) + 1
                if patients == 4 {
                    patients += try reader.varint()
                    guard patients <= UInt64(UInt32.max) else { throw ByteReader.damage("a day count out of range") }
                }
                counts[day] = UInt32(patients)
                add(Int(patients), on: day, to: &sums)
            }
        }
        return counts
    }
}

// MARK: - Crossed cells

extension CrossTable {
    /// Histogram slices, each block `slice, kind, …`: kind 0, `n` then `n` cells as a gap from
    /// the previous cell index and a histogram; kind 1, the cells are the sums of those of the
    /// `k` earlier blocks listed (all patients: the priority slices).
    func encodeHistograms(into writer: inout ByteWriter, codes: BinaryCodes) {
        writer.varint(Self.axes.count)
        for axis in Self.axes { writer.varint(codes.dimensionIndex(axis)) }
        let slices = Slice.allSlices.filter { Self.hasDistributions($0) && $0 != .prioritiesP2toP4 }
        // All patients last: when it is the sum of the other slices, it costs a few bytes.
        let ordered = slices.filter { $0 != .all } + [.all]
        var blocks: [Slice] = []
        var stored: [Slice] = []
        for slice in ordered where (0..<Self.cellsPerSlice).contains(where: { distributions[histogramIndex(slice, $0)].count > 0 }) {
            stored.append(slice)
        }
        writer.varint(stored.count)
        for slice in stored {
            writer.varint(codes.sliceIndex(slice))
            if slice == .all, !blocks.isEmpty, isSumOfOtherSlices(blocks) {
                writer.varint(1)
                writer.varint(blocks.count)
                for index in blocks.indices { writer.varint(index) }
            } else {
                writer.varint(0)
                let occupied = (0..<Self.cellsPerSlice).filter { distributions[histogramIndex(slice, $0)].count > 0 }
                writer.varint(occupied.count)
                var previous = -1
                for cell in occupied {
                    writer.varint(cell - previous - 1)
                    previous = cell
                    distributions[histogramIndex(slice, cell)].encodeStored(into: &writer)
                }
            }
            blocks.append(slice)
        }
    }

    private func histogramIndex(_ slice: Slice, _ cell: Int) -> Int { slice.ordinal * Self.cellsPerSlice + cell }

    /// Whether every all-patients cell is the sum of the cells of `slices`.
    private func isSumOfOtherSlices(_ slices: [Slice]) -> Bool {
        for cell in 0..<Self.cellsPerSlice {
            var sum = WaitDistribution()
            for slice in slices where distributions[histogramIndex(slice, cell)].count > 0 {
                sum.merge(distributions[histogramIndex(slice, cell)])
            }
            guard sum == distributions[cell] else { return false }
            // An empty all-patients cell must stay empty, as the encoder writes only occupied ones.
        }
        return true
    }

    /// The storage index of each stored cell within a slice, through the stored axes' groups.
    private static func cellMap(_ codes: StoredCodes, axes: [Int]) throws -> [Int?] {
        let stored = try axes.map { try codes.dimension($0) }
        guard stored.map(\.id) == Self.axes.map(\.id) else {
            throw BinaryCodes.unknown("crossing of \(stored.map(\.id).joined(separator: " × "))")
        }
        let sizes = stored.map(\.codes.count)
        guard sizes.reduce(1, *) <= 1_000_000 else { throw ByteReader.damage("too many crossed cells") }
        var map: [Int?] = []
        for index in 0..<sizes.reduce(1, *) {
            var rest = index
            var cell = 0
            var known = true
            for axis in stride(from: stored.count - 1, through: 0, by: -1) {
                let group = rest % sizes[axis]
                rest /= sizes[axis]
                guard let ordinal = stored[axis].ordinals[group] else {
                    known = false
                    continue
                }
                cell += ordinal * Self.strides[axis]
            }
            map.append(known ? cell : nil)
        }
        return map
    }

    /// The stored cell `index` as this waitgap's cell within a slice.
    private static func cell(_ index: Int, _ map: [Int?], _ codes: StoredCodes, axes: [Int]) throws -> Int {
        guard map.indices.contains(index) else { throw ByteReader.damage("cell \(index) out of range") }
        if let cell = map[index] { return cell }
        var rest = index
        var parts: [String] = []
        for axis in axes.reversed() {
            let dimension = codes.dimensions[axis]
            parts.append(dimension.codes[rest % dimension.codes.count])
            rest /= dimension.codes.count
        }
        throw BinaryCodes.unknown("cell \(parts.reversed().joined(separator: "/"))")
    }

    mutating func readHistograms(from reader: inout ByteReader, codes: StoredCodes) throws {
        var axes: [Int] = []
        for _ in 0..<(try reader.int(atMost: 100)) { axes.append(try reader.int()) }
        let map = try Self.cellMap(codes, axes: axes)
        var read: [Slice] = []
        for _ in 0..<(try reader.int(atMost: Slice.count)) {
            let slice = try codes.slice(try reader.int(), histograms: true)
            guard !read.contains(slice) else { throw ByteReader.damage("slice \(slice.code) stored twice") }
            if try reader.int(atMost: 1) == 0 {
                var index = -1
                for _ in 0..<(try reader.int(atMost: map.count)) {
                    index += try reader.int(atMost: map.count) + 1
                    set(
                        slice, cell: try Self.cell(index, map, codes, axes: axes), histogram: try WaitDistribution.readStored(from: &reader)
                    )
                }
            } else {
                var sources: [Int] = []
                for _ in 0..<(try reader.int(atMost: read.count)) { sources.append(read[try reader.int(atMost: read.count - 1)].ordinal) }
                for cell in 0..<Self.cellsPerSlice {
                    if let sum = try sum(sources.map { distributions[$0 * Self.cellsPerSlice + cell] }) {
                        set(slice, cell: cell, histogram: sum)
                    }
                }
            }
            read.append(slice)
        }
    }

    /// The sum of histograms, or nil when all are empty.
    func sum(_ parts: [WaitDistribution]) throws(CensusDamageError) -> WaitDistribution? {
        let length = parts.reduce(0) { max($0, $1.dayCounts.count) }
        guard length > 0 || parts.contains(where: { $0.count != 0 }) else { return nil }
        var counts = [UInt32](repeating: 0, count: length)
        var sums = (0, 0, 0)
        for part in parts {
            try counts.withUnsafeMutableBufferPointer { (total) throws(CensusDamageError) in
                try part.dayCounts.withUnsafeBufferPointer { (counts) throws(CensusDamageError) in
                    // Branch-free, so that the loop is vectorised: a wrapped sum is smaller than its part.
                    var wrapped: UInt32 = 0
                    for day in counts.indices {
                        let sum = total[day] &+ counts[day]
                        wrapped |= sum < counts[day] ? 1 : 0
                        total[day] = sum
                    }
                    guard wrapped == 0 else { throw ByteReader.damage("a day count out of range") }
                }
            }
            sums = (sums.0 &+ part.count, sums.1 &+ part.totalDays, sums.2 &+ part.totalSquaredDays)
        }
        return WaitDistribution(stored: counts, count: sums.0, totalDays: sums.1, totalSquaredDays: sums.2)
    }

    /// Moment slices, each block `slice, kind, n` then `n` cells as a gap from the previous cell
    /// index and the moments: kind 0, `count − 1`, `totalDays` and, above one patient, the
    /// squares less ⌊totalDays² / count⌋ and the patients between thresholds (`count − over18`,
    /// `over18 − over52`, …, `over78 − over104`), which one patient's days give; kind 1, every
    /// value zig-zag signed (a census no waitgap counted).
    func encodeMoments(into writer: inout ByteWriter, codes: BinaryCodes) {
        let slices = Slice.allSlices.filter { !Self.hasDistributions($0) }
        let width = Self.cellsPerSlice
        let base = Self.histogramSlices * width
        let stored = slices.filter { slice in (0..<width).contains { moments[slice.ordinal * width - base + $0].count > 0 } }
        writer.varint(stored.count)
        for slice in stored {
            writer.varint(codes.sliceIndex(slice))
            let cells = (0..<width).filter { moments[slice.ordinal * width - base + $0].count > 0 }
            let implied = cells.allSatisfy { Self.isImplied(moments[slice.ordinal * width - base + $0]) }
            writer.varint(implied ? 0 : 1)
            writer.varint(cells.count)
            var previous = -1
            for cell in cells {
                writer.varint(cell - previous - 1)
                previous = cell
                let value = moments[slice.ordinal * width - base + cell]
                if implied {
                    writer.varint(value.count - 1)
                    writer.varint(value.totalDays)
                    if value.count > 1 {
                        writer.varint(value.totalSquaredDays - StoredSums.floorSquare(value.totalDays, over: value.count)!)
                        var above = value.count
                        for over in value.overThresholds {
                            writer.varint(above - over)
                            above = over
                        }
                    }
                } else {
                    for number in [value.count, value.totalDays, value.totalSquaredDays] + value.overThresholds { writer.signed(number) }
                }
            }
        }
    }

    /// Whether the moments are what the implied coding can hold.
    private static func isImplied(_ value: WaitMoments) -> Bool {
        guard value.count >= 1, value.totalDays >= 0, let floor = StoredSums.floorSquare(value.totalDays, over: value.count),
            value.totalSquaredDays >= floor
        else { return false }
        if value.count == 1 { return value == oneWait(value.totalDays) }
        var above = value.count
        for over in value.overThresholds {
            guard over >= 0, over <= above else { return false }
            above = over
        }
        return true
    }

    /// The moments of one patient who waited `days`.
    private static func oneWait(_ days: Int) -> WaitMoments {
        var value = WaitMoments()
        value.add(days: days)
        return value
    }

    mutating func readMoments(from reader: inout ByteReader, codes: StoredCodes) throws {
        let axes = try Self.storedAxes(codes)
        let map = try Self.cellMap(codes, axes: axes)
        let thresholds = WaitSummary.thresholdWeeks.count
        for _ in 0..<(try reader.int(atMost: Slice.count)) {
            let slice = try codes.slice(try reader.int(), histograms: false)
            let implied = try reader.int(atMost: 1) == 0
            var index = -1
            for _ in 0..<(try reader.int(atMost: map.count)) {
                index += try reader.int(atMost: map.count) + 1
                let cell = try Self.cell(index, map, codes, axes: axes)
                let value: WaitMoments
                if implied {
                    let count = try reader.int(atMost: Int.max - 1) + 1
                    let days = try reader.int()
                    if count == 1 {
                        guard days <= WaitDistribution.storedDayLimit else { throw ByteReader.damage("a wait out of range") }
                        value = Self.oneWait(days)
                    } else {
                        guard let squares = StoredSums.squares(days, count, residual: try reader.int()) else {
                            throw ByteReader.damage("squares out of range")
                        }
                        var over = [Int](repeating: 0, count: thresholds)
                        var above = count
                        for index in 0..<thresholds {
                            above -= try reader.int(atMost: above)
                            over[index] = above
                        }
                        value = WaitMoments(stored: count, totalDays: days, totalSquaredDays: squares, overThresholds: over)
                    }
                } else {
                    let numbers = try (0..<(3 + thresholds)).map { _ in try reader.signed() }
                    value = WaitMoments(
                        stored: numbers[0], totalDays: numbers[1], totalSquaredDays: numbers[2], overThresholds: Array(numbers[3...]))
                }
                set(slice, cell: cell, moments: value)
            }
        }
        try reader.expectEnd("the crossed moments")
    }

    /// The stored dimension indices of this waitgap's axes (the moments section does not repeat
    /// them: they are the histograms section's, which are this waitgap's or refused).
    private static func storedAxes(_ codes: StoredCodes) throws -> [Int] {
        try axes.map { axis in
            guard let index = codes.dimensions.firstIndex(where: { $0.id == axis.id }) else {
                throw BinaryCodes.unknown("crossing without \(axis.id)")
            }
            return index
        }
    }
}

// MARK: - Margins

extension MarginTable {
    /// `m` dimensions, each its index, `n` and `n` groups as a gap from the previous group index
    /// and a histogram, then `implied`: 0, or 1 + the index of a group not listed whose
    /// histogram is all patients' (the sum of the crossed all-patients cells) less the listed
    /// groups'.
    func encode(into writer: inout ByteWriter, codes: BinaryCodes, all: WaitDistribution?) {
        let stored = Self.dimensions.filter { waits(of: $0)!.contains { $0.count > 0 } }
        writer.varint(stored.count)
        for dimension in stored {
            writer.varint(codes.dimensionIndex(dimension))
            let waits = waits(of: dimension)!
            var groups = waits.indices.filter { waits[$0].count > 0 }
            // The group with most patients is implied when the others and all patients give it exactly.
            var implied: Int?
            if let all, let largest = groups.max(by: { waits[$0].count < waits[$1].count }),
                Self.difference(all, groups.filter { $0 != largest }.map { waits[$0] }) == waits[largest]
            {
                implied = largest
                groups.removeAll { $0 == largest }
            }
            writer.varint(groups.count)
            var previous = -1
            for group in groups {
                writer.varint(group - previous - 1)
                previous = group
                waits[group].encodeStored(into: &writer)
            }
            writer.varint(implied.map { $0 + 1 } ?? 0)
        }
    }

    /// `whole` less `parts`, or nil when a day would hold fewer than no patients.
    static func difference(_ whole: WaitDistribution, _ parts: [WaitDistribution]) -> WaitDistribution? {
        var counts = whole.dayCounts
        var sums = (whole.count, whole.totalDays, whole.totalSquaredDays)
        for part in parts {
            guard part.dayCounts.count <= counts.count || part.dayCounts[counts.count...].allSatisfy({ $0 == 0 }) else { return nil }
            var negative = false
            counts.withUnsafeMutableBufferPointer { total in
                part.dayCounts.withUnsafeBufferPointer { counts in
                    for day in 0..<min(counts.count, total.count) {
                        negative = negative || total[day] < counts[day]
                        total[day] &-= counts[day]
                    }
                }
            }
            if negative { return nil }
            sums = (sums.0 &- part.count, sums.1 &- part.totalDays, sums.2 &- part.totalSquaredDays)
        }
        return WaitDistribution(stored: counts, count: sums.0, totalDays: sums.1, totalSquaredDays: sums.2)
    }

    mutating func read(from reader: inout ByteReader, codes: StoredCodes, all: WaitDistribution?) throws {
        for _ in 0..<(try reader.int(atMost: codes.dimensions.count)) {
            let dimension = try codes.dimension(try reader.int())
            var group = -1
            var listed: [WaitDistribution] = []
            var seen = Set<Int>()
            for _ in 0..<(try reader.int(atMost: dimension.codes.count)) {
                group += try reader.int(atMost: dimension.codes.count) + 1
                let ordinal = try codes.ordinal(dimension, group)
                let waits = try WaitDistribution.readStored(from: &reader)
                guard set(dimension.local!, group: ordinal, waits) else { throw BinaryCodes.unknown("margin '\(dimension.id)'") }
                listed.append(waits)
                seen.insert(ordinal)
            }
            let implied = try reader.int(atMost: dimension.codes.count)
            guard implied > 0 else { continue }
            let ordinal = try codes.ordinal(dimension, implied - 1)
            guard !seen.contains(ordinal), let all, let waits = Self.difference(all, listed) else {
                throw ByteReader.damage("the implied group of \(dimension.id) cannot be")
            }
            _ = set(dimension.local!, group: ordinal, waits)
        }
        try reader.expectEnd("the margins")
    }
}

// MARK: - Case mix

extension StratumMoments {
    static func + (lhs: StratumMoments, rhs: StratumMoments) -> StratumMoments {
        StratumMoments(
            count: lhs.count &+ rhs.count, totalDays: lhs.totalDays &+ rhs.totalDays,
            totalSquaredDays: lhs.totalSquaredDays &+ rhs.totalSquaredDays, over52Weeks: lhs.over52Weeks &+ rhs.over52Weeks)
    }

    static func - (lhs: StratumMoments, rhs: StratumMoments) -> StratumMoments {
        StratumMoments(
            count: lhs.count &- rhs.count, totalDays: lhs.totalDays &- rhs.totalDays,
            totalSquaredDays: lhs.totalSquaredDays &- rhs.totalSquaredDays, over52Weeks: lhs.over52Weeks &- rhs.over52Weeks)
    }

    /// One patient who waited `days`.
    static func oneWait(_ days: Int) -> StratumMoments {
        var value = StratumMoments()
        value.add(days: days)
        return value
    }

    /// Whether the implied coding can hold it.
    var isImplied: Bool {
        guard count >= 1, totalDays >= 0, let floor = StoredSums.floorSquare(totalDays, over: count), totalSquaredDays >= floor,
            over52Weeks >= 0, over52Weeks <= count
        else { return false }
        return count > 1 || self == Self.oneWait(totalDays)
    }
}

extension CaseMixTable {
    /// The strata in use, as a bitmap over the stored strata (`⌈strata / 8⌉` bytes, low bit
    /// first), then `r` records, each a group of a dimension's strata: the dimension's index, the
    /// group's, and a kind. Kinds 0 to 3 list the group's strata, as positions among those in
    /// use: kinds 0 and 1 as `n` and `n` gaps from the previous position, kinds 2 and 3 as a
    /// bitmap over the strata in use; then, stratum by stratum, kinds 0 and 2 write
    /// `(count − 1) << 1 | over52` (`over52`: 1 when any waited over 52 weeks), `totalDays` and,
    /// above one patient, the squares less ⌊totalDays² / count⌋ and, if `over52`,
    /// `over52Weeks − 1` (one patient's days give both); kinds 1 and 3 the four values zig-zag
    /// signed. Kind 4: `k` terms, each an earlier record `i` as `i << 1 | minus`, whose strata,
    /// summed (minus: subtracted), are this group's.
    func encode(into writer: inout ByteWriter, codes: BinaryCodes, skipping unadjustable: Set<EquityDimension.ID>) {
        let plan = recordPlan(skipping: unadjustable)
        var inUse = [Bool](repeating: false, count: Self.strataCount)
        for record in plan where record.terms == nil {
            for stratum in record.row.indices where record.row[stratum].count > 0 { inUse[stratum] = true }
        }
        writer.append(Self.bitmap(inUse))
        let positions = inUse.indices.filter { inUse[$0] }
        writer.varint(plan.count)
        for record in plan {
            writer.varint(codes.dimensionIndex(record.dimension))
            writer.varint(record.group)
            if let terms = record.terms {
                writer.varint(4)
                writer.varint(terms.count)
                for (index, minus) in terms { writer.varint(index << 1 | (minus ? 1 : 0)) }
                continue
            }
            let row = record.row
            let occupied = positions.indices.filter { row[positions[$0]].count > 0 }
            let implied = occupied.allSatisfy { row[positions[$0]].isImplied }
            var gaps = ByteWriter()
            var previous = -1
            for position in occupied {
                gaps.varint(position - previous - 1)
                previous = position
            }
            let bitmap = (positions.count + 7) / 8
            if gaps.bytes.count < bitmap {
                writer.varint(implied ? 0 : 1)
                writer.varint(occupied.count)
                writer.append(gaps.bytes)
            } else {
                writer.varint(implied ? 2 : 3)
                var present = [Bool](repeating: false, count: positions.count)
                for position in occupied { present[position] = true }
                writer.append(Self.bitmap(present))
            }
            for position in occupied {
                let value = row[positions[position]]
                if implied {
                    writer.varint((value.count - 1) << 1 | (value.over52Weeks > 0 ? 1 : 0))
                    writer.varint(value.totalDays)
                    if value.count > 1 {
                        writer.varint(value.totalSquaredDays - StoredSums.floorSquare(value.totalDays, over: value.count)!)
                        if value.over52Weeks > 0 { writer.varint(value.over52Weeks - 1) }
                    }
                } else {
                    for number in [value.count, value.totalDays, value.totalSquaredDays, value.over52Weeks] { writer.signed(number) }
                }
            }
        }
    }

    private static func bitmap(_ bits: [Bool]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: (bits.count + 7) / 8)
        for index in bits.indices where bits[index] { bytes[index >> 3] |= 1 << UInt8(index & 7) }
        return bytes
    }

    private struct Record {
        var dimension: EquityDimension
        var group: Int
        /// Every stratum, those without patients zero.
        var row: [StratumMoments]
        /// Earlier records whose sum (minus: difference) the group is, or nil when stored.
        var terms: [(Int, Bool)]?
    }

    /// The records to write, in order: every group with patients of every dimension kept, each
    /// stored or, when exact, the sum of earlier records: a copy of a group of another dimension,
    /// the totals of the first dimension less the others of its own (for the group with most
    /// strata, written last), or a group of another dimension less one of its own.
    private func recordPlan(skipping unadjustable: Set<EquityDimension.ID>) -> [Record] {
        var records: [Record] = []
        var patients: [Int] = []  // each record's, to rule out most candidate sums without summing
        var total: [Int] = []  // the records of the first dimension: their sum is every stratum's total
        withStrata { table in
            for (position, dimension) in Self.dimensions.enumerated() where !unadjustable.contains(dimension.id) {
                let rows = dimension.groups.indices.map { group in
                    let start = (Self.firstRows[position] + group) * Self.strataCount
                    return table[start..<(start + Self.strataCount)].map { $0.count > 0 ? $0 : StratumMoments() }
                }
                let groups = rows.indices.filter { rows[$0].contains { $0.count > 0 } }
                guard !groups.isEmpty else { continue }
                let last = total.isEmpty ? nil : groups.max { rows[$0].count { $0.count > 0 } < rows[$1].count { $0.count > 0 } }
                var mine: [Int] = []
                for group in groups.filter({ $0 != last }) + (last.map { [$0] } ?? []) {
                    let row = rows[group]
                    let rowPatients = row.reduce(0) { $0 &+ $1.count }
                    var terms: [(Int, Bool)]? = records.firstIndex { $0.row == row }.map { [($0, false)] }
                    if terms == nil, group == last {
                        let candidate = total.map { ($0, false) } + mine.map { ($0, true) }
                        if Self.combine(candidate, records.map(\.row)) == row { terms = candidate }
                    }
                    if terms == nil {
                        search: for whole in records.indices where !mine.contains(whole) {
                            for part in mine where patients[whole] &- patients[part] == rowPatients {
                                guard Self.combine([(whole, false), (part, true)], records.map(\.row)) == row else { continue }
                                terms = [(whole, false), (part, true)]
                                break search
                            }
                        }
                    }
                    mine.append(records.count)
                    records.append(Record(dimension: dimension, group: group, row: row, terms: terms))
                    patients.append(rowPatients)
                }
                if total.isEmpty { total = mine }
            }
        }
        return records
    }

    /// The sum of records, each added or (minus) subtracted.
    private static func combine(_ terms: [(Int, Bool)], _ rows: [[StratumMoments]]) -> [StratumMoments] {
        var result = [StratumMoments](repeating: StratumMoments(), count: strataCount)
        for (record, minus) in terms {
            let row = rows[record]
            for stratum in result.indices { result[stratum] = minus ? result[stratum] - row[stratum] : result[stratum] + row[stratum] }
        }
        return result
    }

    mutating func read(from reader: inout ByteReader, codes: StoredCodes) throws {
        let bitmap = try reader.raw((codes.strata.count + 7) / 8)
        var inUse: [Int] = []
        for index in codes.strata.indices where bitmap[bitmap.startIndex + index >> 3] & (1 << UInt8(index & 7)) != 0 {
            inUse.append(try codes.stratum(index))
        }
        let width = Self.strataCount
        var rows: [Int] = []
        for _ in 0..<(try reader.int(atMost: Self.rows)) {
            let dimension = try codes.dimension(try reader.int())
            let ordinal = try codes.ordinal(dimension, try reader.int())
            guard let position = Self.dimensions.firstIndex(of: dimension.local!) else {
                throw BinaryCodes.unknown("case-mix dimension '\(dimension.id)'")
            }
            let row = Self.firstRows[position] + ordinal
            guard !rows.contains(row) else { throw ByteReader.damage("group \(ordinal) of \(dimension.id) stored twice") }
            let kind = try reader.int(atMost: 4)
            if kind == 4 {
                var terms: [(row: Int, minus: Bool)] = []
                for _ in 0..<(try reader.int(atMost: rows.count)) {
                    let term = try reader.int()
                    guard term >> 1 < rows.count else { throw ByteReader.damage("a case-mix term out of range") }
                    terms.append((rows[term >> 1], term & 1 == 1))
                }
                // Stored records have patients only in the strata in use, so their sums too.
                withMutableStrata { table in
                    for stratum in inUse {
                        var sum = StratumMoments()
                        for term in terms {
                            let value = table[term.row * width + stratum]
                            sum = term.minus ? sum - value : sum + value
                        }
                        table[row * width + stratum] = sum
                    }
                }
                rows.append(row)
                continue
            }
            var positions: [Int] = []
            if kind < 2 {
                var position = -1
                for _ in 0..<(try reader.int(atMost: inUse.count)) {
                    position += try reader.int(atMost: inUse.count) + 1
                    guard position < inUse.count else { throw ByteReader.damage("a case-mix stratum out of range") }
                    positions.append(position)
                }
            } else {
                let present = try reader.raw((inUse.count + 7) / 8)
                for position in inUse.indices where present[present.startIndex + position >> 3] & (1 << UInt8(position & 7)) != 0 {
                    positions.append(position)
                }
            }
            let implied = kind % 2 == 0
            try withMutableStrata { table in
                for position in positions {
                    let value: StratumMoments
                    if implied {
                        let first = try reader.varint()
                        guard first >> 1 < UInt64(Int.max) else { throw ByteReader.damage("a count out of range") }
                        let count = Int(first >> 1) + 1
                        let days = try reader.int()
                        if count == 1 {
                            guard days <= WaitDistribution.storedDayLimit else { throw ByteReader.damage("a wait out of range") }
                            value = StratumMoments.oneWait(days)
                        } else {
                            guard let squares = StoredSums.squares(days, count, residual: try reader.int()) else {
                                throw ByteReader.damage("squares out of range")
                            }
                            let over52 = first & 1 == 0 ? 0 : try reader.int(atMost: count - 1) + 1
                            value = StratumMoments(count: count, totalDays: days, totalSquaredDays: squares, over52Weeks: over52)
                        }
                    } else {
                        value = StratumMoments(
                            count: try reader.signed(), totalDays: try reader.signed(), totalSquaredDays: try reader.signed(),
                            over52Weeks: try reader.signed())
                    }
                    table[row * width + inUse[position]] = value
                }
            }
            rows.append(row)
        }
        try reader.expectEnd("the case mix")
    }
}

/// CRC-32 (IEEE 802.3, as zlib and PNG compute it), for the stored census's trailer.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func of(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        bytes.withUnsafeBufferPointer { buffer in
            table.withUnsafeBufferPointer { table in
                for byte in buffer { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
            }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
