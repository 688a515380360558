import WaitgapCSV

#if canImport(Glibc)
    import Glibc
#endif

/// The choices that change how a row decodes.
public struct DecodingOptions: Sendable {
    /// The census date for every row (`--census-date`); rows whose own `census_date` differs are
    /// quarantined. Without it, the first valid `census_date` sets the run's census.
    public var censusDate: Day?
    /// Where `censusDate` came from, for messages: `--census-date`, or an earlier file of the run.
    public var censusDateOrigin = "--census-date"
    /// How dates are written.
    public var dateFormat: DateFormat
    /// Waits longer than this many weeks are quarantined as implausible.
    public var maxWaitWeeks: Int
    /// Which IoD release `imd_rank` refers to.
    public var imdVintage: IMDVintage
    /// LSOA → decile, used when neither `imd_decile` nor `imd_rank` gives a decile.
    public var imdLookup: IMDLookup?
    /// Which pathways are analysed; the others are counted as out of scope.
    public var scope: AnalysisScope
    /// Whether the learning disability column is a register, where blank means "not on it"
    /// (`--ld-register`) rather than "not recorded".
    public var learningDisabilityRegister: Bool
    /// The written forms each coded column accepts besides its codes.
    public var forms: ValueForms
    /// The run's locally defined PLUS group (`--plus-column`, `--plus-values`), if any.
    public var plus: PlusGroupDefinition?

    /// Creates options; the defaults are INPUT.md's.
    public init(
        censusDate: Day? = nil, dateFormat: DateFormat = .auto, maxWaitWeeks: Int = 520,
        imdVintage: IMDVintage = .iod2025, imdLookup: IMDLookup? = nil, scope: AnalysisScope = .rtt,
        learningDisabilityRegister: Bool = false, forms: ValueForms = .builtIn, plus: PlusGroupDefinition? = nil
    ) {
        self.censusDate = censusDate
        self.dateFormat = dateFormat
        self.maxWaitWeeks = maxWaitWeeks
        self.imdVintage = imdVintage
        self.imdLookup = imdLookup
        self.scope = scope
        self.learningDisabilityRegister = learningDisabilityRegister
        self.forms = forms
        self.plus = plus
    }

    /// The longest wait analysed, in days.
    public var maxWaitDays: Int { maxWaitWeeks * 7 }
}

/// Turns records into `Pathway`s, or into `RowIssue`s for rows that cannot be analysed, and
/// counts the recording quality of optional columns.
///
/// Coded values are read as codes first (the fast path), then through the column's written
/// forms (`ValueForms`: Data Dictionary labels, code-and-label and PAS forms, a trust's own).
/// Each date column has its own `DateColumnReader`, which keeps the evidence of how it was read.
///
/// Decoding works on field bytes and makes no `String` for a valid row. Required values
/// (pathway ID, clock start, census date) quarantine a row when unusable; optional ones are
/// counted in `DataQuality` and fall back to "Not known".
public struct RowDecoder: Sendable {
    /// The header mapping in use.
    public let mapping: ColumnMapping
    /// The options in use.
    public let options: DecodingOptions
    /// The run's census date: the option's, or the first valid one read.
    public private(set) var censusDate: Day?

    private let pathwayID: Int
    private let nhsNumber: Int
    private let start: Int
    private let census: Int
    private let ethnic: Int
    private let decile: Int
    private let rank: Int
    private let lsoa: Int
    private let learningDisability: Int
    private let priority: Int
    private let treatmentFunction: Int
    private let listType: Int
    private let age: Int
    private let birthDate: Int
    private let sex: Int
    /// The PLUS group's column (-1: none) and its values, lower-cased.
    private let plusColumn: Int
    private let plusValues: [[UInt8]]
    private var lastCensusBytes: [UInt8] = []
    private var lastCensusDay: Day?
    /// The written forms, with a cache of the values looked up: reached only for a value that is
    /// not a code.
    private let forms: WrittenFormReader
    /// The trust's own forms (`--values`), read before codes in the columns of `localColumns`.
    private let localForms: WrittenFormReader
    /// A bit per `CodedColumn.ordinal` whose column has local forms (0: none, the usual case).
    private let localColumns: Int
    private var startDates: DateColumnReader
    private var censusDates: DateColumnReader
    private var birthDates: DateColumnReader

    /// What one row is.
    public enum Outcome: Sendable, Equatable {
        /// A pathway to analyse.
        case analysed(Pathway)
        /// A pathway outside the run's scope (not RTT): counted, not analysed, not quarantined.
        case outOfScope(WaitingListType)
        /// A row that cannot be analysed.
        case quarantined(RowIssue)
    }

