import WaitgapCSV
import WaitgapCore

#if canImport(Glibc)
    import Glibc
#endif

/// What to generate.
public struct SampleOptions: Sendable {
    /// Data rows to write (blank lines injected by `dirtyRate` come on top).
    public var rows: Int
    /// The random seed: the same options give the same bytes.
    public var seed: UInt64
    /// The census date written on every row.
    public var censusDate: Day
    /// The share of rows damaged on purpose (0 for a clean extract).
    public var dirtyRate: Double
    /// LSOA codes are drawn from this lookup; without one the extract carries `imd_decile`.
    public var lookup: IMDLookup?
    /// The planted gap for IMD quintile 1, in weeks (`Planted.deprivationQuintile1Weeks` by default).
    public var deprivationGapWeeks = SampleGenerator.Planted.deprivationQuintile1Weeks
    /// The planted gap for IMD quintile 1 among P2 patients, in weeks, when it differs from
    /// `deprivationGapWeeks` (Calderdale and Huddersfield's measure).
    public var p2DeprivationGapWeeks: Double?
    /// No planted gap and no confounding: every group waits alike, for simulations of false findings.
    public var noEffects = false

    /// Creates options.
    public init(
        rows: Int, seed: UInt64 = 42, censusDate: Day = Day(year: 2026, month: 10, day: 31)!, dirtyRate: Double = 0,
        lookup: IMDLookup? = nil
    ) {
        self.rows = rows
        self.seed = seed
        self.censusDate = censusDate
        self.dirtyRate = dirtyRate
        self.lookup = lookup
    }
}

/// Writes synthetic, realistic waiting-list extracts with documented planted gaps, and, on
/// request, damaged rows whose expected quarantine reasons it reports.
///
/// The model (documented in `SampleData/README.md`): right-skewed (log-normal) waits whose median
/// depends on clinical priority and specialty; NHS code distributions for ethnicity, sex,
/// priority and list type; and planted gaps: IMD quintile 1 waits 4 weeks longer and quintile 2
/// 2 weeks longer, patients of a known minority ethnic group 3 weeks longer, and patients with a
/// learning disability 5 weeks longer than otherwise similar patients. A case-mix confounder:
/// patients in quintile 1 are twice as likely to be referred to Trauma and Orthopaedics, which
/// has longer waits. No real patient data: NHS numbers are in the 999 test range.
public struct SampleGenerator {
    /// The header written.
    public static let header = [
        "pathway_id", "nhs_number", "rtt_period_start_date", "census_date", "ethnic_category", "lsoa_code",
        "imd_decile", "learning_disability", "priority", "treatment_function_code", "waiting_list_type",
        "age_years", "sex", "provider_code", "procedure",
    ]

    /// Planted gaps in weeks, added to a patient's modelled wait.
    public enum Planted {
        /// IMD quintile 1 (most deprived).
        public static let deprivationQuintile1Weeks = 4.0
        /// IMD quintile 2.
        public static let deprivationQuintile2Weeks = 2.0
        /// A known ethnic group other than White.
        public static let minorityEthnicWeeks = 3.0
        /// Learning disability flag Y.
        public static let learningDisabilityWeeks = 5.0
    }

    /// A damaged row and the reason it must be quarantined for.
    public struct Damage: Sendable, Equatable {
        /// The row (1-based, header = row 1, blank lines counted).
        public var row: Int
        /// The reason code expected in the quarantine file.
        public var reason: RowIssue.Reason
    }

    /// What was written besides the rows.
    public struct Manifest: Sendable, Equatable {
        /// Every damaged row, in row order.
        public var damaged: [Damage] = []
        /// Blank lines injected.
        public var blankLines = 0
        /// Data rows written (good and damaged).
        public var rows = 0
    }

    private let options: SampleOptions
    private var random: SplitMix64
    private var decileCodes: [[String]] = []

    /// Creates a generator.
    public init(options: SampleOptions) {
        self.options = options
        random = SplitMix64(seed: options.seed)
        if let lookup = options.lookup {
            decileCodes = (1...10).map { lookup.englishCodes(inDecile: IMDDecile($0)!) }
        }
    }

