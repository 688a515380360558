import WaitgapCSV

/// How well one optional column is recorded.
public struct FieldQuality: Sendable, Equatable, Mergeable {
    /// Rows with a valid, known value.
    public var recorded = 0
    /// Rows left blank, or holding an explicit "not known" code.
    public var notRecorded = 0
    /// Of `notRecorded`, the rows left blank.
    public var blank = 0
    /// Rows whose value was recognised through a written form (label, code-and-label or a
    /// local form) rather than the code itself.
    public var byWrittenForm = 0
    /// Rows holding a value that is not a valid code.
    public var invalid = 0
    /// Up to `maxDistinctValues` distinct invalid values with their counts; the rest are summed
    /// under `otherInvalid`. Values of identifier columns are never kept.
    public var invalidValues: [String: Int] = [:]
    /// Invalid values not kept individually.
    public var otherInvalid = 0

    /// The most distinct invalid values kept, which bounds memory.
    public static let maxDistinctValues = 20

    /// Creates an empty count.
    public init() {}

    /// All rows counted.
    public var total: Int { recorded + notRecorded + invalid }

    /// The share of rows with a valid, known value (nil when no rows).
    public var completeness: Double? { total == 0 ? nil : Double(recorded) / Double(total) }

    /// Rows with a value that is not blank.
    public var nonBlank: Int { total - blank }

    /// The share of non-blank values that decode (nil when every value is blank).
    public var recognisedShare: Double? { nonBlank == 0 ? nil : Double(nonBlank - invalid) / Double(nonBlank) }

    /// The unrecognised values written in at least `minimumRows` rows each, most common first
    /// (rarer ones are never named: they could identify a patient).
    public func commonInvalidValues(minimumRows: Int = 10, limit: Int = 5) -> [(value: String, rows: Int)] {
        invalidValues.filter { $0.value >= minimumRows }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit)
            .map { ($0.key, $0.value) }
    }

    /// Counts a blank value.
    @inline(__always)
    public mutating func countBlank() {
        notRecorded += 1
        blank += 1
    }

    /// Decodes an optional coded value and counts it: recorded, not recorded (blank, or a code
    /// that means not known), or invalid.
    /// - Parameters:
    ///   - field: the value's bytes.
    ///   - notKnown: whether a valid code means "not known".
    ///   - parse: the code's decoder.
    /// - Returns: the decoded value, or nil when blank or invalid.
    @inline(__always)
    public mutating func decode<Value>(
        _ field: UnsafeBufferPointer<UInt8>, notKnown: (Value) -> Bool = { _ in false },
        _ parse: (UnsafeBufferPointer<UInt8>) -> Value?
    ) -> Value? {
        if let value = parse(field) {
            if notKnown(value) { notRecorded += 1 } else { recorded += 1 }
            return value
        }
        if field.trimmed.isEmpty { countBlank() } else { noteInvalid(field) }
        return nil
    }

    /// What reading one coded value found, before it is counted.
    public enum Reading<Value> {
        /// The value was written as its code.
        case code(Value)
        /// The value was written in one of its written forms.
        case written(Value)
        /// Blank.
        case blank
        /// Not recognised.
        case invalid

        /// The value read, if any.
        public var value: Value? {
            switch self {
            case .code(let value), .written(let value): value
            case .blank, .invalid: nil
            }
        }
    }

    /// Counts what reading a coded value found (`RowDecoder` reads it: as a code, else through
    /// its written forms).
    @inline(__always)
    public mutating func count<Value>(
        _ reading: Reading<Value>, _ field: UnsafeBufferPointer<UInt8>, notKnown: (Value) -> Bool = { _ in false }
    ) -> Value? {
        switch reading {
        case .code(let value):
            if notKnown(value) { notRecorded += 1 } else { recorded += 1 }
            return value
        case .written(let value):
            byWrittenForm += 1
            if notKnown(value) { notRecorded += 1 } else { recorded += 1 }
            return value
        case .blank:
            countBlank()
        case .invalid:
            noteInvalid(field)
        }
        return nil
    }

    /// Counts an invalid value, keeping it (shortened, digits masked) for the data-quality list.
    public mutating func noteInvalid(_ raw: UnsafeBufferPointer<UInt8>, keepValue: Bool = true) {
        invalid += 1
        guard keepValue else {
            otherInvalid += 1
            return
        }
        let value = FieldQuality.displayable(raw.trimmed)
        if invalidValues[value] != nil || invalidValues.count < Self.maxDistinctValues {
            invalidValues[value, default: 0] += 1
        } else {
            otherInvalid += 1
        }
    }

    /// A value safe to print: at most 16 characters, and any run of 4 or more digits masked so
    /// that a misplaced identifier cannot leak through the data-quality table.
    static func displayable(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        let full = Windows1252.text(raw)
        var text = String(full.prefix(16))
        if full.count > 16 { text += "…" }
        var masked = ""
        var digits = ""
        for character in text {
            if character.isASCII && character.isNumber {
                digits.append(character)
                continue
            }
            masked += digits.count >= 4 ? String(repeating: "#", count: digits.count) : digits
            digits = ""
            masked.append(character)
        }
        masked += digits.count >= 4 ? String(repeating: "#", count: digits.count) : digits
        return masked
    }

    public mutating func merge(_ other: FieldQuality) {
        recorded += other.recorded
        notRecorded += other.notRecorded
        blank += other.blank
        byWrittenForm += other.byWrittenForm
        invalid += other.invalid
        otherInvalid += other.otherInvalid
        for (value, count) in other.invalidValues {
            if invalidValues[value] != nil || invalidValues.count < Self.maxDistinctValues {
                invalidValues[value, default: 0] += count
            } else {
                otherInvalid += count
            }
        }
    }
}