    /// Creates a decoder for a mapped header.
    public init(mapping: ColumnMapping, options: DecodingOptions) {
        self.mapping = mapping
        self.options = options
        censusDate = options.censusDate
        forms = WrittenFormReader(options.forms)
        localForms = WrittenFormReader(options.forms, localOnly: true)
        localColumns = CodedColumn.allCases.reduce(0) { $0 | (options.forms.hasLocal($1) ? 1 << $1.ordinal : 0) }
        startDates = DateColumnReader(format: options.dateFormat)
        censusDates = DateColumnReader(format: options.dateFormat)
        birthDates = DateColumnReader(format: options.dateFormat)
        func index(_ column: Column) -> Int { mapping[column] ?? -1 }
        pathwayID = index(.pathwayID)
        nhsNumber = index(.nhsNumber)
        start = index(.rttPeriodStartDate)
        census = index(.censusDate)
        ethnic = index(.ethnicCategory)
        decile = index(.imdDecile)
        rank = index(.imdRank)
        lsoa = options.imdLookup == nil ? -1 : index(.lsoaCode)
        learningDisability = index(.learningDisability)
        priority = index(.priority)
        treatmentFunction = index(.treatmentFunctionCode)
        listType = index(.waitingListType)
        age = index(.ageYears)
        birthDate = index(.dateOfBirth)
        sex = index(.sex)
        plusColumn = options.plus.flatMap { mapping.field(named: $0.column) } ?? -1
        plusValues = options.plus?.values.map { Array($0.lowercased().utf8) } ?? []
    }

    /// The optional fields this extract has, for the data-quality section.
    public var presentFields: Set<DataQuality.Field> {
        var fields: Set<DataQuality.Field> = []
        if ethnic >= 0 { fields.insert(.ethnicity) }
        if decile >= 0 || rank >= 0 || mapping[.lsoaCode] != nil { fields.insert(.deprivation) }
        if learningDisability >= 0 { fields.insert(.learningDisability) }
        if priority >= 0 { fields.insert(.priority) }
        if treatmentFunction >= 0 { fields.insert(.treatmentFunction) }
        if listType >= 0 { fields.insert(.waitingListType) }
        if age >= 0 || birthDate >= 0 { fields.insert(.age) }
        if sex >= 0 { fields.insert(.sex) }
        if nhsNumber >= 0 { fields.insert(.nhsNumber) }
        return fields
    }

    /// How the extract's dates were read, so far: the evidence of each date column.
    public var reading: ReadingFacts {
        var facts = ReadingFacts()
        facts.add(startDates.evidence, for: .rttPeriodStartDate)
        facts.add(censusDates.evidence, for: .censusDate)
        facts.add(birthDates.evidence, for: .dateOfBirth)
        facts.learningDisabilityRegister = options.learningDisabilityRegister
        facts.scope = options.scope
        facts.localForms = options.forms.localCount
        facts.valuesFile = options.forms.sourceName
        return facts
    }