    /// Writes the extract in pieces of about 1 MiB to `output`.
    /// - Returns: what was planted.
    /// - Complexity: O(rows) time, O(1) memory.
    public mutating func write(to output: ([UInt8]) throws -> Void) rethrows -> Manifest {
        var writer = CSVWriter(reservingCapacity: 1 << 20 + 4096)
        writer.record(Self.header)
        var manifest = Manifest()
        var row = 1
        for index in 0..<options.rows {
            row += 1
            if options.dirtyRate > 0 && random.unit() < options.dirtyRate {
                if random.unit() < 0.1 {
                    // A blank line is not a row, but takes a row number as a spreadsheet would.
                    writer.endRecord()
                    manifest.blankLines += 1
                    row += 1
                }
                let reason = writeDamagedRow(index: index, into: &writer)
                manifest.damaged.append(Damage(row: row, reason: reason))
            } else {
                writeRow(index: index, into: &writer)
            }
            manifest.rows += 1
            if writer.bytes.count >= 1 << 20 {
                try output(writer.bytes)
                writer.removeAll()
            }
        }
        if !writer.bytes.isEmpty { try output(writer.bytes) }
        return manifest
    }

    // MARK: - Rows

    private struct Row {
        var fields: [String]
    }

    private mutating func makeRow(index: Int) -> Row {
        let census = options.censusDate
        let decile = 1 + random.below(10)
        let quintile = (decile + 1) / 2
        let listIsAdmitted = random.unit() < 0.3
        let specialtyCode = pickSpecialty(deprived: quintile == 1 && !options.noEffects)
        let priority = listIsAdmitted ? pickPriority() : ""
        let ethnic = pickEthnicity()
        let ld = pickLearningDisability()
        var medianWeeks: Double
        switch priority {
        case "P1a", "P1b": medianWeeks = 0.5
        case "P2": medianWeeks = 5
        case "P3": medianWeeks = 14
        case "P4": medianWeeks = 28
        case "P5": medianWeeks = 34
        case "P6": medianWeeks = 40
        default: medianWeeks = 13
        }
        medianWeeks *= specialtyFactor(specialtyCode)
        var weeks = medianWeeks * exp(0.65 * random.normal())
        if !options.noEffects {
            if quintile == 1 {
                weeks += priority == "P2" ? options.p2DeprivationGapWeeks ?? options.deprivationGapWeeks : options.deprivationGapWeeks
            }
            if quintile == 2 { weeks += Planted.deprivationQuintile2Weeks }
            if let group = EthnicCategory(rawValue: ethnic)?.broadGroup, [.mixed, .asian, .black, .other].contains(group) {
                weeks += Planted.minorityEthnicWeeks
            }
            if ld == "Y" { weeks += Planted.learningDisabilityWeeks }
        }
        let days = min(Int(weeks * 7), 7 * 500)
        let start = Day(daysSinceEpoch: census.daysSinceEpoch - days)
        let lsoa: String
        let decileText: String
        if decileCodes.isEmpty {
            lsoa = ""
            decileText = String(decile)
        } else {
            let codes = decileCodes[decile - 1]
            lsoa = codes[random.below(codes.count)]
            decileText = ""
        }
        let age = pickAge()
        let sexRoll = random.unit()
        let sex = sexRoll < 0.49 ? "1" : sexRoll < 0.985 ? "2" : sexRoll < 0.99 ? "9" : sexRoll < 0.995 ? "X" : ""
        let procedure = Self.procedures[random.below(Self.procedures.count)]
        return Row(fields: [
            "RTT" + String(100_000_000 + index), nhsNumber(), start.description, census.description, ethnic, lsoa,
            decileText, ld, priority, String(specialtyCode), listIsAdmitted ? "IRTT" : "ORTT", String(age), sex,
            "RWG", procedure,
        ])
    }

    private mutating func writeRow(index: Int, into writer: inout CSVWriter) {
        writer.record(makeRow(index: index).fields)
    }

    /// Writes a row damaged in one of several ways and returns the reason it must be
    /// quarantined for.
    private mutating func writeDamagedRow(index: Int, into writer: inout CSVWriter) -> RowIssue.Reason {
        var row = makeRow(index: index)
        let kinds: [RowIssue.Reason] = [
            .unterminatedQuote, .malformedQuote, .fieldCount, .bareCarriageReturn, .missingPathwayID,
            .missingStartDate, .invalidStartDate, .startAfterCensus, .waitTooLong, .censusDateMismatch,
        ]
        let kind = kinds[random.below(kinds.count)]
        func raw(_ fields: [String]) -> [UInt8] {
            var inner = CSVWriter(reservingCapacity: 256)
            for field in fields { inner.field(field) }
            return inner.bytes
        }
        switch kind {
        case .unterminatedQuote:
            // A quote opens the last field and never closes: it swallows the lines after it
            // until the next quote, and only this row may be lost.
            var bytes = raw(Array(row.fields.dropLast()))
            bytes += Array(",\"Runaway quote".utf8) + [0x0A]
            writer.appendRaw(bytes)
            return kind
        case .malformedQuote:
            var bytes = raw(Array(row.fields.dropLast()))
            bytes += Array(",Hip \"replacement\" left".utf8) + [0x0A]
            writer.appendRaw(bytes)
            return kind
        case .fieldCount:
            if random.unit() < 0.5 { row.fields.removeLast() } else { row.fields.append("extra") }
        case .bareCarriageReturn:
            var bytes = raw(Array(row.fields.dropLast()))
            bytes += Array(",Knee\rarthroscopy".utf8) + [0x0A]
            writer.appendRaw(bytes)
            return kind
        case .missingPathwayID: row.fields[0] = random.unit() < 0.5 ? "" : "  "
        case .missingStartDate: row.fields[2] = ""
        case .invalidStartDate: row.fields[2] = ["2025-02-30", "31/02/2025", "2025-13-01", "yesterday"][random.below(4)]
        case .startAfterCensus:
            row.fields[2] = Day(daysSinceEpoch: options.censusDate.daysSinceEpoch + 1 + random.below(60)).description
        case .waitTooLong:
            row.fields[2] = Day(daysSinceEpoch: options.censusDate.daysSinceEpoch - 7 * 521 - random.below(900)).description
        case .censusDateMismatch:
            row.fields[3] = Day(daysSinceEpoch: options.censusDate.daysSinceEpoch - 7).description
        default: break
        }
        writer.record(row.fields)
        return kind
    }