extension FieldQuality: Codable {
    private enum CodingKeys: String, CodingKey {
        case recorded, notRecorded, blank, byWrittenForm, invalid, invalidValues, otherInvalid
    }

    /// Decodes a count; one stored before blanks were told from "not known" codes has none.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        recorded = try container.decode(Int.self, forKey: .recorded)
        notRecorded = try container.decode(Int.self, forKey: .notRecorded)
        blank = try container.decodeIfPresent(Int.self, forKey: .blank) ?? 0
        byWrittenForm = try container.decodeIfPresent(Int.self, forKey: .byWrittenForm) ?? 0
        invalid = try container.decode(Int.self, forKey: .invalid)
        invalidValues = try container.decode([String: Int].self, forKey: .invalidValues)
        otherInvalid = try container.decode(Int.self, forKey: .otherInvalid)
    }
}

/// Recording quality of the optional columns over the analysed rows, for the pack's
/// data-quality section. Problems here never quarantine a row.
public struct DataQuality: Sendable, Equatable, Codable, Mergeable {
    /// The optional columns waitgap reports on, in table order.
    public enum Field: String, Sendable, CaseIterable, Codable {
        case ethnicity, deprivation, learningDisability, priority, treatmentFunction, waitingListType
        case age, sex, nhsNumber

        /// How the pack names the field.
        public var label: String {
            switch self {
            case .ethnicity: "Ethnic category"
            case .deprivation: "IMD deprivation"
            case .learningDisability: "Learning disability flag"
            case .priority: "Clinical priority"
            case .treatmentFunction: "Treatment function code"
            case .waitingListType: "Waiting list type"
            case .age: "Age"
            case .sex: "Sex"
            case .nhsNumber: "NHS number"
            }
        }
    }

    public var ethnicity = FieldQuality()
    public var deprivation = FieldQuality()
    public var learningDisability = FieldQuality()
    public var priority = FieldQuality()
    public var treatmentFunction = FieldQuality()
    public var waitingListType = FieldQuality()
    public var age = FieldQuality()
    public var sex = FieldQuality()
    public var nhsNumber = FieldQuality()
    /// Rows coded `9`, the withdrawn ethnic category code (counted as Not known).
    public var withdrawnEthnicCode = 0
    /// Rows whose LSOA code is not in the IMD lookup in use (e.g. Welsh, or the wrong vintage).
    public var lsoaNotInLookup = 0
    /// Optional columns the extract has, by field.
    public var presentFields: Set<Field> = []

    /// Creates an empty record.
    public init() {}

    /// The quality of one field.
    public subscript(field: Field) -> FieldQuality {
        switch field {
        case .ethnicity: ethnicity
        case .deprivation: deprivation
        case .learningDisability: learningDisability
        case .priority: priority
        case .treatmentFunction: treatmentFunction
        case .waitingListType: waitingListType
        case .age: age
        case .sex: sex
        case .nhsNumber: nhsNumber
        }
    }

    public mutating func merge(_ other: DataQuality) {
        ethnicity.merge(other.ethnicity)
        deprivation.merge(other.deprivation)
        learningDisability.merge(other.learningDisability)
        priority.merge(other.priority)
        treatmentFunction.merge(other.treatmentFunction)
        waitingListType.merge(other.waitingListType)
        age.merge(other.age)
        sex.merge(other.sex)
        nhsNumber.merge(other.nhsNumber)
        withdrawnEthnicCode += other.withdrawnEthnicCode
        lsoaNotInLookup += other.lsoaNotInLookup
        presentFields.formUnion(other.presentFields)
    }
}