    /// Decodes one well-formed record.
    /// - Parameters:
    ///   - record: the record; its field count matches the header.
    ///   - quality: where optional-column problems of an analysed row are counted.
    /// - Returns: the pathway, a pathway out of scope, or the issue that quarantines the row.
    /// - Complexity: O(fields); no allocation for a valid row.
    public mutating func decode(_ record: CSVRecord, quality: inout DataQuality) -> Outcome {
        // Scope first: a non-RTT row is out of scope whatever else it holds (non-RTT pathways
        // often have no RTT clock start), and adds nothing to data quality.
        var listReading = FieldQuality.Reading<WaitingListType>.blank
        if listType >= 0 {
            listReading = read(record[listType], .waitingListType, WaitingListType.init(code:))
            if let value = listReading.value, options.scope == .rtt, !value.isRTT { return .outOfScope(value) }
        }
        // Required values next: a quarantined row adds nothing to data quality either.
        if record[pathwayID].isBlankValue {
            return .quarantined(issue(record, .missingPathwayID, pathwayID, "the pathway ID is blank"))
        }
        let startField = record[start]
        let clockStart: Day
        switch startDates.read(startField, row: record.position.row) {
        case .day(let day): clockStart = day
        case .blank: return .quarantined(issue(record, .missingStartDate, start, "the RTT clock start date is blank"))
        case .invalid:
            return .quarantined(
                issue(record, .invalidStartDate, start, "the RTT clock start is not \(options.dateFormat.pattern)"))
        case .monthFirst:
            return .quarantined(
                issue(
                    record, .monthFirstDate, start,
                    "the RTT clock start reads only month first (its second number is over 12); waitgap reads numeric dates day first"))
        }
        let censusDay: Day
        switch rowCensusDate(record) {
        case .success(let day): censusDay = day
        case .failure(let problem): return .quarantined(problem)
        }
        let waitDays = censusDay.days(since: clockStart)
        if waitDays < 0 {
            return .quarantined(issue(record, .startAfterCensus, start, "the RTT clock starts after the census date"))
        }
        if waitDays > options.maxWaitDays {
            return .quarantined(
                issue(
                    record, .waitTooLong, start,
                    "the wait is longer than \(options.maxWaitWeeks) weeks (--max-wait-weeks)"))
        }
        var waitingListType: WaitingListType?
        if listType >= 0 { waitingListType = quality.waitingListType.count(listReading, record[listType]) }

        var pathway = Pathway(waitDays: waitDays)
        pathway.waitingListType = waitingListType
        if ethnic >= 0 { pathway.ethnicCategory = decodeEthnicity(record[ethnic], &quality) }
        if decile >= 0 || rank >= 0 || lsoa >= 0 { pathway.imdDecile = decodeDeprivation(record, &quality) }
        if learningDisability >= 0 {
            let field = record[learningDisability]
            if field.isBlankValue {
                // On a register, blank means "not on it"; otherwise it is not recorded.
                if options.learningDisabilityRegister {
                    quality.learningDisability.recorded += 1
                    pathway.learningDisability = .no
                } else {
                    quality.learningDisability.countBlank()
                }
            } else {
                pathway.learningDisability =
                    quality.learningDisability.count(
                        read(field, .learningDisability, LearningDisabilityGroup.init(code:)), field, notKnown: { $0 == .notRecorded })
                    ?? .notRecorded
            }
        }
        if priority >= 0 {
            let field = record[priority]
            let reading = read(field, .priority, ClinicalPriority.init(code:))
            if waitingListType?.isAdmitted == false {
                // Non-admitted pathways are not surgically prioritised: not counted in priority's
                // completeness, which is measured among admitted pathways.
                pathway.priority = reading.value
            } else {
                pathway.priority = quality.priority.count(reading, field)
            }
        }
        if treatmentFunction >= 0 {
            let field = record[treatmentFunction]
            pathway.specialty =
                quality.treatmentFunction.count(read(field, .treatmentFunction, RTTSpecialty.init(code:)), field) ?? .other
        }
        if age >= 0 || birthDate >= 0 { pathway.ageYears = decodeAge(record, census: censusDay, &quality) }
        if sex >= 0 {
            let field = record[sex]
            let value = quality.sex.count(read(field, .sex, Sex.init(code:)), field, notKnown: { $0 == .notKnown })
            pathway.sex = value == .notKnown ? nil : value
        }
        if plusColumn >= 0 { pathway.plus = plusMembership(record[plusColumn]) }
        if nhsNumber >= 0 {
            let field = record[nhsNumber]
            if field.isBlankValue {
                quality.nhsNumber.notRecorded += 1
            } else if NHSNumber.isValid(field) {
                quality.nhsNumber.recorded += 1
            } else {
                // Never keep the value: it may be a real NHS number with a typo.
                quality.nhsNumber.noteInvalid(field, keepValue: false)
            }
        }
        return .analysed(pathway)
    }

    // MARK: - Fields

    /// Whether a value puts the pathway in the PLUS group: one of `--plus-values`, ignoring case
    /// and spaces around it; a blank is not recorded.
    private func plusMembership(_ field: UnsafeBufferPointer<UInt8>) -> PlusMembership {
        let value = field.trimmed
        if value.isEmpty { return .notRecorded }
        for candidate in plusValues where candidate.count == value.count {
            if zip(candidate, value).allSatisfy({ $0 == ($1 >= 0x41 && $1 <= 0x5A ? $1 | 0x20 : $1) }) { return .member }
        }
        return .nonMember
    }