    // MARK: - Distributions

    private static let procedures = [
        "Hip replacement, left", "Knee replacement, right", "Cataract surgery", "\"Day case\" cystoscopy",
        "Tonsillectomy", "Hernia repair, inguinal", "Carpal tunnel release", "Colonoscopy",
        "Outpatient review", "Skin lesion excision", "Hysteroscopy", "Septoplasty",
    ]

    private mutating func pickSpecialty(deprived: Bool) -> Int {
        // Weights (per mille) loosely after national RTT volumes; T&O doubled for quintile 1.
        let table: [(Int, Int)] = [
            (110, deprived ? 260 : 130), (130, 110), (120, 80), (100, 90), (101, 60), (502, 80), (330, 60),
            (320, 50), (301, 50), (160, 30), (140, 40), (340, 30), (400, 30), (410, 20), (300, 20),
            (420, 30), (170, 10), (150, 10), (430, 10), (370, 20),
        ]
        let total = table.reduce(0) { $0 + $1.1 }
        var roll = random.below(total)
        for (code, weight) in table {
            if roll < weight { return code }
            roll -= weight
        }
        return 999
    }

    private func specialtyFactor(_ code: Int) -> Double {
        switch code {
        case 110: 1.35
        case 120: 1.2
        case 502: 1.15
        case 130: 1.05
        case 160: 1.25
        case 330: 0.9
        case 320, 301: 0.85
        default: 1.0
        }
    }

    private mutating func pickPriority() -> String {
        let roll = random.unit()
        if roll < 0.005 { return "P1a" }
        if roll < 0.01 { return "P1b" }
        if roll < 0.16 { return random.unit() < 0.8 ? "P2" : "2" }
        if roll < 0.51 { return "P3" }
        if roll < 0.91 { return random.unit() < 0.9 ? "P4" : "p4" }
        if roll < 0.95 { return "P5" }
        if roll < 0.97 { return "P6" }
        return ""
    }

    private mutating func pickEthnicity() -> String {
        let table: [(String, Int)] = [
            ("A", 7000), ("B", 100), ("C", 500), ("D", 60), ("E", 40), ("F", 80), ("G", 70), ("H", 300),
            ("J", 250), ("K", 100), ("L", 150), ("M", 100), ("N", 200), ("P", 50), ("R", 50), ("S", 150),
            ("Z", 300), ("99", 200), ("", 150), ("9", 20), ("X1", 10),
        ]
        let total = table.reduce(0) { $0 + $1.1 }
        var roll = random.below(total)
        for (code, weight) in table {
            if roll < weight { return code }
            roll -= weight
        }
        return "A"
    }

    private mutating func pickLearningDisability() -> String {
        let roll = random.unit()
        if roll < 0.025 { return "Y" }
        if roll < 0.86 { return "N" }
        if roll < 0.87 { return "U" }
        return ""
    }

    private mutating func pickAge() -> Int {
        let roll = random.unit()
        if roll < 0.08 { return random.below(16) }
        if roll < 0.45 { return 16 + random.below(44) }
        return 60 + random.below(36)
    }

    private mutating func nhsNumber() -> String {
        while true {
            var digits = [9, 9, 9]
            for _ in 0..<6 { digits.append(random.below(10)) }
            var sum = 0
            for (index, digit) in digits.enumerated() { sum += digit * (10 - index) }
            let check = 11 - sum % 11
            if check == 10 { continue }
            digits.append(check == 11 ? 0 : check)
            return digits.map(String.init).joined()
        }
    }
}
