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
    /// Every invalid value counted by its shape (`ValueShape`): what can be said of values that
    /// are never shown.
    public var invalidShapes: [String: Int] = [:]
    /// The shape of each value in `invalidValues`.
    public var invalidValueShapes: [String: String] = [:]

    /// The fewest rows that must share an invalid value before it is shown anywhere (pack,
    /// aggregate file, history): a value written in fewer rows may be a person's (a postcode in
    /// the LSOA column, a date of birth or a name in the age column), not a coding problem.
    public static let minimumRowsShown = 10

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
        publishable(minimumRows: minimumRows).invalidValues.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit)
            .map { ($0.key, $0.value) }
    }

    /// Counts a blank value.
    @inline(__always)
    public mutating func countBlank() {
        notRecorded += 1
        blank += 1
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
        let shape = ValueShape(raw.trimmed).rawValue
        invalidShapes[shape, default: 0] += 1
        guard keepValue else {
            otherInvalid += 1
            return
        }
        let value = FieldQuality.displayable(raw.trimmed)
        if invalidValues[value] != nil || invalidValues.count < Self.maxDistinctValues {
            invalidValues[value, default: 0] += 1
            invalidValueShapes[value] = shape
        } else {
            otherInvalid += 1
        }
    }

    /// The counts with only the invalid values that at least `minimumRows` rows share; the rest
    /// are counted in `otherInvalid` and known only by their shapes.
    /// - Complexity: O(kept values).
    public func publishable(minimumRows: Int = minimumRowsShown) -> FieldQuality {
        var copy = self
        // However many rows share it, a value shaped like a date (of birth), a postcode or an
        // identifier number (6 digits or more) is described by its shape only.
        copy.invalidValues = invalidValues.filter { value, rows in
            guard rows >= minimumRows else { return false }
            let shape = invalidValueShapes[value].flatMap(ValueShape.init(rawValue:))
            guard shape != .dateLike, shape != .postcodeLike else { return false }
            return value.filter { $0.isNumber || $0 == "#" }.count < 6
        }
        copy.invalidValueShapes = invalidValueShapes.filter { copy.invalidValues[$0.key] != nil }
        copy.otherInvalid = invalid - copy.invalidValues.values.reduce(0, +)
        return copy
    }

    /// The shapes of the invalid values that are not shown, with their rows, most rows first.
    public var unshownShapes: [(shape: ValueShape, rows: Int)] {
        var remaining = invalidShapes
        for (value, rows) in invalidValues {
            if let shape = invalidValueShapes[value] { remaining[shape, default: 0] -= rows }
        }
        return remaining.compactMap { key, rows in ValueShape(rawValue: key).map { ($0, rows) } }.filter { $0.rows > 0 }
            .sorted { ($1.rows, $0.shape.rawValue) < ($0.rows, $1.shape.rawValue) }
    }

    /// A value safe to print: at most 48 characters, and any run of 4 or more digits masked so
    /// that a misplaced identifier cannot leak through the data-quality table.
    static func displayable(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        // Long enough that distinct values are told apart (2021-census labels share their first
        // 16 characters), short enough to bound memory.
        // Control characters (a terminal's escape sequences among them) are shown as `?`.
        let full = String(
            String.UnicodeScalarView(
                Windows1252.text(raw).unicodeScalars.map { scalar in
                    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "?" : scalar
                }))
        var text = String(full.prefix(48))
        if full.count > 48 { text += "…" }
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
        invalidShapes.merge(other.invalidShapes, uniquingKeysWith: +)
        for (value, count) in other.invalidValues {
            if invalidValues[value] != nil || invalidValues.count < Self.maxDistinctValues {
                invalidValues[value, default: 0] += count
                invalidValueShapes[value] = other.invalidValueShapes[value] ?? invalidValueShapes[value]
            } else {
                otherInvalid += count
            }
        }
    }
}

extension FieldQuality: Codable {
    private enum CodingKeys: String, CodingKey {
        case recorded, notRecorded, blank, byWrittenForm, invalid, invalidValues, otherInvalid, invalidShapes, invalidValueShapes
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
        invalidShapes = try container.decodeIfPresent([String: Int].self, forKey: .invalidShapes) ?? [:]
        invalidValueShapes = try container.decodeIfPresent([String: String].self, forKey: .invalidValueShapes) ?? [:]
    }
}

/// What an invalid value looks like, so that values too rare to show can still be described
/// ("postcode-like 7") without being shown.
public enum ValueShape: String, Sendable, CaseIterable, Codable {
    case postcodeLike = "postcode-like"
    case dateLike = "date-like"
    case number
    case lettersAndSpaces = "letters and spaces"
    case lettersAndDigits = "letters and digits"
    case other

    /// Classifies a value's bytes.
    /// - Complexity: O(n); no allocation.
    public init(_ value: UnsafeBufferPointer<UInt8>) {
        var letters = 0
        var digits = 0
        var spaces = 0
        var dateSeparators = 0
        var others = 0
        for byte in value {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): letters += 1
            case UInt8(ascii: " "): spaces += 1
            case UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"): dateSeparators += 1
            case UInt8(ascii: "'"): letters += 1
            default: others += 1
            }
        }
        if others > 0 {
            self = .other
        } else if letters == 0 && digits > 0 {
            // 01/02/1980, 1980-02-01, 01.02.80; a bare number; anything else with digits only.
            self = dateSeparators >= 2 ? .dateLike : dateSeparators == 0 && spaces == 0 ? .number : .other
        } else if Self.isPostcodeLike(value) {
            self = .postcodeLike
        } else if letters > 0 && digits == 0 {
            self = .lettersAndSpaces
        } else if letters > 0 {
            // 14 Mar 1980, 14-Mar-1980, 3 Feb 80.
            self = digits >= 2 && Self.hasMonthName(value) ? .dateLike : .lettersAndDigits
        } else {
            self = .other
        }
    }

    /// A UK postcode's shape: outward code (letter, then letters and digits, 2–4 characters), an
    /// optional space, inward code (digit, two letters).
    static func isPostcodeLike(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var bytes = Array(value.filter { $0 != UInt8(ascii: " ") })
        guard (5...7).contains(bytes.count) else { return false }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let inward = bytes.suffix(3)
        bytes.removeLast(3)
        guard isDigit(inward[inward.startIndex]), isLetter(inward[inward.startIndex + 1]), isLetter(inward[inward.startIndex + 2])
        else { return false }
        guard let first = bytes.first, isLetter(first), bytes.contains(where: isDigit) else { return false }
        return bytes.allSatisfy { isLetter($0) || isDigit($0) }
    }

    /// Whether the value holds an English month abbreviation.
    static func hasMonthName(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let text = String(decoding: value, as: UTF8.self).lowercased()
        return ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].contains { text.contains($0) }
    }

    /// How the pack names the shape.
    public var label: String { rawValue }
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
            case .priority: "Clinical priority (admitted pathways)"
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

    /// The record with only invalid values that at least `FieldQuality.minimumRowsShown` rows
    /// share (`FieldQuality.publishable`): what a pack, an aggregate file or the history may hold.
    public func publishable() -> DataQuality {
        var copy = self
        copy.ethnicity = ethnicity.publishable()
        copy.deprivation = deprivation.publishable()
        copy.learningDisability = learningDisability.publishable()
        copy.priority = priority.publishable()
        copy.treatmentFunction = treatmentFunction.publishable()
        copy.waitingListType = waitingListType.publishable()
        copy.age = age.publishable()
        copy.sex = sex.publishable()
        copy.nhsNumber = nhsNumber.publishable()
        return copy
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