    /// Reads a coded value as a code (the fast path), else through the column's written forms,
    /// which a coded extract never reaches.
    @inline(__always)
    private func read<Value>(
        _ field: UnsafeBufferPointer<UInt8>, _ column: CodedColumn, _ parse: (UnsafeBufferPointer<UInt8>) -> Value?
    ) -> FieldQuality.Reading<Value> {
        // A trust's own forms come first: its 1/2/3 may not mean the codes 1/2/3.
        if localColumns & (1 << column.ordinal) != 0, let value = localForms.decode(field, column: column, parse) {
            return .written(value)
        }
        if let value = parse(field) { return .code(value) }
        if field.isBlankValue { return .blank }
        if let value = forms.decode(field, column: column, parse) { return .written(value) }
        return .invalid
    }

    private mutating func rowCensusDate(_ record: CSVRecord) -> Result<Day, RowIssue> {
        guard census >= 0 else { return .success(censusDate!) }
        let field = record[census]
        // Most extracts repeat one census date on every row: compare bytes before parsing.
        let same =
            field.count == lastCensusBytes.count
            && lastCensusBytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, field.baseAddress!, field.count) == 0 }
        let day: Day
        if same, let lastCensusDay {
            day = lastCensusDay
            censusDates.repeatLast()
        } else {
            switch censusDates.readRemembering(field, row: record.position.row) {
            case .day(let parsed):
                day = parsed
                lastCensusBytes = Array(field)
                lastCensusDay = parsed
            case .blank:
                if let censusDate = options.censusDate { return .success(censusDate) }
                return .failure(
                    issue(record, .missingCensusDate, census, "the census date is blank (give it with --census-date)"))
            case .invalid:
                return .failure(
                    issue(record, .invalidCensusDate, census, "the census date is not \(options.dateFormat.pattern)"))
            case .monthFirst:
                return .failure(
                    issue(
                        record, .monthFirstDate, census,
                        "the census date reads only month first (its second number is over 12); waitgap reads numeric dates day first"))
            }
        }
        guard let censusDate else {
            censusDate = day
            return .success(day)
        }
        if day != censusDate {
            let origin = options.censusDate == nil ? "the run's (set by the first row)" : options.censusDateOrigin
            return .failure(
                issue(record, .censusDateMismatch, census, "the census date \(day) differs from \(origin), \(censusDate)"))
        }
        return .success(day)
    }

    private mutating func decodeEthnicity(_ field: UnsafeBufferPointer<UInt8>, _ quality: inout DataQuality) -> EthnicCategory? {
        var category: EthnicCategory?
        if localColumns & (1 << CodedColumn.ethnicCategory.ordinal) != 0,
            let local = localForms.decode(field, column: .ethnicCategory, EthnicCategory.init(code:))
        {
            category = local
            quality.ethnicity.byWrittenForm += 1
        } else {
            category = EthnicCategory(code: field)
        }
        if category == nil, let written = forms.decode(field, column: .ethnicCategory, EthnicCategory.init(code:)) {
            category = written
            quality.ethnicity.byWrittenForm += 1
        }
        if let category {
            if category == .notStated || category == .notKnown {
                quality.ethnicity.notRecorded += 1
            } else {
                quality.ethnicity.recorded += 1
            }
            return category
        }
        let value = field.trimmed
        if value.isEmpty {
            quality.ethnicity.countBlank()
        } else if value.count == 1 && value[0] == UInt8(ascii: "9") {
            // The withdrawn code 9 still appears: Not known, and listed in data quality.
            quality.withdrawnEthnicCode += 1
            quality.ethnicity.notRecorded += 1
            return .notKnown
        } else {
            quality.ethnicity.noteInvalid(field)
        }
        return nil
    }

    // Mutating, like the other per-field helpers, so that calling it passes the decoder by
    // address: a non-mutating call from `decode` copies the whole decoder (about 1 KB) first.

    /// Decile from `imd_decile`, falling back to `imd_rank`, then `lsoa_code` (INPUT.md).
    private mutating func decodeDeprivation(_ record: CSVRecord, _ quality: inout DataQuality) -> IMDDecile? {
        var sawValue = false
        var invalidField: UnsafeBufferPointer<UInt8>?
        if decile >= 0 {
            let field = record[decile]
            if localColumns & (1 << CodedColumn.imdDecile.ordinal) != 0,
                let value = localForms.decode(field, column: .imdDecile, IMDDecile.init(code:))
            {
                quality.deprivation.recorded += 1
                quality.deprivation.byWrittenForm += 1
                return value
            }
            if let value = IMDDecile(code: field) {
                quality.deprivation.recorded += 1
                return value
            }
            if let value = forms.decode(field, column: .imdDecile, IMDDecile.init(code:)) {
                quality.deprivation.recorded += 1
                quality.deprivation.byWrittenForm += 1
                return value
            }
            if !field.isBlankValue {
                sawValue = true
                invalidField = field
            }
        }
        if rank >= 0 {
            let field = record[rank]
            if let number = field.edgesTrimmed.decimalValue,
                let value = IMDDecile(rank: number, of: options.imdVintage.areaCount)
            {
                quality.deprivation.recorded += 1
                return value
            }
            if !field.isBlankValue {
                sawValue = true
                invalidField = invalidField ?? field
            }
        }
        if lsoa >= 0, let lookup = options.imdLookup {
            let field = record[lsoa]
            if let value = lookup.decile(lsoa: field) {
                quality.deprivation.recorded += 1
                return value
            }
            if !field.isBlankValue {
                sawValue = true
                quality.lsoaNotInLookup += 1
                invalidField = invalidField ?? field
            }
        }
        if sawValue, let invalidField {
            quality.deprivation.noteInvalid(invalidField)
        } else {
            quality.deprivation.countBlank()
        }
        return nil
    }

    private mutating func decodeAge(_ record: CSVRecord, census: Day, _ quality: inout DataQuality) -> Int? {
        if age >= 0 {
            let field = record[age]
            if let years = field.edgesTrimmed.decimalValue, years <= 120 {
                quality.age.recorded += 1
                return years
            }
            if !field.isBlankValue {
                quality.age.noteInvalid(field)
                return nil
            }
        }
        if birthDate >= 0 {
            let field = record[birthDate]
            if case .day(let born) = birthDates.read(field, row: record.position.row), born <= census {
                let (by, bm, bd) = born.components
                let (cy, cm, cd) = census.components
                let years = cy - by - ((cm, cd) < (bm, bd) ? 1 : 0)
                if years <= 120 {
                    quality.age.recorded += 1
                    return years
                }
            }
            if !field.isBlankValue {
                // A date of birth identifies: count it, never keep it.
                quality.age.noteInvalid(field, keepValue: false)
                return nil
            }
        }
        quality.age.countBlank()
        return nil
    }

    private func issue(_ record: CSVRecord, _ reason: RowIssue.Reason, _ index: Int, _ message: String) -> RowIssue {
        RowIssue(
            position: record.position, reason: reason, column: index + 1, columnName: mapping.name(at: index),
            message: message)
    }
}

extension CodedColumn {
    /// The column's position in `allCases`.
    var ordinal: Int {
        switch self {
        case .ethnicCategory: 0
        case .priority: 1
        case .sex: 2
        case .waitingListType: 3
        case .learningDisability: 4
        case .imdDecile: 5
        case .treatmentFunction: 6
        }
    }
}

/// NHS number validation (NHS Data Dictionary: 10 digits, Modulus 11 check digit).
public enum NHSNumber {
    /// Whether the bytes are a valid NHS number; spaces between digit groups are allowed.
    public static func isValid(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        // The usual form, ten bytes: valid only as ten digits (with a space, or spaces around
        // it, ten bytes hold fewer than ten digits).
        if raw.count == 10 {
            var weighted = 0
            for index in 0..<9 {
                let digit = Int(raw[index]) &- 48
                guard UInt(bitPattern: digit) <= 9 else { return false }
                weighted &+= digit &* (10 &- index)
            }
            let last = Int(raw[9]) &- 48
            guard UInt(bitPattern: last) <= 9 else { return false }
            let check = 11 - weighted % 11
            return check != 10 && (check == 11 ? 0 : check) == last
        }
        var count = 0
        var weighted = 0
        var last = 0
        for byte in raw.trimmed {
            if byte == 0x20 { continue }
            let digit = Int(byte) &- 48
            guard digit >= 0, digit <= 9, count < 10 else { return false }
            if count < 9 { weighted += digit * (10 - count) } else { last = digit }
            count += 1
        }
        guard count == 10 else { return false }
        let check = 11 - weighted % 11
        if check == 10 { return false }
        return (check == 11 ? 0 : check) == last
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether the value is empty or only spaces and tabs; a value that starts with anything else
    /// is answered at once.
    @inline(__always) fileprivate var isBlankValue: Bool {
        guard let first else { return true }
        return (first == 0x20 || first == 0x09) && trimmed.isEmpty
    }

    /// `trimmed`, answered at once for the usual value with no space or tab at either end.
    @inline(__always) fileprivate var edgesTrimmed: UnsafeBufferPointer<UInt8> {
        guard let first, let last else { return self }
        return first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 ? trimmed : self
    }
}
